"""The roster import preview and export under pytest-qt: real .xlsx files, the county demo database."""

import pytest
from conftest import id_number, settle
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from roster_workbooks import person, write_roster

from desktop_app.core.audit import audit_log
from desktop_app.core.cadres import cadre_id_by_id_number
from desktop_app.core.masking import Disclosure
from desktop_app.core.roster import cadre_count
from desktop_app.core.roster_import import plan_import, read_roster
from desktop_app.core.roster_problems import problem_rows
from desktop_app.core.units import list_units
from desktop_app.gui.dialogs import import_dialog, roster_files
from desktop_app.gui.dialogs.import_dialog import PROBLEM_BACKGROUND, RosterImportDialog, summary_text

GOOD = [id_number("19710203", "951"), id_number("19820714", "962"), id_number("19900911", "973")]
BAD_CHECK_DIGIT = id_number("19750101", "985")[:-1] + ("0" if id_number("19750101", "985")[-1] != "0" else "1")
NEW_UNIT = "县大数据发展中心"


def choose_export(monkeypatch, module, full: bool | None) -> list:
    """The export statement dialog answered: None cancels, else full values or not; the statements shown."""
    said = []

    def answer(_parent, title, statement, ctx):
        said.append((title, statement(False), statement(True)))
        return full

    monkeypatch.setattr(module, "ask_export", answer)
    return said


@pytest.fixture
def messages(monkeypatch):
    """QMessageBox.information / warning, recorded instead of shown."""
    shown = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, title, text, *_a, kind=kind: shown.append(
            (kind, title, text)))
    return shown


@pytest.fixture
def five_rows(tmp_path, window):
    """3 good rows (one in a unit to be created) and 2 bad rows (Excel rows 3 and 6)."""
    unit = list_units(window.ctx.reader, window.ctx.today())[0]["name"]
    rows = [
        person("林晓燕", GOOD[0], unit=unit, title="副主任", 岗位类别="副职", 职级="副科"),
        person("赵六", BAD_CHECK_DIGIT, unit=unit, title="干事"),
        person("吴建国", GOOD[1], unit=NEW_UNIT, title="主任"),
        person("杨丽", GOOD[2], unit=unit, title="科员", 岗位类别="", 职级="", 联系电话="13900000003"),
        person("孙七", id_number("19880808", "991"), unit=unit, 职务=None),
    ]
    return write_roster(tmp_path / "名册.xlsx", rows)


def open_preview(window, path) -> RosterImportDialog:
    dialog = RosterImportDialog(window.ctx, path, window)
    dialog.show()
    settle(window)
    assert dialog.plan is not None
    return dialog


def shown_table(dialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_preview_shows_every_row_and_writes_nothing(window, five_rows, qtmodeltester):
    cadres_before = cadre_count(window.ctx.reader)
    dialog = open_preview(window, five_rows)
    table = shown_table(dialog)
    assert [row[0] for row in table] == ["2", "3", "4", "5", "6"]
    assert [row[5] for row in table] == ["新增", "有问题", "新增", "新增", "有问题"]
    assert "校验位不符" in table[1][6] and table[4][6] == "请填写职务"
    assert table[0][2] == GOOD[0][:4] + "*" * 10 + GOOD[0][-4:]
    assert dialog.summary_label.text() == f"将新增 3 人、更新 0 人、无变化 0 人、新建单位 1 个（{NEW_UNIT}）、有问题 2 行"
    assert "有问题的 2 行" in dialog.problem_label.text()
    assert dialog.import_button.isEnabled() and "跳过有问题的行并导入" in dialog.import_button.text()
    assert dialog.model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) == PROBLEM_BACKGROUND
    assert dialog.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    qtmodeltester.check(dialog.model, force_py=True)
    assert cadre_count(window.ctx.reader) == cadres_before
    assert all(cadre_id_by_id_number(window.ctx.reader, number) is None for number in GOOD)
    dialog.reject()


def test_filter_box_and_problem_rows_only(window, five_rows, qtmodeltester):
    dialog = open_preview(window, five_rows)
    dialog.problems_only.setChecked(True)
    assert [row[0] for row in shown_table(dialog)] == ["3", "6"]
    assert dialog.shown_label.text() == "显示 2 / 5 行"
    qtmodeltester.check(dialog.model, force_py=True)
    dialog.problems_only.setChecked(False)
    dialog.search.setText("吴建国")
    assert [row[1] for row in shown_table(dialog)] == ["吴建国"]
    dialog.search.setText(NEW_UNIT[:3])
    assert [row[1] for row in shown_table(dialog)] == ["吴建国"]
    dialog.view.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    dialog.search.setText("")
    assert [row[5] for row in shown_table(dialog)][:2] == ["有问题", "有问题"]
    qtmodeltester.check(dialog.model, force_py=True)
    dialog.reject()


def test_import_writes_the_good_rows_in_one_undo_step(window, five_rows, monkeypatch, messages):
    cadres_before, units_before = cadre_count(window.ctx.reader), len(list_units(window.ctx.reader, "2026-11-20"))
    asked = []
    monkeypatch.setattr(import_dialog, "confirm", lambda _parent, title, text, **_kw: asked.append(text) or True)
    dialog = open_preview(window, five_rows)
    undo_steps = len(window.ctx.undo.done)
    dialog.import_button.click()
    settle(window)
    assert "有 2 行有问题" in asked[0]
    assert dialog.import_result is not None and dialog.result() == QDialog.DialogCode.Accepted
    assert messages[-1][:2] == ("information", "导入完成")
    assert messages[-1][2].startswith("已导入：新增 3 人，更新 0 人，新建单位 1 个。")
    assert cadre_count(window.ctx.reader) == cadres_before + 3
    assert all(cadre_id_by_id_number(window.ctx.reader, number) for number in GOOD)
    assert len(list_units(window.ctx.reader, "2026-11-20")) == units_before + 1
    assert len(window.ctx.undo.done) == undo_steps + 1
    window.undo()
    settle(window)
    assert cadre_count(window.ctx.reader) == cadres_before
    assert all(cadre_id_by_id_number(window.ctx.reader, number) is None for number in GOOD)
    assert len(list_units(window.ctx.reader, "2026-11-20")) == units_before


def test_declining_the_confirmation_writes_nothing(window, five_rows, monkeypatch):
    monkeypatch.setattr(import_dialog, "confirm", lambda *_a, **_kw: False)
    cadres_before = cadre_count(window.ctx.reader)
    dialog = open_preview(window, five_rows)
    dialog.import_button.click()
    settle(window)
    assert dialog.isVisible() and dialog.import_result is None
    assert cadre_count(window.ctx.reader) == cadres_before
    dialog.reject()


def test_a_clean_file_imports_without_asking(window, tmp_path, monkeypatch, messages):
    monkeypatch.setattr(import_dialog, "confirm", lambda *_a, **_kw: pytest.fail("asked without a problem row"))
    unit = list_units(window.ctx.reader, window.ctx.today())[0]["name"]
    path = write_roster(tmp_path / "好.xlsx", [person("林晓燕", GOOD[0], unit=unit, title="副主任", 岗位类别="副职")])
    dialog = open_preview(window, path)
    assert dialog.import_button.text() == "导入(&I)" and not dialog.problem_label.text()
    assert not dialog.export_problems_button.isEnabled()
    dialog.import_button.click()
    settle(window)
    assert cadre_id_by_id_number(window.ctx.reader, GOOD[0])


def test_a_file_that_is_not_excel_gives_the_chinese_message(window, tmp_path, messages):
    path = tmp_path / "名册.xlsx"
    path.write_text("姓名,单位,职务\n张三,丹江镇,镇长\n", encoding="utf-8")
    last_seq = audit_log(window.ctx.reader, limit=1)[0].seq
    dialog = RosterImportDialog(window.ctx, path, window)
    settle(window)
    assert messages == [("warning", "无法完成", messages[0][2])]
    assert "不是 Excel 工作簿（.xlsx）文件，未导入任何数据" in messages[0][2]
    assert dialog.plan is None and dialog.result() == QDialog.DialogCode.Rejected
    assert audit_log(window.ctx.reader, limit=1)[0].seq == last_seq


def test_nothing_to_write_disables_import(window, tmp_path):
    path = write_roster(tmp_path / "坏.xlsx", [person("孙七", id_number("19880808", "991"), 职务=None)])
    dialog = open_preview(window, path)
    assert not dialog.import_button.isEnabled()
    assert "没有需要写入的行" in dialog.status_label.text()
    dialog.reject()


def test_problem_list_is_written_and_can_be_imported_again(window, five_rows, tmp_path, monkeypatch):
    target = tmp_path / "问题"
    offered = []
    said = choose_export(monkeypatch, import_dialog, True)
    monkeypatch.setattr(import_dialog.QFileDialog, "getSaveFileName",
                        lambda _parent, _title, default, _filter: offered.append(default) or (str(target), ""))
    dialog = open_preview(window, five_rows)
    dialog.export_problems_button.click()
    settle(window)
    assert offered[0].endswith("名册-问题清单.xlsx")
    assert said[0][0] == "导出问题清单" and said[0][1].startswith("将导出 2 行问题数据的原行号、姓名")
    written = tmp_path / "问题.xlsx"
    assert str(written) in dialog.status_label.text()
    sheet = load_workbook(written).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (rows[0][0], rows[0][-1]) == ("原行号", "问题")
    assert [(r[0], r[1]) for r in rows[1:]] == [(3, "赵六"), (6, "孙七")]
    assert "校验位不符" in rows[1][-1] and rows[2][-1] == "请填写职务"
    again = read_roster(written)
    assert [r.values["name"] for r in again.rows] == ["赵六", "孙七"]
    assert set(again.ignored_headers) == {"原行号", "问题"}
    dialog.reject()


def test_problem_list_masks_id_numbers_unless_full_was_chosen(window, five_rows, tmp_path, monkeypatch):
    choose_export(monkeypatch, import_dialog, False)
    monkeypatch.setattr(import_dialog.QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "问题.xlsx"), ""))
    dialog = open_preview(window, five_rows)
    dialog.export_problems_button.click()
    settle(window)
    rows = list(load_workbook(tmp_path / "问题.xlsx").active.iter_rows(values_only=True))
    assert rows[1][5] == BAD_CHECK_DIGIT[:4] + "*" * 10 + BAD_CHECK_DIGIT[-4:]
    assert BAD_CHECK_DIGIT not in " ".join(str(cell) for row in rows for cell in row)
    dialog.reject()


def test_problem_rows_core_helper(window, five_rows):
    plan = plan_import(window.ctx.reader, read_roster(five_rows), "2026-11-20")
    rows = problem_rows(plan, Disclosure(True))
    assert [row[0] for row in rows] == [3, 6] and rows[0][5] == BAD_CHECK_DIGIT
    assert problem_rows(plan)[0][5] == BAD_CHECK_DIGIT[:4] + "*" * 10 + BAD_CHECK_DIGIT[-4:]
    assert summary_text(plan).endswith("有问题 2 行")


def test_import_roster_asks_for_a_file_then_previews(window, five_rows, monkeypatch):
    calls = []
    monkeypatch.setattr(roster_files.QFileDialog, "getOpenFileName",
                        lambda _parent, title, _dir, file_filter: calls.append((title, file_filter)) or (str(five_rows), ""))
    dialog = roster_files.import_roster(window.ctx, window)
    settle(window)
    assert calls == [("导入干部名册", "Excel 名册 (*.xlsx)")]
    assert dialog.isVisible() and dialog.model.total == 5
    dialog.reject()
    monkeypatch.setattr(roster_files.QFileDialog, "getOpenFileName", lambda *_a: ("", ""))
    assert roster_files.import_roster(window.ctx, window) is None


def test_export_writes_a_roster_that_reads_back(window, tmp_path, monkeypatch, messages):
    offered = []
    said = choose_export(monkeypatch, roster_files, True)
    monkeypatch.setattr(roster_files.QFileDialog, "getSaveFileName",
                        lambda _parent, _title, default, _filter: offered.append(default) or (str(tmp_path / "导出"), ""))
    target = roster_files.export_roster(window.ctx, window)
    settle(window)
    assert offered[0].endswith("干部名册-20261120.xlsx")
    assert target == str(tmp_path / "导出.xlsx")
    count = cadre_count(window.ctx.reader)
    assert len(read_roster(target).rows) == count
    assert said[0][1] == (f"将导出 {count:,} 名干部的姓名、性别、民族、出生年月、身份证号、政治面貌、学历、单位等（共 13 项）"
                          "；身份证号和电话已隐去中间位数。")
    assert said[0][2].endswith("；含完整身份证号和电话，请妥善保管，不要随意传送或留在公用电脑上。")
    assert messages[-1] == ("information", "导出完成", f"已导出 {count} 名干部到：\n{target}\n含完整身份证号和电话，请妥善保管。")
    assert f"已导出 {count} 名干部" in window.statusBar().currentMessage()


def test_export_cancelled_writes_nothing(window, monkeypatch):
    choose_export(monkeypatch, roster_files, None)
    assert roster_files.export_roster(window.ctx, window) is None
    choose_export(monkeypatch, roster_files, False)
    monkeypatch.setattr(roster_files.QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    assert roster_files.export_roster(window.ctx, window) is None
    assert window.ctx.runner.pending == 0


def test_a_masked_roster_export_holds_no_whole_id_number(window, tmp_path, monkeypatch, messages):
    choose_export(monkeypatch, roster_files, False)
    monkeypatch.setattr(roster_files.QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "名册.xlsx"), ""))
    target = roster_files.export_roster(window.ctx, window)
    settle(window)
    numbers = {row[0] for row in window.ctx.reader.execute("SELECT id_number FROM cadres WHERE id_number <> ''")}
    cells = {cell for row in load_workbook(target).active.iter_rows(min_row=2, values_only=True) for cell in row[4:5]}
    assert numbers and not numbers & cells and all("**********" in cell for cell in cells if cell)
    assert messages[-1][2].endswith("身份证号和电话已隐去中间位数。")


def test_full_id_numbers_when_asked_for_this_session(window, five_rows):
    window.ctx.full_sensitive = True
    dialog = open_preview(window, five_rows)
    assert shown_table(dialog)[0][2] == GOOD[0]
    dialog.reject()


def test_a_refused_import_says_why_and_plans_again(window, five_rows, monkeypatch, messages):
    from desktop_app.core.errors import KaopingError

    def refuse(*_args, **_kwargs):
        raise KaopingError("第2行（林晓燕）写入失败：数据已被改动。整个导入已撤回，数据库未作改动。")

    monkeypatch.setattr(import_dialog, "confirm", lambda *_a, **_kw: True)
    monkeypatch.setattr(import_dialog, "apply_import", refuse)
    cadres_before = cadre_count(window.ctx.reader)
    dialog = open_preview(window, five_rows)
    first_plan = dialog.plan
    dialog.import_button.click()
    settle(window)
    settle(window)
    assert messages[0][:2] == ("warning", "无法完成") and "整个导入已撤回" in messages[0][2]
    assert dialog.isVisible() and dialog.plan is not first_plan and dialog.import_button.isEnabled()
    assert cadre_count(window.ctx.reader) == cadres_before
    dialog.reject()
