"""The 2024 committee of the demo (审定委员会): every team and cadre decided and the year locked.

Most proposals are taken as they are; a few are overridden with the reason written down (a cadre
lowered to 不称职 after an inspection, a deputy with a 党纪警告 lowered one grade, a cadre raised
whose only missing month was sick leave documented afterwards), and the tie at the quota line is
settled (the seat left to the first, the other one grade lower, with the reason). The decisions
and the lock are dated as a county would do it (late February and early March 2025) — the
records core.assessment.decide and core.year_locks.lock_year write, with those dates.
"""

from desktop_app.core.annual.engine import CADRE, TEAM
from desktop_app.core.natural_ids import decision_id, year_lock_id

DECIDED_ON = "2025-02-26"  # the committee's meeting on 2024 (审定)
LOCKED_ON = "2025-03-05T10:00:00+08:00"
TIE_REASON = "综合得分与他人并列于'{top}'等次限额线，名额不足，经审定委员会研究，综合重点项目完成情况确定"


def decide_year(store, facts, year: int, proposals, quotas, rules, cast) -> dict[tuple[str, str], str]:
    """Decide every team and cadre of `year` (`proposals`: core.assessment.Assessed, undecided) and
    lock the year. Returns the final grades by (kind, subject id)."""
    overrides = _overrides(store.db, year, proposals, cast)
    seats = {usage.kind: usage.open_seats for usage in quotas}
    finals = {}
    for subject in proposals:
        grades = (rules.team if subject.kind == TEAM else rules.cadre).grades
        final, reason = overrides.get((subject.kind, subject.subject_id), (subject.proposed, ""))
        if subject.tied:
            final, reason = (grades[0], "") if seats[subject.kind] > 0 else (grades[1], TIE_REASON.format(top=grades[0]))
            seats[subject.kind] -= 1
        elif final is None:
            final, reason = grades[1], "缺少综合得分，经审定委员会研究确定"
        _decision(store, facts, year, subject, final, reason)
        finals[(subject.kind, subject.subject_id)] = final
    store.insert("year_locks", {"year": year, "locked": 1, "locked_by": store.operator, "locked_on": LOCKED_ON,
                                "reopened_by": "", "reopened_on": "", "reason": ""}, record_id=year_lock_id(year))
    facts.written["year_locks"] += 1
    facts.progress.advance(len(finals), "正在生成年度考核审定结果")
    return finals


def _overrides(db, year: int, proposals, cast) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, id) → (final grade, reason) of the decisions other than proposed."""
    found = {}
    by_cadre = {s.subject_id: s for s in proposals if s.kind == CADRE}
    repeat = by_cadre.get(cast.repeat)
    if repeat is not None and repeat.proposed != "不称职":
        found[repeat.subject_id] = ("不称职", "年度民主测评不称职票超过三分之一，经组织考察核实，分管工作多项任务未完成、"
                                             "群众反映强烈，经审定委员会研究评为'不称职'")
    for (cadre_id,) in db.execute("SELECT cadre_id FROM sanctions WHERE deleted = 0 AND category = '党纪处分'"
                                  " AND decided_on >= ? AND decided_on < ? ORDER BY decided_on, id",
                                  [f"{year}-01-01", f"{year + 1}-01-01"]):
        sanctioned = by_cadre.get(cadre_id)
        if sanctioned is not None and sanctioned.proposed in ("优秀", "称职") and not sanctioned.reasons:
            found[cadre_id] = ("基本称职", "当年受到党纪警告处分，经审定委员会研究评为'基本称职'")
    missed = [s for s in by_cadre.values() if s.proposed in ("基本称职", "不称职") and s.parts.get("月度实绩") == 0
              and s.subject_id not in cast.cadres and s.subject_id not in found and not s.reasons]
    if missed:
        found[missed[0].subject_id] = ("称职", "12月工作实绩报告因住院治疗未能按期报送，已补交病假证明并补报，"
                                               "经审定委员会研究评为'称职'")
    return {(CADRE, cadre_id): decision for cadre_id, decision in found.items()}


def _decision(store, facts, year: int, subject, final: str, reason: str) -> None:
    store.insert("annual_decisions", {
        "year": year, "kind": subject.kind, "subject_id": subject.subject_id, "unit_id": subject.unit_id,
        "proposed_grade": subject.proposed or "", "final_grade": final, "reason": reason,
        "decided_by": store.operator, "decided_on": DECIDED_ON}, record_id=decision_id(year, subject.kind,
                                                                                         subject.subject_id))
    facts.written["annual_decisions"] += 1


__all__ = ["DECIDED_ON", "LOCKED_ON", "decide_year"]
