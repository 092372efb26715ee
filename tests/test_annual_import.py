"""年度考核数据导入 from real workbooks: the template's rows and columns, filled in and read back,
bad rows named, blank cells keeping what was saved, one undo step; and `kaoping annual`."""

import json

import pytest
from openpyxl import load_workbook
from test_annual_inputs import county  # noqa: F401 — the fixture
from test_monthly_cli import run

from db import open_database
from desktop_app.core.annual_import import apply_inputs_import, read_inputs, write_inputs_template
from desktop_app.core.annual_inputs import get_inputs, save_team_inputs, year_inputs
from desktop_app.core.errors import KaopingError

HEADER = ["单位", "姓名", "身份证号", "测评有效票", "好", "较好", "一般", "差", "优秀", "称职", "基本称职", "不称职",
          "民意调查有效票", "满意", "基本满意", "不满意", "专项调查属实（是/否）", "责任制考核得分", "责任制考核等次", "备注"]


def fill(path, values_by_name: dict[tuple[str, str], dict[str, object]]) -> None:
    """Fill the template's row of (unit, name): header → value."""
    book = load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for column, value in values_by_name.get((row[0].value, row[1].value), {}).items():
            row[header.index(column)].value = value
    book.save(path)


TEAM_ROW = {"测评有效票": 40, "好": 30, "较好": 8, "一般": 2, "民意调查有效票": 90, "满意": 50, "基本满意": 10,
            "不满意": 30, "专项调查属实（是/否）": "是", "责任制考核得分": 78.5, "责任制考核等次": "一般"}


def test_the_template_lists_every_team_and_cadre_and_reads_back(store, county, tmp_path):  # noqa: F811
    path = write_inputs_template(store.db, tmp_path / "年度.xlsx", 2025)
    sheet = load_workbook(path).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "2025年度考核数据" and rows[0] == HEADER
    assert [r[:2] for r in rows[1:]] == [["丹江镇", "领导班子"], ["丹江镇", "张三"], ["丹江镇", "李四"],
                                         ["西江镇", "领导班子"], ["西江镇", "王五"], ["西江镇", "赵六"]]
    assert rows[2][2] and all(v is None for v in rows[2][3:])
    zhang = store.db.execute("SELECT id_number FROM cadres WHERE name = '张三'").fetchone()[0]
    assert rows[2][2] == zhang[:4] + "*" * 10 + zhang[-4:]  # masked: it only tells namesakes apart
    fill(path, {("丹江镇", "领导班子"): TEAM_ROW | {"备注": "征地补偿问题已整改"},
                ("丹江镇", "张三"): {"测评有效票": 40, "优秀": 25, "称职": 15},
                ("西江镇", "王五"): {"测评有效票": 35, "称职": 30, "基本称职": 5}})
    plan = read_inputs(store.db, path, 2025)
    assert plan.problems == [] and plan.count == 3
    assert plan.as_json()["units"] == [{"unit": "丹江镇", "rows": 2}, {"unit": "西江镇", "rows": 1}]
    changes = apply_inputs_import(store, plan)
    team = get_inputs(store.db, 2025, county["丹江镇"])
    assert team["evaluation"] == {"valid": 40, "counts": {"好": 30, "较好": 8, "一般": 2, "差": 0}}
    assert (team["survey"]["counts"]["不满意"], team["survey_confirmed"], team["responsibility_score"],
            team["responsibility_grade"], team["note"]) == (30, True, "78.5", "一般", "征地补偿问题已整改")
    assert get_inputs(store.db, 2025, county["西江镇"], county["王五"])["evaluation"]["counts"]["称职"] == 30
    assert changes.note.startswith("导入年度考核数据 年度.xlsx（2025年度，3 项）")
    store.undo(changes.batch_id)
    assert year_inputs(store.db, 2025) == {}


def test_bad_rows_are_named_and_block_the_import_unless_skipped(store, county, tmp_path):  # noqa: F811
    path = write_inputs_template(store.db, tmp_path / "年度.xlsx", 2025, [county["丹江镇"]])
    book = load_workbook(path)
    sheet = book.active
    for unit, name, valid, good in (("东江镇", "", 10, 5), ("丹江镇", "王五", 10, 5), ("丹江镇", "张三", 10, 5),
                                    ("丹江镇", "钱七", 10, 5)):
        sheet.append([unit, name, None, valid, None, None, None, None, good])
    book.save(path)
    fill(path, {("丹江镇", "领导班子"): {"测评有效票": 40, "好": 30, "优秀": 2},
                ("丹江镇", "张三"): {"测评有效票": 40, "优秀": 35, "称职": 6, "专项调查属实（是/否）": "是"},
                ("丹江镇", "李四"): {"测评有效票": 40, "优秀": 20, "责任制考核得分": "优"}})
    plan = read_inputs(store.db, path, 2025)
    assert [(p.row, p.name, p.reason) for p in plan.problems] == [
        (2, "领导班子", "领导班子的测评等次为 好、较好、一般、差，不应填写“优秀”列"),
        (3, "张三", "民主测评各等次票数合计 41 超过有效票 40；专项调查属实须先录入民意调查票数"),
        (4, "李四", "责任制考核得分须为 0–100 之间的数（如 86.5；现为 优）"),
        (5, "", "找不到单位“东江镇”"),
        (6, "王五", "“王五”2025年度在西江镇参加考核，不在丹江镇"),
        (7, "张三", "张三（丹江镇）在第 3 行已经出现过"),
        (8, "钱七", "“钱七”不在丹江镇2025年度的考核名单中（须在该年度担任班子职务）")]
    with pytest.raises(KaopingError, match="7 行有问题，未导入任何数据"):
        apply_inputs_import(store, plan)
    with pytest.raises(KaopingError, match="没有可以导入的年度考核数据"):
        apply_inputs_import(store, plan, skip_invalid=True)
    assert year_inputs(store.db, 2025) == {}


def test_blank_cells_keep_what_was_saved_and_untouched_rows_are_skipped(store, county, tmp_path):  # noqa: F811
    town = county["丹江镇"]
    save_team_inputs(store, 2025, town, {"evaluation": {"valid": 40, "counts": {"好": 40}}, "note": "已核实",
                                         "investigation": "经调查属实", "key_projects": [{"name": "产业园", "done": True}]})
    path = write_inputs_template(store.db, tmp_path / "年度.xlsx", 2025)
    fill(path, {("丹江镇", "领导班子"): {"责任制考核得分": 92}})
    plan = read_inputs(store.db, path, 2025)
    assert plan.count == 1 and plan.problems == []
    apply_inputs_import(store, plan)
    team = get_inputs(store.db, 2025, town)
    assert (team["evaluation"]["counts"]["好"], team["note"], team["investigation"], team["responsibility_score"],
            len(team["key_projects"])) == (40, "已核实", "经调查属实", "92", 1)


def test_a_template_of_another_year_is_refused(store, county, tmp_path):  # noqa: F811
    path = write_inputs_template(store.db, tmp_path / "年度.xlsx", 2024)
    with pytest.raises(KaopingError, match="年度.xlsx 是2024年度的模板，不能导入2025年度"):
        read_inputs(store.db, path, 2025)
    with pytest.raises(KaopingError, match="2010年度没有考核对象"):
        write_inputs_template(store.db, tmp_path / "空.xlsx", 2010)


def test_kaoping_annual_template_and_import(store, county, tmp_path, db_path, capsys):  # noqa: F811
    store.db.close()
    template = tmp_path / "年度.xlsx"
    code, out, _err = run(capsys, "annual", "template", db_path, "--year", "2025", template, "--units", "西江镇")
    assert code == 0 and "已保存2025年度考核数据模板" in out
    assert [r[1] for r in load_workbook(template).active.iter_rows(min_row=2, values_only=True)] == [
        "领导班子", "王五", "赵六"]
    fill(template, {("西江镇", "领导班子"): TEAM_ROW, ("西江镇", "王五"): {"测评有效票": 35, "称职": 40}})
    code, out, _err = run(capsys, "annual", "import", db_path, "--year", "2025", template)
    assert code == 3 and "第3行 王五：民主测评各等次票数合计 40 超过有效票 35" in out and "未写入任何数据" in out
    code, out, _err = run(capsys, "annual", "import", db_path, "--year", "2025", template, "--dry-run", "--json")
    assert code == 3 and json.loads(out)["units"] == [{"unit": "西江镇", "rows": 1}]
    assert json.loads(out)["problems"] == [{"row": 3, "name": "王五", "reason": "民主测评各等次票数合计 40 超过有效票 35"}]
    code, out, _err = run(capsys, "annual", "import", db_path, "--year", "2025", template, "--skip-invalid")
    assert code == 0 and "西江镇：1 项" in out and "导入完成：2025年度 1 项年度考核数据" in out
    code, _out, err = run(capsys, "annual", "template", db_path, "--year", "2025", template, "--units", "东江镇")
    assert code == 2 and "找不到单位“东江镇”" in err
    db = open_database(db_path)
    try:
        assert list(year_inputs(db, 2025)) == [(county["西江镇"], None)]
    finally:
        db.close()
