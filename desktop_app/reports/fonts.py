"""Fonts of printed documents (字体), registered with reportlab once.

GB/T 9704 wants 小标宋 titles, 仿宋 body text, 黑体 and 楷体 headings and 宋体 page numbers.
Those faces are commercial and cannot be shipped, so each role takes the system's face
when one is installed (Windows C:\\Windows\\Fonts; on 统信 UOS / 麒麟 Kylin often the CESI
faces under /usr/share/fonts) and the bundled WenQuanYi Micro Hei otherwise. Only
TrueType-outline files are taken: reportlab refuses CFF fonts (Noto CJK, 'OTTO') and
fonts whose licence forbids embedding.

A face that lacks a character of the text it is to print (a rare character in a name)
draws it blank without a word, so `document_fonts` checks each role's text and falls back
to the bundled font, which holds all 20,902 GBK hanzi, for that role.
"""

import fnmatch
import hashlib
import logging
import os
import struct
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop_app.resources import bundled_font

log = logging.getLogger(__name__)

BUNDLED = "bundled"
BUNDLED_LABEL = "文泉驿微米黑（随软件附带）"

# face key → (Chinese name, file-name patterns in lower case, subfont index in a .ttc)
FACES: dict[str, tuple[str, tuple[str, ...], int]] = {
    "xiaobiaosong": ("方正小标宋", ("fzxbsjw*.ttf", "fzxbsk*.ttf", "fzxiaobiaosong*.ttf", "方正小标宋*.ttf",
                                    "cesi_xbs_*.ttf"), 0),
    "heiti": ("黑体", ("simhei.ttf", "cesi_ht_*.ttf", "黑体.ttf"), 0),
    "fangsong": ("仿宋", ("simfang.ttf", "fangsong_gb2312.ttf", "仿宋_gb2312.ttf", "fangsong.ttf", "仿宋.ttf",
                          "cesi_fs_*.ttf", "stfangso.ttf"), 0),
    "songti": ("宋体", ("simsun.ttc", "simsun.ttf", "宋体.ttf", "cesi_ss_*.ttf", "stsong.ttf"), 0),
    "kaiti": ("楷体", ("simkai.ttf", "kaiti_gb2312.ttf", "楷体_gb2312.ttf", "kaiti.ttf", "楷体.ttf",
                       "cesi_kt_*.ttf", "stkaiti.ttf"), 0),
}

# role → faces to try in order; the bundled font comes after them all
ROLE_FACES: dict[str, tuple[str, ...]] = {
    "title": ("xiaobiaosong", "heiti"),   # 标题：小标宋，否则黑体
    "heading": ("heiti",),                # 一级标题、表头：黑体
    "subheading": ("kaiti", "fangsong"),  # 二级标题：楷体
    "body": ("fangsong", "songti"),       # 正文：仿宋，否则宋体
    "number": ("songti",),                # 页码：宋体
}
ROLES = tuple(ROLE_FACES)


@dataclass(frozen=True)
class FontChoice:
    """Which file a role prints with (for the settings page and tests)."""

    role: str
    face: str            # face key, or BUNDLED
    label: str           # Chinese name shown to the operator
    path: Path
    subfont: int
    font_name: str       # the name registered with reportlab

    @property
    def bundled(self) -> bool:
        return self.face == BUNDLED


_choices: dict[str, FontChoice] | None = None
_registered: dict[tuple[str, int], str] = {}


def system_font_dirs() -> list[Path]:
    """Folders where this system keeps fonts, those that exist."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        candidates = [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    else:
        candidates = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
                      home / ".local" / "share" / "fonts", Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [folder for folder in candidates if folder.is_dir()]


def font_files_in(folders: list[Path]) -> dict[str, Path]:
    """Every .ttf/.ttc under `folders` by lower-case file name (the first one found wins)."""
    found: dict[str, Path] = {}
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


def has_truetype_outlines(path: Path, subfont: int = 0) -> bool:
    """Whether the file (or its subfont) has TrueType outlines, which reportlab can embed."""
    try:
        with open(path, "rb") as handle:
            tag = handle.read(4)
            if tag == b"ttcf":
                handle.seek(12 + 4 * subfont)
                (offset,) = struct.unpack(">I", handle.read(4))
                handle.seek(offset)
                tag = handle.read(4)
    except (OSError, struct.error):
        return False
    return tag in (b"\x00\x01\x00\x00", b"true")


def register_file(path: Path, subfont: int = 0) -> str | None:
    """Register a font file with reportlab once; its registered name, or None if refused."""
    key = (str(path), subfont)
    if key in _registered:
        return _registered[key]
    if not has_truetype_outlines(path, subfont):
        log.info("字体 %s 不是 TrueType 轮廓，跳过", path)
        return None
    name = "kp-" + hashlib.sha1(f"{path}#{subfont}".encode()).hexdigest()[:10]
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=subfont))
    except (TTFError, OSError, ValueError) as error:  # e.g. embedding forbidden by its licence
        log.info("字体 %s 无法使用：%s", path, error)
        return None
    _registered[key] = name
    return name


def _find_face(face: str, files: dict[str, Path]) -> FontChoice | None:
    label, patterns, subfont = FACES[face]
    for pattern in patterns:
        for file_name in sorted(fnmatch.filter(files, pattern)):
            name = register_file(files[file_name], subfont)
            if name:
                return FontChoice("", face, label, files[file_name], subfont, name)
    return None


def _bundled_choice(role: str) -> FontChoice:
    path = bundled_font()
    name = register_file(path, 0)
    if name is None:
        raise RuntimeError(f"随软件附带的字体无法使用：{path}")
    return FontChoice(role, BUNDLED, BUNDLED_LABEL, path, 0, name)


def register_fonts(search_dirs: list[Path] | None = None, *, force: bool = False) -> dict[str, FontChoice]:
    """Choose and register the font of every role, once per process.

    `search_dirs` replaces the system's font folders (tests; [] means the bundled font only);
    `force` chooses again.
    """
    global _choices
    if _choices is not None and not force:
        return dict(_choices)
    files = font_files_in(system_font_dirs() if search_dirs is None else list(search_dirs))
    faces: dict[str, FontChoice | None] = {}
    choices = {}
    for role, candidates in ROLE_FACES.items():
        choice = None
        for face in candidates:
            if face not in faces:
                faces[face] = _find_face(face, files)
            if faces[face]:
                choice = replace(faces[face], role=role)
                break
        choices[role] = choice or _bundled_choice(role)
    _choices = choices
    log.info("打印字体：%s", {role: c.label for role, c in choices.items()})
    return dict(choices)


def fonts_in_use() -> dict[str, FontChoice]:
    """Role → the file it prints with (registering the fonts if not done yet)."""
    return register_fonts()


def bundled_font_name() -> str:
    return _bundled_choice(BUNDLED).font_name


def missing_characters(text: str, font_name: str) -> str:
    """The characters of `text` that the registered font has no glyph for, in order, once each."""
    glyphs = pdfmetrics.getFont(font_name).face.charToGlyph
    missing = []
    for char in dict.fromkeys(text):
        if not char.isspace() and ord(char) not in glyphs:
            missing.append(char)
    return "".join(missing)


def document_fonts(texts: dict[str, str]) -> dict[str, str]:
    """Role → registered font name for one document.

    `texts` maps a role to all the text the document prints in it; a role whose face lacks
    any of those characters prints with the bundled font instead (when that one has them).
    """
    chosen = fonts_in_use()
    bundled = bundled_font_name()
    result = {}
    for role, choice in chosen.items():
        name, text = choice.font_name, texts.get(role, "")
        lacking = missing_characters(text, name) if text and not choice.bundled else ""
        if lacking and len(missing_characters(text, bundled)) < len(lacking):
            log.info("%s字体缺字 %s，改用随附字体", choice.label, lacking)
            name = bundled
        result[role] = name
    return result


def unprintable_characters(text: str) -> str:
    """Characters that no font of this machine can print (even the bundled one): to warn about."""
    return missing_characters(text, bundled_font_name())
