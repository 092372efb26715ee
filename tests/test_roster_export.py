"""Excel roster export (干部名册导出): layout, text cells, round trip, safe writing."""

import json

import pytest
from conftest import id_number
from openpyxl import load_workbook
from roster_workbooks import HEADERS, read_sheet

from db import open_database
from desktop_app.cli import main
from desktop_app.core import cadres, units
from desktop_app.core.errors import KaopingError
from desktop_app.core.masking import Disclosure
from desktop_app.core.roster_export import export_roster
from desktop_app.core.roster_import import apply_import, plan_import, read_roster
from desktop_app.core.roster_plan import MASKED_ID_PROBLEM, MASKED_PHONE_PROBLEM

TODAY = "2026-03-02"
FULL = Disclosure(True)
ZHANG = id_number("19800101", "123")
LI = id_number("19851220", "246")
SUN = id_number("19700505", "000")  # check digit X


def audit_rows(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]


@pytest.fixture
def county(store):
    """A small roster with the awkward cases: two held posts, retired, no ID, no post, deleted."""
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    bureau, _ = units.add_unit(store, {"name": "县财政局", "kind": "县直部门"})
    zhang = cadres.add_cadre(store, {"name": "张三", "id_number": ZHANG, "ethnicity": "苗族", "phone": "13800000001",
                                     "political_status": "中共党员", "education": "大学"},
                             {"unit_id": town, "title": "党委书记", "post_type": "正职", "rank": "正科",
                              "start_date": "2020-03-01"}).record_id
    cadres.add_post(store, zhang, {"unit_id": bureau, "title": "副局长", "post_type": "副职", "start_date": "2021-05-01"})
    li = cadres.add_cadre(store, {"name": "李四", "id_number": LI, "phone": "0855-3331234"},
                          {"unit_id": bureau, "title": "局长", "post_type": "正职", "rank": "正科",
                           "start_date": "2016-09-01"}).record_id
    cadres.retire_cadre(store, li, "2025-01-01")
    cadres.add_cadre(store, {"name": "王五", "gender": "男"}, {"unit_id": town, "title": "副镇长", "post_type": "副职"})
    cadres.add_cadre(store, {"name": "赵六", "id_number": SUN})
    gone = cadres.add_cadre(store, {"name": "钱七"}, {"unit_id": town, "title": "科员"}).record_id
    cadres.delete_cadre(store, gone)
    return store


def test_export_layout_headers_text_cells_and_dates(county, tmp_path):
    path = tmp_path / "名册.xlsx"
    assert export_roster(county.db, path, TODAY, FULL) == 4
    workbook = load_workbook(path)
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width >= 20  # 身份证号
    id_cell, phone_cell = sheet["E2"], sheet["M2"]
    assert (id_cell.value, id_cell.data_type, id_cell.number_format) == (ZHANG, "s", "@")
    assert (phone_cell.value, phone_cell.data_type, phone_cell.number_format) == ("13800000001", "s", "@")
    assert sheet.column_dimensions["E"].number_format == "@"  # IDs typed in later stay text
    assert [c.value for c in sheet[2]] == ["张三", "男", "苗族", "1980.01", ZHANG, "中共党员", "大学", "丹江镇",
                                           "党委书记", "正职", "正科", "2020-03-01", "13800000001"]


def test_id_numbers_and_phones_are_masked_unless_the_export_is_full(county, tmp_path):
    path = tmp_path / "名册.xlsx"
    assert export_roster(county.db, path, TODAY) == 4
    rows = {row[0]: row for row in read_sheet(path)[1:]}
    assert (rows["张三"][4], rows["张三"][12]) == ("5226**********" + ZHANG[-4:], "138****0001")
    assert (rows["李四"][4], rows["李四"][12]) == ("5226**********" + LI[-4:], "0855-***1234")
    assert rows["赵六"][4] == "5226**********" + SUN[-4:] and rows["王五"][4] is None
    whole = " ".join(str(cell) for row in read_sheet(path) for cell in row)
    assert not any(secret in whole for secret in (ZHANG, LI, SUN, "13800000001", "3331234"))


def test_one_row_per_live_cadre_with_the_post_the_roster_shows(county, tmp_path):
    path = tmp_path / "名册.xlsx"
    export_roster(county.db, path, TODAY, FULL)
    rows = {row[0]: row for row in read_sheet(path)[1:]}
    assert sorted(rows) == ["张三", "李四", "王五", "赵六"]  # 钱七 was deleted
    assert rows["张三"][7:9] == ["丹江镇", "党委书记"]  # 正职 before the second post held
    assert rows["李四"][7:13] == ["县财政局", "局长", "正职", "正科", "2016-09-01", "0855-3331234"]  # retired
    assert rows["王五"][4] is None and rows["王五"][11] is None  # blank cells
    assert rows["赵六"][7:9] == [None, None]


def test_export_then_import_changes_nothing(county, tmp_path):
    path = tmp_path / "名册.xlsx"
    export_roster(county.db, path, TODAY)
    before = audit_rows(county.db)
    plan = plan_import(county.db, read_roster(path), TODAY)
    assert [(row.name, row.action) for row in plan.rows if row.action != "unchanged"] == []
    result = apply_import(county, plan)
    assert result.as_json() == {"created": 0, "updated": 0, "units_created": 0, "rejected": []}
    assert result.unchanged == 4
    assert result.changes.empty and audit_rows(county.db) == before


def test_a_masked_export_imports_again_as_unchanged_and_an_edit_in_it_is_taken(county, tmp_path):
    path = tmp_path / "名册.xlsx"
    export_roster(county.db, path, TODAY)
    assert [row.action for row in plan_import(county.db, read_roster(path), TODAY).rows] == ["unchanged"] * 4
    book = load_workbook(path)
    book.active["G2"] = "研究生"  # 张三's 学历 edited in Excel; his ID and phone cells stay masked
    book.save(path)
    plan = plan_import(county.db, read_roster(path), TODAY)
    zhang = next(row for row in plan.rows if row.name == "张三")
    assert (zhang.action, zhang.cadre_changes, zhang.values["id_number"]) == ("update", {"education": "研究生"}, ZHANG)
    assert apply_import(county, plan).updated == 1


def test_a_masked_number_that_fits_no_cadre_is_a_problem_of_the_row(county, tmp_path):
    path = tmp_path / "名册.xlsx"
    export_roster(county.db, path, TODAY)
    book = load_workbook(path)
    rows = {row[0].value: row for row in book.active.iter_rows(min_row=2)}
    rows["张三"][0].value = "张三丰"  # no 张三丰 with that masked number
    rows["李四"][12].value = "139****1234"  # 李四's phone masked differently from the database's
    book.save(path)
    plan = plan_import(county.db, read_roster(path), TODAY)
    reasons = {row.name: row.reason for row in plan.rows if row.action == "reject"}
    assert reasons == {"张三丰": f"{MASKED_ID_PROBLEM}；{MASKED_PHONE_PROBLEM}", "李四": MASKED_PHONE_PROBLEM}
    other_db = open_database(tmp_path / "other.kpdb", create=True, office_name="丹寨县委组织部")
    try:  # a masked file cannot seed another database
        rejected = plan_import(other_db, read_roster(path), TODAY).rows
        assert sum(MASKED_ID_PROBLEM in row.reason for row in rejected) == 3  # 王五 has no ID number
    finally:
        other_db.close()


def test_an_export_imported_into_a_new_database_exports_the_same(county, tmp_path):
    first = tmp_path / "甲.xlsx"
    export_roster(county.db, first, TODAY, FULL)
    other_db = open_database(tmp_path / "other.kpdb", create=True, office_name="丹寨县委组织部")
    try:
        other = type(county)(other_db, operator="测试员", clock=county.clock)
        result = apply_import(other, plan_import(other_db, read_roster(first), TODAY))
        assert (result.created, [r["row"] for r in result.rejected]) == (3, [5])  # 赵六 holds no post
        second = tmp_path / "乙.xlsx"
        export_roster(other_db, second, TODAY, FULL)
    finally:
        other_db.close()
    without_post = [row for row in read_sheet(first) if row[0] != "赵六"]
    assert read_sheet(second) == without_post


def test_the_command_exports_and_a_reimport_reports_all_unchanged(county, db_path, tmp_path, capsys):
    county.db.close()
    path = tmp_path / "名册.xlsx"
    assert main(["roster", "export", str(db_path), str(path)]) == 0
    assert f"已导出 4 名干部到：{path}" in capsys.readouterr().out
    db = open_database(db_path)
    before = audit_rows(db)
    db.close()
    assert main(["roster", "import", str(db_path), str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"created": 0, "updated": 0, "units_created": 0, "rejected": []}
    assert main(["roster", "import", str(db_path), str(path)]) == 0
    assert "无变化 4 人" in capsys.readouterr().out
    db = open_database(db_path)
    assert audit_rows(db) == before
    db.close()


def test_the_file_replaces_the_target_and_leaves_no_temporary_file(county, tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"old")
    export_roster(county.db, path, TODAY)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == ["名册.xlsx"]
    assert read_sheet(path)[0] == list(HEADERS)


@pytest.mark.parametrize(("target", "message"), [
    ("not_a_folder/名册.xlsx", "无法在"),
    ("名册.xls", "须以 .xlsx 结尾"),
    ("a_folder.xlsx", "是文件夹"),
])
def test_a_target_that_cannot_be_written_is_refused_in_chinese(county, tmp_path, target, message):
    (tmp_path / "not_a_folder").write_text("a file, not a folder")
    (tmp_path / "a_folder.xlsx").mkdir()
    with pytest.raises(KaopingError, match=message):
        export_roster(county.db, tmp_path / target, TODAY)
    assert not list(tmp_path.glob(".~kaoping-*"))
