"""A unit's results of the quarterly evaluation (季度评议结果), for posting and for leaders.

A GB/T 9704 page: the title; the meeting (测评时间, 应到/实到/发出/收回/有效, valid ballots
by voter category); the results ranked (名次、姓名、职务, the score of each aspect, 综合得分,
好评率, 好和较好率, 季度等次); the distribution of grades in a sentence; the raw counts of
every aspect (好/较好/一般/差 — by voter category when the votes were counted so), which
the scores come from and which are always printed with them; notes (the scoring method);
an optional chart; the issuer and the date. Page numbers "— 1 —" as on a notice.

The builder takes plain data: the scores are computed elsewhere and arrive ready.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Image, KeepTogether, Spacer

from desktop_app.reports import layout
from desktop_app.reports.dates import DateLike, chinese_date
from desktop_app.reports.flowables import title_paragraph
from desktop_app.reports.fonts import document_fonts
from desktop_app.reports.layout import GBT9704, LINE, PageState, make_styles, para
from desktop_app.reports.quarter_terms import DEFAULT_ASPECTS, GRADES, aspect_labels, quarter_text

RESULTS_TITLE = "干部评议结果"
FIXED_COLUMNS = ("名次", "姓名", "职务")
SCORE_COLUMNS = ("综合\n得分", "好评率", "好和\n较好率", "季度\n等次")
NOTE_COLUMN = "备注"
COUNTS_HEADING = "各方面得票情况（票）"
TOTAL = "合计"
NOTES_LABEL = "说明："
UNGRADED = "未定等次"
TABLE_SIZES = (12, 10.5, 9)  # 小四 when the table fits, else 五号, else 小五
CELL_PADDING = 3
POST_CHARACTERS = 8       # 职务 keeps this many characters a line ("党委副书记、镇长"), or smaller type
COUNT_SIZE = 9            # 小五: the raw counts
COUNT_ROOM = 5.5 * mm     # a row of counts, roughly: the heading goes on with the header and three rows
CHART_DPI = 200           # charts arrive as PNG drawn at 200 dpi
CHART_MAX_HEIGHT = 0.55 * GBT9704.text_height
NONE = "—"
TOTAL_SHADE = colors.Color(0.93, 0.93, 0.93)
Counts = Sequence[int] | Mapping[str, int]


@dataclass
class ResultRow:
    """One cadre's result. Rates are fractions (0.8125 prints "81.3%"); None prints "—".

    `counts` holds each aspect's votes per grade (a sequence in grade order, or grade → votes);
    `category_counts` the same per voter category, when the votes were counted so (then
    `counts`, when left empty, is their sum).
    """

    name: str
    post: str = ""
    rank: int | None = None
    aspect_scores: list[float | None] = field(default_factory=list)
    score: float | None = None          # 综合得分
    good_rate: float | None = None      # 好评率
    good_or_fair_rate: float | None = None  # 好和较好率
    grade: str = ""                     # 季度等次
    counts: list[Counts] = field(default_factory=list)
    category_counts: dict[str, list[Counts]] = field(default_factory=dict)
    note: str = ""


@dataclass
class MeetingFacts:
    """The evaluation meeting (测评会): people and ballots. None leaves the figure blank."""

    meeting_date: DateLike | None = None
    expected: int | None = None   # 应到
    present: int | None = None    # 实到
    issued: int | None = None     # 发出
    returned: int | None = None   # 收回
    valid: int | None = None      # 有效
    valid_by_category: dict[str, int] = field(default_factory=dict)

    def figures(self) -> list[tuple[str, str, str]]:
        """(label, value printed, unit) of each figure: ("应到", "45人", "人")."""
        pairs = (("应到", self.expected, "人"), ("实到", self.present, "人"), ("发出", self.issued, "份"),
                 ("收回", self.returned, "份"), ("有效", self.valid, "份"))
        return [(label, "" if value is None else f"{value}{unit}", unit) for label, value, unit in pairs]

    def category_line(self) -> str:
        parts = [f"{category}{count}份" for category, count in self.valid_by_category.items()]
        return "其中有效测评表：" + "，".join(parts) if parts else ""


@dataclass
class QuarterResultsDocument:
    """Everything the results print; `rows` in any order (they print by rank)."""

    unit: str
    year: int
    quarter: int
    rows: list[ResultRow]
    facts: MeetingFacts = field(default_factory=MeetingFacts)
    aspects: list[str] = field(default_factory=lambda: list(DEFAULT_ASPECTS))
    aspect_labels: list[str] | None = None
    grades: tuple[str, ...] = GRADES
    title: str = ""
    basis: str = ""                     # a sentence before the table, optional
    notes: list[str] = field(default_factory=list)  # 说明: the scoring method, ties flagged…
    issuer: str = ""
    issued_on: DateLike | None = None
    code: str = ""                      # a verification code for the footer, optional
    decimals: int = 2

    def __post_init__(self):
        quarter_text(self.year, self.quarter)

    def title_text(self) -> str:
        return self.title or f"{self.unit}{quarter_text(self.year, self.quarter)}{RESULTS_TITLE}"

    def labels(self) -> list[str]:
        return aspect_labels(self.aspects, self.aspect_labels)

    def ranked(self) -> list[ResultRow]:
        """Rows by rank (ties and unranked keep their given order; unranked last)."""
        return sorted(self.rows, key=lambda row: (row.rank is None, row.rank or 0))

    def score_text(self, value: float | None) -> str:
        return NONE if value is None else f"{float(value):.{self.decimals}f}"

    def counts_of(self, counts: Counts) -> list[int]:
        """One aspect's votes in grade order."""
        if isinstance(counts, Mapping):
            unknown = set(counts) - set(self.grades)
            if unknown:
                raise ValueError(f"票数里有不认识的等次：{'、'.join(sorted(unknown))}")
            return [int(counts.get(grade, 0)) for grade in self.grades]
        values = [int(value) for value in counts]
        if len(values) != len(self.grades):
            raise ValueError(f"每个方面应有 {len(self.grades)} 个等次的票数，而不是 {len(values)} 个")
        return values

    def totals(self, row: ResultRow) -> list[Counts]:
        """A cadre's votes per aspect: as given, else summed over the voter categories."""
        if row.counts or not row.category_counts:
            return list(row.counts)
        by_aspect: list[list[int]] = []
        for counts in row.category_counts.values():
            for index, votes in enumerate(counts):
                if index == len(by_aspect):
                    by_aspect.append([0] * len(self.grades))
                by_aspect[index] = [a + b for a, b in zip(by_aspect[index], self.counts_of(votes), strict=True)]
        return by_aspect

    def aspect_notes(self) -> list[str]:
        """"学习思路：学习研究、工作思路、工作安排、工作措施" for each aspect printed by a short label."""
        return [f"{label}：{aspect}" for aspect, label in zip(self.aspects, self.labels(), strict=True)
                if aspect != label]

    def distribution(self) -> str:
        """"季度等次：好5人（11.9%），较好20人（47.6%），…；共42人。"."""
        tally = Counter(row.grade or UNGRADED for row in self.rows)
        order = [grade for grade in self.grades if tally[grade]] + sorted(set(tally) - set(self.grades))
        total = len(self.rows)
        parts = [f"{grade}{tally[grade]}人（{percent(tally[grade] / total)}）" for grade in order]
        return f"季度等次：{'，'.join(parts)}；共{total}人。" if total else "季度等次：无评议对象。"

    def all_text(self) -> str:
        rows = "".join(row.name + row.post + row.grade + row.note + "".join(row.category_counts) for row in self.rows)
        facts = "".join(label + value for label, value, _unit in self.facts.figures()) + self.facts.category_line()
        issued = chinese_date(self.issued_on) if self.issued_on else ""
        return "".join([self.title_text(), self.unit, self.basis, *self.aspect_notes(), *self.notes, rows, facts,
                        self.distribution(), self.issuer, issued, "测评时间：年月日人数测评表",
                        NOTES_LABEL, TOTAL, "0123456789.%—"])


def two_lines(label: str) -> str:
    """A column header of four or more characters on two lines: "学习思路" → "学习\n思路"."""
    half = (len(label) + 1) // 2
    return f"{label[:half]}\n{label[half:]}" if len(label) >= 4 and "\n" not in label else label


def percent(rate: float | None) -> str:
    return NONE if rate is None else f"{float(rate) * 100:.1f}%"


def results_fonts(document: QuarterResultsDocument, chart_caption: str = "") -> dict[str, str]:
    """The fonts of the results, each role checked against the text it prints."""
    heading = "".join(FIXED_COLUMNS + SCORE_COLUMNS + document.grades) + NOTE_COLUMN + COUNTS_HEADING + "类别"
    heading += "".join(document.labels())
    number = "— 0123456789 —" + (layout.code_text(document.code) if document.code else "")
    return document_fonts({"title": document.title_text(), "heading": heading,
                           "body": document.all_text() + chart_caption, "number": number})


class ResultsParts:
    """Builds the pieces of the results in a document's fonts."""

    def __init__(self, document: QuarterResultsDocument, fonts: dict[str, str]):
        self.document, self.fonts = document, fonts
        self.styles = make_styles(fonts)
        self.width = GBT9704.text_width

    def facts(self) -> list:
        """The basis, 测评时间 and the figures of the meeting in a small ruled table."""
        document, facts = self.document, self.document.facts
        styles = make_styles(self.fonts, TABLE_SIZES[0])
        story = [para(document.basis, self.styles["body"])] if document.basis else []
        story.append(Spacer(0, 2 * mm))
        if facts.meeting_date:
            story.append(para(f"测评时间：{chinese_date(facts.meeting_date)}", styles["cell_left"]))
        figures = facts.figures()
        header = [[para(label + ("人数" if unit == "人" else "测评表"), styles["head_cell"])
                   for label, _value, unit in figures]]
        rows = [[para(value, styles["cell"]) for _label, value, _unit in figures]]
        widths = [self.width / len(figures)] * len(figures)
        story += [Spacer(0, 1 * mm), layout.grid_table(header, rows, widths, styles["cell"].fontName, padding=(3, 3))]
        if facts.category_line():
            story.append(para(facts.category_line(), styles["cell_left"]))
        return story

    def results(self) -> Sequence:
        """The ranked table, in 小四 when 职务 keeps eight characters a line, else smaller type."""
        document = self.document
        columns = [*FIXED_COLUMNS, *(two_lines(label) for label in document.labels()), *SCORE_COLUMNS]
        columns += [NOTE_COLUMN] if any(row.note for row in document.rows) else []
        texts = [self.result_cells(row, len(columns)) for row in document.ranked()]
        wrap = {2, len(columns) - 1} if columns[-1] == NOTE_COLUMN else {2}
        for size in TABLE_SIZES:
            styles = make_styles(self.fonts, size)
            cell, head = styles["cell"], styles["head_cell"]
            widths = layout.column_widths(columns, texts, cell, head, self.width, wrap, padding=CELL_PADDING)
            longest_post = max([stringWidth(row[2], cell.fontName, size) for row in texts], default=0)
            if widths[2] >= min(POST_CHARACTERS * size, longest_post) + 2 * CELL_PADDING:
                break
        header = [[para(text, head) for text in columns]]
        rows = [[para(text, styles["cell_left"] if index in wrap else cell) for index, text in enumerate(row)]
                for row in texts]
        padding = [("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING)]
        return layout.grid_table(header, rows, widths, cell.fontName, padding=(3, 3), extra=padding)

    def result_cells(self, row: ResultRow, columns: int) -> list[str]:
        document = self.document
        scores = list(row.aspect_scores) + [None] * (len(document.aspects) - len(row.aspect_scores))
        cells = [NONE if row.rank is None else str(row.rank), row.name, row.post,
                 *(document.score_text(value) for value in scores[:len(document.aspects)]),
                 document.score_text(row.score), percent(row.good_rate), percent(row.good_or_fair_rate), row.grade]
        return cells + [row.note] * (columns - len(cells))

    def counts(self) -> list:
        """The raw counts: one row per cadre, or per category and 合计 when counted by category."""
        document = self.document
        grades, labels = document.grades, document.labels()
        by_category = any(row.category_counts for row in document.rows)
        styles = make_styles(self.fonts, COUNT_SIZE)
        cell, head = styles["cell"], styles["head_cell"]
        lead = ["名次", "姓名"] + (["类别"] if by_category else [])
        groups: list = []
        for label in labels:
            groups += [para(label, head)] + [""] * (len(grades) - 1)
        header = [[para(text, head) for text in lead] + groups,
                  [""] * len(lead) + [para(grade, head) for grade in grades] * len(labels)]
        rows, extra = [], [("SPAN", (column, 0), (column, 1)) for column in range(len(lead))]
        extra += [("SPAN", (len(lead) + i * len(grades), 0), (len(lead) + (i + 1) * len(grades) - 1, 0))
                  for i in range(len(labels))]
        for row in document.ranked():
            first = len(header) + len(rows)
            lines = list(row.category_counts.items()) + [(TOTAL, document.totals(row))] if by_category \
                else [("", document.totals(row))]
            for category, counts in lines:
                values = [str(v) for aspect in self.aspect_counts(counts) for v in aspect]
                rank = NONE if row.rank is None else str(row.rank)
                rows.append([rank, para(row.name, cell)] + ([para(category, cell)] if by_category else []) + values)
            if len(lines) > 1:
                last = first + len(lines) - 1
                extra += [("SPAN", (0, first), (0, last)), ("SPAN", (1, first), (1, last)),
                          ("NOSPLIT", (0, first), (-1, last)), ("BACKGROUND", (2, last), (-1, last), TOTAL_SHADE)]
        lead_widths = [9 * mm, 18 * mm] + ([16 * mm] if by_category else [])
        count_width = (self.width - sum(lead_widths)) / (len(grades) * len(labels))
        extra += [("FONTSIZE", (0, 0), (-1, -1), COUNT_SIZE), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                  ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1)]
        table = layout.grid_table(header, rows, lead_widths + [count_width] * (len(grades) * len(labels)),
                                  cell.fontName, extra, padding=(2, 2))
        heading = para(COUNTS_HEADING, self.styles["heading"])
        return [Spacer(0, LINE * 0.4), CondPageBreak(LINE + 5 * COUNT_ROOM), heading, table]

    def aspect_counts(self, counts: list[Counts]) -> list[list[int | str]]:
        """Each aspect's votes in grade order; an aspect without counts prints blank."""
        given: list[list[int | str]] = [list(self.document.counts_of(aspect)) for aspect in counts]
        return given + [[""] * len(self.document.grades)] * (len(self.document.aspects) - len(given))

    def notes(self) -> list:
        """说明: what each aspect's short label stands for, then the document's notes; hanging indent."""
        lines = self.document.aspect_notes() + list(self.document.notes)
        size = TABLE_SIZES[0]
        style = make_styles(self.fonts, size)["cell_left"].clone("note", leftIndent=3 * size)
        first = style.clone("first_note", firstLineIndent=-3 * size)
        return [para(NOTES_LABEL + line, first) if index == 0 else para(line, style) for index, line in enumerate(lines)]

    def chart(self, png: bytes, caption: str) -> list:
        """The chart at the width it was drawn for (200 dpi), never wider than the page nor too tall."""
        pixels_wide, pixels_high = ImageReader(BytesIO(png)).getSize()
        width = min(self.width, pixels_wide / CHART_DPI * 72)
        height = width * pixels_high / pixels_wide
        if height > CHART_MAX_HEIGHT:
            width, height = width * CHART_MAX_HEIGHT / height, CHART_MAX_HEIGHT
        image = Image(BytesIO(png), width=width, height=height)
        label = [para(caption, self.styles["signature"])] if caption else []
        return [image, *label]


def results_story(document: QuarterResultsDocument, fonts: dict[str, str], chart_png: bytes | None = None,
                  chart_caption: str = "") -> list:
    """The flowables of the results, top to bottom."""
    parts = ResultsParts(document, fonts)
    story = [title_paragraph(document.title_text(), parts.styles["title"]), Spacer(0, LINE * 0.3)]
    story += parts.facts() + [Spacer(0, LINE * 0.4), parts.results(), Spacer(0, LINE * 0.3),
                              para(document.distribution(), parts.styles["body"])]
    story += parts.counts()
    notes, signature = parts.notes(), []
    chart = parts.chart(chart_png, chart_caption) if chart_png else []
    if document.issuer or document.issued_on:
        issued = chinese_date(document.issued_on) if document.issued_on else ""
        signature = [Spacer(0, layout.SEAL_SPACE),
                     layout.signature_block(document.issuer, issued, parts.styles["signature"])]
    # each block on one page, and the signature never alone on one (KeepTogether cannot nest)
    for block in ([notes, chart + signature] if chart else [notes + signature]):
        if block:
            story += [Spacer(0, LINE * 0.4), KeepTogether(block)]
    return story


def build_quarter_results_pdf(document: QuarterResultsDocument, target, chart_png: bytes | None = None,
                              chart_caption: str = "") -> int:
    """Write the results to `target` (a path or a binary file object); the page count.

    `chart_png` is a chart drawn at 200 dpi (desktop_app.charts), embedded under the counts.
    """
    fonts = results_fonts(document, chart_caption)
    state = PageState(fonts=fonts, code=document.code)
    layout.render(results_story(document, fonts, chart_png, chart_caption), target, state,
                  title=document.title_text())
    return state.pages

