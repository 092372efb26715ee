"""Excel roster import (干部名册导入): real .xlsx files, real database files."""

import json
from datetime import datetime

import pytest
from conftest import id_number
from roster_workbooks import HEADERS, person, write_roster

from db import open_database
from desktop_app.cli import main
from desktop_app.core import cadres, units
from desktop_app.core.errors import KaopingError
from desktop_app.core.posts import posts_of
from desktop_app.core.roster_columns import guess_unit_kind, header_field
from desktop_app.core.roster_import import apply_import, plan_import, read_roster

TODAY = "2026-03-02"
ZHANG = id_number("19800101", "123")  # 男, 1980-01
LI = id_number("19851220", "246")  # 女, 1985-12


def import_file(store, path, **kwargs):
    plan = plan_import(store.db, read_roster(path), TODAY)
    return plan, apply_import(store, plan, **kwargs)


def count(db, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table} WHERE deleted = 0").fetchone()[0]


def cadre_by_id_number(db, number: str) -> dict:
    cursor = db.execute("SELECT * FROM cadres WHERE id_number = ? AND deleted = 0", [number])
    return dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))


def live_state(db) -> dict:
    """Every live record's content, to compare a database before and after."""
    columns = {"units": "name, kind", "cadres": "name, id_number, phone, status", "posts":
               "cadre_id, unit_id, title, post_type, rank, start_date, end_date"}
    return {table: sorted(db.execute(f"SELECT id, {cols} FROM {table} WHERE deleted = 0").fetchall())
            for table, cols in columns.items()}


# -- reading -----------------------------------------------------------------------------
def test_header_below_a_title_with_shuffled_and_extra_columns(tmp_path, store):
    headers = ("序号", "职务", "身份证号", "备注", "姓名", "单位", "联系电话", "出生年月")
    path = write_roster(tmp_path / "名册.xlsx", [
        {"序号": 1, "职务": "镇长", "身份证号": ZHANG, "备注": "无", "姓名": "张三", "单位": "丹江镇",
         "联系电话": "13800000001", "出生年月": "1980.01"},
    ], headers, above=[["雷山县干部名册"], [None, "2026年3月"], []])
    sheet = read_roster(path)
    assert (sheet.header_row, sheet.ignored_headers, [r.row for r in sheet.rows]) == (4, ("序号", "备注"), [5])
    plan, result = import_file(store, path)
    assert result.as_json() == {"created": 1, "updated": 0, "units_created": 1, "rejected": []}
    cadre = cadre_by_id_number(store.db, ZHANG)
    assert (cadre["name"], cadre["phone"], cadre["gender"], cadre["birth_month"]) == ("张三", "13800000001", "男",
                                                                                      "1980-01")


@pytest.mark.parametrize(("text", "field"), [
    ("身份证号码", "id_number"), ("公民身份号码", "id_number"), ("出生 年月", "birth_month"),
    ("任现职务时间", "start_date"), ("姓　名", "name"), ("职务*", "title"), ("身份证号（18位）", "id_number"),
    ("工作单位", "unit_name"), (" 联系电话 ", "phone"), ("备注", None), (None, None), (2026, None),
])
def test_header_variants(text, field):
    assert header_field(text) == field


def test_blank_rows_are_skipped_and_row_numbers_stay_true(tmp_path, store):
    path = write_roster(tmp_path / "r.xlsx", [person("张三", ZHANG), {}, {"姓名": "  "}, person("", LI)])
    plan, _result = import_file(store, path)
    assert [(r.row, r.action) for r in plan.rows] == [(2, "create"), (5, "reject")]


def test_full_width_characters_and_stray_spaces_are_normalised(tmp_path, store):
    full_width_id = ZHANG.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    path = write_roster(tmp_path / "r.xlsx", [person(
        " 张　三 ", full_width_id, unit=" 丹江镇 ", title="镇长 ", 联系电话="１３８ ０００００００２", 岗位类别=" 正职",
        出生年月="１９８０．０１")])
    plan, _result = import_file(store, path)
    assert plan.rejected == []
    cadre = cadre_by_id_number(store.db, ZHANG)
    assert (cadre["name"], cadre["phone"], cadre["birth_month"]) == ("张三", "13800000002", "1980-01")
    post = posts_of(store.db, cadre["id"])[0]
    assert (post["unit_name"], post["title"], post["post_type"]) == ("丹江镇", "镇长", "正职")


@pytest.mark.parametrize("birth", ["1980.01", "1980-01", "1980年1月", "198001", 198001, 1980.01, "1980/1",
                                   datetime(1980, 1, 1), "1980.01.01", 29221])
def test_birth_month_formats(tmp_path, store, birth):
    path = write_roster(tmp_path / "r.xlsx", [person("张三", ZHANG, 出生年月=birth)])
    plan, _result = import_file(store, path)
    assert plan.rejected == []
    assert plan.rows[0].values["birth_month"] == "1980-01"


def test_a_number_like_1980_1_means_october_but_text_1980_1_means_january(tmp_path, store):
    october = id_number("19801001", "123")
    path = write_roster(tmp_path / "r.xlsx", [person("张三", october, 出生年月=1980.1),
                                              person("李四", LI, 出生年月="1985.12", 任现职时间=2021.1),
                                              person("王五", id_number("19800101", "135"), 出生年月="1980.1")])
    plan, _result = import_file(store, path)
    assert plan.rejected == []
    assert [r.values["birth_month"] for r in plan.rows] == ["1980-10", "1985-12", "1980-01"]
    assert plan.rows[1].values["start_date"] == "2021-10-01"


@pytest.mark.parametrize("start", ["2021-03-01", "2021.03", "2021年3月", "202103", 2021.03, "2021.3.1",
                                   datetime(2021, 3, 1), 44256, "20210301"])
def test_start_date_formats(tmp_path, store, start):
    path = write_roster(tmp_path / "r.xlsx", [person("张三", ZHANG, 任现职时间=start)])
    _plan, _result = import_file(store, path)
    cadre = cadre_by_id_number(store.db, ZHANG)
    assert posts_of(store.db, cadre["id"])[0]["start_date"] == "2021-03-01"


# -- rejections --------------------------------------------------------------------------
@pytest.mark.parametrize(("change", "reason"), [
    ({"姓名": None}, "请填写姓名"),
    ({"单位": ""}, "请填写单位"),
    ({"职务": None}, "请填写职务"),
    ({"身份证号": ZHANG[:-1]}, "身份证号应为18位，实为17位"),
    ({"身份证号": ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")}, "身份证号校验位不符"),
    ({"身份证号": id_number("19800230", "123")}, "出生日期 19800230 不存在"),
    ({"性别": "女"}, "性别“女”与身份证号（男）不符"),
    ({"出生年月": "1981.02"}, "出生年月 1981-02 与身份证号（1980-01）不符"),
    ({"身份证号": 522634198001011234.0}, "被存成了数字"),
    ({"岗位类别": "一把手"}, "岗位类别须为"),
    ({"任现职时间": "去年"}, "任现职时间格式不对"),
])
def test_each_rejection_names_its_excel_row(tmp_path, store, change, reason):
    rows = [person("李四", LI, unit="县财政局", title="局长"), person("张三", ZHANG) | change]
    path = write_roster(tmp_path / "r.xlsx", rows, above=[["名册"]])
    plan, result = import_file(store, path)
    assert [row for row, _reason in plan.rejected] == [4]
    assert reason in plan.rejected[0][1]
    assert result.as_json()["rejected"] == [{"row": 4, "reason": plan.rejected[0][1]}]
    assert (result.created, count(store.db, "cadres")) == (1, 1)


def test_an_id_number_repeated_in_the_file_is_rejected_after_its_first_row(tmp_path, store):
    path = write_roster(tmp_path / "r.xlsx", [person("张三", ZHANG), person("李四", LI),
                                              person("张叁", ZHANG.lower(), unit="县财政局")])
    plan, result = import_file(store, path)
    assert plan.rejected == [(4, "身份证号与第2行重复（同一人在表中出现了两次）")]
    assert (result.created, cadre_by_id_number(store.db, ZHANG)["name"]) == (2, "张三")


def test_a_repeated_id_number_counts_even_when_its_first_row_is_rejected(tmp_path, store):
    path = write_roster(tmp_path / "r.xlsx", [person("张三", ZHANG, 单位=None), person("张三", ZHANG)])
    plan, _result = import_file(store, path)
    assert [row for row, _reason in plan.rejected] == [2, 3]
    assert "与第2行重复" in plan.rejected[1][1]


# -- matching, updates, moves ------------------------------------------------------------
def test_reimport_updates_the_cadre_instead_of_duplicating(tmp_path, store):
    import_file(store, write_roster(tmp_path / "a.xlsx", [person("张三", ZHANG), person("李四", LI)]))
    changed = write_roster(tmp_path / "b.xlsx", [person("张三", ZHANG, 联系电话="13900000009"), person("李四", LI)])
    plan, result = import_file(store, changed)
    assert result.as_json() == {"created": 0, "updated": 1, "units_created": 0, "rejected": []}
    assert result.unchanged == 1
    assert plan.rows[0].note == "更新：联系电话"
    assert (plan.rows[0].previous, plan.rows[0].cadre_changes) == ({"phone": "13800000001"}, {"phone": "13900000009"})
    assert count(store.db, "cadres") == 2 and count(store.db, "posts") == 2
    assert cadre_by_id_number(store.db, ZHANG)["phone"] == "13900000009"


def test_blank_cells_do_not_erase_what_the_database_knows(tmp_path, store):
    import_file(store, write_roster(tmp_path / "a.xlsx", [person("张三", ZHANG)]))
    plan, result = import_file(store, write_roster(tmp_path / "b.xlsx", [person(
        "张三", ZHANG, 联系电话=None, 民族=None, 岗位类别=None, 职级=None, 任现职时间=None)]))
    assert (plan.rows[0].action, result.changes.empty) == ("unchanged", True)
    assert cadre_by_id_number(store.db, ZHANG)["phone"] == "13800000001"


def test_same_unit_and_title_edits_the_held_post_in_place(tmp_path, store):
    import_file(store, write_roster(tmp_path / "a.xlsx", [person("张三", ZHANG)]))
    plan, _result = import_file(store, write_roster(tmp_path / "b.xlsx", [person(
        "张三", ZHANG, unit="丹江 镇", 职级="副处", 任现职时间="2019.07")]))
    assert (plan.rows[0].post_action, plan.rows[0].note) == ("edit", "更新：职级、任现职时间")
    assert plan.rows[0].previous == {"rank": "正科", "start_date": "2020-03-01"}
    [post] = posts_of(store.db, cadre_by_id_number(store.db, ZHANG)["id"])
    assert (post["rank"], post["start_date"], post["end_date"]) == ("副处", "2019-07-01", None)


def test_a_new_unit_is_a_move_that_closes_the_old_post(tmp_path, store):
    import_file(store, write_roster(tmp_path / "a.xlsx", [person("张三", ZHANG)]))
    plan, result = import_file(store, write_roster(tmp_path / "b.xlsx", [person(
        "张三", ZHANG, unit="县财政局", title="局长", 任现职时间="2025-06-01")]))
    assert (result.updated, result.units_created, result.new_units) == (1, 1, ("县财政局",))
    assert plan.rows[0].note == "调动：丹江镇镇长 → 县财政局局长（2025-06-01起）"
    new, old = posts_of(store.db, cadre_by_id_number(store.db, ZHANG)["id"])
    assert (old["unit_name"], old["end_date"]) == ("丹江镇", "2025-06-01")
    assert (new["unit_name"], new["title"], new["start_date"], new["end_date"]) == ("县财政局", "局长", "2025-06-01",
                                                                                    None)


def test_a_move_without_a_date_happens_today(tmp_path, store):
    import_file(store, write_roster(tmp_path / "a.xlsx", [person("张三", ZHANG)]))
    plan, _result = import_file(store, write_roster(tmp_path / "b.xlsx", [person(
        "张三", ZHANG, unit="县财政局", title="局长", 任现职时间=None)]))
    assert (plan.rows[0].post_action, plan.rows[0].move_date) == ("move", TODAY)


def test_a_move_dated_before_the_current_post_is_rejected(tmp_path, store):
    import_file(store, write_roster(tmp_path / "a.xlsx", [person("张三", ZHANG)]))
    plan, result = import_file(store, write_roster(tmp_path / "b.xlsx", [person(
        "张三", ZHANG, unit="县财政局", title="局长", 任现职时间="2020.03")]))
    assert plan.rejected == [(2, "任现职时间 2020-03-01 不晚于库中已有任职（丹江镇镇长，2020-03-01起），"
                                 "无法按调动处理，请核对")]
    assert (result.changes.empty, plan.units_to_create) == (True, [])


def test_unknown_units_are_created_with_a_guessed_kind_and_reported(tmp_path, store):
    units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    rows = [person("张三", ZHANG), person("李四", LI, unit="西江镇", title="副镇长"),
            person("王五", id_number(sequence="135"), unit="县财政局", title="局长"),
            person("赵六", id_number(sequence="157"), unit="县 财政局", title="副局长")]
    plan, result = import_file(store, write_roster(tmp_path / "r.xlsx", rows))
    assert plan.unit_kinds == {"西江镇": "乡镇", "县财政局": "县直部门"}
    assert (result.as_json()["units_created"], count(store.db, "units")) == (2, 3)


@pytest.mark.parametrize(("name", "kind"), [
    ("丹江镇", "乡镇"), ("大塘乡", "乡镇"), ("丹江镇人民政府", "乡镇"), ("龙泉街道", "街道"),
    ("龙泉街道办事处", "街道"), ("县财政局", "县直部门"), ("县委组织部", "县直部门"), ("县融媒体中心", "县直部门"),
    ("雷山县第一中学", "其他"),
])
def test_guessed_unit_kinds(name, kind):
    assert guess_unit_kind(name) == kind


def test_rows_without_id_number_are_created_and_said_so_and_match_on_reimport(tmp_path, store):
    path = write_roster(tmp_path / "r.xlsx", [person("张三", None)])
    plan, _result = import_file(store, path)
    assert (plan.rows[0].action, plan.rows[0].note) == ("create", "无身份证号，未能与库中干部对上，按新干部录入")
    plan, result = import_file(store, path)
    assert (plan.rows[0].action, count(store.db, "cadres")) == ("unchanged", 1)


def test_an_existing_cadre_without_id_number_gets_it_from_the_file(tmp_path, store):
    unit_id, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    cadres.add_cadre(store, {"name": "张三"}, {"unit_id": unit_id, "title": "镇长", "post_type": "正职"})
    plan, result = import_file(store, write_roster(tmp_path / "r.xlsx", [person("张三", ZHANG)]))
    assert (result.created, result.updated, count(store.db, "cadres")) == (0, 1, 1)
    assert plan.rows[0].note.endswith("；按姓名和职务对上库中未登记身份证号的干部，补登身份证号")
    assert cadre_by_id_number(store.db, ZHANG)["gender"] == "男"


# -- one transaction, one undo step --------------------------------------------------------
def test_the_import_is_one_undo_step(tmp_path, store):
    import_file(store, write_roster(tmp_path / "a.xlsx", [person("张三", ZHANG), person("李四", LI)]))
    before = live_state(store.db)
    rows = [person("张三", ZHANG, unit="县财政局", title="局长", 任现职时间="2025-06-01"),
            person("李四", LI, 联系电话="13900000009", 职级="副处"), person("王五", id_number(sequence="135"))]
    _plan, result = import_file(store, write_roster(tmp_path / "b.xlsx", rows))
    assert result.changes.note == "导入名册 b.xlsx" and live_state(store.db) != before
    batches = store.db.execute("SELECT COUNT(DISTINCT batch_id) FROM audit_log WHERE note = ?",
                               [result.changes.note]).fetchone()[0]
    assert batches == 1
    store.undo(result.changes.batch_id)
    assert live_state(store.db) == before


def test_a_write_refused_at_apply_time_rolls_the_whole_import_back(tmp_path, store):
    plan = plan_import(store.db, read_roster(write_roster(tmp_path / "r.xlsx", [
        person("张三", ZHANG), person("李四", LI, unit="县财政局", title="局长")])), TODAY)
    unit_id, _ = units.add_unit(store, {"name": "西江镇", "kind": "乡镇"})
    cadres.add_cadre(store, {"name": "李肆", "id_number": LI}, {"unit_id": unit_id, "title": "镇长"})
    before = live_state(store.db)
    with pytest.raises(KaopingError, match="第3行（李四）写入失败：该身份证号已登记给李肆.*整个导入已撤回"):
        apply_import(store, plan)
    assert live_state(store.db) == before


def test_progress_is_reported_up_to_the_total(tmp_path, store):
    calls = []
    import_file(store, write_roster(tmp_path / "r.xlsx", [person("张三", ZHANG), person("李四", LI)]),
                progress=lambda done, total, text: calls.append((done, total)))
    assert calls[-1] == (3, 3)  # one unit, two cadres


# -- files that are not a roster -------------------------------------------------------------
@pytest.mark.parametrize(("name", "content", "message"), [
    ("名册.xlsx", "姓名,单位,职务\n张三,丹江镇,镇长\n".encode(), "不是 Excel 工作簿"),
    ("名册.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为"),
    ("名册.xlsx", b"PK\x03\x04" + b"\0" * 100, "已损坏"),
    ("名册.xlsx", b"", "不是 Excel 工作簿"),
])
def test_a_file_that_is_not_an_xlsx_is_refused(tmp_path, store, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(KaopingError, match=message):
        read_roster(path)


def test_a_truncated_workbook_is_refused(tmp_path):
    good = write_roster(tmp_path / "good.xlsx", [person("张三", ZHANG)])
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[:-300])
    with pytest.raises(KaopingError, match="已损坏"):
        read_roster(broken)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(KaopingError, match="找不到文件"):
        read_roster(tmp_path / "nothing.xlsx")


def test_a_workbook_without_header_row_is_refused(tmp_path):
    path = write_roster(tmp_path / "r.xlsx", [["张三", "丹江镇"]], headers=("人员", "部门", "岗位"))
    with pytest.raises(KaopingError, match="未找到表头：r.xlsx 前10行中没有包含“姓名”“单位”“职务”的行"):
        read_roster(path)


def test_a_header_after_row_10_is_not_found(tmp_path):
    path = write_roster(tmp_path / "r.xlsx", [person("张三", ZHANG)], HEADERS, above=[[f"说明{n}"] for n in range(10)])
    with pytest.raises(KaopingError, match="未找到表头"):
        read_roster(path)


def test_an_xlsx_named_xls_is_read_by_its_content(tmp_path):
    path = write_roster(tmp_path / "r.xlsx", [person("张三", ZHANG)])
    renamed = path.rename(tmp_path / "r.xls")
    assert len(read_roster(renamed).rows) == 1


# -- the command: kaoping roster import ----------------------------------------------------
@pytest.fixture
def closed_db(db_path):
    """A database file no one holds open, as the command finds it."""
    open_database(db_path, create=True, office_name="雷山县委组织部").close()
    return db_path


def db_counts(path) -> tuple[int, int, int]:
    db = open_database(path)
    try:
        return count(db, "cadres"), count(db, "units"), db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def roster_with_a_bad_row(tmp_path):
    return write_roster(tmp_path / "名册.xlsx", [person("张三", ZHANG), person("李四", LI, 职务=None)])


def test_command_writes_nothing_and_exits_3_when_a_row_is_bad(closed_db, roster_with_a_bad_row, capsys):
    assert main(["roster", "import", str(closed_db), str(roster_with_a_bad_row)]) == 3
    out = capsys.readouterr().out
    assert "第3行 李四：请填写职务" in out and "未写入任何数据" in out
    assert db_counts(closed_db) == (0, 0, 0)


def test_command_skip_invalid_writes_the_good_rows(closed_db, roster_with_a_bad_row, capsys):
    assert main(["roster", "import", str(closed_db), str(roster_with_a_bad_row), "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert "导入完成：新增 1 人" in out and "第3行 李四：请填写职务" in out and "新建单位：丹江镇（乡镇）" in out
    assert db_counts(closed_db)[:2] == (1, 1)


def test_command_json_shape(closed_db, roster_with_a_bad_row, capsys):
    assert main(["roster", "import", str(closed_db), str(roster_with_a_bad_row), "--json"]) == 3
    assert json.loads(capsys.readouterr().out) == {
        "created": 0, "updated": 0, "units_created": 0,
        "rejected": [{"row": 3, "reason": "请填写职务"}]}
    assert main(["roster", "import", str(closed_db), str(roster_with_a_bad_row), "--json", "--skip-invalid"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "created": 1, "updated": 0, "units_created": 1,
        "rejected": [{"row": 3, "reason": "请填写职务"}]}


def test_command_dry_run_writes_nothing(closed_db, tmp_path, capsys):
    path = write_roster(tmp_path / "名册.xlsx", [person("张三", ZHANG), person("李四", LI)])
    assert main(["roster", "import", str(closed_db), str(path), "--dry-run"]) == 0
    assert "试运行，未写入任何数据。导入将会：新增 2 人" in capsys.readouterr().out
    assert main(["roster", "import", str(closed_db), str(path), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 2
    assert db_counts(closed_db) == (0, 0, 0)


def test_command_refuses_a_bad_file_without_traceback(closed_db, tmp_path, capsys):
    path = tmp_path / "名册.xlsx"
    path.write_text("不是表格", encoding="utf-8")
    assert main(["roster", "import", str(closed_db), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：名册.xlsx 不是 Excel 工作簿") and "Traceback" not in err
