"""Units, cadres and posts through the core services (real database files)."""

import pytest
from conftest import id_number

from desktop_app.core import audit, cadres, roster, units
from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.posts import posts_of

TODAY = "2026-03-02"



@pytest.fixture
def town(store):
    unit_id, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    return unit_id


@pytest.fixture
def bureau(store):
    unit_id, _ = units.add_unit(store, {"name": "县财政局", "kind": "县直部门"})
    return unit_id


def add_zhang(store, town, **extra):
    values = {"name": "张三", "id_number": id_number(), "phone": "13800000001"} | extra
    post = {"unit_id": town, "title": "镇长", "post_type": "正职", "rank": "正科", "start_date": "2020.03"}
    return cadres.add_cadre(store, values, post)


def test_gender_and_birth_month_come_from_the_id_number(store, town):
    created = add_zhang(store, town)
    cadre = store.get("cadres", created.record_id)
    assert (cadre["gender"], cadre["birth_month"]) == ("男", "1980-01")
    assert (cadre["name_pinyin"], cadre["name_initials"]) == ("zhangsan", "zs")
    assert created.changes.touches("cadres", "posts")


def test_contradictions_with_the_id_number_are_refused(store, town):
    with pytest.raises(ValidationError) as error:
        add_zhang(store, town, gender="女", birth_month="1981.02")
    assert set(error.value.problems) == {"gender", "birth_month"}
    assert "与身份证号" in error.value.problems["gender"]
    assert store.db.execute("SELECT COUNT(*) FROM cadres").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [({"name": ""}, "name"), ({"name": "张"}, "name"), ({"phone": "123"}, "phone"),
     ({"id_number": "52263419800101123"}, "id_number"), ({"status": "在岗"}, "status"),
     ({"birth_month": "明年"}, "birth_month")],
)
def test_bad_fields_are_named(values, field):
    with pytest.raises(ValidationError) as error:
        cadres.validate_cadre({"name": "张三"} | values)
    assert field in error.value.problems


def test_same_id_number_cannot_be_entered_twice(store, town):
    add_zhang(store, town)
    with pytest.raises(ValidationError, match="已登记给张三"):
        cadres.add_cadre(store, {"name": "张叁", "id_number": id_number()})


def test_post_needs_unit_and_title(store):
    with pytest.raises(ValidationError) as error:
        cadres.add_cadre(store, {"name": "李四"}, {"unit_id": "nope", "title": ""})
    assert set(error.value.problems) == {"unit_id", "title"}


def test_transfer_closes_the_held_post_and_opens_a_new_one(store, town, bureau):
    created = add_zhang(store, town)
    changes = cadres.transfer_cadre(store, created.record_id,
                                    {"unit_id": bureau, "title": "局长", "post_type": "正职", "rank": "正科"},
                                    "2024-05-01")
    posts = posts_of(store.db, created.record_id)
    assert [(p["unit_name"], p["start_date"], p["end_date"]) for p in posts] == [
        ("县财政局", "2024-05-01", None), ("丹江镇", "2020-03-01", "2024-05-01")]
    row = roster.roster_rows(store.db, [created.record_id], TODAY)[created.record_id]
    assert (row.unit_name, row.title, row.holds_post) == ("县财政局", "局长", True)
    store.undo(changes.batch_id)
    row = roster.roster_rows(store.db, [created.record_id], TODAY)[created.record_id]
    assert row.unit_name == "丹江镇"


def test_retire_ends_posts_and_sets_status(store, town):
    created = add_zhang(store, town)
    cadres.retire_cadre(store, created.record_id, "2025-12-31")
    row = roster.roster_rows(store.db, [created.record_id], TODAY)[created.record_id]
    assert (row.status, row.unit_name, row.holds_post) == ("退休", "丹江镇", False)
    assert units.list_units(store.db, TODAY)[0]["cadre_count"] == 0


def test_unit_with_cadres_in_post_cannot_be_deleted(store, town):
    add_zhang(store, town)
    with pytest.raises(RuleViolation, match="还有1名干部在任"):
        units.delete_unit(store, town, TODAY)


def test_unit_names_are_unique(store, town):
    with pytest.raises(ValidationError, match="已存在"):
        units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})


def test_delete_cadre_is_undoable(store, town):
    created = add_zhang(store, town)
    changes = cadres.delete_cadre(store, created.record_id)
    assert roster.roster_keys(store.db, TODAY) == []
    store.undo(changes.batch_id)
    assert [k.id for k in roster.roster_keys(store.db, TODAY)] == [created.record_id]


def test_roster_keys_search_text_and_sorting(store, town, bureau):
    add_zhang(store, town)
    cadres.add_cadre(store, {"name": "艾玥", "id_number": id_number("19900203", "124")},
                     {"unit_id": bureau, "title": "副局长", "post_type": "副职"})
    keys = roster.roster_keys(store.db, TODAY, sort="name")
    assert [k.search.split("\x1f")[0] for k in keys] == ["艾玥", "张三"]
    assert "zs" in keys[1].search and "zhangsan" in keys[1].search and id_number() in keys[1].search.upper()
    descending = roster.roster_keys(store.db, TODAY, sort="name", descending=True)
    assert [k.id for k in descending] == [k.id for k in reversed(keys)]


def test_history_names_every_change(store, town, bureau):
    created = add_zhang(store, town)
    cadres.update_cadre(store, created.record_id, {"phone": "13900000002"})
    cadres.transfer_cadre(store, created.record_id, {"unit_id": bureau, "title": "局长", "post_type": "正职"},
                          "2024-05-01")
    history = audit.cadre_history(store.db, created.record_id)
    assert [e.action for e in history][:2] == ["新增", "修改"]
    phone_change = next(e for e in history if e.table == "干部" and e.action == "修改")
    assert phone_change.summary == "联系电话：138****0001 → 139****0002"  # masked, like every list
    assert phone_change.lines(full_id_numbers=True) == ["联系电话：13800000001 → 13900000002"]
    new_post = history[0]
    assert any(c.label == "单位" and c.after == "县财政局" for c in new_post.changes)
    assert all(e.operator == "测试员" for e in history)
    log = audit.audit_log(store.db, table="cadres", text="1390")
    assert [e.record_name for e in log] == ["张三"]


def test_log_entries_read_as_sentences(store, town):
    """New records list their values in form order; posts are named by cadre and title; units say 单位名称."""
    created = add_zhang(store, town)
    units.update_unit(store, town, {"name": "丹江镇人民政府"})
    log = audit.audit_log(store.db)
    renamed, post, cadre = log[0], log[1], log[2]
    assert renamed.summary == "单位名称：丹江镇 → 丹江镇人民政府"
    assert (post.table, post.record_name) == ("任职经历", "张三 · 镇长")
    assert post.change_lines[:2] == ["单位：丹江镇人民政府", "职务：镇长"]  # units by their current name
    assert (cadre.record_id, cadre.change_lines[0]) == (created.record_id, "姓名：张三")
    assert "→" not in cadre.summary
