"""The demo's annual assessment: 2024 decided by the committee and locked, 2025 entered and left to
the committee, with every grade rule of the engine biting at least once in 2025."""

import shutil
from collections import Counter
from fractions import Fraction

import pytest

from db import open_database
from desktop_app.core.annual_inputs import get_inputs, save_team_inputs
from desktop_app.core.assessment import TIE_FLAG, assess_year
from desktop_app.core.errors import RuleViolation
from desktop_app.core.inquiries import INQUIRY_STATES, inquiries, inquiry_state
from desktop_app.core.sanctions import sanctions
from desktop_app.core.store import RecordStore
from desktop_app.core.supervised_tasks import TASK_STATES, cadre_cards, supervised_tasks, task_state
from desktop_app.core.supervision_notices import supervision_notices
from desktop_app.core.talks import TALK_KINDS, talks

TODAY = "2026-01-05"  # the demo's today


@pytest.fixture(scope="module")
def db(demo_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("annual") / "county.kpdb"
    shutil.copyfile(demo_template, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def year_2025(db):
    return assess_year(db, 2025, as_of="2026-01-01")


def steps(subject, rule: int):
    return [step for step in subject.proposal.steps if step.rule == rule]


def with_rule(subjects, rule: int, *, changed: bool = False):
    return [s for s in subjects if any(step.changed or not changed for step in steps(s, rule))]


def test_2024_is_decided_by_the_committee_and_locked(db):
    a = assess_year(db, 2024)
    assert a.locked and a.lock.locked_on.startswith("2025-03") and not a.undecided
    assert not [s for s in a.subjects if s.stale]  # decided against the very proposals the engine makes
    assert {s.decision["decided_on"] for s in a.subjects} == {"2025-02-26"}
    overridden = [s for s in a.subjects if s.overridden]
    assert len(overridden) >= 3 and all(s.decision["reason"] for s in overridden)
    tied = [s for s in a.teams if s.tied]
    assert len(tied) == 2 and sorted(s.final_grade for s in tied) == ["好", "较好"]
    usage = a.quota("team")
    assert a.final_counts("team")["好"] == usage.allowed and a.final_counts("cadre")["优秀"] <= a.quota("cadre").allowed
    assert a.final_counts("team")["差"] == 1  # the unit whose principal is sanctioned in 2025
    with pytest.raises(RuleViolation, match="2024年度考核已锁定"):
        save_team_inputs(RecordStore(db), 2024, tied[0].unit_id, {"note": "改一改"})


def test_2025_is_entered_for_everyone_and_left_to_the_committee(db, year_2025):
    a = year_2025
    assert not a.locked and len(a.undecided) == len(a.subjects) > 600
    assert all(get_inputs(db, 2025, s.unit_id, None if s.kind == "team" else s.subject_id) for s in a.subjects)
    assert all(s.proposed for s in a.subjects)
    assert Counter(s.proposed for s in a.teams).keys() == {"好", "较好", "一般", "差"}


def test_2025_a_sanctioned_principal_makes_the_team_bad_and_caps_its_members(year_2025):
    """Rule 6 (党纪处分), then rule 3 (principal 不称职 → team) and rule 2 (team 差 → members);
    the team was 差 in 2024 too, so rule 11 asks for the principal's adjustment."""
    a = year_2025
    [team] = with_rule(a.teams, 6, changed=True)
    assert team.proposed == "差" and steps(team, 3) and "严重警告" in steps(team, 6)[0].reason
    [principal] = with_rule(a.cadres, 6, changed=True)
    assert principal.unit_id == team.unit_id and principal.proposed == "不称职"
    members = [s for s in a.unit_cadres(team.unit_id) if s is not principal]
    assert members and all(steps(s, 2) for s in members)
    assert any(step.before == "优秀" for s in members for step in steps(s, 2))
    assert any("连续两年" in f for f in team.proposal.follow_ups)
    assert any("连续两年" in f for f in principal.proposal.follow_ups)


def test_2025_survey_notice_responsibility_and_veto_bite(db, year_2025):
    a = year_2025
    [surveyed_team] = with_rule(a.teams, 4, changed=True)
    inputs = get_inputs(db, 2025, surveyed_team.unit_id)
    survey = inputs["survey"]
    assert inputs["survey_confirmed"] and Fraction(survey["counts"]["不满意"], survey["valid"]) > Fraction(1, 3)
    assert "经专项调查属实" in steps(surveyed_team, 4)[0].reason
    assert with_rule(a.cadres, 4, changed=True)  # a cadre's confirmed complaint too
    criticised = with_rule(a.teams, 5, changed=True)
    assert criticised and any(steps(p, 5) for t in criticised for p in a.unit_cadres(t.unit_id) if p.post_type == "正职")
    assert with_rule(a.teams, 7, changed=True)  # 责任制考核 only 较好 under a top composite
    vetoed = [s for s in a.teams if s.proposal.veto]
    assert vetoed and all(s.parts["责任制考核"] < 80 for s in vetoed) and "一票否决" in vetoed[0].proposal.veto


def test_2025_missing_reports_and_a_red_card_bite(db, year_2025):
    a = year_2025
    missing = with_rule(a.cadres, 8, changed=True)
    assert missing and all(s.proposed == "不称职" and "连续" in steps(s, 8)[0].reason for s in missing)
    red = {cadre_id for cadre_id, found in cadre_cards(db, 2025, "2026-01-01").items() if found.red}
    carded = with_rule(a.cadres, 9, changed=True)
    assert carded and {s.subject_id for s in carded} <= red
    assert any(s.subject_id in red and steps(s, 9)[0].before == "优秀" for s in carded)


def test_2025_a_tie_at_the_quota_line_and_the_quota_cutting(year_2025):
    a = year_2025
    tied = [s for s in a.teams if s.tied]
    assert len(tied) == 2 and tied[0].composite == tied[1].composite
    assert all(any(flag.startswith(TIE_FLAG) for flag in s.proposal.flags) for s in tied)
    usage = a.quota("team")
    assert usage.tied == 2 and usage.open_seats == 1 and usage.used == usage.allowed - 1
    assert all(s.composite < tied[0].composite for s in with_rule(a.teams, 1, changed=True))
    assert with_rule(a.cadres, 1, changed=True) and a.quota("cadre").used == a.quota("cadre").allowed


def test_2025_follow_ups(year_2025):
    """Rule 11: 诫勉 for 一般/差 (基本称职/不称职), 诫勉 for 不称职 votes ≥ 1/3, and two years in a row."""
    follow_ups = Counter(f.split("（")[0] for s in year_2025.subjects for f in s.proposal.follow_ups)
    assert follow_ups["诫勉谈话，责令限期整改"] > 5
    assert follow_ups["诫勉"] >= 1
    assert follow_ups["对班子主要领导进行组织调整"] == 1
    assert follow_ups["提出责令辞职、免职、降职等组织处理建议"] >= 1


def test_the_registers_hold_every_kind_and_state(db):
    assert {t["kind"] for t in talks(db, year=2025)} == set(TALK_KINDS)
    assert {inquiry_state(i, TODAY) for i in inquiries(db, year=2025)} == set(INQUIRY_STATES)
    states = Counter(task_state(t, TODAY) for t in supervised_tasks(db))
    assert set(states) == set(TASK_STATES) and states["按期办结"] > 0.7 * sum(states.values())
    assert {n["kind"] for n in supervision_notices(db, year=2025)} == {"执法", "效能", "其他"}
    assert {s["category"] for s in sanctions(db, year=2025)} == {"党纪处分", "政务处分", "组织处理"}
    assert sanctions(db, year=2024) and supervision_notices(db, year=2024)
