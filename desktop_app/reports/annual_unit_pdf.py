"""A unit's annual results (单位年度考核结果表), for the unit's file and the committee's papers.

A GB/T 9704 page: the title; a sentence on where the grades stand (all decided, locked, or how
many still undecided); 一、领导班子 — the team's parts of the composite score, composite,
proposed and final grade and a short note; 二、干部 — the same for every cadre (序号, 姓名,
职务…); 三、等次调整说明 — the full reasons, numbered 注1, 注2…, that the short notes point to (each rule
that changed a grade, ties at the quota line, the committee's changes with their reasons);
四、后续措施 (rule 11); the issuer and the date. Tables repeat their header on every page.

The builder takes plain data (`AnnualUnitDocument`); reports.annual_print fills it from the
year's assessment.
"""

from dataclasses import dataclass, field

from reportlab.platypus import Spacer

from desktop_app.reports import layout
from desktop_app.reports.annual_parts import (
    fitted_table,
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
from desktop_app.reports.layout import LINE, PageState, make_styles, para

GRADE_HEADERS = ("综合得分", "拟定等次", "审定等次", "说明")


@dataclass
class SubjectRow:
    """One team or cadre as printed: every value already a text ("92.50", "—", "称职")."""

    name: str
    post: str = ""
    parts: list[str] = field(default_factory=list)
    composite: str = "—"
    proposed: str = "—"
    final: str = "未审定"
    note: str = ""  # the short note: rules by name, 审定调整, 提请审定 — and the number of the full note (注2)


@dataclass
class AnnualUnitDocument:
    """Everything the unit's results print."""

    unit: str
    year: int
    team: SubjectRow | None
    cadres: list[SubjectRow]
    team_parts: list[str] = field(default_factory=list)   # names of the team's composite parts
    cadre_parts: list[str] = field(default_factory=list)  # names of the cadres' composite parts
    status: str = ""                                       # where the grades stand, a sentence
    explanations: list[str] = field(default_factory=list)  # 等次调整说明, in the order the notes number them
    follow_ups: list[str] = field(default_factory=list)    # 后续措施
    issuer: str = ""
    issued_on: DateLike | None = None
    title: str = ""

    def title_text(self) -> str:
        return self.title or f"{self.unit}{self.year}年度考核结果"


def unit_fonts(document: AnnualUnitDocument) -> dict[str, str]:
    fixed = "".join(GRADE_HEADERS) + "序号姓名职务对象领导班子干部等次调整说明后续措施无记录。年月日"
    issued = chinese_date(document.issued_on) if document.issued_on else ""
    return report_fonts(document.title_text(), texts_of(document) + fixed + issued)


def team_table(document: AnnualUnitDocument, fonts: dict[str, str]):
    team = document.team
    columns = ["对象", *(two_lines(p) for p in document.team_parts), *(two_lines(h) for h in GRADE_HEADERS)]
    row = [team.name, *team.parts, team.composite, team.proposed, team.final, team.note]
    last = len(columns) - 1
    return fitted_table(fonts, columns, [row], wrap={0, last}, left={last}, minimum={0: 4, last: 7})


def cadre_table(document: AnnualUnitDocument, fonts: dict[str, str]):
    columns = ["序号", "姓名", "职务", *(two_lines(p) for p in document.cadre_parts),
               *(two_lines(h) for h in GRADE_HEADERS)]
    rows = [[str(n), c.name, c.post, *c.parts, c.composite, c.proposed, c.final, c.note]
            for n, c in enumerate(document.cadres, start=1)]
    last = len(columns) - 1
    return fitted_table(fonts, columns, rows, wrap={2, last}, left={2, last}, minimum={2: 6, last: 7})


def unit_story(document: AnnualUnitDocument, fonts: dict[str, str]) -> list:
    """The flowables of the unit's results, top to bottom."""
    styles = make_styles(fonts)
    story = [title_paragraph(document.title_text(), styles["title"]), Spacer(0, LINE * 0.4)]
    if document.status:
        story.append(para(document.status, styles["body"]))
    story += numbered_heading(0, "领导班子", styles)
    story += [team_table(document, fonts)] if document.team else none_line(fonts, "本单位领导班子本年度未参加考核。")
    story += numbered_heading(1, "干部", styles)
    story += [cadre_table(document, fonts)] if document.cadres else none_line(fonts, "本单位本年度没有考核的干部。")
    story += numbered_heading(2, "等次调整说明", styles)
    story += note_lines(fonts, document.explanations, prefix="注") if document.explanations else none_line(
        fonts, "本单位没有因规则调整或经审定改变的等次。")
    closing = numbered_heading(3, "后续措施", styles)
    closing += note_lines(fonts, document.follow_ups) if document.follow_ups else none_line(fonts, "无。")
    return story + with_signature(closing, document.issuer, document.issued_on, styles)


def build_annual_unit_pdf(document: AnnualUnitDocument, target) -> int:
    """Write the unit's results to `target` (a path or a binary file object); the page count."""
    fonts = unit_fonts(document)
    state = PageState(fonts=fonts, continued=f"{document.title_text()}（续）")
    layout.render(unit_story(document, fonts), target, state, title=document.title_text())
    return state.pages


__all__ = ["SubjectRow", "AnnualUnitDocument", "unit_story", "build_annual_unit_pdf"]
