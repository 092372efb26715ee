"""What the 审定 tab says of the selected team or cadre, under the table: the composite score and
its parts, every rule applied (规则N 名称：前 → 后，理由), the committee's flags, the veto, the
follow-ups, the notes and the decision (who, when, why). Plain HTML for a read-only text view,
so the operator can select and copy any of it.
"""

from html import escape

from desktop_app.core.annual.composite import score_text
from desktop_app.core.assessment import Assessed
from desktop_app.gui.models.annual_review_models import STALE, state_of

NONE = "无"
HINT = "选中一行，这里显示其综合得分的构成、每条规则的调整及理由、提请审定事项、后续处理和审定情况。"


def _grade(grade: str | None) -> str:
    return f"“{grade}”" if grade else NONE


def _section(title: str, lines: list[str]) -> str:
    if not lines:
        return ""
    items = "".join(f"<li>{line}</li>" for line in lines)
    return f"<p style='margin:6px 0 2px 0'><b>{escape(title)}</b></p><ul style='margin:0'>{items}</ul>"


def score_line(subject: Assessed) -> str:
    """综合得分 84.0（月度实绩 75.5、季度评议 92.6、年度测评 —）."""
    parts = "、".join(f"{escape(name)} {score_text(value)}" for name, value in subject.parts.items())
    return f"综合得分 {subject.composite_text}" + (f"（{parts}）" if parts else "")


def grade_line(subject: Assessed) -> str:
    base, proposed = subject.proposal.base_grade, subject.proposed
    if base == proposed:
        return f"按得分定等 {_grade(base)}，拟定等次 {_grade(proposed)}"
    return f"按得分定等 {_grade(base)}，经规则调整后拟定等次 {_grade(proposed)}"


def step_lines(subject: Assessed) -> list[str]:
    lines = []
    for step in subject.proposal.steps:
        change = f"{_grade(step.before)} → {_grade(step.after)}" if step.changed else f"{_grade(step.after)}（未改变）"
        lines.append(f"规则{step.rule} {escape(step.name)}：{change}。{escape(step.reason)}")
    return lines


def decision_lines(subject: Assessed) -> list[str]:
    decision = subject.decision
    if decision is None:
        waiting = "需审定委员会逐项决定" if subject.needs_committee else "可按拟定等次审定"
        return [f"尚未审定（{waiting}）。"]
    who = "，".join(escape(x) for x in (decision.get("decided_by") or "", (decision.get("decided_on") or "")[:10]) if x)
    lines = [f"审定等次 {_grade(subject.final_grade)}" + (f"（{who}）" if who else "")]
    if subject.overridden:
        lines.append(f"与拟定等次 {_grade(subject.proposed)} 不同，理由：{escape(decision.get('reason') or '未填写')}")
    if state_of(subject) == STALE:
        lines.append(f"<span style='color:#b3261e'>审定时的拟定等次为 {_grade(decision.get('proposed_grade') or None)}，"
                     f"现在为 {_grade(subject.proposed)}（此后数据有变化），请重新审定。</span>")
    return lines


def detail_html(subject: Assessed | None) -> str:
    """The whole detail of `subject` (None: the hint)."""
    if subject is None:
        return f"<p style='color:#5f6368'>{HINT}</p>"
    proposal = subject.proposal
    head = f"<p style='margin:0 0 4px 0'><b>{escape(subject.label)}</b>　{score_line(subject)}；{grade_line(subject)}</p>"
    return head + "".join((
        _section("规则调整", step_lines(subject)),
        _section("提请审定", [escape(flag) for flag in proposal.flags]),
        _section("一票否决", [escape(proposal.veto)] if proposal.veto else []),
        _section("后续处理", [escape(item) for item in proposal.follow_ups]),
        _section("说明", [escape(note) for note in subject.notes]),
        _section("审定", decision_lines(subject)),
    ))
