"""系统设置 under pytest-qt: operator, ID-number privacy, database facts and 体检, about."""

from pathlib import Path

import pytest
from conftest import settle
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QLineEdit

from db.integrity import CheckReport
from desktop_app.core import units
from desktop_app.core.audit import audit_log
from desktop_app.core.database_info import database_summary, file_size, readable_size
from desktop_app.core.roster import cadre_count
from desktop_app.gui import settings
from desktop_app.logging_setup import log_path


@pytest.fixture(autouse=True)
def keep_settings():
    """Leave this computer's settings as found (the other tests rely on the defaults)."""
    kept = {setting: settings.get(setting) for setting in (settings.OPERATOR,)}
    yield
    for setting, value in kept.items():
        settings.put(setting, value)


@pytest.fixture
def page(window):
    return window.show_page("settings")


def first_unit_id(window) -> str:
    return units.list_units(window.ctx.reader, window.ctx.today())[0]["id"]


def test_operator_change_is_used_for_the_next_edits(window, page, qtbot):
    page.operator_edit.setText(" 王芳 ")
    qtbot.mouseClick(page.operator_save, Qt.MouseButton.LeftButton)
    assert window.ctx.store.operator == "王芳"
    assert window.operator_label.text() == "操作员：王芳"
    assert settings.get(settings.OPERATOR) == "王芳"
    assert page.operator_edit.text() == "王芳" and "王芳" in page.operator_saved.text()
    unit_id = first_unit_id(window)
    window.ctx.runner.run(lambda: units.update_unit(window.ctx.store, unit_id, {"sort_order": 999}))
    settle(window)
    entry = audit_log(window.ctx.reader, limit=1)[0]
    assert (entry.operator, entry.record_id) == ("王芳", unit_id)


def test_enter_in_the_name_box_saves(window, page, qtbot):
    page.operator_edit.setText("李明")
    qtbot.keyClick(page.operator_edit, Qt.Key.Key_Return)
    assert window.ctx.store.operator == "李明"


@pytest.mark.parametrize(("name", "message"), [("   ", "请填写操作员姓名"), ("很" * 21, "操作员姓名过长（最多20字）")])
def test_a_blank_or_long_operator_name_is_refused_inline(window, page, qtbot, name, message):
    before = window.ctx.store.operator
    page.operator_edit.setText(name)
    qtbot.mouseClick(page.operator_save, Qt.MouseButton.LeftButton)
    error = page.operator_form.messages["operator"]
    assert error.text() == message and not error.isHidden()
    assert window.ctx.store.operator == before and settings.get(settings.OPERATOR) == before
    assert window.operator_label.text() == f"操作员：{before}"
    page.operator_edit.setText("王芳")
    qtbot.mouseClick(page.operator_save, Qt.MouseButton.LeftButton)
    assert error.isHidden()


def test_full_values_toggle_is_off_lasts_the_session_only_and_refreshes_the_other_pages(window, page, monkeypatch):
    roster = window.show_page("roster")
    window.show_page("settings")
    refreshed = []
    monkeypatch.setattr(roster, "refresh", lambda changes=None: refreshed.append(changes))
    assert not page.full_id_numbers.isChecked() and page.full_id_numbers.isEnabled()
    assert page.full_id_numbers.text() == "显示完整证件号和电话(&D)"
    page.full_id_numbers.setChecked(True)
    assert window.ctx.show_full_id_numbers and refreshed == [None]
    assert "show_full" not in Path(settings._store().fileName()).read_text(encoding="utf-8")  # never saved
    page.full_id_numbers.setChecked(False)
    assert not window.ctx.show_full_id_numbers and refreshed == [None, None]


def test_a_data_entry_clerk_cannot_turn_on_full_values_nor_change_the_encryption_policy(window, page):
    window.ctx.full_sensitive = True
    window.ctx.store.role = "录入员"
    page.refresh()
    assert not window.ctx.show_full_id_numbers  # asked before, but the role does not allow it
    assert not page.full_id_numbers.isChecked() and not page.full_id_numbers.isEnabled()
    assert "审核员或管理员" in page.full_id_numbers.toolTip()
    assert page.encryption.isChecked() and not page.encryption.isEnabled()


def test_the_administrator_turns_the_encryption_policy_off_and_on(window, page):
    from desktop_app.transfer.policy import encryption_policy

    assert page.encryption.isChecked() and page.encryption_state.text() == "交换文件必须加密：开启（默认）。"
    page.encryption.setChecked(False)
    settle(window)
    policy = encryption_policy(window.ctx.reader)
    assert not policy.required and policy.changed_by == window.ctx.operator.name
    assert page.encryption_state.text().startswith("交换文件必须加密：关闭（" + window.ctx.operator.name + " 于 ")
    page.encryption.setChecked(True)
    settle(window)
    assert encryption_policy(window.ctx.reader).required


def test_database_facts_follow_changes(window, page):
    facts = {key: label.text() for key, label in page.database_facts.items()}
    assert facts["path"] == str(window.ctx.db.path)
    assert facts["office"] == "雷山县委组织部" and len(facts["office_id"]) >= 8
    assert facts["schema"].startswith("第 ") and "本软件" not in facts["schema"]
    assert f"干部 {cadre_count(window.ctx.reader)} 人" in facts["records"]
    count = len(units.list_units(window.ctx.reader, window.ctx.today()))
    window.ctx.runner.run(lambda: units.add_unit(window.ctx.store, {"name": "县大数据发展中心", "kind": "县直部门"}))
    settle(window)
    assert page.database_facts["records"].text().startswith(f"单位 {count + 1} 个")


def test_health_check_says_normal_for_the_demo(window, page, qtbot):
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert not page.check_button.isEnabled()
    settle(window)
    assert "正常" in page.check_result.text() and page.check_button.isEnabled()


def test_health_check_problems_are_listed(page):
    page.show_check(CheckReport("x.kpdb", ["外键引用缺失 1 处：posts 第3行 → units"]))
    text = page.check_result.text()
    assert "发现 1 个问题" in text and "外键引用缺失" in text and "正常" not in text


def test_open_folder_opens_the_database_folder(window, page, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page.folder_button.click()
    assert [Path(p) for p in opened] == [Path(window.ctx.db.path).parent]


def test_about_names_data_directory_log_and_font(page, qapp):
    assert page.about_facts["log"].text() == str(log_path())
    assert page.about_facts["data_dir"].text() == str(log_path().parent)
    assert qapp.font().family() in page.about_facts["font"].text()


def test_every_control_is_reachable_by_keyboard(page):
    controls = page.findChildren(QAbstractButton) + page.findChildren(QLineEdit)
    assert len(controls) >= 5
    assert all(control.focusPolicy() & Qt.FocusPolicy.TabFocus for control in controls)


# -- the core helper behind the page ---------------------------------------------------------
def test_database_summary_reads_through_any_connection(window):
    summary = database_summary(window.ctx.reader, window.ctx.db.path)
    assert summary.office_name == "雷山县委组织部"
    assert summary.schema_version == summary.app_schema_version >= 1
    assert summary.cadres == cadre_count(window.ctx.reader) and summary.units > 0
    assert summary.file_size >= Path(window.ctx.db.path).stat().st_size > 0


def test_sizes_read_plainly(tmp_path):
    assert [readable_size(n) for n in (0, 1023, 1536, 3_400_000, 5 * 1024 ** 3)] == [
        "0 B", "1023 B", "1.5 KB", "3.2 MB", "5.0 GB"]
    assert file_size(tmp_path / "missing.kpdb") == 0
