"""合并导入 on versions: idempotent, order-independent, lossless (conflicts keep both edits)."""

from datetime import datetime

import pytest
from conftest import TZ, StepClock, id_number, record_state

from db import open_database
from db.integrity import check_database
from db.records import RECORD_TABLES
from desktop_app.core import cadres, units
from desktop_app.core.store import RecordStore
from desktop_app.transfer.merge import conflicts, merge_database

START = {"甲": datetime(2026, 3, 2, 9, 0, tzinfo=TZ), "乙": datetime(2026, 3, 2, 10, 0, tzinfo=TZ),
         "丙": datetime(2026, 3, 2, 11, 0, tzinfo=TZ)}



@pytest.fixture
def offices(tmp_path):
    """Three office databases (甲 乙 丙), each with its own store and clock."""
    stores = {}
    for name, start in START.items():
        db = open_database(tmp_path / f"{name}.kpdb", create=True, office_name=f"{name}县委组织部")
        stores[name] = RecordStore(db, operator=f"{name}操作员", clock=StepClock(start))
    yield stores
    for store in stores.values():
        store.db.close()


def state(store) -> dict:
    return record_state(store.db)


def versions(store) -> set[str]:
    return {row[0] for row in store.db.execute("SELECT id FROM versions")}


def merge(into, source):
    return merge_database(into, source.db.path)


def seed(store) -> str:
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    created = cadres.add_cadre(store, {"name": "张三", "id_number": id_number(sequence="123"), "phone": "13800000001"},
                               {"unit_id": town, "title": "镇长", "post_type": "正职", "start_date": "2020.03"})
    return created.record_id


def edited_in_both(a, b) -> str:
    """张三 from 甲, then his phone changed differently in 甲 and in 乙 (before exchanging again)."""
    zhang = seed(a)
    merge(b, a)
    cadres.update_cadre(a, zhang, {"phone": "13911111111"})
    cadres.update_cadre(b, zhang, {"phone": "13722222222"})
    return zhang


def test_a_new_office_receives_everything_and_a_second_import_changes_nothing(offices):
    a, b = offices["甲"], offices["乙"]
    zhang = seed(a)
    report = merge(b, a)
    assert [report.tables[t].created for t in ("units", "cadres", "posts")] == [1, 1, 1]
    assert state(b) == state(a) and versions(b) == versions(a)
    assert b.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == \
        a.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    assert cadres.cadre_record(b.db, zhang)["name"] == "张三"
    again = merge(b, a)
    assert again.nothing_new and again.changes.empty and "没有新内容" in again.summary()
    assert check_database(b.db.path).ok, check_database(b.db.path).problems


def test_edits_in_two_offices_are_both_kept_as_a_conflict_the_same_on_both_sides(offices):
    a, b = offices["甲"], offices["乙"]
    zhang = edited_in_both(a, b)
    report_a = merge(a, b)
    report_b = merge(b, a)
    assert report_a.tables["cadres"].conflicts == report_b.tables["cadres"].conflicts == 1
    assert state(a) == state(b)
    [(table, record_id, both)] = conflicts(a.db)
    assert (table, record_id, len(both)) == ("cadres", zhang, 2)
    phones = {a.db.execute("SELECT json_extract(content, '$.phone') FROM versions WHERE id = ?", [v.id]).fetchone()[0]
              for v in both}
    assert phones == {"13911111111", "13722222222"}  # neither edit is lost
    for store in (a, b):
        assert check_database(store.db.path).ok, check_database(store.db.path).problems


def test_an_edit_on_one_side_only_is_an_update_not_a_conflict(offices):
    a, b = offices["甲"], offices["乙"]
    zhang = seed(a)
    merge(b, a)
    cadres.update_cadre(b, zhang, {"phone": "13722222222"})
    report = merge(a, b)
    assert (report.tables["cadres"].updated, report.tables["cadres"].conflicts) == (1, 0)
    assert cadres.cadre_record(a.db, zhang)["phone"] == "13722222222"
    assert conflicts(a.db) == []


def test_deletions_travel_as_tombstones(offices):
    a, b = offices["甲"], offices["乙"]
    zhang = seed(a)
    merge(b, a)
    cadres.delete_cadre(a, zhang)
    merge(b, a)
    assert b.db.execute("SELECT deleted FROM cadres WHERE id = ?", [zhang]).fetchone()[0] == 1
    assert state(a) == state(b)


def test_three_offices_in_two_orders_end_with_the_same_records(offices, tmp_path):
    a, b, c = offices["甲"], offices["乙"], offices["丙"]
    zhang = seed(a)
    for other in (b, c):
        merge(other, a)
    cadres.update_cadre(b, zhang, {"education": "研究生"})
    cadres.update_cadre(c, zhang, {"phone": "13633333333"})
    units.add_unit(c, {"name": "西江镇", "kind": "乡镇"})
    merge(a, b)
    merge(a, c)   # 甲: 乙 then 丙
    merge(b, c)
    merge(b, a)   # 乙: 丙 then 甲
    merge(c, a)   # 丙: 甲 (which has everything)
    assert state(a) == state(b) == state(c)
    assert versions(a) == versions(b) == versions(c)


def enter_zhang_independently(store) -> tuple[str, str]:
    """The same unit and person typed in by an office on its own (its own UUIDs)."""
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    created = cadres.add_cadre(store, {"name": "张三", "id_number": id_number(sequence="123")},
                               {"unit_id": town, "title": "镇长", "post_type": "正职", "start_date": "2020.03"})
    return town, created.record_id


def live(store, table) -> list[tuple]:
    return store.db.execute(f"SELECT id FROM {table} WHERE deleted = 0 ORDER BY id").fetchall()


@pytest.mark.parametrize("first", ["甲", "乙"])
def test_the_same_person_and_unit_entered_in_two_offices_are_folded_not_duplicated(offices, first):
    a, b = offices["甲"], offices["乙"]
    town_a, zhang_a = enter_zhang_independently(a)
    town_b, zhang_b = enter_zhang_independently(b)
    into, source = (a, b) if first == "甲" else (b, a)
    report = merge(into, source)
    assert (report.tables["units"].duplicates, report.tables["cadres"].duplicates) == (1, 1)
    assert {(f.table, f.kept, f.name) for f in report.folds} == {
        ("units", min(town_a, town_b), "丹江镇"), ("cadres", min(zhang_a, zhang_b), "张三")}
    assert len(live(into, "units")) == len(live(into, "cadres")) == 1
    kept_zhang, kept_town = min(zhang_a, zhang_b), min(town_a, town_b)
    posts = into.db.execute("SELECT cadre_id, unit_id FROM posts WHERE deleted = 0").fetchall()
    assert posts and all(post == (kept_zhang, kept_town) for post in posts)
    # both offices typed the same post: reported, for a person to delete the extra one
    twins = into.db.execute("SELECT id FROM posts WHERE deleted = 0 ORDER BY id").fetchall()
    assert report.twin_posts == [[row[0] for row in twins]] and len(twins) == 2
    assert "1 处任职经历疑似重复" in report.summary()
    assert report.as_json()["duplicate_posts"] == report.twin_posts
    merge(source, into)
    assert state(a) == state(b) and check_database(into.db.path).ok, check_database(into.db.path).problems


def test_folding_is_the_same_whichever_office_imports_first(offices):
    a, b, c = offices["甲"], offices["乙"], offices["丙"]
    enter_zhang_independently(a)
    enter_zhang_independently(b)
    merge(a, b)   # 甲 folds
    merge(c, b)
    merge(c, a)   # 丙 gets 乙's records first, then 甲's fold
    merge(b, c)
    merge(a, c)
    assert state(a) == state(b) == state(c)
    assert len(live(c, "cadres")) == 1


def test_a_resolved_conflict_travels_and_ends_the_conflict_everywhere(offices):
    a, b = offices["甲"], offices["乙"]
    zhang = edited_in_both(a, b)
    merge(a, b)
    [(_table, _id, both)] = conflicts(a.db)
    chosen = cadres.cadre_record(a.db, zhang) | {"phone": "13722222222"}
    content = {k: chosen[k] for k in RECORD_TABLES["cadres"]}
    a.write_merged("cadres", zhang, content, deleted=False, parents=[v.id for v in both])
    assert conflicts(a.db) == []
    merge(b, a)
    assert conflicts(b.db) == [] and state(a) == state(b)
    assert cadres.cadre_record(b.db, zhang)["phone"] == "13722222222"


def test_conflicts_are_described_and_resolved_with_a_merged_value(offices):
    from desktop_app.core.errors import ValidationError
    from desktop_app.transfer.conflicts import open_conflicts, resolve_conflict

    a, b = offices["甲"], offices["乙"]
    zhang = seed(a)
    merge(b, a)
    cadres.update_cadre(a, zhang, {"phone": "13911111111", "education": "大学"})
    cadres.update_cadre(b, zhang, {"phone": "13722222222"})
    merge(a, b)
    [conflict] = open_conflicts(a.db)
    assert (conflict.table, conflict.record_id, conflict.name, conflict.label) == ("cadres", zhang, "张三", "干部")
    assert conflict.differing_fields == ["education", "phone"]
    assert [conflict.field_label(f) for f in conflict.differing_fields] == ["学历", "联系电话"]
    assert {side.office_name for side in conflict.sides} == {"甲县委组织部", "乙县委组织部"}
    merged = conflict.sides[0].content | {"phone": "13722222222", "education": "大学"}
    with pytest.raises(ValidationError):
        resolve_conflict(a, conflict, merged | {"phone": "12"})
    changes = resolve_conflict(a, conflict, merged)
    assert changes.touches("cadres") and open_conflicts(a.db) == []
    record = cadres.cadre_record(a.db, zhang)
    assert (record["phone"], record["education"]) == ("13722222222", "大学")
    merge(b, a)
    assert open_conflicts(b.db) == [] and state(a) == state(b)


def test_undoing_a_resolution_reopens_the_conflict_everywhere_and_redo_closes_it(offices):
    from desktop_app.core.errors import UndoConflict
    from desktop_app.transfer.conflicts import open_conflicts, resolve_conflict

    a, b = offices["甲"], offices["乙"]
    zhang = edited_in_both(a, b)
    merge(a, b)
    [conflict] = open_conflicts(a.db)
    resolved = resolve_conflict(a, conflict, next(s.content for s in conflict.sides if s.content["phone"] == "13722222222"))
    merge(b, a)
    assert open_conflicts(b.db) == []
    undone = a.undo(resolved.batch_id)
    [reopened] = open_conflicts(a.db)
    assert sorted(side.content["phone"] for side in reopened.sides) == ["13722222222", "13911111111"]
    assert cadres.cadre_record(a.db, zhang)["phone"] == reopened.sides[0].content["phone"]
    assert check_database(a.db.path).ok
    merge(b, a)  # the undo travels: the other office sees the conflict open again too
    assert [c.record_id for c in open_conflicts(b.db)] == [zhang] and state(a) == state(b)
    redone = a.undo(undone.batch_id)  # redo
    assert open_conflicts(a.db) == [] and cadres.cadre_record(a.db, zhang)["phone"] == "13722222222"
    merge(b, a)
    assert open_conflicts(b.db) == [] and state(a) == state(b)
    # an undo is refused once the record was changed again after it
    cadres.update_cadre(a, zhang, {"phone": "13500000000"})
    with pytest.raises(UndoConflict):
        a.undo(redone.batch_id)
    assert cadres.cadre_record(a.db, zhang)["phone"] == "13500000000" and open_conflicts(a.db) == []


def test_resolving_a_conflict_never_removes_another_record_with_the_same_key(offices):
    """Keeping a side whose 身份证号 another live cadre holds is refused; nothing is deleted."""
    from desktop_app.core.errors import RuleViolation
    from desktop_app.transfer.conflicts import open_conflicts, resolve_conflict

    a, b = offices["甲"], offices["乙"]
    edited_in_both(a, b)
    merge(a, b)
    other = cadres.add_cadre(a, {"name": "李四", "id_number": id_number(sequence="555")}).record_id
    [conflict] = open_conflicts(a.db)
    clashing = conflict.sides[0].content | {"id_number": id_number(sequence="555"), "gender": "", "birth_month": ""}
    before = state(a)
    with pytest.raises(RuleViolation, match="两条不能同时保留"):
        resolve_conflict(a, conflict, clashing)
    assert state(a) == before and cadres.cadre_record(a.db, other)["name"] == "李四"


def test_the_same_person_entered_differently_is_folded_and_the_differences_are_a_conflict(offices):
    from desktop_app.transfer.conflicts import open_conflicts, resolve_conflict

    a, b = offices["甲"], offices["乙"]
    _town, zhang_a = enter_zhang_independently(a)
    _town, zhang_b = enter_zhang_independently(b)
    cadres.update_cadre(a, zhang_a, {"phone": "13811111111"})
    cadres.update_cadre(b, zhang_b, {"phone": "13722222222"})
    report = merge(a, b)
    assert report.tables["cadres"].duplicates == 1 and report.tables["cadres"].conflicts == 1
    assert len(live(a, "cadres")) == 1
    [conflict] = open_conflicts(a.db)
    assert conflict.table == "cadres" and conflict.differing_fields == ["phone"]
    assert {side.content["phone"] for side in conflict.sides} == {"13811111111", "13722222222"}  # both kept
    resolve_conflict(a, conflict, next(s.content for s in conflict.sides if s.content["phone"] == "13722222222"))
    merge(b, a)
    assert open_conflicts(a.db) == open_conflicts(b.db) == [] and state(a) == state(b)
    assert [cadres.cadre_record(b.db, kept)["phone"] for (kept,) in live(b, "cadres")] == ["13722222222"]


def test_a_later_edit_of_the_same_entry_wins_without_a_conflict_whichever_record_is_kept(offices):
    a, b = offices["甲"], offices["乙"]
    _town, zhang_a = enter_zhang_independently(a)
    _town, zhang_b = enter_zhang_independently(b)  # typed the same in both offices
    cadres.update_cadre(b, zhang_b, {"phone": "13722222222"})  # then one office corrected it
    report = merge(a, b)
    assert (report.tables["cadres"].duplicates, report.tables["cadres"].conflicts) == (1, 0)
    [(kept,)] = live(a, "cadres")
    assert kept == min(zhang_a, zhang_b) and cadres.cadre_record(a.db, kept)["phone"] == "13722222222"
    merge(b, a)
    assert state(a) == state(b) and conflicts(b.db) == []


def test_a_duplicate_folded_into_a_record_deleted_later_comes_back_in_any_order(offices, tmp_path):
    """甲 and 乙 each entered 张三; 甲 later deleted its own entry. Whether a fourth office saw the
    fold before the deletion or after, 乙's 张三 is the one left."""
    from db.snapshot import snapshot

    a, b, c = offices["甲"], offices["乙"], offices["丙"]
    _town, zhang_a = enter_zhang_independently(a)
    _town, zhang_b = enter_zhang_independently(b)
    (tmp_path / "files").mkdir()
    files = {name: tmp_path / "files" / f"{name}.kpdb" for name in ("甲1", "乙", "甲2")}
    snapshot(a.db.conn, files["甲1"])
    snapshot(b.db.conn, files["乙"])
    cadres.delete_cadre(a, zhang_a)
    snapshot(a.db.conn, files["甲2"])
    other = RecordStore(open_database(tmp_path / "丁.kpdb", create=True, office_name="丁县委组织部"),
                        operator="丁", clock=StepClock(datetime(2026, 4, 1, 9, tzinfo=TZ)))
    try:
        for name in ("甲1", "乙", "甲2"):
            merge_database(c, files[name])
        for name in ("甲2", "乙", "甲1"):
            merge_database(other, files[name])
        assert live(c, "cadres") == live(other, "cadres") == [(zhang_b,)]
        assert state(c) == state(other)
        assert check_database(c.db.path).ok, check_database(c.db.path).problems
    finally:
        other.db.close()


def test_a_post_added_while_its_cadre_was_deleted_elsewhere_is_reported(offices):
    a, b = offices["甲"], offices["乙"]
    zhang = seed(a)
    merge(b, a)
    cadres.delete_cadre(a, zhang)
    town = a.db.execute("SELECT id FROM units").fetchone()[0]
    cadres.add_post(b, zhang, {"unit_id": town, "title": "人大主席", "post_type": "正职", "start_date": "2026-01-01"})
    report = merge(a, b)
    assert len(report.orphans) == 1 and "所属的干部已在别处删除" in report.summary()
    assert report.as_json()["orphan_posts"] == report.orphans


def test_the_same_report_written_in_two_offices_is_one_record_and_a_conflict_resolved_by_a_side(offices):
    from desktop_app.core.errors import RuleViolation
    from desktop_app.core.monthly_reports import get_report, save_draft
    from desktop_app.transfer.conflicts import open_conflicts, resolve_conflict

    a, b = offices["甲"], offices["乙"]
    zhang = seed(a)
    merge(b, a)
    save_draft(a, zhang, "2026-03", items=[{"task": "甲写的事项"}], self_grade="好")
    save_draft(b, zhang, "2026-03", items=[{"task": "乙写的事项"}], self_grade="较好")
    merge(a, b)
    [conflict] = open_conflicts(a.db)
    assert (conflict.table, conflict.name, conflict.label) == ("reports", "张三 2026年3月", "实绩报告")
    assert set(conflict.differing_fields) == {"items", "self_grade"}
    with pytest.raises(RuleViolation, match="只能保留其中一个版本"):
        resolve_conflict(a, conflict, conflict.sides[0].content | {"self_grade": "一般"})
    kept = next(side for side in conflict.sides if "乙写的事项" in side.content["items"])
    resolve_conflict(a, conflict, kept.content)
    assert get_report(a.db, zhang, "2026-03")["items"] == [{"task": "乙写的事项", "result": "", "evidence": ""}]
    merge(b, a)
    assert open_conflicts(b.db) == [] and state(a) == state(b)


def test_reports_of_a_duplicate_merged_away_still_count_for_the_person_kept(offices):
    """A township enters 张三 and his reports; the county enters him independently and merges:
    his months are not 未报 and rule 8 does not flag him."""
    from desktop_app.core.monthly_reports import save_draft, submit_report
    from desktop_app.core.report_gaps import month_statuses, report_flags

    a, b = offices["甲"], offices["乙"]
    _town_a, zhang_a = enter_zhang_independently(a)
    _town_b, zhang_b = enter_zhang_independently(b)
    # the reports are written for the record that gives way (the larger id), in its own office
    owner, gone = (a, zhang_a) if zhang_a > zhang_b else (b, zhang_b)
    for month in ("2026-01", "2026-02"):
        save_draft(owner, gone, month, items=[{"task": "事项"}], self_grade="好")
        submit_report(owner, gone, month, f"{month}-20")
    for into, source in ((b, a), (a, b)):
        merge(into, source)
        [status] = [s for s in month_statuses(into.db, "2026-02", "2026-04-01") if s.name == "张三"]
        assert status.status == "按时" and status.cadre_id == min(zhang_a, zhang_b)
        assert report_flags(into.db, 2026, "2026-04-01") == []
