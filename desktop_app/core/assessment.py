"""年度考核审定: the year's proposed grades (the rules engine over the facts read from the database),
the committee's decisions (审定等次) and locking the year (锁定).

    a = assess_year(db, 2025)              # every team and cadre: proposal, composite parts, decision
    decide(store, 2025, "cadre", cadre_id, "称职", "理由")   # an override needs a reason
    accept_proposals(store, 2025)          # the rest as proposed (not the tied, not those without a grade)
    lock_assessment(store, 2025)           # refused while any is undecided

A decision records the proposed grade it was made against, who decided (the store's operator) and
when; every write is one batch (one undo step). A locked year's decisions are refused by the store
itself (core.year_locks), for every caller. Proposals are never stored: they are computed from the
facts each time, so a decision whose proposal has changed since is shown as such (`stale`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from desktop_app.core.annual.composite import score_text
from desktop_app.core.annual.engine import CADRE, NO_GRADE_FLAG, TEAM, Proposal
from desktop_app.core.annual.facts import POST_TYPES
from desktop_app.core.annual.quota import TIE_FLAG, QuotaUsage
from desktop_app.core.annual.year_facts import default_as_of, year_proposals
from desktop_app.core.clock import today_iso
from desktop_app.core.duplicates import folded_into
from desktop_app.core.errors import RecordNotFound, RuleViolation, ValidationError
from desktop_app.core.natural_ids import decision_id
from desktop_app.core.normalize import clean_prose, clean_text
from desktop_app.core.rule_sets import validate_year
from desktop_app.core.store import Changes, RecordStore
from desktop_app.core.year_locks import (
    YearLock,
    is_locked,
    lock_year,
    locked_years,
    refuse_locked_write,
    reopen_year,
    year_lock,
)

KINDS = {TEAM: "领导班子", CADRE: "干部"}
DECISION_FIELDS = ("proposed_grade", "final_grade", "reason", "decided_by", "decided_on")
SHOWN_UNDECIDED = 5  # names a refusal to lock lists


def named(names) -> str:
    """The first SHOWN_UNDECIDED names joined with 、, and 等 when there are more."""
    names = list(names)
    return "、".join(names[:SHOWN_UNDECIDED]) + ("等" if len(names) > SHOWN_UNDECIDED else "")


@dataclass(frozen=True)
class Assessed:
    """One team or cadre of the year: the engine's proposal, the composite's parts, the decision."""

    proposal: Proposal
    parts: Mapping[str, object]  # 月度实绩 / 季度评议 / 年度测评, or 责任制考核 / 年度测评 / 民意调查 (None: no data)
    decision: Mapping | None = None  # proposed_grade, final_grade, reason, decided_by, decided_on
    notes: tuple[str, ...] = ()  # committee information (异议属实, 其他处分, 黄牌明细, 未审核报告 …)
    title: str = ""  # a cadre's 职务

    @property
    def kind(self) -> str:
        return self.proposal.kind

    @property
    def subject_id(self) -> str:
        return self.proposal.subject_id

    @property
    def name(self) -> str:
        return self.proposal.name

    @property
    def unit_id(self) -> str:
        return self.proposal.unit_id

    @property
    def unit_name(self) -> str:
        return self.proposal.unit_name

    @property
    def post_type(self) -> str:
        return self.proposal.post_type

    @property
    def composite(self):
        return self.proposal.composite

    @property
    def proposed(self) -> str | None:
        return self.proposal.grade

    @property
    def final_grade(self) -> str | None:
        return self.decision["final_grade"] if self.decision else None

    @property
    def grade(self) -> str | None:
        """The final grade once decided, else the proposed one."""
        return self.final_grade or self.proposed

    @property
    def decided(self) -> bool:
        return self.decision is not None

    @property
    def overridden(self) -> bool:
        return self.decided and self.final_grade != self.proposed

    @property
    def stale(self) -> bool:
        """Decided against a proposal that has changed since (the facts changed after the decision)."""
        return self.decided and (self.decision.get("proposed_grade") or None) != self.proposed

    @property
    def changed_by_rule(self) -> bool:
        return self.proposal.changed

    @property
    def tied(self) -> bool:
        return any(flag.startswith(TIE_FLAG) for flag in self.proposal.flags)

    @property
    def needs_committee(self) -> bool:
        return self.tied or self.proposed is None

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.proposal.reasons

    @property
    def composite_text(self) -> str:
        return score_text(self.composite)

    @property
    def label(self) -> str:
        """丹江镇领导班子 / 张三（丹江镇 党委书记）."""
        if self.kind == TEAM:
            return self.name
        return f"{self.name}（{self.unit_name}{' ' + self.title if self.title else ''}）"


@dataclass(frozen=True)
class YearAssessment:
    year: int
    teams: tuple[Assessed, ...]  # units in display order
    cadres: tuple[Assessed, ...]  # by unit, then 正职/副职/班子成员, then name
    quotas: tuple[QuotaUsage, ...]  # the engine's, per scale
    lock: YearLock | None
    as_of: str = ""
    source: str = ""  # the rule set used: 2025年规则方案 / 沿用2024年规则方案 / 默认规则方案
    grades: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind → the scale, best first
    # decisions whose team or cadre is no longer assessed in the year (their posts were changed since):
    # (kind, subject id, name, final grade)
    orphans: tuple[tuple[str, str, str, str], ...] = ()

    @property
    def locked(self) -> bool:
        return bool(self.lock and self.lock.locked)

    @property
    def changed_since_lock(self) -> str:
        """What changed in a locked year's subjects after it was decided (任职经历 edited later): people
        now assessed without a decision, decisions of people no longer assessed; "" when nothing."""
        if not self.locked or not (self.undecided or self.orphans):
            return ""
        parts = []
        if self.undecided:
            parts.append(f"{len(self.undecided)} 个考核对象没有审定等次（{named(s.label for s in self.undecided)}）")
        if self.orphans:
            parts.append(f"{len(self.orphans)} 项审定的对象已不在本年度考核范围（{named(o[2] for o in self.orphans)}）")
        return (f"锁定后任职经历有变动：{'；'.join(parts)}。请核对任职经历；确需调整审定结果的，"
                "请重新开放本年度（须写明原因）。")

    @property
    def subjects(self) -> tuple[Assessed, ...]:
        return self.teams + self.cadres

    @property
    def undecided(self) -> tuple[Assessed, ...]:
        return tuple(s for s in self.subjects if not s.decided)

    def team(self, unit_id: str) -> Assessed | None:
        return next((s for s in self.teams if s.subject_id == unit_id), None)

    def cadre(self, cadre_id: str) -> Assessed | None:
        return next((s for s in self.cadres if s.subject_id == cadre_id), None)

    def subject(self, kind: str, subject_id: str) -> Assessed | None:
        return self.team(subject_id) if kind == TEAM else self.cadre(subject_id)

    def unit_cadres(self, unit_id: str) -> tuple[Assessed, ...]:
        return tuple(s for s in self.cadres if s.unit_id == unit_id)

    def quota(self, kind: str) -> QuotaUsage | None:
        return next((q for q in self.quotas if q.kind == kind), None)

    def final_counts(self, kind: str) -> dict[str, int]:
        """Per grade of the scale: how many have it (the final grade once decided, else the proposed)."""
        subjects = self.teams if kind == TEAM else self.cadres
        return {g: sum(s.grade == g for s in subjects) for g in self.grades.get(kind, ())}


# -- reading -------------------------------------------------------------------------------------------
def assess_year(db, year: int, *, as_of: str | None = None) -> YearAssessment:
    """Every team and cadre of `year` with the proposal, its parts and the committee's decision.
    `as_of`: the day facts are read on (annual/year_facts.default_as_of: today, or the day after a
    year gone by)."""
    year = validate_year(year)
    as_of = as_of or default_as_of(year, today_iso())
    rules, details, result, source = year_proposals(db, year, as_of)
    decisions = _decisions(db, year)

    def assessed(proposal: Proposal) -> Assessed:
        detail = details[(proposal.kind, proposal.subject_id)]
        return Assessed(proposal, detail.parts, decisions.get((proposal.kind, proposal.subject_id)), detail.notes,
                        detail.title)

    unit_order = {key[1]: d.order for key, d in details.items() if key[0] == TEAM}
    teams = sorted(map(assessed, result.teams), key=lambda s: unit_order[s.unit_id])
    cadres = sorted(map(assessed, result.cadres), key=lambda s: (
        unit_order.get(s.unit_id, 0), POST_TYPES.index(s.post_type), s.name, s.subject_id))
    assessed_keys = {(s.kind, s.subject_id) for s in teams + cadres}
    orphans = tuple((kind, subject_id, _subject_name(db, kind, subject_id), decision["final_grade"])
                    for (kind, subject_id), decision in sorted(decisions.items())
                    if (kind, subject_id) not in assessed_keys)
    return YearAssessment(year, tuple(teams), tuple(cadres), result.quotas, year_lock(db, year), as_of, source,
                          {TEAM: rules.team.grades, CADRE: rules.cadre.grades}, orphans)


def _decisions(db, year: int) -> dict[tuple[str, str], dict]:
    """(kind, subject id) → the decision; one about a duplicate folded away counts for the record kept."""
    folded = folded_into(db, "units") | folded_into(db, "cadres")
    rows = db.execute(f"SELECT kind, subject_id, {', '.join(DECISION_FIELDS)} FROM annual_decisions"
                      " WHERE year = ? AND deleted = 0", [year]).fetchall()
    found: dict[tuple[str, str], dict] = {}
    for kind, subject_id, *values in sorted(rows, key=lambda r: r[1] in folded):
        found.setdefault((kind, folded.get(subject_id, subject_id)), dict(zip(DECISION_FIELDS, values, strict=True)))
    return found


def assessment_years(db, today: str | None = None) -> list[int]:
    """Years with something to assess, newest first: those with reports, quarterly sessions, annual
    inputs, registers, decisions or a lock, and this year and last when team posts were held then."""
    years = {int(y) for (y,) in db.execute(
        "SELECT substr(month, 1, 4) FROM reports WHERE deleted = 0 UNION SELECT year FROM evaluation_sessions"
        " WHERE deleted = 0 UNION SELECT year FROM annual_inputs WHERE deleted = 0 UNION SELECT year FROM"
        " annual_decisions WHERE deleted = 0 UNION SELECT year FROM year_locks WHERE deleted = 0"
        " UNION SELECT substr(issued_on, 1, 4) FROM supervision_notices WHERE deleted = 0"
        " UNION SELECT substr(deadline, 1, 4) FROM supervised_tasks WHERE deleted = 0") if str(y).isdigit()}
    this_year = int((today or today_iso())[:4])
    for year in (this_year, this_year - 1):
        held = db.execute("SELECT 1 FROM posts WHERE deleted = 0 AND post_type IN ('正职', '副职', '班子成员')"
                          " AND start_date < ? AND (end_date IS NULL OR end_date = '' OR end_date > ?) LIMIT 1",
                          [f"{year + 1}-01-01", f"{year}-01-01"]).fetchone()
        if held:
            years.add(year)
    return sorted(years, reverse=True)


def committee_year(today: str) -> int:
    """The year a committee normally works on: last year until the end of March, then this year."""
    return int(today[:4]) - 1 if int(today[5:7]) <= 3 else int(today[:4])


def working_year(db, today: str) -> int:
    """The year the 年度考核 page opens on: the latest year up to committee_year(today) whose inputs
    have been entered and that is not locked yet (the work in hand); else committee_year(today)."""
    latest = committee_year(today)
    row = db.execute("SELECT MAX(year) FROM annual_inputs WHERE deleted = 0 AND year <= ? AND year NOT IN"
                     " (SELECT year FROM year_locks WHERE deleted = 0 AND locked = 1)", [latest]).fetchone()
    return row[0] if row and row[0] is not None else latest


# -- for tables and the command line -----------------------------------------------------------------
AS_PROPOSED = "（未审定的按拟定）"  # after a count or a label of final grades that takes the undecided as proposed


def quota_lines(a: YearAssessment) -> list[str]:
    """Each scale's top grade: the quota (rule 1), how many are proposed, tied at the line and
    holding it after the decisions (超出限额 said when the final grades exceed it; while some are
    undecided, counted at their proposed grade and said so: AS_PROPOSED)."""
    lines = []
    for kind, subjects in ((TEAM, a.teams), (CADRE, a.cadres)):
        top, (one, many) = a.grades[kind][0], ("个", "个单位") if kind == TEAM else ("名", "名干部")
        usage, final = a.quota(kind), a.final_counts(kind).get(top, 0)
        proposed = sum(s.proposed == top for s in subjects)
        after = "审定后" + (AS_PROPOSED if any(s.final_grade is None for s in subjects) else " ")
        if usage is None:
            lines.append(f"{KINDS[kind]}'{top}'：不限额（规则 1 未启用），拟定 {proposed} {one}，{after}{final} {one}")
            continue
        tied = f"（其中并列待定 {usage.tied} {one}，尚余名额 {usage.open_seats} {one}）" if usage.tied else ""
        over = f"，超出限额 {final - usage.allowed} {one}" if final > usage.allowed else ""
        lines.append(f"{KINDS[kind]}'{top}'：限额 {usage.allowed} {one}（{usage.assessed} {many} × {usage.fraction}，"
                     f"{usage.rounding}），拟定 {proposed} {one}{tied}，{after}{final} {one}{over}")
    return lines


def assessment_rows(a: YearAssessment) -> list[dict]:
    """One flat row per team and cadre (teams first), plain values for tables, JSON and workbooks."""
    return [_row(s) for s in a.subjects]


def _row(s: Assessed) -> dict:
    decision = s.decision or {}
    return {"kind": s.kind, "kind_label": KINDS[s.kind], "subject_id": s.subject_id, "unit_id": s.unit_id,
            "unit": s.unit_name, "name": s.name, "title": s.title, "post_type": s.post_type,
            "composite": None if s.composite is None else float(s.composite), "composite_text": s.composite_text,
            "parts": {k: None if v is None else float(v) for k, v in s.parts.items()},
            "parts_text": {k: score_text(v) for k, v in s.parts.items()}, "base_grade": s.proposal.base_grade,
            "proposed": s.proposed, "final": s.final_grade, "decided_by": decision.get("decided_by", ""),
            "decided_on": decision.get("decided_on", ""), "decision_reason": decision.get("reason", ""),
            "decided_against": decision.get("proposed_grade", ""), "overridden": s.overridden, "stale": s.stale,
            "changed_by_rule": s.changed_by_rule, "tied": s.tied, "needs_committee": s.needs_committee,
            "reasons": list(s.reasons), "flags": list(s.proposal.flags), "follow_ups": list(s.proposal.follow_ups),
            "veto": s.proposal.veto, "notes": list(s.notes)}


# -- deciding -----------------------------------------------------------------------------------------
def decide(store: RecordStore, year: int, kind: str, subject_id: str, final_grade: str, reason: str = "") -> Changes:
    """The committee's grade for one team or cadre (审定). A grade other than the proposed one needs
    a reason (ValidationError {"reason": …}); the grade must be one of the year's scale."""
    year = _open_year(store.db, year)
    if kind not in KINDS:
        raise ValidationError({"kind": f"审定对象须为 {'、'.join(KINDS.values())}"})
    assessment = assess_year(store.db, year)
    subject = assessment.subject(kind, subject_id)
    if subject is None:
        raise RecordNotFound(f"{year}年度考核中没有这个{KINDS[kind]}（可能已不在考核名单中）。")
    final_grade, reason = clean_text(final_grade), clean_prose(reason)
    scale = assessment.grades[kind]
    if final_grade not in scale:
        raise ValidationError({"final_grade": f"审定等次须为 {'、'.join(scale)} 之一（现为 {final_grade or '空'}）"})
    if final_grade != subject.proposed and not reason:
        raise ValidationError({"reason": f"{subject.name}审定为'{final_grade}'，与拟定等次'{subject.proposed or '无'}'"
                                         "不同，须写明理由"})
    if not reason and (beyond := _beyond_quota(assessment, subject, final_grade)):
        raise ValidationError({"reason": beyond})
    change = f"（拟定'{subject.proposed or '无'}'：{reason}）" if final_grade != subject.proposed else ""
    with store.batch(f"审定{year}年度等次：{subject.name} '{final_grade}'{change}") as batch:
        _write_decision(store, year, subject, final_grade, reason)
    return batch.changes()


def _beyond_quota(a: YearAssessment, subject: Assessed, final_grade: str) -> str:
    """Why a decision to the top grade needs a reason: the decided top grades would exceed the
    quota (rule 1) — as when the committee keeps every one of a tie at the line. "" otherwise."""
    usage, top = a.quota(subject.kind), a.grades[subject.kind][0]
    if usage is None or final_grade != top:
        return ""
    subjects = a.teams if subject.kind == TEAM else a.cadres
    held = 1 + sum(s.final_grade == top for s in subjects if s.subject_id != subject.subject_id)
    if held <= usage.allowed:
        return ""
    one = "个" if subject.kind == TEAM else "名"
    return f"审定为'{top}'的将有 {held} {one}，超过限额 {usage.allowed} {one}，须写明理由"


def accept_proposals(store: RecordStore, year: int) -> Changes:
    """Decide every undecided team and cadre as proposed (采纳拟定等次), in one step; those tied at
    the quota line and those without a proposed grade are left to the committee."""
    year = _open_year(store.db, year)
    ready = [s for s in assess_year(store.db, year).undecided if not s.needs_committee]
    if not ready:
        return Changes()
    with store.batch(f"采纳{year}年度拟定等次（{len(ready)} 个）") as batch:
        for subject in ready:
            _write_decision(store, year, subject, subject.proposed, "")
    return batch.changes()


def clear_decision(store: RecordStore, year: int, kind: str, subject_id: str) -> Changes:
    """Take a decision back (撤销审定): the subject is undecided again."""
    year = _open_year(store.db, year)
    record_id = decision_id(year, kind, subject_id)
    row = store.db.execute("SELECT final_grade FROM annual_decisions WHERE id = ? AND deleted = 0",
                           [record_id]).fetchone()
    if row is None:
        raise RecordNotFound(f"{_subject_name(store.db, kind, subject_id)}{year}年度尚未审定。")
    with store.batch(f"撤销审定{year}年度等次：{_subject_name(store.db, kind, subject_id)} '{row[0]}'") as batch:
        store.delete("annual_decisions", record_id)
    return batch.changes()


def lock_assessment(store: RecordStore, year: int) -> Changes:
    """Lock the year once every team and cadre is decided (审定后锁定); refused, naming how many and
    a few of them, while any is undecided or decided against a proposal that has changed since."""
    year = validate_year(year)
    if is_locked(store.db, year):
        raise RuleViolation(f"{year}年度考核已经锁定。")
    assessment = assess_year(store.db, year)
    if not assessment.subjects:
        raise RuleViolation(f"{year}年度没有考核对象，无需锁定。")
    undecided = assessment.undecided
    if undecided:
        raise RuleViolation(f"{year}年度还有 {len(undecided)} 个考核对象未审定（{named(s.label for s in undecided)}），请全部审定后再锁定。")
    stale = [s for s in assessment.subjects if s.stale]
    if stale:
        raise RuleViolation(f"{year}年度有 {len(stale)} 个考核对象审定后拟定等次又有变化（{named(s.label for s in stale)}），"
                            "请重新审定（或确认原审定）后再锁定。")
    return lock_year(store, year)


def reopen_assessment(store: RecordStore, year: int, reason: str) -> Changes:
    """Reopen a locked year (管理员重新开放, with the reason): core.year_locks.reopen_year."""
    return reopen_year(store, validate_year(year), reason)


def _open_year(db, year) -> int:
    """The year, when it is not locked (the store's own refusal, before the year is assessed)."""
    year = validate_year(year)
    refuse_locked_write(db, "annual_decisions", {"year": year}, None, locked_years(db))
    return year


def _write_decision(store: RecordStore, year: int, subject: Assessed, final_grade: str, reason: str) -> None:
    store.put("annual_decisions", decision_id(year, subject.kind, subject.subject_id), {
        "year": year, "kind": subject.kind, "subject_id": subject.subject_id, "unit_id": subject.unit_id,
        "proposed_grade": subject.proposed or "", "final_grade": final_grade, "reason": reason,
        "decided_by": store.operator, "decided_on": today_iso(store.clock)})


def _subject_name(db, kind: str, subject_id: str) -> str:
    table, suffix = ("units", "领导班子") if kind == TEAM else ("cadres", "")
    row = db.execute(f"SELECT name FROM {table} WHERE id = ?", [subject_id]).fetchone()
    return f"{row[0]}{suffix}" if row else KINDS.get(kind, "该对象")


__all__ = ["KINDS", "NO_GRADE_FLAG", "TIE_FLAG", "Assessed", "YearAssessment", "assess_year", "assessment_years",
           "AS_PROPOSED", "quota_lines", "assessment_rows", "decide", "accept_proposals", "clear_decision", "lock_assessment", "reopen_assessment"]
