"""A signed-in session follows the database's accounts: a role changed meanwhile takes effect at once
(status bar, menus, pages), a disabled account goes to the lock screen; 备份 / 恢复 and 导出 / 导入 in
数据交换 follow the role, in the buttons and in the Qt-free checks behind them (real files)."""

import operator_accounts
import pytest
from conftest import settle, shown_page
from operator_accounts import Answers, close_window, fixed_clock, log_in_as, signed_in_window
from PySide6.QtWidgets import QInputDialog

from desktop_app.core.operators import set_disabled, set_role
from desktop_app.core.permissions import Operator
from desktop_app.core.units import add_unit, list_units
from desktop_app.gui.dialogs.rule_set_dialog import VIEW_ONLY
from desktop_app.gui.pages import backup_panel
from desktop_app.resources import backups_dir
from desktop_app.transfer.backup import backup_database, list_backups
from desktop_app.transfer.package import open_package

keep_settings, protected_template, protected_path = operator_accounts.FIXTURES
ADMIN, SECOND_ADMIN = Operator("王芳", "管理员"), Operator("李明", "管理员")
PASSPHRASE = "交换口令2026"


def on_worker(window, fn):
    """A core call on the window's own connection (the writer), as another administrator's change would be."""
    results = []
    window.ctx.runner.run(fn, on_done=results.append, undoable=False)
    settle(window)
    return results[0] if results else None


@pytest.fixture
def admin_window(qtbot, protected_path):  # noqa: F811
    window = signed_in_window(qtbot, protected_path, "王芳")
    on_worker(window, lambda: set_role(window.ctx.db, ADMIN, "李明", "管理员", fixed_clock))  # a second administrator
    yield window
    close_window(window)


# -- a role changed meanwhile ---------------------------------------------------------------------------
def test_a_role_lowered_by_another_administrator_takes_effect_at_once(admin_window):
    window = admin_window
    settings_page = shown_page(window, "settings")
    assert window.accounts_action.isVisible() and window.rule_set_action.text() == "规则方案(&R)…"
    assert settings_page.idle_lock.isEnabled()
    on_worker(window, lambda: set_role(window.ctx.db, SECOND_ADMIN, "王芳", "审核员", fixed_clock))
    assert window.refresh_session() == Operator("王芳", "审核员")  # what closing 操作员管理 calls
    assert (window.ctx.store.role, window.ctx.operator) == ("审核员", Operator("王芳", "审核员"))
    assert window.operator_label.text() == "操作员：王芳（审核员）"
    assert "您的角色已改为审核员" in window.statusBar().currentMessage()
    assert not window.accounts_action.isVisible() and window.rule_set_action.text() == "查看规则方案(&R)…"
    page = window.current_page()
    assert page is window.pages["settings"] and page is not settings_page  # built again for the role
    assert not page.idle_lock.isEnabled() and not page.encryption.isEnabled()
    rules = window.open_rule_sets()
    assert not rules.save_button.isVisibleTo(rules) and not rules.delete_button.isVisibleTo(rules)
    assert rules.windowTitle().endswith(VIEW_ONLY)
    rules.show_year(rules.year - 1)
    assert rules.windowTitle() == f"规则方案 — {rules.year}年{VIEW_ONLY}"  # another year: still view only
    rules.done(0)


def test_closing_the_accounts_dialog_applies_ones_own_new_role(admin_window, monkeypatch):
    window = admin_window
    dialog = window.open_accounts()
    dialog.refresh("王芳")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("录入员", True))
    dialog.change_role()
    settle(window)
    assert window.operator_label.text() == "操作员：王芳（管理员）"  # until the dialog closes
    dialog.close()
    settle(window)
    assert window.operator_label.text() == "操作员：王芳（录入员）" and not window.accounts_action.isVisible()
    assert window.import_action.isEnabled()  # 录入员 still enters data


def test_nothing_changes_while_the_role_is_the_same(admin_window):
    window = admin_window
    page = shown_page(window, "units")
    assert window.refresh_session() == ADMIN and window.pages["units"] is page


def test_a_disabled_account_is_signed_out_to_the_lock_screen(admin_window, qtbot, message_boxes):
    window = admin_window
    page = shown_page(window, "settings")
    on_worker(window, lambda: set_disabled(window.ctx.db, SECOND_ADMIN, "王芳", True, fixed_clock))
    page.set_idle_lock_minutes(5)  # refused by the core: the account is disabled …
    settle(window)
    [(kind, _title, text)] = message_boxes.take()
    assert kind == "warning" and "已停用或不存在" in text
    lock = window.idle_lock
    assert lock.locked  # … so the window checked the session and signed 王芳 out
    dialog = lock.dialog
    assert "已停用" in dialog.note.text() and "切换操作员" in dialog.note.text()
    assert not dialog.password.isEnabled() and not dialog.login_button.isEnabled()
    answers = Answers(log_in_as("李明"), seen=[dialog])
    dialog.cancel_button.click()  # 切换操作员…
    assert answers.done and not lock.locked
    assert window.operator_label.text() == "操作员：李明（管理员）"


# -- 备份 and 数据交换 by role ------------------------------------------------------------------------
@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Backups in this test's own folder, one of them already made from the protected file."""
    monkeypatch.setenv("KAOPING_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def with_backup(data_dir, protected_path):  # noqa: F811
    return backup_database(protected_path, backups_dir(), reason="手动", clock=fixed_clock)


def transfer_tab(qtbot, path, name):
    window = signed_in_window(qtbot, path, name)
    page = shown_page(window, "transfer")
    page.tabs.setCurrentWidget(page.backups)
    page.backups.view.setCurrentIndex(page.backups.model.index(0, 0))
    return window, page


@pytest.mark.parametrize(("name", "backup", "restore", "export", "import_"), [
    ("赵六", False, False, False, False),
    ("李明", True, False, True, False),
    ("王芳", True, True, True, True),
])
def test_the_buttons_follow_the_role(qtbot, protected_path, with_backup, name, backup, restore, export,  # noqa: F811
                                     import_):
    window, page = transfer_tab(qtbot, protected_path, name)
    assert page.backups.selected_backup() is not None
    assert page.backups.backup_button.isEnabled() is backup and page.backups.restore_button.isEnabled() is restore
    assert page.export_button.isEnabled() is export and page.import_button.isEnabled() is import_
    if not restore:
        assert page.backups.restore_button.toolTip().startswith("只有管理员可以用备份恢复数据库")
    close_window(window)


def test_a_read_only_operator_is_refused_backup_restore_and_export(qtbot, protected_path, with_backup,  # noqa: F811
                                                                   tmp_path, monkeypatch, message_boxes):
    window, page = transfer_tab(qtbot, protected_path, "赵六")
    monkeypatch.setattr(backup_panel, "confirm", lambda *_a, **_k: pytest.fail("asked before the role was checked"))
    old_db = window.ctx.db
    page.backups.restore_selected()  # as if the disabled button had been got round
    page.backups.backup_now()
    page.start_export(tmp_path / "只读.kpx", passphrase=PASSPHRASE)
    settle(window)
    texts = [text for _kind, _title, text in message_boxes.take()]
    assert texts[0] == "操作员「赵六」的角色是只读，无权恢复备份：须由管理员操作。"
    assert texts[1].startswith("操作员「赵六」的角色是只读，无权导出交换文件（备份是数据库的完整副本）")
    assert texts[2].startswith("操作员「赵六」的角色是只读，无权导出交换文件")
    assert window.ctx.db is old_db and len(list_backups(backups_dir())) == 1
    assert not (tmp_path / "只读.kpx").exists()
    close_window(window)


def test_an_administrator_backs_up_restores_and_exports(qtbot, protected_path, data_dir, tmp_path,  # noqa: F811
                                                        monkeypatch, message_boxes):
    window, page = transfer_tab(qtbot, protected_path, "王芳")
    page.backups.backup_now()
    settle(window)
    [made] = list_backups(backups_dir())
    assert page.backups.selected_backup().path == made.path
    on_worker(window, lambda: add_unit(window.ctx.store, {"name": "恢复后应不见的单位", "kind": "其他"}))
    monkeypatch.setattr(backup_panel, "confirm", lambda *_a, **_k: True)
    old_db = window.ctx.db
    page.backups.restore_selected()
    qtbot.waitUntil(lambda: window.ctx.db is not old_db, timeout=10000)
    assert message_boxes.take()[-1][1] == "恢复完成"
    assert "恢复后应不见的单位" not in {unit["name"] for unit in list_units(window.ctx.reader, window.ctx.today())}
    assert window.ctx.account and window.operator_label.text() == "操作员：王芳（管理员）"
    page = shown_page(window, "transfer")
    target = tmp_path / "给丹寨县.kpx"
    page.start_export(target, passphrase=PASSPHRASE)
    settle(window)
    assert message_boxes.take()[-1][1] == "导出完成"
    opened = open_package(target, tmp_path / "读回", passphrase=PASSPHRASE)
    assert opened.manifest.encrypted and opened.manifest.counts["units"] == 1
    opened.discard()
    close_window(window)



def test_a_write_that_finds_the_role_changed_rebuilds_the_window(admin_window):
    window = admin_window
    on_worker(window, lambda: set_role(window.ctx.db, SECOND_ADMIN, "王芳", "录入员", fixed_clock))
    on_worker(window, lambda: add_unit(window.ctx.store, {"name": "西江镇", "kind": "乡镇"}))  # 录入: still allowed
    assert window.operator_label.text() == "操作员：王芳（录入员）" and not window.accounts_action.isVisible()
