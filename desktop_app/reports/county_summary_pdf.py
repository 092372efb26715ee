"""The year's assessment at a glance, for the county's leaders (年度考核情况汇总).

A GB/T 9704 document: the title and where the grades stand; 一、总体情况 (how many teams and
cadres, decided, changed by a rule, changed by the committee, tied, vetoed); 二、等次分布 —
proposed against final, for teams and for cadres, as charts and as counts; 三、等次限额使用 —
rule 1's seats overall, then each unit's top grades and share; 四、规则调整情况 — how many
grades each rule changed; 五、审定调整 — every override with its reason; 六、提请审定事项 —
ties at the quota line and subjects without a grade; 七、后续措施 (rule 11). Every table repeats
its header on every page. The builder takes plain data and the charts as PNG (200 dpi);
reports.annual_print fills it from the year's assessment and draws the charts.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Spacer

from desktop_app.reports import layout
from desktop_app.reports.annual_parts import (
    LaidOut,
    Progress,
    chart,
    fitted_table,
    key_value_table,
    none_line,
    note_lines,
    numbered_heading,
    report_fonts,
    texts_of,
    two_lines,
    with_signature,
)
from desktop_app.reports.dates import DateLike, chinese_date
from desktop_app.reports.flowables import title_paragraph
from desktop_app.reports.layout import GBT9704, LINE, PageState, make_styles, para

QUOTA_COLUMNS = ("对象", "限额等次", "参评数", "比例", "取整", "限额", "线上已定", "并列待定", "审定后实有")
SECTIONS = ("总体情况", "等次分布", "等次限额使用", "规则调整情况", "审定调整", "提请审定事项", "后续措施")
CHART_HEIGHT = 0.3 * GBT9704.text_height


@dataclass
class QuotaLine:
    """Rule 1 for one scale: seats allowed, used inside the line, tied at it, and held after the decisions."""

    kind: str  # 领导班子 / 干部
    grade: str
    assessed: int
    fraction: str
    rounding: str
    allowed: int
    used: int
    tied: int
    final: int


@dataclass
class UnitLine:
    """One unit: its team's grade and its cadres' grades (final where decided, else proposed)."""

    unit: str
    team_grade: str
    cadres: int
    counts: list[int]  # per cadre grade, best first
    top_share: str     # "20.0%"


@dataclass
class CountySummaryDocument:
    """Everything the county summary prints; the charts come separately."""

    year: int
    title: str
    status: str
    totals: list[tuple[str, str]]
    team_grades: list[str]
    cadre_grades: list[str]
    team_counts: dict[str, list[int]]   # "拟定等次"/"审定等次" → count per grade
    cadre_counts: dict[str, list[int]]
    quotas: list[QuotaLine] = field(default_factory=list)
    quota_final: str = QUOTA_COLUMNS[-1]  # 审定后实有, with core.assessment.AS_PROPOSED while some are undecided
    units: list[UnitLine] = field(default_factory=list)
    rule_changes: list[tuple[str, int, int]] = field(default_factory=list)  # (rule, teams, cadres)
    overrides: list[str] = field(default_factory=list)
    committee: list[str] = field(default_factory=list)  # ties and subjects without a grade
    follow_ups: list[str] = field(default_factory=list)
    issuer: str = ""
    issued_on: DateLike | None = None


def summary_fonts(document: CountySummaryDocument, captions: Sequence[str]) -> dict[str, str]:
    fixed = "".join(QUOTA_COLUMNS + SECTIONS) + "单位班子等次干部人数占比规则合计无记录。年月日续" + "".join(captions)
    issued = chinese_date(document.issued_on) if document.issued_on else ""
    return report_fonts(document.title, texts_of(document) + fixed + issued)


class SummaryParts:
    """Builds the sections in a document's fonts."""

    def __init__(self, document: CountySummaryDocument, fonts: dict[str, str]):
        self.document, self.fonts = document, fonts
        self.styles = make_styles(fonts)

    def distribution(self, charts: Sequence[tuple[bytes, str]]) -> list:
        document, story = self.document, []
        for png, caption in charts:
            story += chart(png, caption, self.styles, max_height=CHART_HEIGHT)
        for label, grades, counts in (("领导班子", document.team_grades, document.team_counts),
                                      ("干部", document.cadre_grades, document.cadre_counts)):
            rows = [[f"{label}{kind}", *(str(n) for n in values), str(sum(values))] for kind, values in counts.items()]
            story += [Spacer(0, LINE * 0.2), fitted_table(self.fonts, ["", *grades, "合计"], rows, minimum={0: 6})]
        return story

    def quotas(self) -> list:
        rows = [[q.kind, q.grade, str(q.assessed), q.fraction, q.rounding, str(q.allowed), str(q.used), str(q.tied),
                 str(q.final)] for q in self.document.quotas]
        final = self.document.quota_final
        columns = [*(two_lines(c) for c in QUOTA_COLUMNS[:-1]), final.replace("（", "\n（", 1) if "（" in final
                   else two_lines(final)]
        story = [fitted_table(self.fonts, columns, rows)] if rows else none_line(
            self.fonts, "本年度未启用等次比例限额（规则 1）。")
        grades = self.document.cadre_grades
        columns = ["单位", "班子\n等次", "干部\n人数", *grades, f"{grades[0]}\n占比"]
        unit_rows = [[u.unit, u.team_grade, str(u.cadres), *(str(n) for n in u.counts), u.top_share]
                     for u in self.document.units]
        if unit_rows:
            story += [Spacer(0, LINE * 0.3), fitted_table(self.fonts, columns, unit_rows, wrap={0}, left={0},
                                                          minimum={0: 8})]
        return story

    def rule_changes(self) -> list:
        rows = [[rule, str(teams), str(cadres)] for rule, teams, cadres in self.document.rule_changes]
        if not rows:
            return none_line(self.fonts, "没有因规则改变的等次。")
        total = ["合计", str(sum(r[1] for r in self.document.rule_changes)),
                 str(sum(r[2] for r in self.document.rule_changes))]
        return [fitted_table(self.fonts, ["规则", "领导班子（个）", "干部（名）"], rows + [total], left={0})]

    def listed(self, lines: Sequence[str], empty: str) -> list:
        return note_lines(self.fonts, lines) if lines else none_line(self.fonts, empty)


def summary_story(document: CountySummaryDocument, fonts: dict[str, str], charts: Sequence[tuple[bytes, str]] = (),
                  progress: Progress | None = None) -> list:
    """The flowables of the summary, top to bottom; `progress` hears of each section laid out."""
    parts = SummaryParts(document, fonts)
    styles = parts.styles
    story = [title_paragraph(document.title, styles["title"]), Spacer(0, LINE * 0.4), para(document.status, styles["body"])]
    sections = [
        lambda: [key_value_table(fonts, document.totals)],
        lambda: parts.distribution(charts),
        parts.quotas,
        parts.rule_changes,
        lambda: parts.listed(document.overrides, "考核委员会没有改变拟定等次。"),
        lambda: parts.listed(document.committee, "没有并列或无法拟定等次的对象。"),
        lambda: parts.listed(document.follow_ups, "无。"),
    ]
    for index, (name, section) in enumerate(zip(SECTIONS, sections, strict=True)):
        flowables = numbered_heading(index, name, styles) + section()
        if index == len(SECTIONS) - 1:
            flowables = with_signature(flowables, document.issuer, document.issued_on, styles)
        story += flowables
        if progress is not None:
            story.append(LaidOut(progress, index + 1, len(SECTIONS), f"正在排版汇总：{name}"))
    return story


def build_county_summary_pdf(document: CountySummaryDocument, target, charts: Sequence[tuple[bytes, str]] = (),
                             progress: Progress | None = None) -> int:
    """Write the summary to `target` (a path or a binary file object); the page count. `charts` are
    (PNG at 200 dpi, caption) pairs printed under 二、等次分布."""
    fonts = summary_fonts(document, [caption for _png, caption in charts])
    state = PageState(fonts=fonts, continued=f"{document.title}（续）")
    layout.render(summary_story(document, fonts, charts, progress), target, state, title=document.title)
    return state.pages


__all__ = ["QuotaLine", "UnitLine", "CountySummaryDocument", "summary_story", "build_county_summary_pdf"]
