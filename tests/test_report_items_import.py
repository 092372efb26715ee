"""实绩事项导入 from real workbooks: the template round trip, row errors, replace-a-draft, one undo step."""

import pytest
from conftest import id_number
from openpyxl import Workbook, load_workbook
from test_monthly_reports import ITEMS, submitted

from desktop_app.core import cadres, units
from desktop_app.core.errors import KaopingError
from desktop_app.core.monthly_reports import get_report, save_draft
from desktop_app.core.report_items_import import apply_report_import, read_report_items, write_report_template

HEADER = ["单位", "姓名", "身份证号", "月份", "类别", "工作事项", "完成情况", "佐证材料或备注", "自评等次"]


@pytest.fixture
def people(store):
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    other, _ = units.add_unit(store, {"name": "西江镇", "kind": "乡镇"})
    found = {}
    for n, (name, unit_id) in enumerate([("张三", town), ("李四", town), ("王五", other), ("王五", town)]):
        found[(name, unit_id)] = cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n}47")},
                                                  {"unit_id": unit_id, "title": "副镇长", "post_type": "副职",
                                                   "start_date": "2024-01-01"}).record_id
    return {"丹江镇": town, "西江镇": other, **{f"{k[0]}@{k[1]}": v for k, v in found.items()}}, found


def workbook(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年3月实绩事项"])  # a title row above the header, as offices add
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_template_lists_each_expected_cadre_and_reads_back(store, people, tmp_path):
    ids, found = people
    path = write_report_template(store.db, tmp_path / "模板.xlsx", month="2026-03", today="2026-03-05",
                                 unit_id=ids["丹江镇"])
    sheet = load_workbook(path).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert sorted({(r[0], r[1]) for r in rows[1:]}) == [("丹江镇", "张三"), ("丹江镇", "李四"), ("丹江镇", "王五")]
    for row in rows[1:]:  # the operator fills the blanks
        row[5] = "完成村道硬化" if row[4] == "完成" else "推进村道硬化"
        row[8] = "好" if row[4] == "完成" else None
    rows = [r for r in rows[1:] if r[1] != "王五"]  # 王五 is ambiguous by name: not filled in here
    filled = workbook(tmp_path / "填好.xlsx", rows)
    plan = read_report_items(store.db, filled)
    assert plan.problems == [] and [(g.name, g.action, len(g.plans), len(g.items)) for g in plan.groups] == [
        ("张三", "新建", 1, 1), ("李四", "新建", 1, 1)]
    changes = apply_report_import(store, plan)
    report = get_report(store.db, found[("张三", ids["丹江镇"])], "2026-03")
    assert (report["plans"], report["items"][0]["task"], report["self_grade"]) == (["推进村道硬化"], "完成村道硬化", "好")
    store.undo(changes.batch_id)  # one undo step takes the whole import back
    assert get_report(store.db, found[("张三", ids["丹江镇"])], "2026-03") is None


def test_every_bad_row_is_named_and_nothing_is_written_unless_skipped(store, people, tmp_path):
    ids, found = people
    li = found[("李四", ids["丹江镇"])]
    submitted(store, li, "2026-03", "2026-03-20")  # already submitted: the workbook may not replace it
    zhang = found[("张三", ids["丹江镇"])]
    save_draft(store, zhang, "2026-03", items=ITEMS, self_grade="较好")
    path = workbook(tmp_path / "有问题.xlsx", [
        ["丹江镇", "张三", "", "2026-03", "完成", "新的事项", "完成", "", "好"],   # replaces the draft
        ["丹江镇", "张三", "", "2026-3", "", "第二项", "", "", ""],               # 类别 blank → 完成
        ["丹江镇", "李四", "", "2026-03", "完成", "x", "", "", ""],               # submitted: refused
        ["", "王五", "", "2026-03", "完成", "x", "", "", ""],                    # two 王五
        ["丹江镇", "王五", "", "2026-13", "完成", "x", "", "", ""],              # bad month
        ["丹江镇", "赵六", "", "2026-03", "完成", "x", "", "", ""],              # unknown
        ["丹江镇", "张三", "", "2026-03", "总结", "x", "", "", ""],              # bad kind
        ["丹江镇", "张三", "", "2026-03", "完成", "x", "", "", "优秀"],          # bad grade
        ["", "", id_number(sequence="347"), "2026-03", "完成", "按身份证号找到", "", "", ""],  # 王五 of 丹江镇
    ])
    plan = read_report_items(store.db, path)
    reasons = {p.row: p.reason for p in plan.problems}
    assert reasons[5] == "2026年3月的报告为「已提交」，不能用表格覆盖"
    assert "2 人同名" in reasons[6] and "月份" in reasons[7] and "没有丹江镇的“赵六”" in reasons[8]
    assert "类别" in reasons[9] and "自评等次" in reasons[10] and set(reasons) == {5, 6, 7, 8, 9, 10}
    assert [(g.name, g.action) for g in plan.groups if not g.problem] == [("张三", "替换草稿"), ("王五", "新建")]
    with pytest.raises(KaopingError, match="6 行有问题，未导入任何数据"):
        apply_report_import(store, plan)
    assert get_report(store.db, zhang, "2026-03")["items"] == ITEMS[:1]
    apply_report_import(store, plan, skip_invalid=True)
    assert [i["task"] for i in get_report(store.db, zhang, "2026-03")["items"]] == ["新的事项", "第二项"]
    assert get_report(store.db, found[("王五", ids["丹江镇"])], "2026-03")["items"][0]["task"] == "按身份证号找到"
    assert get_report(store.db, li, "2026-03")["state"] == "已提交"
    assert plan.as_json()["problems"][0]["row"] == 5


def test_template_rows_left_blank_are_passed_over_and_drafts_kept(store, people, tmp_path):
    """The template lists every cadre; those the office did not fill in keep their drafts (and a
    submitted report is no problem) — only a row with content but no 工作事项 is one."""
    ids, found = people
    zhang, li = found[("张三", ids["丹江镇"])], found[("李四", ids["丹江镇"])]
    save_draft(store, zhang, "2026-03", items=ITEMS, self_grade="较好")
    submitted(store, li, "2026-03", "2026-03-20")
    path = write_report_template(store.db, tmp_path / "模板.xlsx", month="2026-03", today="2026-03-05",
                                 unit_id=ids["丹江镇"])
    book = load_workbook(path)
    sheet = book.active
    wang = [row for row in sheet.iter_rows(min_row=2) if row[1].value == "王五"]
    wang[0][5].value = "推进村道硬化"  # 计划
    wang[1][6].value = "已验收3公里"  # 完成, but no 工作事项
    book.save(path)
    plan = read_report_items(store.db, path)
    assert [(g.name, g.action, g.plans, g.items) for g in plan.groups] == [("王五", "新建", ["推进村道硬化"], [])]
    assert [(p.row, p.name, p.reason) for p in plan.problems] == [
        (wang[1][0].row, "王五", "没有填写工作事项（完成情况、佐证材料、自评等次须与工作事项写在同一行）")]
    apply_report_import(store, plan, skip_invalid=True)
    assert get_report(store.db, zhang, "2026-03")["items"] == ITEMS[:1]
    assert get_report(store.db, li, "2026-03")["state"] == "已提交"


@pytest.mark.parametrize(("content", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel"),
    ("单位,姓名\n丹江镇,张三\n".encode(), "不是 Excel 工作簿"),
    (b"PK\x03\x04broken", "已损坏"),
])
def test_wrong_files_get_a_clear_message(store, tmp_path, content, message):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(content)
    with pytest.raises(KaopingError, match=message):
        read_report_items(store.db, path)


def test_a_workbook_without_the_header_is_refused(store, tmp_path):
    path = workbook(tmp_path / "无表头.xlsx", [])
    book = load_workbook(path)
    book.active.delete_rows(2)
    book.save(path)
    with pytest.raises(KaopingError, match="未找到表头"):
        read_report_items(store.db, path)


def test_a_template_that_cannot_be_saved_gets_a_clear_message(store, tmp_path):
    blocker = tmp_path / "是文件"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(KaopingError, match="无法保存模板 模板.xlsx"):
        write_report_template(store.db, blocker / "模板.xlsx", month="2026-03", today="2026-03-05")
