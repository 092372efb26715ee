"""The monthly report form 《实绩报告登记表》, one per cadre and month, as a PDF.

A form is: the header (单位、姓名、职务、月份); the month's plan (本月计划); the items done
(序号 / 工作事项 / 完成情况 / 佐证材料或备注); the cadre's own grade (好/较好/一般/差 in tick
boxes); the leadership team's review (报告是否属实, 完成等次, 审核意见); the principal's
signature and date. Each form starts on a new page; a long one runs on with its table
header repeated, its own page numbers and a "（续）" line naming whose form it is.
A section with no data prints empty rows to fill in by hand, so `ReportForm()` is the
blank form.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from desktop_app.reports import layout
from desktop_app.reports.dates import DateLike, chinese_date, chinese_month
from desktop_app.reports.flowables import Choices, FormStart, title_paragraph
from desktop_app.reports.fonts import bundled_font_name, document_fonts
from desktop_app.reports.layout import TEXT_WIDTH, PageState, make_styles, para

FORM_TITLE = "实绩报告登记表"
GRADES = ("好", "较好", "一般", "差")
TRUTH = ("属实", "不属实")
ITEM_COLUMNS = ("序号", "工作事项", "完成情况", "佐证材料或备注")
CELL_SIZE = 12  # 小四
ROW_HEIGHT = 7 * mm
BLANK_ROW_HEIGHT = 8 * mm  # room for handwriting


@dataclass
class ReportItem:
    """One completed item (工作事项、完成情况、佐证材料或备注)."""

    matter: str = ""
    outcome: str = ""
    evidence: str = ""


@dataclass
class ReportForm:
    """One cadre's form for one month; every field may be empty (a blank form)."""

    unit: str = ""
    name: str = ""
    post: str = ""                 # 职务
    month: DateLike | None = None  # "2025-09" or any date in the month
    planned: list[str] = field(default_factory=list)
    items: list[ReportItem | tuple | list] = field(default_factory=list)
    self_grade: str = ""           # 自评等次
    truthful: str = ""             # 报告是否属实：属实/不属实
    review_grade: str = ""         # 完成等次
    review_opinion: str = ""       # 审核意见
    principal: str = ""            # 主要负责人签字
    signed_on: DateLike | None = None

    def month_text(self) -> str:
        return chinese_month(self.month) if self.month else ""

    def item_rows(self) -> list[ReportItem]:
        return [item if isinstance(item, ReportItem) else ReportItem(*item) for item in self.items]

    def continued_label(self) -> str:
        who = "　".join(part for part in (self.unit, self.name, self.month_text()) if part)
        return f"{FORM_TITLE}（续）" + (f"　{who}" if who else "")

    def all_text(self) -> str:
        items = "".join(f"{i.matter}{i.outcome}{i.evidence}" for i in self.item_rows())
        return "".join([self.unit, self.name, self.post, self.month_text(), *self.planned, items,
                        self.review_opinion, self.principal, self.continued_label()])


def form_fonts(forms: list[ReportForm]) -> dict[str, str]:
    """The fonts of a set of forms, each role checked against the text it prints."""
    labels = "单位姓名职务月份本月计划完成事项序号审核意见主要负责人签字日期年月日" + "".join(ITEM_COLUMNS)
    body = "".join(form.all_text() for form in forms) + "".join(GRADES + TRUTH) + labels
    return document_fonts({"title": FORM_TITLE, "heading": labels + "个人自评等次班子审核报告是否属实完成等次",
                           "body": body, "number": "— 0123456789 —"})


class FormParts:
    """Builds the pieces of a form in a document's fonts."""

    def __init__(self, fonts: dict[str, str], blank_rows: int):
        self.fonts, self.blank_rows = fonts, blank_rows
        self.styles = make_styles(fonts, CELL_SIZE)
        self.cell, self.left, self.head = self.styles["cell"], self.styles["cell_left"], self.styles["head_cell"]

    def table(self, header_rows, rows, widths, extra=(), heights=None):
        return layout.grid_table(header_rows, rows, widths, self.cell.fontName, extra, heights, padding=(3, 3))

    def header(self, form: ReportForm):
        label, value = 20 * mm, (TEXT_WIDTH - 40 * mm) / 2
        rows = [[para("单位", self.head), para(form.unit, self.left), para("姓名", self.head), para(form.name, self.cell)],
                [para("职务", self.head), para(form.post, self.left), para("月份", self.head),
                 para(form.month_text() or layout.blank_date(self.cell, day=False), self.cell)]]
        return self.table([], rows, [label, value, label, value], heights=[ROW_HEIGHT] * 2)

    def plan(self, form: ReportForm):
        plans = list(form.planned) or [""] * max(1, self.blank_rows // 2)
        rows = [[para(str(n), self.cell), para(text, self.left)] for n, text in enumerate(plans, 1)]
        heading = [[para("本月计划", self.head), ""], [para("序号", self.head), para("工作任务", self.head)]]
        return self.table(heading, rows, [14 * mm, TEXT_WIDTH - 14 * mm], [("SPAN", (0, 0), (-1, 0))],
                          _heights(len(heading), len(rows), blank=not form.planned))

    def items(self, form: ReportForm):
        items = form.item_rows() or [ReportItem()] * self.blank_rows
        rows = [[para(str(n), self.cell), para(i.matter, self.left), para(i.outcome, self.left),
                 para(i.evidence, self.left)] for n, i in enumerate(items, 1)]
        heading = [[para("本月完成事项", self.head), "", "", ""], [para(text, self.head) for text in ITEM_COLUMNS]]
        widths = [14 * mm, 48 * mm, 58 * mm, TEXT_WIDTH - 120 * mm]
        return self.table(heading, rows, widths, [("SPAN", (0, 0), (-1, 0))],
                          _heights(len(heading), len(rows), blank=not form.items))

    def review(self, form: ReportForm):
        def choices(options, chosen):
            return Choices(options, chosen, self.fonts["body"], bundled_font_name(), CELL_SIZE)

        signed = chinese_date(form.signed_on) if form.signed_on else layout.blank_date(self.left)
        opinion = para(form.review_opinion, self.left)
        rows = [
            [para("个人自评等次", self.head), "", choices(GRADES, form.self_grade), ""],
            [para("班子审核", self.head), para("报告是否属实", self.head), choices(TRUTH, form.truthful), ""],
            ["", para("完成等次", self.head), choices(GRADES, form.review_grade), ""],
            ["", para("审核意见", self.head), opinion, ""],
            [para("主要负责人签字", self.head), "", para(form.principal, self.cell), para("日期：" + signed, self.left)],
        ]
        extra = [("SPAN", (0, 0), (1, 0)), ("SPAN", (2, 0), (3, 0)), ("SPAN", (0, 1), (0, 3)),
                 ("SPAN", (2, 1), (3, 1)), ("SPAN", (2, 2), (3, 2)), ("SPAN", (2, 3), (3, 3)),
                 ("SPAN", (0, 4), (1, 4)), ("LEFTPADDING", (2, 0), (2, 2), 10)]
        opinion_room = ROW_HEIGHT if form.review_opinion else 3 * BLANK_ROW_HEIGHT  # room to write in
        heights = [ROW_HEIGHT, ROW_HEIGHT, ROW_HEIGHT, opinion_room, 1.5 * BLANK_ROW_HEIGHT]
        return self.table([], rows, [22 * mm, 30 * mm, 40 * mm, TEXT_WIDTH - 92 * mm], extra, heights)


def _heights(header_count: int, row_count: int, blank: bool) -> list[float]:
    """Row heights of a section: blank rows get room for handwriting."""
    return [ROW_HEIGHT] * header_count + [BLANK_ROW_HEIGHT if blank else ROW_HEIGHT] * row_count


def form_story(form: ReportForm, parts: FormParts, state: PageState) -> list:
    """The flowables of one form, top to bottom."""
    title = title_paragraph(FORM_TITLE, parts.styles["title"])
    return [FormStart(state, form.continued_label()), title, Spacer(0, 4 * mm), parts.header(form),
            parts.plan(form), parts.items(form), KeepTogether([parts.review(form)])]


class FormLaidOut(Flowable):
    """Takes no room; when placed, tells `progress(done, total, text)` that form `done` is laid out."""

    def __init__(self, progress: Callable[[int, int, str], None], done: int, total: int):
        super().__init__()
        self.progress, self.done, self.total = progress, done, total
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.progress(self.done, self.total, f"正在排版登记表：第 {self.done} / {self.total} 份")


def report_forms_story(forms: list[ReportForm], fonts: dict[str, str], state: PageState, blank_rows: int = 8,
                       progress: Callable[[int, int, str], None] | None = None):
    """The flowables of a set of forms, each from a new page; `progress` hears of each form laid out."""
    parts = FormParts(fonts, blank_rows)
    story: list = []
    for index, form in enumerate(forms):
        if index:
            story.append(PageBreak())
        story += form_story(form, parts, state)
        if progress is not None:
            story.append(FormLaidOut(progress, index + 1, len(forms)))
    return story


def build_report_forms_pdf(forms: list[ReportForm], target, blank_rows: int = 8,
                           progress: Callable[[int, int, str], None] | None = None) -> int:
    """Write the forms to `target` (a path or a binary file object), one form per page; the page count.

    No forms at all prints one blank form. `progress(done, total, text)` is called as each form is laid out.
    """
    forms = list(forms) or [ReportForm()]
    fonts = form_fonts(forms)
    state = PageState(fonts=fonts)
    layout.render(report_forms_story(forms, fonts, state, blank_rows, progress), target, state, title=FORM_TITLE)
    return state.pages
