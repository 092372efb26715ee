"""干部考核档案 as a PDF: one cadre across the years (core.dossier.Dossier), after GB/T 9704.

The title and whose dossier it is, as of which day; 一、基本情况; 二、任职经历; 三、年度考核 —
each year's composite, proposed and final grade, and the reasons in full under the table;
四、季度评议 and the trend chart of the scores (a PNG drawn by desktop_app.charts.trend);
五、月度实绩 — a year a row, a month a column; 六、督办事项与黄牌红牌; 七、谈话; 八、函询;
九、处分; 十、通报批评. A section without records says so. Many dossiers go in one file, each
from a new page with its own page numbers ("— 1 —") and its name on its later pages.
The ID number is masked (5226**********1234) unless asked for in full.
"""

from collections.abc import Callable, Sequence

from reportlab.platypus import PageBreak, Spacer

from desktop_app.core.dossier import Dossier, YearResult
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
)
from desktop_app.reports.dates import chinese_date
from desktop_app.reports.flowables import FormStart, title_paragraph
from desktop_app.reports.layout import GBT9704, LINE, PageState, make_styles, para

DOSSIER_TITLE = "干部考核档案"
SECTIONS = ("基本情况", "任职经历", "年度考核", "季度评议", "月度实绩", "督办事项与黄牌红牌", "谈话", "函询", "处分", "通报批评")
MONTH_LEGEND = ("表中为各月完成等次（党委审核）；待审：已报送未审核；未报：逾期未报送；空洞：内容空洞；"
                "说明：有正当理由未报；空白：当月无须报送。")
CHART_HEIGHT = 0.3 * GBT9704.text_height
UNDECIDED = "未审定"
ChartMaker = Callable[[Dossier], bytes | None]


def period(start: str, end: str | None) -> str:
    """"2021.03—2024.05" / "2021.03—今" of a post."""
    def month(day: str) -> str:
        return f"{day[:4]}.{day[5:7]}" if day else "？"
    return f"{month(start)}—{month(end) if end else '今'}"


def year_note(result: YearResult) -> str:
    """The short note of a year: the rules that changed its grade, 审定调整, 提请审定."""
    parts = list(result.changed_by)
    if result.overridden:
        parts.append("审定调整")
    if result.flags:
        parts.append("提请审定")
    return "、".join(parts)


class DossierParts:
    """Builds the sections of dossiers in one set of fonts."""

    def __init__(self, fonts: dict[str, str], full_id_number: bool = False):
        self.fonts, self.full_id_number = fonts, full_id_number
        self.styles = make_styles(fonts)

    def table(self, columns, rows, **options):
        return [fitted_table(self.fonts, columns, rows, **options)] if rows else none_line(self.fonts)

    def identity(self, d: Dossier) -> list:
        i = d.identity
        posts = "；".join(f"{p.unit_name}{p.title}" for p in d.current_posts()) or "无现任职务"
        birth = f"{i.birth_month[:4]}.{i.birth_month[5:7]}" if i.birth_month else ""
        pairs = [("姓名", i.name), ("性别", i.gender), ("民族", i.ethnicity), ("出生年月", birth),
                 ("身份证号", i.id_number if self.full_id_number else i.masked_id_number),
                 ("政治面貌", i.political_status), ("学历", i.education), ("状态", i.status)]
        return [key_value_table(self.fonts, pairs), key_value_table(self.fonts, [("现任职务", posts)], columns=1)]

    def posts(self, d: Dossier) -> list:
        rows = [[period(p.start_date, p.end_date), p.unit_name, p.title, p.post_type, p.rank] for p in d.posts]
        return self.table(["任职时间", "单位", "职务", "岗位类别", "职级"], rows, wrap={1, 2}, left={1, 2})

    def years(self, d: Dossier) -> list:
        rows = [[f"{y.year}年", y.unit_name, y.composite_text, y.proposed or "—", y.final or UNDECIDED, year_note(y)]
                for y in d.years]
        story = self.table(["年度", "单位", "综合得分", "拟定等次", "审定等次", "说明"], rows, wrap={1, 5}, left={1, 5})
        notes = [line for y in d.years for line in year_notes(y)]
        return story + ([Spacer(0, 2)] + note_lines(self.fonts, notes) if notes else [])

    def quarters(self, d: Dossier, png: bytes | None) -> list:
        rows = [[q.label, q.unit_name, q.score_text, q.grade or "—", f"{q.rank}/{q.ranked}" if q.rank else "—"]
                for q in d.quarters]
        story = self.table(["季度", "单位", "综合得分", "季度等次", "单位内名次"], rows, wrap={1}, left={1})
        if png:
            story += [Spacer(0, LINE * 0.3)] + chart(png, "", self.styles, max_height=CHART_HEIGHT)
        return story

    def months(self, d: Dossier) -> list:
        grid = d.month_grid()
        rows = [[str(year), *marks] for year, marks in grid.items()]
        if not rows:
            return none_line(self.fonts)
        columns = ["年度", *(f"{m}月" for m in range(1, 13))]
        return [fitted_table(self.fonts, columns, rows, sizes=(10.5, 9))] + note_lines(self.fonts, [MONTH_LEGEND],
                                                                                       numbered=False)

    def tasks(self, d: Dossier) -> list:
        story = note_lines(self.fonts, [c.text for c in d.cards], numbered=False) if d.cards else []
        rows = [[t.assigned_on, t.title, t.deadline, t.done_on, t.state + ("（黄牌）" if t.yellow else "")]
                for t in d.tasks]
        return story + self.table(["交办日期", "督办事项", "办结时限", "办结日期", "办理情况"], rows, wrap={1}, left={1})

    def talks(self, d: Dossier) -> list:
        rows = [[t.talked_on, t.kind, t.talker, "；".join(x for x in (t.reason, t.summary) if x)] for t in d.talks]
        return self.table(["谈话日期", "类别", "谈话人", "事由和内容"], rows, wrap={3}, left={3})

    def inquiries(self, d: Dossier) -> list:
        rows = [[i.sent_on, i.issue, i.reply_due, i.replied_on, i.state, i.outcome] for i in d.inquiries]
        return self.table(["函询日期", "函询事项", "回复期限", "回复日期", "状态", "结果"], rows, wrap={1, 5}, left={1, 5})

    def sanctions(self, d: Dossier) -> list:
        rows = [[s.decided_on, s.category, s.measure, s.text, s.decided_by] for s in d.sanctions]
        return self.table(["决定日期", "类别", "处分", "事由", "决定机关"], rows, wrap={3, 4}, left={3})

    def notices(self, d: Dossier) -> list:
        rows = [[n.issued_on, n.kind, n.unit_name, n.text, "点名通报" if n.named else "所在单位（正职）"]
                for n in d.notices]
        return self.table(["通报日期", "类别", "单位", "通报内容", "涉及"], rows, wrap={2, 3}, left={3})


def year_notes(result: YearResult) -> list[str]:
    """The full notes of a year: each reason, the committee's change and its reason, the follow-ups."""
    lines = [f"{result.year}年：{reason}" for reason in result.reasons]
    if result.overridden:
        lines.append(f"{result.year}年：审定等次由“{result.proposed or '—'}”改为“{result.final}”，"
                     f"理由：{result.override_reason or '未填写'}")
    lines += [f"{result.year}年后续措施：{item}" for item in result.follow_ups]
    return lines


def dossier_story(dossier: Dossier, parts: DossierParts, state: PageState, png: bytes | None = None) -> list:
    """The flowables of one dossier, from a new form (its page numbers start at 1)."""
    styles = parts.styles
    subtitle = f"{dossier.name}（截至{chinese_date(dossier.as_of)}）"
    story = [FormStart(state, f"{DOSSIER_TITLE}（续）　{dossier.name}"),
             title_paragraph(DOSSIER_TITLE, styles["title"]), para(subtitle, styles["signature"]), Spacer(0, LINE * 0.2)]
    sections = [parts.identity, parts.posts, parts.years, lambda d: parts.quarters(d, png), parts.months,
                parts.tasks, parts.talks, parts.inquiries, parts.sanctions, parts.notices]
    for index, (name, section) in enumerate(zip(SECTIONS, sections, strict=True)):
        story += numbered_heading(index, name, styles) + section(dossier)
    return story


def dossier_fonts(dossiers: Sequence[Dossier]) -> dict[str, str]:
    fixed = "".join(SECTIONS) + MONTH_LEGEND + "截至年月日续无记录。现任职务今点名通报所在单位（正职）黄牌" + "".join(
        f"{m}月" for m in range(1, 13))
    text = "".join(texts_of(d) for d in dossiers)
    return report_fonts(DOSSIER_TITLE, text + fixed + "".join(chinese_date(d.as_of) for d in dossiers))


def build_dossiers_pdf(dossiers: Sequence[Dossier], target, *, charts: Sequence[bytes | None] | None = None,
                       full_id_number: bool = False, progress: Progress | None = None) -> int:
    """Write the dossiers to `target` (a path or a binary file object), each from a new page; the page
    count. `charts[i]` is the trend chart of dossier i (PNG, 200 dpi) or None; `progress(done, total,
    text)` hears of each dossier laid out."""
    dossiers = list(dossiers)
    fonts = dossier_fonts(dossiers)
    state = PageState(fonts=fonts)
    parts = DossierParts(fonts, full_id_number)
    charts = list(charts) if charts is not None else [None] * len(dossiers)
    story: list = []
    for index, (dossier, png) in enumerate(zip(dossiers, charts, strict=True)):
        story += ([PageBreak()] if index else []) + dossier_story(dossier, parts, state, png)
        if progress is not None:
            story.append(LaidOut(progress, index + 1, len(dossiers),
                                 f"正在排版考核档案：第 {index + 1} / {len(dossiers)} 人（{dossier.name}）"))
    title = DOSSIER_TITLE if len(dossiers) != 1 else f"{DOSSIER_TITLE}（{dossiers[0].name}）"
    layout.render(story, target, state, title=title)
    return state.pages


__all__ = ["DOSSIER_TITLE", "SECTIONS", "period", "year_note", "year_notes", "DossierParts", "dossier_story",
           "build_dossiers_pdf"]
