"""The Chinese font of the charts (图表字体), registered with matplotlib once per process.

A system sans-serif face is taken when one is installed — 微软雅黑 (made for screens, clear
at the 8–9 pt of tick labels), else 黑体, 思源黑体 / Noto Sans CJK, or the CESI 黑体 of
统信 UOS / 麒麟 Kylin — otherwise the bundled WenQuanYi Micro Hei. The bundled font is
always registered and named second, so a rare character in a name that the system face lacks
is drawn from it (matplotlib falls back glyph by glyph along `font.family`), not as a box.

The system fonts are those matplotlib itself found (its `fontManager`, cached across runs),
not a second walk of the font folders: `reports.fonts` walks them for reportlab, which only
takes .ttf/.ttc with TrueType outlines, while matplotlib also draws CFF faces (.otf, Noto CJK
.ttc) — and importing it would load reportlab on every chart.

matplotlib's rcParams are process-wide; the charts are the only user of matplotlib in the
application, so the families are set in `font.family` once, and every text of every figure
(tick labels made while drawing included) uses them.
"""

import fnmatch
import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.resources import bundled_font

log = logging.getLogger(__name__)

BUNDLED_LABEL = "文泉驿微米黑（随软件附带）"
BUNDLED_FAMILY = "WenQuanYi Micro Hei"
FALLBACK_FAMILY = "DejaVu Sans"
# Characters every chart prints: a face lacking one of them is not taken.
PROBE = "好较一般差单位季度年第人数占比平均综合得分分布趋势无数据"

# (Chinese name, family names as matplotlib reads them, file-name patterns in lower case), in order
SYSTEM_FACES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("微软雅黑", ("microsoft yahei",), ("msyh.ttc", "msyh.ttf")),
    ("黑体", ("simhei",), ("simhei.ttf",)),
    ("思源黑体", ("source han sans sc", "source han sans cn", "source han sans", "noto sans cjk sc",
                  "noto sans sc"), ("sourcehansans*", "notosanscjk*", "notosanssc*")),
    ("CESI黑体", ("cesi_ht_gb2312", "cesi_ht_gb18030", "cesi黑体-gb2312", "cesi黑体-gb18030"), ("cesi_ht_*",)),
)


@dataclass(frozen=True)
class ChartFont:
    """The face the charts draw Chinese with (for the settings page and tests)."""

    label: str       # Chinese name shown to the operator
    family: str      # the family name matplotlib knows it by
    path: Path
    bundled: bool
    index: int = 0   # the face's index in a collection (.ttc)


@dataclass(frozen=True)
class FontCandidate:
    """A face matplotlib found: its family name, file and index in a collection."""

    family: str
    path: str
    index: int = 0


_chosen: ChartFont | None = None
_lock = threading.Lock()  # a chart may first be built on the GUI's worker thread


def chart_font(*, system: bool = True, force: bool = False) -> ChartFont:
    """Register the charts' Chinese font with matplotlib once; the face chosen.

    `system=False` skips the system's faces (tests: the bundled font only); `force` chooses again.
    """
    global _chosen
    with _lock:
        if _chosen is not None and not force:
            return _chosen
        from matplotlib import font_manager

        bundled = _register_bundled(font_manager)
        choice = None
        if system:
            entries = [FontCandidate(e.name, e.fname, getattr(e, "index", 0)) for e in font_manager.fontManager.ttflist]
            choice = choose_system_font(entries, _covers_probe)
        _chosen = choice or bundled
        _apply(_chosen)
        log.info("图表字体：%s（%s）", _chosen.label, _chosen.path)
        return _chosen


def chart_font_family() -> str:
    """The family name to draw Chinese with (registering the font if not done yet)."""
    return chart_font().family


def choose_system_font(entries: Iterable[FontCandidate],
                       usable: Callable[[FontCandidate], bool]) -> ChartFont | None:
    """The first of SYSTEM_FACES found among `entries` (by family or file name) that `usable` accepts."""
    entries = list(entries)
    for label, families, patterns in SYSTEM_FACES:
        for entry in entries:
            file_name = os.path.basename(entry.path).lower()
            if entry.family.lower() in families or any(fnmatch.fnmatch(file_name, p) for p in patterns):
                if usable(entry):
                    return ChartFont(label, entry.family, Path(entry.path), bundled=False, index=entry.index)
    return None


def _covers_probe(entry: FontCandidate) -> bool:
    """Whether matplotlib can open the face and it has every character of PROBE."""
    from matplotlib import ft2font

    try:
        charmap = ft2font.FT2Font(entry.path, face_index=entry.index).get_charmap()
    except (OSError, RuntimeError, ValueError) as error:
        log.info("字体 %s 无法使用：%s", entry.path, error)
        return False
    return all(ord(char) in charmap for char in PROBE)


def _register_bundled(font_manager) -> ChartFont:
    path = bundled_font()
    known = {os.path.realpath(e.fname) for e in font_manager.fontManager.ttflist if e.name == BUNDLED_FAMILY}
    if os.path.realpath(path) not in known:
        font_manager.fontManager.addfont(str(path))
    return ChartFont(BUNDLED_LABEL, BUNDLED_FAMILY, path, bundled=True)


def _apply(choice: ChartFont) -> None:
    """Every text draws with the chosen face, glyph by glyph falling back to the bundled one and
    then to DejaVu Sans (shipped with matplotlib): fallback runs along `font.family`, not inside
    the generic 'sans-serif' list, so the families are named there."""
    import matplotlib

    families = list(dict.fromkeys([choice.family, BUNDLED_FAMILY, FALLBACK_FAMILY]))
    matplotlib.rcParams["font.family"] = families
    matplotlib.rcParams["font.sans-serif"] = list(dict.fromkeys(families + list(matplotlib.rcParams["font.sans-serif"])))


def missing_characters(text: str) -> str:
    """The characters of `text` that neither the chosen face nor the bundled one has (drawn as boxes)."""
    from matplotlib import ft2font

    choice = chart_font()
    faces = dict.fromkeys(((str(choice.path), choice.index), (str(bundled_font()), 0)))
    maps = [ft2font.FT2Font(path, face_index=index).get_charmap() for path, index in faces]
    return "".join(c for c in dict.fromkeys(text) if not c.isspace() and all(ord(c) not in m for m in maps))


__all__ = ["ChartFont", "FontCandidate", "chart_font", "chart_font_family", "choose_system_font",
           "missing_characters", "BUNDLED_LABEL", "BUNDLED_FAMILY"]
