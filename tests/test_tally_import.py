"""计票导入 from real workbooks: the template round trip, categories, row errors, one undo step."""

import pytest
from openpyxl import load_workbook
from test_evaluations import MEETING, town  # noqa: F401 — the fixture

from desktop_app.core.errors import KaopingError, RuleViolation
from desktop_app.core.evaluations import get_session, save_session, tallies_of
from desktop_app.core.tally_import import apply_tally_import, read_tallies, write_tally_template

ASPECTS = ["思路措施", "作风纪律", "工作实绩"]


@pytest.fixture
def sessions(store, town):  # noqa: F811
    unit_id, people = town
    save_session(store, unit_id, 2026, 1, MEETING)
    split = MEETING | {"valid": 35, "categories": ["领导", "干部职工"], "valid_by_category": {"领导": 5, "干部职工": 30}}
    save_session(store, unit_id, 2026, 2, split)
    return [get_session(store.db, unit_id, 2026, 1), get_session(store.db, unit_id, 2026, 2)], people


def fill(path, rows_by_name):
    book = load_workbook(path)
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        key = (row[3].value, row[5].value or "", row[2].value)
        if key in rows_by_name:
            for offset, value in enumerate(rows_by_name[key]):
                row[6 + offset].value = value
    book.save(path)


def test_template_rows_follow_the_ballots_and_read_back(store, sessions, tmp_path):
    (q1, q2), people = sessions
    path = write_tally_template(store.db, tmp_path / "计票.xlsx", [q1, q2], ASPECTS)
    rows = [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]
    assert rows[0][:6] == ["单位", "年度", "季度", "姓名", "职务", "类别"] and rows[0][6] == "思路措施·好"
    assert len(rows[0]) == 18
    assert [(r[3], r[5] or "", r[2]) for r in rows[1:]] == [
        ("张三", "", 1), ("钱七", "", 1), ("李四", "", 1),
        ("张三", "领导", 2), ("张三", "干部职工", 2), ("李四", "领导", 2), ("李四", "干部职工", 2), ("王五", "领导", 2),
        ("王五", "干部职工", 2)]
    twelve = [30, 4, 2, 0, 28, 6, 1, 0, 25, 8, 2, 1]
    fill(path, {("张三", "", 1): twelve, ("李四", "", 1): twelve,
                ("张三", "领导", 2): [5, 0, 0, 0] * 3, ("张三", "干部职工", 2): [20, 8, 2, 0] * 3})
    plan = read_tallies(store.db, path, ASPECTS)
    assert plan.problems == [] and plan.tally_count == 3
    changes = apply_tally_import(store, plan)
    assert tallies_of(store.db, q1["id"])[people["张三"]] == {"": [[30, 4, 2, 0], [28, 6, 1, 0], [25, 8, 2, 1]]}
    assert tallies_of(store.db, q2["id"])[people["张三"]] == {"领导": [[5, 0, 0, 0]] * 3, "干部职工": [[20, 8, 2, 0]] * 3}
    store.undo(changes.batch_id)
    assert tallies_of(store.db, q1["id"]) == {} and tallies_of(store.db, q2["id"]) == {}


def test_bad_rows_are_named_and_block_the_import_unless_skipped(store, sessions, tmp_path):
    (q1, q2), people = sessions
    path = write_tally_template(store.db, tmp_path / "计票.xlsx", [q1], ASPECTS)
    book = load_workbook(path)
    sheet = book.active
    sheet.append(["丹江镇", 2026, 3, "张三", None, None] + [1] * 12)      # no session for Q3
    sheet.append(["丹江镇", 2026, 1, "赵六", None, None] + [1] * 12)      # not on the ballot
    sheet.append(["丹江镇", 2026, 1, "张三", None, None] + [1] * 12)      # twice
    sheet.append(["丹江镇", "二〇二六", 1, "李四", None, None] + [1] * 12)  # year not a number
    book.save(path)
    fill(path, {("张三", "", 1): [30, 4, 2, 0] * 3, ("钱七", "", 1): [30, 4, 2, 1] * 3})  # 37 > 36
    plan = read_tallies(store.db, path, ASPECTS)
    reasons = [(p.row, p.reason) for p in plan.problems]
    assert [row for row, _ in reasons] == [3, 5, 6, 7, 8]
    assert "「思路措施」票数合计 37 超过有效票 36" in reasons[0][1] and "还没有登记测评会" in reasons[1][1]
    assert "不在丹江镇 2026年第1季度的测评名单中" in reasons[2][1] and "出现了两次" in reasons[3][1]
    assert "不是数字" in reasons[4][1]
    with pytest.raises(KaopingError, match="5 行有问题"):
        apply_tally_import(store, plan)
    apply_tally_import(store, plan, skip_invalid=True)
    assert set(tallies_of(store.db, q1["id"])) == {people["张三"]}


def test_importing_one_voter_category_keeps_the_others(store, sessions, tmp_path):
    from desktop_app.core.evaluations import save_tallies

    (_q1, q2), people = sessions
    save_tallies(store, q2, {people["张三"]: {"领导": [[5, 0, 0, 0]] * 3, "干部职工": [[20, 8, 2, 0]] * 3}})
    path = write_tally_template(store.db, tmp_path / "计票.xlsx", [q2], ASPECTS)
    fill(path, {("张三", "领导", 2): [4, 1, 0, 0] * 3})  # the 领导 ballots counted again
    apply_tally_import(store, read_tallies(store.db, path, ASPECTS))
    assert tallies_of(store.db, q2["id"])[people["张三"]] == {"领导": [[4, 1, 0, 0]] * 3,
                                                              "干部职工": [[20, 8, 2, 0]] * 3}


def test_one_units_tallies_that_no_longer_fit_do_not_stop_the_quarter(store, sessions):
    from desktop_app.core.evaluations import save_tallies
    from desktop_app.core.quarter_scores import quarter_summary

    (q1, _q2), people = sessions
    save_tallies(store, q1, {people["张三"]: {"": [[30, 4, 2, 0]] * 3}})
    with pytest.raises(RuleViolation, match="已录入的 1 人计票不再成立"):
        save_session(store, q1["unit_id"], 2026, 1, MEETING | {"valid": 10, "returned": 10})
    save_session(store, q1["unit_id"], 2026, 1, MEETING | {"valid": 10, "returned": 10}, accept_misfits=True)
    [unit] = quarter_summary(store.db, 2026, 1).units
    assert unit.cadres == () and unit.problem.startswith("计票有误：") and "超过有效票 10" in unit.problem


def test_two_people_of_one_name_on_a_ballot_are_told_apart_by_their_post(store, town, tmp_path):  # noqa: F811
    """Before 职务 was in the template the second 张三's votes went to the first one without a word."""
    from conftest import id_number

    from desktop_app.core import cadres

    unit_id, people = town
    other = cadres.add_cadre(store, {"name": "张三", "id_number": id_number(sequence="991")},
                             {"unit_id": unit_id, "title": "副镇长", "post_type": "副职",
                              "start_date": "2024-01-01"}).record_id
    save_session(store, unit_id, 2026, 1, MEETING)
    session = get_session(store.db, unit_id, 2026, 1)
    assert other in session["cadre_ids"] and people["张三"] in session["cadre_ids"]
    path = write_tally_template(store.db, tmp_path / "计票.xlsx", [session], ASPECTS)
    rows = [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]
    assert sorted(r[4] for r in rows[1:] if r[3] == "张三") == ["党委书记", "副镇长"]
    book = load_workbook(path)
    for row in book.active.iter_rows(min_row=2):
        if row[3].value == "张三":
            votes = [30, 4, 2, 0] if row[4].value == "党委书记" else [10, 20, 5, 1]
            for offset, value in enumerate(votes * 3):
                row[6 + offset].value = value
    book.save(path)
    apply_tally_import(store, read_tallies(store.db, path, ASPECTS))
    saved = tallies_of(store.db, session["id"])
    assert saved[people["张三"]] == {"": [[30, 4, 2, 0]] * 3} and saved[other] == {"": [[10, 20, 5, 1]] * 3}
    book = load_workbook(path)  # a template without 职务 filled in: refused by name, not guessed
    for row in book.active.iter_rows(min_row=2):
        row[4].value = None
    book.save(path)
    plan = read_tallies(store.db, path, ASPECTS)
    assert [p.name for p in plan.problems] == ["张三", "张三"]
    assert "测评名单中有不止一位“张三”，请在“职务”列填写其职务以区分" in plan.problems[0].reason
