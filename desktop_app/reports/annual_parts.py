"""Pieces the year's reports share (年度考核报表): the unit's results, the county summary and the
cadre dossier are GB/T 9704 pages of headings, ruled tables whose header repeats on every page,
numbered notes and a chart or two. Plain helpers over `layout`; reportlab is loaded with it.
"""

import dataclasses
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from io import BytesIO

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Image, KeepTogether, Spacer

from desktop_app.reports import layout
from desktop_app.reports.fonts import document_fonts
from desktop_app.reports.layout import GBT9704, LINE, make_styles, para

TABLE_SIZES = (12, 10.5, 9)  # 小四 when the table fits, else 五号, else 小五
CELL_PADDING = 3
CHART_DPI = 200
NONE = "—"
NUMERALS = "一二三四五六七八九十"
SHORT_SECTION = 5  # a heading's three flowables and two lines
DIGITS = "— 0123456789 —.%（）()-/：:，、；"
Progress = Callable[[int, int, str], None]


def texts_of(value) -> str:
    """Every text in a document's data (dataclasses, mappings, sequences), joined: the fonts check it."""
    if isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return "".join(texts_of(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, Mapping):
        return "".join(texts_of(k) + texts_of(v) for k, v in value.items())
    if isinstance(value, Iterable) and not isinstance(value, bytes):
        return "".join(texts_of(item) for item in value)
    return str(value) if value is not None else ""


def report_fonts(title: str, text: str) -> dict[str, str]:
    """The fonts of a report whose title is `title` and whose every other text is in `text`."""
    return document_fonts({"title": title, "heading": text, "subheading": text, "body": text,
                           "number": DIGITS + text})


def numbered_heading(index: int, text: str, styles) -> list:
    """"一、基本情况" in the heading face (黑体), kept with at least three lines after it."""
    number = NUMERALS[index] if index < len(NUMERALS) else str(index + 1)
    return [CondPageBreak(4 * LINE), Spacer(0, LINE * 0.3), para(f"{number}、{text}", styles["heading"])]


def two_lines(label: str) -> str:
    """A column header of four or more characters on two lines: "综合得分" → "综合\n得分"."""
    half = (len(label) + 1) // 2
    return f"{label[:half]}\n{label[half:]}" if len(label) >= 4 and "\n" not in label else label


def fitted_table(fonts: dict[str, str], columns: Sequence[str], rows: Sequence[Sequence[str]], *,
                 wrap: Collection[int] = (), left: Collection[int] = (), minimum: Mapping[int, int] | None = None,
                 width: float = GBT9704.text_width, sizes: Sequence[float] = TABLE_SIZES, extra=()):
    """A ruled table in the largest of `sizes` at which every column of `minimum` (index → characters)
    keeps that many characters a line; the columns in `wrap` share what the others leave and wrap,
    those in `left` are set flush left. The header row repeats on every page the table runs onto."""
    texts = [[str(cell if cell is not None else "") for cell in row] for row in rows]
    for size in sizes:
        styles = make_styles(fonts, size)
        cell, head = styles["cell"], styles["head_cell"]
        widths = layout.column_widths(list(columns), texts, cell, head, width, set(wrap), padding=CELL_PADDING)
        if all(widths[i] >= _room(texts, i, count, cell) for i, count in (minimum or {}).items()):
            break
    header = [[para(text, head) for text in columns]]
    body = [[para(text, _cell_style(styles, text, index in left, widths[index] if index in wrap else None))
             for index, text in enumerate(row)] for row in texts]
    padding = [("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING)]
    return layout.grid_table(header, body, widths, cell.fontName, padding=(3, 3), extra=[*padding, *extra])


def _cell_style(styles, text: str, left: bool, width: float | None):
    """The cell's style; a cell that wraps keeps a character free at the right, where closing
    punctuation hangs (reportlab lets "）" or "。" hang past the line), so it never crosses the rule."""
    style = styles["cell_left"] if left else styles["cell"]
    if width is None or stringWidth(text, style.fontName, style.fontSize) <= width - 2 * CELL_PADDING - 2:
        return style
    return style.clone(f"{style.name}_hanging", rightIndent=style.fontSize)


def _room(rows: list[list[str]], index: int, characters: int, style) -> float:
    """The width `characters` characters need (or the longest cell, when shorter), with padding."""
    longest = max([stringWidth(row[index], style.fontName, style.fontSize) for row in rows], default=0)
    return min(characters * style.fontSize, longest) + 2 * CELL_PADDING + 2


def key_value_table(fonts: dict[str, str], pairs: Sequence[tuple[str, str]], *, columns: int = 2,
                    size: float = TABLE_SIZES[0], width: float = GBT9704.text_width):
    """Label | value pairs, `columns` pairs a row (基本情况): labels in the heading face, shaded."""
    from reportlab.lib import colors

    styles = make_styles(fonts, size)
    label_width = max([stringWidth(label, styles["head_cell"].fontName, size) for label, _ in pairs], default=0)
    label_width += 2 * CELL_PADDING + 4
    value_width = (width - columns * label_width) / columns
    rows, cells = [], []
    for label, value in pairs:
        cells += [para(label, styles["head_cell"]), para(value, styles["cell_left"])]
        if len(cells) == 2 * columns:
            rows.append(cells)
            cells = []
    if cells:
        rows.append(cells + [""] * (2 * columns - len(cells)))
    shade = [("BACKGROUND", (2 * i, 0), (2 * i, -1), colors.Color(0.94, 0.94, 0.94)) for i in range(columns)]
    table = layout.grid_table([], rows, [label_width, value_width] * columns, styles["cell"].fontName,
                              padding=(3, 3), extra=[("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                                                     ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING), *shade])
    return table


def note_lines(fonts: dict[str, str], lines: Sequence[str], size: float = TABLE_SIZES[0], numbered: bool = True,
               prefix: str = "") -> list:
    """Notes in small type, each "1. …" (or "注1. …" with `prefix` 注) with a hanging indent."""
    indent = (2 + len(prefix)) * size
    style = make_styles(fonts, size)["cell_left"].clone("note", leftIndent=indent, firstLineIndent=-indent,
                                                        spaceAfter=2)
    return [para(f"{prefix}{n}. {line}" if numbered else line, style) for n, line in enumerate(lines, start=1)]


def none_line(fonts: dict[str, str], text: str = "无记录。") -> list:
    return [para(text, make_styles(fonts, TABLE_SIZES[0])["cell_left"])]


def chart(png: bytes, caption: str, styles, *, width: float = GBT9704.text_width,
          max_height: float = 0.5 * GBT9704.text_height) -> list:
    """A chart drawn at 200 dpi, at its drawn width (never wider than `width` nor taller than
    `max_height`), with its caption; kept together."""
    pixels_wide, pixels_high = ImageReader(BytesIO(png)).getSize()
    shown = min(width, pixels_wide / CHART_DPI * 72)
    height = shown * pixels_high / pixels_wide
    if height > max_height:
        shown, height = shown * max_height / height, max_height
    label = [para(caption, styles["signature"])] if caption else []
    return [KeepTogether([Image(BytesIO(png), width=shown, height=height), *label])]


def score_text(value) -> str:
    """An annual score as printed, as the screen shows it (one decimal, half up), "—" when absent."""
    from desktop_app.core.annual.composite import score_text as annual_score_text

    return annual_score_text(value)




def with_signature(section: list, issuer: str, issued_on, styles) -> list:
    """The last section followed by the issuer and the date (room for the seal above them): a short
    section goes whole with the signature, a long one its last line, so a signature never stands alone."""
    if not (issuer or issued_on):
        return section
    from desktop_app.reports.dates import chinese_date

    issued = chinese_date(issued_on) if issued_on else ""
    signature = [Spacer(0, layout.SEAL_SPACE), layout.signature_block(issuer, issued, styles["signature"])]
    if len(section) <= SHORT_SECTION:  # the heading and a line or two go with the signature
        return [KeepTogether([f for f in section if not isinstance(f, CondPageBreak)] + signature)]
    return section[:-1] + [KeepTogether(section[-1:] + signature)]


class LaidOut(Flowable):
    """Takes no room; when placed, tells `progress(done, total, text)` that part `done` is laid out."""

    def __init__(self, progress: Progress, done: int, total: int, text: str):
        super().__init__()
        self.progress, self.done, self.total, self.text = progress, done, total, text
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.progress(self.done, self.total, self.text)


__all__ = ["TABLE_SIZES", "NONE", "Progress", "texts_of", "report_fonts", "numbered_heading", "two_lines",
           "fitted_table", "key_value_table", "note_lines", "none_line", "chart", "score_text", "with_signature",
           "LaidOut"]
