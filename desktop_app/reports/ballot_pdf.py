"""The ballot of the quarterly evaluation (季度评议民主测评表), printed before the meeting.

Landscape A4: a ballot is a form, not a 公文, and three aspects of four grades each make
twelve tick columns beside 序号、姓名、职务. A ballot reads: the title "2025年第3季度干部
民主测评表"; 单位, 测评时间 and, when the votes are counted by voter category, 测评人类别
in tick boxes (ticked when the ballot is printed for one category); the instructions (说明);
the aspects in full (测评内容), which the column headers name by short labels; the table,
one row per cadre, every cell of a grade an empty box to tick by hand; 填表日期 under it.
A long list runs on to further pages with the table header repeated and a "（续）" line.

Several copies are printed one after another, each its own set of pages with page numbers
from "— 1 —" and, when more than one, "第 k 份" at the top right of each page (a county
that wants no number on an anonymous ballot passes `numbered=False`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from desktop_app.reports import layout
from desktop_app.reports import quarter_terms as terms
from desktop_app.reports.dates import DateLike, chinese_date
from desktop_app.reports.flowables import Choices, FormStart, title_paragraph
from desktop_app.reports.fonts import bundled_font_name, document_fonts
from desktop_app.reports.layout import LANDSCAPE_FORM, PageState, make_styles, para

BALLOT_TITLE = "干部民主测评表"
DEFAULT_INSTRUCTIONS = ("本表无记名填写。请在每位同志每个方面相应等次栏内划“✓”，每个方面只能选一个等次，"
                        "多选或不选视为弃权。")
LABELS = "单位：测评时间：测评人类别：说明：测评内容：填表日期：年月日（续）第份"
COLUMNS = ("序号", "姓名", "职务")
CELL_SIZE = 12      # 小四: names, the lines above the table
GRADE_SIZE = 10.5   # 五号: grade labels, posts, the aspects in full
MIN_GRADE_SIZE, GRADE_PADDING = 8, 1  # a grade label over a narrow box: smaller type, else two lines
ROW_HEIGHT = 7.5 * mm  # a row of tick boxes: room for a hand-drawn tick
HEADER_HEIGHT = 7.5 * mm
NUMBER_WIDTH, NAME_WIDTH = 13 * mm, 26 * mm
MIN_POST_WIDTH = 38 * mm
BOX_WIDTH, MIN_BOX_WIDTH = 14 * mm, 8 * mm  # a grade cell: room for a hand-drawn tick
GROUP_RULE = 1.4    # the heavier line between aspects
SHADE = colors.Color(0.94, 0.94, 0.94)  # every other row, to follow a row across the page
BLANK_ROWS = 12     # a ballot without names: rows to write them in (one page)


@dataclass
class Ballot:
    """One unit's ballot for a quarter. `cadres` are (姓名, 职务) rows in the order printed.

    `category` is the voter category the ballot is printed for (领导 / 同级 / 干部职工),
    ticked; `categories` lists every category as tick boxes (empty when only `category` is
    known: then it alone prints). `aspect_labels` are the short column headers (default: the
    known short labels, else the first phrase of each aspect).
    """

    unit: str
    year: int
    quarter: int
    cadres: list[tuple[str, str]] = field(default_factory=list)
    aspects: list[str] = field(default_factory=lambda: list(terms.DEFAULT_ASPECTS))
    grades: tuple[str, ...] = terms.GRADES
    category: str = ""
    categories: tuple[str, ...] = ()
    instructions: str = DEFAULT_INSTRUCTIONS
    meeting_date: DateLike | None = None
    aspect_labels: list[str] | None = None
    title: str = ""

    def __post_init__(self):
        terms.quarter_text(self.year, self.quarter)  # refuses a quarter outside 1–4
        if not self.aspects or not self.grades:
            raise ValueError("测评表至少要有一个测评方面和一个等次")
        if self.category and self.categories and self.category not in self.categories:
            raise ValueError(f"“{self.category}”不是测评人类别：{'、'.join(self.categories)}")

    def title_text(self) -> str:
        return self.title or terms.quarter_text(self.year, self.quarter) + BALLOT_TITLE

    def labels(self) -> list[str]:
        return terms.aspect_labels(self.aspects, self.aspect_labels)

    def legend(self) -> list[str]:
        return terms.aspect_legend(self.aspects, self.labels())

    def rows(self) -> list[tuple[str, str]]:
        """(姓名, 职务) of each cadre; a bare name has no post."""
        pairs = ([row, ""] if isinstance(row, str) else [*row, "", ""][:2] for row in self.cadres)
        return [(str(name or ""), str(post or "")) for name, post in pairs]

    def category_options(self) -> list[str]:
        return list(self.categories) or ([self.category] if self.category else [])

    def meeting_text(self) -> str:
        return chinese_date(self.meeting_date) if self.meeting_date else ""

    def continued_label(self) -> str:
        parts = [self.unit, f"测评人类别：{self.category}" if self.category else ""]
        return f"{self.title_text()}（续）" + "".join(f"　{part}" for part in parts if part)

    def all_text(self) -> str:
        cadres = "".join(name + post for name, post in self.rows())
        return "".join([self.unit, self.title_text(), cadres, *self.category_options(), self.instructions,
                        *self.legend(), self.meeting_text(), self.continued_label(), LABELS, "0123456789"])


def ballot_fonts(ballots: list[Ballot]) -> dict[str, str]:
    """The fonts of a set of ballots, each role checked against the text it prints."""
    heading = "".join(COLUMNS) + "".join(
        "".join(b.grades) + "".join(terms.numbered(i, label) for i, label in enumerate(b.labels())) for b in ballots)
    return document_fonts({"title": "".join(b.title_text() for b in ballots), "heading": heading,
                           "body": "".join(b.all_text() for b in ballots), "number": "— 0123456789 —"})


class BallotParts:
    """Builds the pieces of a ballot in a document's fonts."""

    def __init__(self, fonts: dict[str, str]):
        self.fonts = fonts
        self.styles = make_styles(fonts, CELL_SIZE)
        small = make_styles(fonts, GRADE_SIZE)
        self.cell, self.left, self.head = self.styles["cell"], self.styles["cell_left"], self.styles["head_cell"]
        self.small_head, self.small_left = small["head_cell"], small["cell_left"]
        self.right = self.left.clone("cell_right", alignment=TA_RIGHT)
        self.width = LANDSCAPE_FORM.text_width

    def plain_table(self, rows, widths, extra=()) -> Table:
        """A table without rules, for lines of label and value."""
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.cell.fontName),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                                   *extra]))
        return table

    def facts(self, ballot: Ballot) -> Table:
        """单位、测评时间 and 测评人类别 on one line."""
        meeting = "测评时间：" + (ballot.meeting_text() or layout.blank_date(self.left))
        room = 3 * CELL_SIZE  # between the parts of the line
        row, widths = [para(meeting, self.left)], [stringWidth(meeting, self.left.fontName, CELL_SIZE) + room]
        options = ballot.category_options()
        if options:
            label = "测评人类别："
            boxes = Choices(options, ballot.category, self.fonts["body"], bundled_font_name(), CELL_SIZE)
            row += [para(label, self.left), boxes]
            widths += [stringWidth(label, self.left.fontName, CELL_SIZE) + 2, boxes.wrap(self.width, CELL_SIZE)[0]]
        unit = max(self.width - sum(widths), self.width * 0.3)  # a long unit name wraps
        return self.plain_table([[para(f"单位：{ballot.unit}", self.left)] + row], [unit] + widths)

    def explanation(self, ballot: Ballot) -> Table:
        """说明 and 测评内容 (the aspects in full), label beside text."""
        rows = [[para("说明：", self.left), para(ballot.instructions, self.left)]] if ballot.instructions else []
        for index, line in enumerate(ballot.legend()):
            rows.append([para("测评内容：" if index == 0 else "", self.small_left), para(line, self.small_left)])
        if not rows:
            return Spacer(0, 0)
        label = 5 * GRADE_SIZE + 4
        return self.plain_table(rows, [label, self.width - label], [("VALIGN", (0, 0), (-1, -1), "TOP")])

    def widths(self, ballot: Ballot) -> list[float]:
        boxes = len(ballot.aspects) * len(ballot.grades)
        box = min(BOX_WIDTH, (self.width - NUMBER_WIDTH - NAME_WIDTH - MIN_POST_WIDTH) / boxes)
        if box < MIN_BOX_WIDTH:
            raise ValueError(f"测评方面和等次太多（{boxes} 栏），一页横排放不下，请减少测评方面")
        return [NUMBER_WIDTH, NAME_WIDTH, self.width - NUMBER_WIDTH - NAME_WIDTH - boxes * box] + [box] * boxes

    def grade_labels(self, grades: tuple[str, ...], box: float) -> list:
        """The grade labels over the boxes: on one line in 五号 or smaller type (not under 8 pt),
        else on two lines ("基本\n称职") when the boxes are narrow."""
        room, longest = box - 2 * GRADE_PADDING, max(len(grade) for grade in grades)
        size = min(GRADE_SIZE, room / longest)
        if size < MIN_GRADE_SIZE:
            size = min(GRADE_SIZE, room / ((longest + 1) // 2))
            grades = tuple(grade if len(grade) * size <= room else f"{grade[:len(grade) // 2]}\n{grade[len(grade) // 2:]}"
                           for grade in grades)
        style = self.small_head.clone("grade", fontSize=size, leading=size * 1.2)
        return [para(grade, style) for grade in grades]

    def table(self, ballot: Ballot) -> Table:
        """The header (aspect groups over grades), one row per cadre, 填表日期 under the last row."""
        grades, labels = ballot.grades, ballot.labels()
        width = len(grades)
        groups: list = []
        for index, label in enumerate(labels):
            groups += [para(terms.numbered(index, label), self.head)] + [""] * (width - 1)
        widths = self.widths(ballot)
        header = [[para(text, self.head) for text in COLUMNS] + groups,
                  ["", "", ""] + self.grade_labels(grades, widths[-1]) * len(labels)]
        people = ballot.rows() or [("", "")] * BLANK_ROWS
        blanks = [""] * (width * len(labels))
        body = [[str(n), para(name, self.cell), para(post, self.small_left)] + blanks
                for n, (name, post) in enumerate(people, 1)]
        signed = para("填表日期：" + layout.blank_date(self.left), self.right)
        footer = [[signed] + [""] * (2 + len(blanks))]
        last = 2 + len(body)  # the footer row
        extra = [("SPAN", (column, 0), (column, 1)) for column in range(3)]
        extra += [("SPAN", (3 + i * width, 0), (2 + (i + 1) * width, 0)) for i in range(len(labels))]
        extra += [("LINEBEFORE", (3 + i * width, 0), (3 + i * width, last - 1), GROUP_RULE, colors.black)
                  for i in range(len(labels))]
        extra += [("LINEBELOW", (0, 1), (-1, 1), GROUP_RULE, colors.black),
                  ("ROWBACKGROUNDS", (0, 2), (-1, last - 1), [colors.white, SHADE]),
                  ("FONTSIZE", (0, 2), (0, last - 1), GRADE_SIZE), ("ALIGN", (0, 2), (0, last - 1), "CENTER"),
                  ("LEFTPADDING", (3, 1), (-1, 1), GRADE_PADDING), ("RIGHTPADDING", (3, 1), (-1, 1), GRADE_PADDING),
                  ("SPAN", (0, last), (-1, last)), ("ALIGN", (0, last), (-1, last), "RIGHT"),
                  ("TOPPADDING", (0, last), (-1, last), 3 * mm), ("LEFTPADDING", (0, last), (-1, last), 0),
                  ("NOSPLIT", (0, last - 1), (-1, last))]  # 填表日期 never goes over alone
        heights = [HEADER_HEIGHT, HEADER_HEIGHT * 0.9] + [ROW_HEIGHT] * len(body) + [ROW_HEIGHT]
        return layout.grid_table(header, body + footer, widths, self.cell.fontName, extra, heights,
                                 padding=(2, 2), footer_rows=1)


def ballot_story(ballot: Ballot, parts: BallotParts, state: PageState, mark: str = "") -> list:
    """The flowables of one copy of a ballot, top to bottom."""
    title = title_paragraph(ballot.title_text(), parts.styles["title"])
    return [FormStart(state, ballot.continued_label(), mark), title, Spacer(0, 3 * mm), parts.facts(ballot),
            Spacer(0, 2 * mm), parts.explanation(ballot), Spacer(0, 3 * mm), parts.table(ballot)]


def copy_mark(copy: int, copies: int, numbered_copies: bool) -> str:
    """"第 k 份" when there is more than one copy to tell apart."""
    return f"第 {copy} 份" if numbered_copies and copies > 1 else ""


def _render(jobs: list[tuple[Ballot, int]], target, numbered_copies: bool) -> int:
    """Lay out each (ballot, copies) one copy after another; the page count."""
    printed = [ballot for ballot, copies in jobs if copies > 0]
    if not printed:
        raise ValueError("没有要打印的测评表（份数都为 0）")
    fonts = ballot_fonts(printed)
    state = PageState(fonts=fonts, geometry=LANDSCAPE_FORM)
    parts = BallotParts(fonts)
    story: list = []
    for ballot, copies in jobs:
        for copy in range(1, copies + 1):
            if story:
                story.append(PageBreak())
            story += ballot_story(ballot, parts, state, copy_mark(copy, copies, numbered_copies))
    layout.render(story, target, state, title=printed[0].title_text())
    return state.pages


def build_ballots_pdf(ballot: Ballot, target, copies: int = 1, *, numbered: bool = True) -> int:
    """Write `copies` copies of the ballot to `target` (a path or a binary file object); the page count."""
    if copies < 1:
        raise ValueError("份数至少为 1")
    return _render([(ballot, copies)], target, numbered)


def build_category_ballots_pdf(ballots_by_category: Mapping[str, Ballot], target,
                               copies_by_category: Mapping[str, int] | None = None, *,
                               numbered: bool = True) -> int:
    """Write the ballots of each voter category, its copies after another's; the page count.

    Each ballot is printed for its category (ticked among all the categories); a category
    missing from `copies_by_category` gets one copy, one with 0 none. Copies are numbered
    within their category.
    """
    copies_by_category = dict(copies_by_category or {})
    unknown = set(copies_by_category) - set(ballots_by_category)
    if unknown:
        raise ValueError(f"没有这些类别的测评表：{'、'.join(sorted(unknown))}")
    jobs = []
    for category, ballot in ballots_by_category.items():
        if ballot.category and ballot.category != category:
            raise ValueError(f"“{category}”类的测评表写的是“{ballot.category}”")
        categories = tuple(ballot.categories) or tuple(ballots_by_category)
        jobs.append((replace(ballot, category=category, categories=categories),
                     int(copies_by_category.get(category, 1))))
    return _render(jobs, target, numbered)
