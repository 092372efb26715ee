"""季度评议的测评会与计票: who is evaluated, meeting numbers that must nest, tallies that never
exceed the valid ballots, categories, one undo step per save, and the records travelling."""

import pytest
from conftest import id_number

from db.integrity import check_database
from desktop_app.core import cadres, units
from desktop_app.core.errors import ValidationError
from desktop_app.core.evaluations import (
    default_evaluated,
    delete_session,
    evaluated_of,
    get_session,
    quarter_label,
    quarter_span,
    save_session,
    save_tallies,
    sessions_of_quarter,
    tallies_of,
)

MEETING = {"meeting_date": "2026-03-27", "expected": 40, "present": 38, "issued": 38, "returned": 37, "valid": 36}


@pytest.fixture
def town(store):
    unit_id, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    people = {}
    for n, (name, title, kind, start, end) in enumerate([
            ("张三", "党委书记", "正职", "2024-01-01", None), ("李四", "副镇长", "副职", "2024-01-01", None),
            ("王五", "武装部长", "班子成员", "2026-04-10", None), ("赵六", "科员", "其他", "2024-01-01", None),
            ("钱七", "副镇长", "副职", "2023-01-01", "2026-02-01")]):
        post = {"unit_id": unit_id, "title": title, "post_type": kind, "start_date": start, "end_date": end}
        people[name] = cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n}71")}, post).record_id
    return unit_id, people


def test_quarters_and_who_is_evaluated_by_default(store, town):
    unit_id, people = town
    assert quarter_span(2026, 1) == ("2026-01-01", "2026-03-31") and quarter_span(2026, 2) == ("2026-04-01", "2026-06-30")
    assert quarter_label(2026, 4) == "2026年第4季度"
    with pytest.raises(ValidationError):
        quarter_span(2026, 5)
    # team members in post during Q1, 正职 first, then by seniority: 钱七 (since 2023) left on 02-01 but served
    # in Q1; 王五 came in Q2;
    # 赵六 holds no team post
    assert [e.name for e in default_evaluated(store.db, unit_id, 2026, 1)] == ["张三", "钱七", "李四"]  # by seniority
    assert [e.name for e in default_evaluated(store.db, unit_id, 2026, 2)] == ["张三", "李四", "王五"]


def test_a_session_is_saved_once_per_unit_and_quarter_with_nested_numbers(store, town):
    unit_id, people = town
    created = save_session(store, unit_id, 2026, 1, MEETING)
    session = get_session(store.db, unit_id, 2026, 1)
    assert session["id"] == created.record_id and session["valid"] == 36
    assert [e.name for e in evaluated_of(store.db, session)] == ["张三", "钱七", "李四"]
    assert evaluated_of(store.db, session)[0].title == "党委书记"
    save_session(store, unit_id, 2026, 1, MEETING | {"valid": 35, "cadre_ids": [people["张三"]]})  # the same record
    assert [s["valid"] for s in sessions_of_quarter(store.db, 2026, 1)] == [35]
    with pytest.raises(ValidationError) as error:
        save_session(store, unit_id, 2026, 2, MEETING | {"present": 41, "returned": 39, "valid": "x",
                                                         "meeting_date": "三月底"})
    assert set(error.value.problems) == {"present", "returned", "valid", "meeting_date"}
    assert "实到（41）不能多于应到（40）" in error.value.problems["present"]


def test_tallies_never_exceed_the_valid_ballots_and_save_in_one_step(store, town):
    unit_id, people = town
    save_session(store, unit_id, 2026, 1, MEETING)
    session = get_session(store.db, unit_id, 2026, 1)
    good = {"": [[30, 4, 2, 0], [28, 6, 1, 0], [25, 8, 2, 1]]}  # 36, 35 (1 abstains), 36
    too_many = {"": [[30, 4, 2, 1], [28, 6, 1, 0], [25, 8, 2, 1]]}  # 37 > 36
    with pytest.raises(ValidationError) as error:
        save_tallies(store, session, {people["张三"]: good, people["李四"]: too_many})
    assert error.value.problems == {people["李四"]: "「思路措施」票数合计 37 超过有效票 36"}
    assert tallies_of(store.db, session["id"]) == {}  # nothing saved
    for bad, reason in (({"": [[1, 2, 3]] * 3}, "须有 4 个等次"), ({"": [[-1, 0, 0, 0]] * 3}, "不小于 0 的整数"),
                        ({"领导": [[1, 0, 0, 0]] * 3}, "测评会没有登记该类的有效票数")):
        with pytest.raises(ValidationError, match=reason):
            save_tallies(store, session, {people["张三"]: bad})
    with pytest.raises(ValidationError, match="不在本次测评名单中"):
        save_tallies(store, session, {people["赵六"]: good})
    changes = save_tallies(store, session, {people["张三"]: good, people["李四"]: good})
    assert tallies_of(store.db, session["id"]) == {people["张三"]: good, people["李四"]: good}
    store.undo(changes.batch_id)
    assert tallies_of(store.db, session["id"]) == {}


def test_ballots_split_by_voter_category(store, town):
    unit_id, people = town
    values = MEETING | {"categories": ["领导", "同级", "干部职工"], "valid_by_category": {"领导": 5, "同级": 10, "干部职工": 20}}
    with pytest.raises(ValidationError, match="各类有效票之和（35）应等于有效票（36）"):
        save_session(store, unit_id, 2026, 1, values)
    save_session(store, unit_id, 2026, 1, values | {"valid": 35})
    session = get_session(store.db, unit_id, 2026, 1)
    counts = {"领导": [[5, 0, 0, 0]] * 3, "同级": [[8, 2, 0, 0]] * 3, "干部职工": [[15, 4, 1, 0]] * 3}
    save_tallies(store, session, {people["张三"]: counts})
    with pytest.raises(ValidationError, match="「思路措施」领导类票数合计 6 超过领导类有效票 5"):
        save_tallies(store, session, {people["李四"]: counts | {"领导": [[6, 0, 0, 0]] * 3}})


def test_deleting_a_session_takes_its_tallies_and_undo_brings_both_back(store, town):
    unit_id, people = town
    save_session(store, unit_id, 2026, 1, MEETING)
    session = get_session(store.db, unit_id, 2026, 1)
    save_tallies(store, session, {people["张三"]: {"": [[30, 4, 2, 0]] * 3}})
    changes = delete_session(store, unit_id, 2026, 1)
    assert get_session(store.db, unit_id, 2026, 1) is None and tallies_of(store.db, session["id"]) == {}
    store.undo(changes.batch_id)
    assert get_session(store.db, unit_id, 2026, 1) is not None and len(tallies_of(store.db, session["id"])) == 1
    assert check_database(store.db.path).ok


def test_reads_for_the_page_and_the_grid_save_that_also_empties_rows(store, town):
    from desktop_app.core.evaluations import save_tally_grid, session_quarters, tally_progress, unit_cadres

    unit_id, people = town
    assert session_quarters(store.db) is None
    assert [e.name for e in unit_cadres(store.db, unit_id, 2026, 1)] == ["张三", "钱七", "李四", "赵六"]
    save_session(store, unit_id, 2025, 4, MEETING)
    save_session(store, unit_id, 2026, 1, MEETING | {"valid": 35, "categories": ["领导", "干部职工"],
                                                     "valid_by_category": {"领导": 5, "干部职工": 30}})
    assert session_quarters(store.db) == ((2025, 4), (2026, 1))
    session = get_session(store.db, unit_id, 2026, 1)
    changes = save_tally_grid(store, session, {people["张三"]: {"领导": [[5, 0, 0, 0]] * 3}})
    assert tally_progress(store.db, 2026, 1) == {session["id"]: {people["张三"]: ["领导"]}}
    assert tally_progress(store.db, 2025, 4) == {}
    both = {"领导": [[4, 1, 0, 0]] * 3, "干部职工": [[20, 8, 2, 0]] * 3}
    second = save_tally_grid(store, session, {people["李四"]: both}, cleared=[people["张三"]])
    assert tallies_of(store.db, session["id"]) == {people["李四"]: both}  # 张三's emptied row removed, one step
    assert save_tally_grid(store, session, {}, cleared=[people["张三"]]).empty  # nothing left to remove
    store.undo(second.batch_id)
    assert tallies_of(store.db, session["id"]) == {people["张三"]: {"领导": [[5, 0, 0, 0]] * 3}}
    store.undo(changes.batch_id)
    assert tallies_of(store.db, session["id"]) == {}
