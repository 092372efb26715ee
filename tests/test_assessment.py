"""年度考核审定 (core/assessment.py): the year's proposals on a real database, the committee's
decisions (an override needs a reason), accepting the rest, locking (refused while undecided),
reopening, undo; and the engine's properties the hand-worked tests do not cover (cascades always
hold, every change has a reason)."""

import pytest
from conftest import id_number
from hypothesis import given, settings
from test_annual_rules import year_facts as year_facts_cases

from desktop_app.core import cadres, units
from desktop_app.core.annual_inputs import save_cadre_inputs, save_team_inputs
from desktop_app.core.annual_rules import CADRE_GRADES, TEAM_GRADES, propose_grades
from desktop_app.core.assessment import (
    accept_proposals,
    assess_year,
    assessment_rows,
    assessment_years,
    clear_decision,
    decide,
    lock_assessment,
    quota_lines,
    reopen_assessment,
)
from desktop_app.core.errors import RecordNotFound, RuleViolation, ValidationError
from desktop_app.core.natural_ids import decision_id
from desktop_app.core.year_locks import is_locked

LOCKED = "2025年度考核已锁定，不能再修改该年度的数据（审定等次）。如确需修改，请管理员在「年度考核」页重新开放该年度（须写明原因）。"


def votes(**counts) -> dict:
    return {"valid": sum(counts.values()) + 1, "counts": counts}  # one ballot left blank for the person


@pytest.fixture
def year(store):
    """Three towns (one seat of 好: 丹江镇 and 西江镇 tie at 95) and five cadres (one seat of 优秀)."""
    ids = {}
    for name, score in (("丹江镇", "95"), ("西江镇", "95"), ("大塘镇", "72")):
        ids[name], _ = units.add_unit(store, {"name": name, "kind": "乡镇"})
        save_team_inputs(store, 2025, ids[name], {"responsibility_score": score})
    for n, (unit, name, kind, counts) in enumerate([("丹江镇", "张三", "副职", {"优秀": 10}),  # 100
                                                    ("丹江镇", "李四", "正职", {"称职": 10}),  # 80
                                                    ("西江镇", "赵六", "正职", {"优秀": 5, "称职": 5}),  # 90
                                                    ("西江镇", "孙七", "副职", {"基本称职": 10}),  # 60
                                                    ("大塘镇", "周八", "正职", {"不称职": 10})]):  # 40
        ids[name] = cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n}31")},
                                     {"unit_id": ids[unit], "title": "职务", "post_type": kind,
                                      "start_date": "2024-01-01"}).record_id
        save_cadre_inputs(store, 2025, ids[unit], ids[name], {"evaluation": votes(**counts)})
    return ids


def test_the_year_assessed_in_order_with_quotas_and_ties(store, year):
    a = assess_year(store.db, 2025, as_of="2026-01-01")
    assert [t.name for t in a.teams] == ["丹江镇领导班子", "西江镇领导班子", "大塘镇领导班子"]
    assert [c.name for c in a.cadres] == ["李四", "张三", "赵六", "孙七", "周八"]  # by unit, 正职 first
    assert [(t.proposed, t.tied, t.needs_committee) for t in a.teams] == [("好", True, True), ("好", True, True),
                                                                          ("一般", False, False)]
    zhao = a.cadre(year["赵六"])  # 90 points, second behind 张三's 100: beyond the one seat
    assert (zhao.proposed, zhao.changed_by_rule, zhao.composite_text) == ("称职", True, "90.0")
    assert zhao.reasons == ("'优秀'等次限额 1 名（5 名干部 × 15%，四舍五入），综合得分 90.0 排第 2 位，超出限额",)
    assert a.cadre(year["张三"]).parts == {"月度实绩": None, "季度评议": None, "年度测评": 100}
    assert a.final_counts("cadre") == {"优秀": 1, "称职": 2, "基本称职": 1, "不称职": 1}
    assert len(a.undecided) == 8 and not a.locked and a.unit_cadres(year["西江镇"])[0].name == "赵六"
    assert quota_lines(a) == [
        "领导班子'好'：限额 1 个（3 个单位 × 1/3，四舍五入），拟定 2 个（其中并列待定 2 个，尚余名额 1 个），审定后（未审定的按拟定）2 个，"
        "超出限额 1 个",
        "干部'优秀'：限额 1 名（5 名干部 × 15%，四舍五入），拟定 1 名，审定后（未审定的按拟定）1 名"]
    rows = assessment_rows(a)
    assert rows[0]["name"] == "丹江镇领导班子" and rows[0]["parts"] == {"责任制考核": 95.0, "年度测评": None, "民意调查": None}
    assert rows[-1]["follow_ups"] == ["诫勉谈话，责令限期整改（年度考核评为'不称职'）", "诫勉（年度民主测评不满意票 10/11 达到三分之一）"]


def test_a_decision_records_the_proposal_who_and_when_and_an_override_needs_a_reason(store, year):
    decide(store, 2025, "cadre", year["李四"], "称职")
    with pytest.raises(ValidationError) as error:
        decide(store, 2025, "cadre", year["赵六"], "优秀")
    assert error.value.problems == {"reason": "赵六审定为'优秀'，与拟定等次'称职'不同，须写明理由"}
    changes = decide(store, 2025, "cadre", year["赵六"], "优秀", "  省级表彰，经审定委员会研究  ")
    assert changes.touches("annual_decisions") and changes.count == 1
    row = store.get("annual_decisions", decision_id(2025, "cadre", year["赵六"]))
    assert {k: row[k] for k in ("proposed_grade", "final_grade", "reason", "decided_by", "decided_on", "unit_id")} == {
        "proposed_grade": "称职", "final_grade": "优秀", "reason": "省级表彰，经审定委员会研究", "decided_by": "测试员",
        "decided_on": "2026-03-02", "unit_id": year["西江镇"]}
    a = assess_year(store.db, 2025)
    zhao, li = a.cadre(year["赵六"]), a.cadre(year["李四"])
    assert (zhao.final_grade, zhao.overridden, li.final_grade, li.overridden) == ("优秀", True, "称职", False)
    assert a.final_counts("cadre")["优秀"] == 2
    assert "审定后（未审定的按拟定）2 名，超出限额 1 名" in quota_lines(a)[1]  # 3 still undecided


def test_decisions_are_refused_outside_the_scale_or_the_year(store, year):
    with pytest.raises(ValidationError) as error:
        decide(store, 2025, "team", year["丹江镇"], "优秀", "理由")
    assert error.value.problems == {"final_grade": "审定等次须为 好、较好、一般、差 之一（现为 优秀）"}
    with pytest.raises(ValidationError, match="审定对象须为"):
        decide(store, 2025, "unit", year["丹江镇"], "好")
    with pytest.raises(RecordNotFound, match="2025年度考核中没有这个干部"):
        decide(store, 2025, "cadre", year["丹江镇"], "称职")
    with pytest.raises(RecordNotFound, match="张三2025年度尚未审定"):
        clear_decision(store, 2025, "cadre", year["张三"])


def test_accept_proposals_leaves_the_tied_to_the_committee_and_lock_names_who_is_left(store, year):
    changes = accept_proposals(store, 2025)
    assert changes.count == 6 and changes.batch_id  # 大塘镇 and the five cadres; the two tied towns wait
    assert accept_proposals(store, 2025).empty
    with pytest.raises(RuleViolation) as error:
        lock_assessment(store, 2025)
    assert error.value.message == "2025年度还有 2 个考核对象未审定（丹江镇领导班子、西江镇领导班子），请全部审定后再锁定。"
    decide(store, 2025, "team", year["丹江镇"], "好")
    with pytest.raises(ValidationError) as error:  # keeping both of the tie: over the quota, in writing only
        decide(store, 2025, "team", year["西江镇"], "好")
    assert error.value.problems == {"reason": "审定为'好'的将有 2 个，超过限额 1 个，须写明理由"}
    decide(store, 2025, "team", year["西江镇"], "较好", "并列时按民主测评好评率确定")
    lock_assessment(store, 2025)
    assert is_locked(store.db, 2025) and assess_year(store.db, 2025).locked
    for attempt in (lambda: decide(store, 2025, "team", year["西江镇"], "好"), lambda: accept_proposals(store, 2025),
                    lambda: clear_decision(store, 2025, "team", year["西江镇"])):
        with pytest.raises(RuleViolation) as error:
            attempt()
        assert error.value.message == LOCKED
    with pytest.raises(RuleViolation, match="2025年度考核已经锁定"):
        lock_assessment(store, 2025)
    with pytest.raises(ValidationError):
        reopen_assessment(store, 2025, " ")
    reopen_assessment(store, 2025, "省委巡视反馈需复核")
    clear_decision(store, 2025, "team", year["西江镇"])
    assert assess_year(store.db, 2025).team(year["西江镇"]).decision is None


def test_lock_names_a_few_and_says_how_many(store, year):
    with pytest.raises(RuleViolation) as error:
        lock_assessment(store, 2025)
    assert error.value.message == ("2025年度还有 8 个考核对象未审定（丹江镇领导班子、西江镇领导班子、大塘镇领导班子、"
                                   "李四（丹江镇 职务）、张三（丹江镇 职务）等），请全部审定后再锁定。")
    with pytest.raises(RuleViolation, match="2023年度没有考核对象"):
        lock_assessment(store, 2023)  # before anyone held a post


def test_a_decision_is_one_undo_step_and_a_changed_proposal_shows(store, year):
    changes = decide(store, 2025, "cadre", year["孙七"], "基本称职")
    assert assess_year(store.db, 2025).cadre(year["孙七"]).decided
    store.undo(changes.batch_id)
    assert assess_year(store.db, 2025).cadre(year["孙七"]).decision is None
    decide(store, 2025, "cadre", year["孙七"], "基本称职")
    save_cadre_inputs(store, 2025, year["西江镇"], year["孙七"], {"evaluation": votes(称职=10)})  # facts change after
    sun = assess_year(store.db, 2025).cadre(year["孙七"])
    assert (sun.proposed, sun.final_grade, sun.stale, sun.overridden) == ("称职", "基本称职", True, True)


def test_assessment_years(store, year):
    assert assessment_years(store.db, "2026-03-02") == [2026, 2025]  # inputs of 2025; posts held this year
    assert assessment_years(store.db, "2031-01-01") == [2031, 2030, 2025]


# -- engine properties --------------------------------------------------------------------------------------
@settings(max_examples=100, deadline=None)
@given(year_facts_cases())
def test_cascades_always_hold_and_every_change_has_a_reason(case):
    facts, rules, _ = case
    result = propose_grades(facts, rules)
    teams = {t.subject_id: t for t in result.teams}
    given = {t.unit_id: t.principal_ids for t in facts.teams}  # principals of the year, when the facts name them

    def principals(unit_id: str) -> set[str]:
        if given.get(unit_id) is not None:
            return set(given[unit_id])
        return {c.subject_id for c in result.cadres if c.unit_id == unit_id and c.post_type == "正职"}

    grades = {c.subject_id: c.grade for c in result.cadres}
    for cadre in result.cadres:  # rule 2: no member 优秀 under a team 差
        team = teams.get(cadre.unit_id)
        if team and team.grade == TEAM_GRADES[-1]:
            assert cadre.grade != CADRE_GRADES[0]
    for unit_id, team in teams.items():  # rule 3: a principal 不称职 → the team not 好
        if any(grades.get(p) == CADRE_GRADES[-1] for p in principals(unit_id)):
            assert team.grade != TEAM_GRADES[0]
    for p in result.teams + result.cadres:
        grades = [p.base_grade] + [g for s in p.steps for g in (s.before, s.after)] + [p.grade]
        assert grades[0::2] == grades[1::2] or not p.steps  # the steps chain from the base grade to the grade
        assert all(s.reason and s.name for s in p.steps)
        if p.grade != p.base_grade:
            assert any(s.before != s.after for s in p.steps)


def test_the_year_in_hand_is_the_latest_entered_and_unlocked(store, year):
    """The 年度考核 page opens on the year being worked on, not simply the calendar year."""
    from desktop_app.core.assessment import committee_year, working_year
    from desktop_app.core.year_locks import lock_year

    assert committee_year("2026-03-31") == 2025 and committee_year("2026-04-01") == 2026
    assert working_year(store.db, "2026-11-26") == 2025  # 2025's inputs are entered, 2026's are not
    assert working_year(store.db, "2025-02-01") == 2024  # never a year after the committee's
    lock_year(store, 2025)
    assert working_year(store.db, "2026-11-26") == 2026  # 2025 is done: on to this year


def test_a_year_is_not_locked_over_decisions_whose_proposal_changed(store, year):
    """A sanction or a score entered after deciding changes the proposal: the committee looks again."""
    from desktop_app.core.assessment import accept_proposals, decide, lock_assessment

    accept_proposals(store, 2025)
    for subject in assess_year(store.db, 2025).undecided:  # the two towns tied at the line
        decide(store, 2025, subject.kind, subject.subject_id, subject.proposed, "委员会议定")
    save_team_inputs(store, 2025, year["大塘镇"], {"responsibility_score": "85"})  # 一般 → 较好 proposed
    with pytest.raises(RuleViolation, match="1 个考核对象审定后拟定等次又有变化（大塘镇领导班子）"):
        lock_assessment(store, 2025)
    stale = assess_year(store.db, 2025).team(year["大塘镇"])
    decide(store, 2025, "team", year["大塘镇"], stale.final_grade, "维持原审定：责任制考核得分系复核后更正")
    lock_assessment(store, 2025)
    assert is_locked(store.db, 2025)
