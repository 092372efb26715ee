"""The page of an official document after GB/T 9704-2012 (公文格式), for every PDF we print.

A4; margins top 37 mm, left 28 mm, bottom 35 mm, right 26 mm (text block 156 × 225 mm);
body 3号 (16 pt) on a 22-line grid; title 2号 (22 pt); page number "— 1 —" in 4号 (14 pt)
7 mm under the text block, one character in from the right on odd pages and from the left
on even pages; an optional verification code (核验码) in small type at the foot.

At 16 pt a 156 mm line holds 27 characters, not the standard's 28: reportlab's paragraphs
cannot squeeze the character spacing, and shrinking the type would break the 3号 rule.
"""

import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib import textsplit as _textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus import paragraph as _paragraph

from desktop_app.reports.dates import chinese_date, chinese_month, period_text

# Chinese line breaking (GB/T 15834 punctuation): reportlab's list of characters that may not start a
# line lacks the full-width comma, semicolon, colon, question and exclamation marks and closing quotes
# and brackets, so a wrapped line could begin with "，". Every document wraps through reportlab's CJK
# splitters, which read these module-level lists when they wrap.
for _module in (_paragraph, _textsplit):
    _module.ALL_CANNOT_START += "".join(ch for ch in "，；：？！”’》」』〉】）" if ch not in _module.ALL_CANNOT_START)

__all__ = ["chinese_date", "chinese_month", "period_text", "PageGeometry", "GBT9704", "LANDSCAPE_FORM",
           "PageState", "render", "make_styles", "para", "gap",
           "blank_date", "column_widths", "grid_table", "signature_block", "page_number_text", "code_text"]

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP, LEFT, BOTTOM, RIGHT = 37 * mm, 28 * mm, 35 * mm, 26 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT    # 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM  # 225 mm
LINES_PER_PAGE = 22
LINE = TEXT_HEIGHT / LINES_PER_PAGE       # ≈ 29 pt: one line of the grid
BODY_SIZE, TITLE_SIZE, NUMBER_SIZE, CODE_SIZE = 16, 22, 14, 9  # 3号, 2号, 4号, 小五
TABLE_SIZE = 14                           # 4号 in the tables of a notice
PAGE_NUMBER_BASELINE = BOTTOM - 7 * mm - 0.4 * NUMBER_SIZE  # the dashes 7 mm under the text block
CODE_BASELINE = 14 * mm
CONTINUED_BASELINE = PAGE_HEIGHT - TOP + 6 * mm
SEAL_SPACE = 2 * LINE  # the seal (about 42 mm across) overlaps the issuer and the date below it


@dataclass(frozen=True)
class PageGeometry:
    """A page size and its margins; the furniture (page number, labels) is placed from them."""

    size: tuple[float, float]
    top: float
    left: float
    bottom: float
    right: float
    code_baseline: float = CODE_BASELINE

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def number_baseline(self) -> float:
        return self.bottom - 7 * mm - 0.4 * NUMBER_SIZE

    @property
    def continued_baseline(self) -> float:
        return self.height - self.top + 6 * mm


GBT9704 = PageGeometry(A4, TOP, LEFT, BOTTOM, RIGHT)
# A form too wide for the portrait page (a ballot's rows of tick boxes): landscape A4, even margins.
LANDSCAPE_FORM = PageGeometry(landscape(A4), 20 * mm, 18 * mm, 20 * mm, 18 * mm, code_baseline=6 * mm)


@dataclass
class PageState:
    """What the page furniture prints; flowables update it as the document is drawn.

    `first_page` is the page where the current form began (page numbers restart there);
    `code` is the verification code of the document; `continued` is the label printed at
    the top of a form's second and later pages; `mark` is printed at the top right of
    every page of the current form (a ballot's "第 3 份").
    """

    fonts: dict[str, str]
    code: str = ""
    first_page: int = 1
    continued: str = ""
    pages: int = 0  # pages drawn so far
    mark: str = ""
    geometry: PageGeometry = GBT9704


def page_number_text(number: int) -> str:
    return f"— {number} —"


def code_text(code: str) -> str:
    return f"核验码：{code}"


def draw_page_furniture(canvas, doc) -> None:
    """Page number, verification code, continuation label and mark of the page just drawn."""
    state: PageState = doc.page_state
    page = state.geometry
    state.pages = canvas.getPageNumber()
    number = canvas.getPageNumber() - state.first_page + 1
    canvas.saveState()
    canvas.setFont(state.fonts["number"], NUMBER_SIZE)
    text = page_number_text(number)
    if number % 2:
        canvas.drawRightString(page.width - page.right - NUMBER_SIZE, page.number_baseline, text)
    else:
        canvas.drawString(page.left + NUMBER_SIZE, page.number_baseline, text)
    if state.code:
        canvas.setFont(state.fonts["number"], CODE_SIZE)
        canvas.drawCentredString(page.width / 2, page.code_baseline, code_text(state.code))
    canvas.setFont(state.fonts["body"], CODE_SIZE + 1.5)
    if state.continued and number > 1:
        canvas.drawString(page.left, page.continued_baseline, state.continued)
    if state.mark:
        canvas.drawRightString(page.width - page.right, page.continued_baseline, state.mark)
    canvas.restoreState()


def _document(target, state: PageState, title: str) -> BaseDocTemplate:
    page = state.geometry
    doc = BaseDocTemplate(target, pagesize=page.size, leftMargin=page.left, rightMargin=page.right,
                          topMargin=page.top, bottomMargin=page.bottom, title=title, author="考评台",
                          creator="考评台", subject=title, lang="zh-CN", initialFontName=state.fonts["body"],
                          initialFontSize=BODY_SIZE)  # else every page names Helvetica, not embedded
    frame = Frame(page.left, page.bottom, page.text_width, page.text_height, id="text", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=draw_page_furniture)])
    doc.page_state = state
    return doc


def written(target):
    """What a writer returns: the Path of a path, the file object itself when it was given one."""
    return Path(target) if isinstance(target, str | os.PathLike) else target


def render(story: list, target: str | os.PathLike | BinaryIO, state: PageState, *, title: str) -> None:
    """Lay `story` out on GB/T 9704 pages into `target` (a path or a binary file object).

    A path is written under a temporary name beside it and renamed at the end, so a failed
    build or a pulled USB stick never leaves half a PDF behind.
    """
    if not isinstance(target, str | os.PathLike):
        _document(target, state, title).build(story)
        return
    path = Path(target)
    handle, temporary = tempfile.mkstemp(prefix=".kaoping-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            _document(stream, state, title).build(story)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def make_styles(fonts: dict[str, str], cell_size: float = TABLE_SIZE) -> dict[str, ParagraphStyle]:
    """The paragraph styles of a document, in its fonts; CJK line breaking everywhere."""
    def style(name, role, size, leading, **extra):
        return ParagraphStyle(name, fontName=fonts[role], fontSize=size, leading=leading, wordWrap="CJK",
                              textColor=colors.black, **extra)

    cell_leading = cell_size * 1.3
    return {
        "title": style("title", "title", TITLE_SIZE, TITLE_SIZE * 1.4, alignment=TA_CENTER),
        "body": style("body", "body", BODY_SIZE, LINE, alignment=TA_JUSTIFY, firstLineIndent=2 * BODY_SIZE),
        "plain": style("plain", "body", BODY_SIZE, LINE, alignment=TA_LEFT),
        "heading": style("heading", "heading", BODY_SIZE, LINE, alignment=TA_LEFT),
        "signature": style("signature", "body", BODY_SIZE, LINE, alignment=TA_CENTER),
        "cell": style("cell", "body", cell_size, cell_leading, alignment=TA_CENTER),
        "cell_left": style("cell_left", "body", cell_size, cell_leading, alignment=TA_LEFT),
        "head_cell": style("head_cell", "heading", cell_size, cell_leading, alignment=TA_CENTER),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters escaped, line breaks kept."""
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def gap(characters: float, style: ParagraphStyle) -> str:
    """Blank room `characters` wide, for handwriting: no-break spaces, which paragraphs keep."""
    space = stringWidth(" ", style.fontName, style.fontSize) or style.fontSize / 3
    return "\xa0" * max(1, round(characters * style.fontSize / space))


def blank_date(style: ParagraphStyle, day: bool = True) -> str:
    """"　　年　　月　　日" with room to write in the numbers."""
    text = f"{gap(3, style)}年{gap(2, style)}月"
    return text + f"{gap(2, style)}日" if day else text


def column_widths(columns: list[str], rows: list[list[str]], style: ParagraphStyle,
                  head_style: ParagraphStyle, total: float = TEXT_WIDTH, wrap: Collection[int] | None = None,
                  padding: float = 6) -> list[float]:
    """Column widths that fit the longest text of each column when the page allows.

    Short columns keep their natural width; when the natural widths exceed the page, the
    wide columns share what is left in proportion to their text, and their cells wrap —
    or, when `wrap` names the columns that may wrap (职务, 备注), those alone share what the
    others leave. A header given on two lines ("综合\n得分") is as wide as its longer line.
    `padding` is the cells' left and right padding.
    """
    pad = 2 * padding + 2
    natural = []
    for index, header in enumerate(columns):
        longest = max(stringWidth(line, head_style.fontName, head_style.fontSize) for line in header.split("\n"))
        for row in rows:
            if index < len(row):
                longest = max(longest, stringWidth(str(row[index] or ""), style.fontName, style.fontSize))
        natural.append(longest + pad)
    if sum(natural) <= total:
        return [width * total / sum(natural) for width in natural]
    if wrap:
        left = total - sum(width for index, width in enumerate(natural) if index not in wrap)
        if left > 0:
            return _share(natural, list(natural), sorted(wrap), left)
    return _share(natural, [0.0] * len(natural), range(len(natural)), total)


def _share(natural: list[float], widths: list[float], columns, left: float) -> list[float]:
    """`columns` share `left`: the narrow ones get their natural width, the wide ones the rest in proportion."""
    waiting = sorted(columns, key=natural.__getitem__)
    while waiting and natural[waiting[0]] <= left / len(waiting):  # narrow columns get what they need
        index = waiting.pop(0)
        widths[index] = natural[index]
        left -= natural[index]
    wide_total = sum(natural[index] for index in waiting)
    for index in waiting:  # the wide ones share the rest in proportion to their text
        widths[index] = natural[index] * left / wide_total
    return widths


class RuledTable(Table):
    """A table whose minimum row heights hold on every page it runs onto.

    reportlab 5.1 builds the part of a split table that runs on to the next page without
    `minRowHeights`, so blank rows meant for handwriting shrank to the height of their text
    after the first page; this keeps them: header rows' minimums, then the rest's.
    """

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        minimums = self._minRowHeights
        if minimums and len(parts) == 2:
            done, rest = parts
            repeat = rest.repeatRows if isinstance(rest.repeatRows, int) else len(rest.repeatRows)
            carried = list(minimums[:repeat]) + list(minimums[len(done._cellvalues):])
            if len(carried) == len(rest._cellvalues):  # rows split as whole rows, as ours are
                rest._minRowHeights = carried
        return parts


def grid_table(header_rows: list[list], rows: list[list], widths: list[float], font: str, extra=(),
               min_heights: list[float] | None = None, padding: tuple[float, float] = (4, 5),
               footer_rows: int = 0) -> Table:
    """A ruled table whose header rows repeat at the top of every page it runs onto.

    `font` is the table's own font (a table names one on every page it draws, Helvetica
    unless told, which is not embedded); `min_heights` gives each row (header rows first)
    at least that height: room to write in. The last `footer_rows` rows are not ruled: a
    line that must end the table on the same page as its last row (keep them together with
    a ("NOSPLIT", …) command in `extra`).
    """
    table = RuledTable(header_rows + rows, colWidths=widths, repeatRows=len(header_rows), hAlign="CENTER",
                       minRowHeights=min_heights)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1 - footer_rows), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding[0]),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding[1]),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        *extra,
    ]))
    return table


def signature_block(issuer: str, issued: str, style: ParagraphStyle) -> Table:
    """Issuer over date at the right, the date four characters in from the margin (GB/T 9704 7.3.5.1).

    The issuer is centred over the date; a longer issuer moves the date to two characters in.
    No date prints "　　年　　月　　日" to fill in.
    """
    issuer_lines = issuer.splitlines() or [""]
    issued = issued or blank_date(style)
    measure = [stringWidth(text, style.fontName, style.fontSize) for text in [*issuer_lines, issued]]
    inset = 2 * style.fontSize if max(measure[:-1]) > measure[-1] else 4 * style.fontSize
    width = max(measure) + 4
    rows = [[para(line, style), ""] for line in issuer_lines] + [[para(issued, style), ""]]
    table = Table(rows, colWidths=[width, inset], hAlign="RIGHT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), style.fontName),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table
