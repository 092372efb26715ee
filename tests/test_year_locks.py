"""年度锁定 beyond the year's own records: the posts a locked year was assessed on, the earlier rule
set it follows, late completions, undo, and importing into it."""

import pytest
from conftest import id_number
from test_annual_inputs import county  # noqa: F401 — the fixture

from desktop_app.core import cadres
from desktop_app.core.annual_import import read_inputs, write_inputs_template
from desktop_app.core.errors import RuleViolation
from desktop_app.core.natural_ids import year_lock_id
from desktop_app.core.posts import posts_of
from desktop_app.core.rule_sets import get_rule_set, preset_rules, save_rule_set
from desktop_app.core.supervised_tasks import add_task, complete_task
from desktop_app.core.year_locks import is_locked, lock_year, reopen_year

LOCKED = "2025年度考核已锁定，不能再修改该年度的数据（{}）"


def post(ids, name: str, unit: str = "丹江镇") -> dict:
    return next(p for p in posts_of(ids["db"], ids[name]) if p["unit_name"] == unit)


@pytest.fixture
def locked(store, county):  # noqa: F811
    county = dict(county, db=store.db)
    lock_year(store, 2025)
    return county


def test_careers_stay_editable_and_a_locked_year_says_what_changed_since(store, locked):
    """The roster is kept up to date all the time: a post edited after the lock is written, and the
    locked year names who now has no decision and which decision lost its subject."""
    from desktop_app.core.assessment import accept_proposals, assess_year, decide

    reopen_year(store, 2025, "审定")
    accept_proposals(store, 2025)
    for subject in assess_year(store.db, 2025).undecided:  # no scores entered: no proposal
        decide(store, 2025, subject.kind, subject.subject_id, "较好" if subject.kind == "team" else "称职", "议定")
    lock_year(store, 2025)
    assert assess_year(store.db, 2025).changed_since_lock == ""
    cadres.update_post(store, post(locked, "张三")["id"], {"post_type": "其他"})  # no longer a team member
    cadres.add_cadre(store, {"name": "新人", "id_number": id_number(sequence="991")},
                     {"unit_id": locked["丹江镇"], "title": "副镇长", "post_type": "副职", "start_date": "2025-06-01"})
    changed = assess_year(store.db, 2025).changed_since_lock
    assert changed.startswith("锁定后任职经历有变动：1 个考核对象没有审定等次（新人（丹江镇 副镇长））")
    assert "1 项审定的对象已不在本年度考核范围（张三）" in changed and "重新开放" in changed


def test_a_locked_year_keeps_the_rules_it_followed(store, county):  # noqa: F811
    assert get_rule_set(store.db, 2025) is None
    lock_year(store, 2025)
    assert get_rule_set(store.db, 2025) is not None  # its own copy, made by the lock
    save_rule_set(store, 2024, preset_rules())  # an earlier year's rules change freely now


def test_a_year_locked_without_its_own_rules_protects_the_set_it_follows(store, county):  # noqa: F811
    """A lock written without a copy (by an earlier version, or arriving from another office): the
    set it inherits is locked with it."""
    save_rule_set(store, 2023, preset_rules())
    with store.batch("锁定2025年度考核"):
        store.put("year_locks", year_lock_id(2025), {"year": 2025, "locked": 1, "locked_by": "测试员",
                                                      "locked_on": "2026-02-01T09:00:00+08:00"})
    with pytest.raises(RuleViolation, match=LOCKED.format("规则方案")):
        save_rule_set(store, 2023, preset_rules(), name="修订")  # (the same rules again would write nothing)
    with pytest.raises(RuleViolation, match=LOCKED.format("规则方案")):
        save_rule_set(store, 2024, preset_rules())  # would become the set 2025 follows
    save_rule_set(store, 2026, preset_rules())


def test_a_late_task_gets_its_completion_day_after_the_lock_but_nothing_else(store, locked):
    late = add_task(store, {"cadre_id": locked["张三"], "title": "招商引资", "deadline": "2026-03-31"}).record_id
    reopen_year(store, 2025, "补录督办事项")
    late = add_task(store, {"cadre_id": locked["张三"], "title": "危桥改造", "deadline": "2025-11-30"}).record_id
    early = add_task(store, {"cadre_id": locked["张三"], "title": "河道清淤", "deadline": "2025-12-20"}).record_id
    lock_year(store, 2025)
    complete_task(store, late, "2026-01-15")  # still a yellow card: the year's facts do not change
    with pytest.raises(RuleViolation, match=LOCKED.format("督办事项")):
        complete_task(store, early, "2025-12-10")  # on time: the card of 2025 would go


def test_locking_and_reopening_are_not_undone_with_ctrl_z(store, county):  # noqa: F811
    locking = lock_year(store, 2025)
    with pytest.raises(RuleViolation, match="不能撤销"):
        store.undo(locking.batch_id)
    assert is_locked(store.db, 2025)
    reopening = reopen_year(store, 2025, "补录")
    with pytest.raises(RuleViolation, match="不能撤销"):
        store.undo(reopening.batch_id)
    assert not is_locked(store.db, 2025)


def test_importing_into_a_locked_year_is_refused_before_reading(store, locked, tmp_path):
    template = write_inputs_template(store.db, tmp_path / "年度.xlsx", 2026)
    with pytest.raises(RuleViolation, match="2025年度考核已锁定，不能再导入该年度的年度考核数据"):
        read_inputs(store.db, template, 2025)
