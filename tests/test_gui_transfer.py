"""数据交换 under pytest-qt: real transfer files, real backups, the county demo in the window."""

import os
from datetime import datetime
from pathlib import Path

import pytest
from conftest import TZ, StepClock, settle, shown_page
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QPushButton

from db import open_database
from desktop_app.core.cadres import add_cadre, cadre_record, delete_cadre, update_cadre
from desktop_app.core.demo import write_demo
from desktop_app.core.errors import RecordNotFound
from desktop_app.core.idcard import check_digit
from desktop_app.core.permissions import UNPROTECTED
from desktop_app.core.roster import cadre_count
from desktop_app.core.store import RecordStore
from desktop_app.core.units import add_unit, list_units
from desktop_app.gui.app import start_daily_backup
from desktop_app.gui.dialogs.conflict_merge import MergeDialog
from desktop_app.gui.dialogs.transfer_dialogs import PassphraseDialog
from desktop_app.gui.pages import backup_panel, transfer_page
from desktop_app.gui.pages.conflict_model import DIFFERENT_BACKGROUND
from desktop_app.gui.pages.transfer_page import PACKAGE_FILTER
from desktop_app.transfer.backup import list_backups
from desktop_app.transfer.errors import BackupFailed, TransferCancelled
from desktop_app.transfer.exchange import import_package
from desktop_app.transfer.package import export_package, open_package
from desktop_app.transfer.policy import set_encryption_required

SHOTS = Path(os.environ.get("KAOPING_SHOTS", "/tmp/shots"))
ID_NUMBER = "52263619800101999" + check_digit("52263619800101999")


def shot(widget, name: str) -> None:
    """Screenshots for a person to look at (widget.grab works offscreen)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / f"transfer_{name}.png"))


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Backups go to this test's own folder (backups_dir() reads KAOPING_DATA_DIR each call)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KAOPING_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def page(window):
    return shown_page(window, "transfer")


@pytest.fixture
def stick(tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder


def save_to(monkeypatch, path: Path) -> list:
    asked = []

    def choose(_parent, caption, suggested, file_filter, *args, **kwargs):
        asked.append((caption, suggested, file_filter))
        return str(path), file_filter

    monkeypatch.setattr(transfer_page.QFileDialog, "getSaveFileName", choose)
    return asked


def open_from(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(transfer_page.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), PACKAGE_FILTER))


def plain_files_allowed(database: Path) -> None:
    """That office's administrator turned 交换文件必须加密 off (these tests are about merging, not sealing)."""
    db = open_database(database)
    try:
        set_encryption_required(db, UNPROTECTED, False)
    finally:
        db.close()


def second_office_file(tmp_path, *, passphrase: str | None = None) -> Path:
    """Another office's demo (8 units) exported as the stick's transfer file (plain: its policy is off)."""
    database = tmp_path / "乙.kpdb"
    write_demo(database, scale="tiny", seed=2)
    plain_files_allowed(database)
    target = tmp_path / ("乙-加密.kpx" if passphrase else "乙.kpx")
    export_package(database, target, passphrase=passphrase)
    return target


def type_text(widget, text: str) -> None:
    for char in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                 Qt.KeyboardModifier.NoModifier, char))


def run_on_worker(window, fn):
    results = []
    window.ctx.runner.run(fn, on_done=results.append)
    settle(window)
    return results[0] if results else None


def roster_total(window) -> int:
    return cadre_count(window.ctx.reader)


def test_an_office_without_conflicts_or_imports_says_so(page, qtmodeltester):
    assert page.tabs.tabText(0) == "冲突(&C)" and page.conflicts.empty_label.isVisible()
    assert not page.conflicts.merge_button.isEnabled() and page.conflicts.keep_buttons == []
    assert page.history.count_label.text() == "还没有导入过交换文件。"
    assert page.backups.count_label.text() == "还没有备份。" and not page.backups.restore_button.isEnabled()
    for model in (page.conflicts.model, page.conflicts.sides, page.history.model, page.backups.model):
        qtmodeltester.check(model, force_py=True)
    shot(page.window(), "page_empty")


def test_keyboard_reaches_every_part_of_the_page(page, window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.conflicts.search.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert page.tabs.currentWidget() is page.history
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.history.search.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert page.tabs.currentWidget() is page.backups
    qtbot.keyClick(window, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # a mnemonic clicks after 100 ms
    qtbot.waitUntil(lambda: page.export_dialog is not None and page.export_dialog.isVisible())
    qtbot.keyClick(page.export_dialog, Qt.Key.Key_Escape)
    assert not page.export_dialog.isVisible()


# -- 导出 ----------------------------------------------------------------------------------------
def test_export_of_every_unit_ends_with_safe_to_unplug(page, window, stick, monkeypatch, message_boxes):
    asked = save_to(monkeypatch, stick / "给丹寨县")  # no suffix typed
    page.export_file()
    dialog = page.export_dialog
    assert dialog.isVisible() and dialog.all_units.isChecked()
    assert dialog.count_label.text() == "将导出全部 100 个单位"
    assert dialog.encrypt.isChecked() and not dialog.encrypt.isEnabled()  # 交换文件必须加密, on by default
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.findChild(QLabel, "error_passphrase").text() == "请填写口令（本单位规定交换文件必须加密）"
    dialog.passphrase_edit.setText("雷山2026")
    dialog.repeat_edit.setText("雷山2026")
    shot(dialog, "export_dialog")
    dialog.ok_button.click()
    settle(window)
    caption, suggested, file_filter = asked[0]
    assert Path(suggested).name == "雷山县委组织部-20261120.kpx" and "*.kpx" in file_filter
    target = stick / "给丹寨县.kpx"
    assert target.is_file() and not list(stick.glob(".*partial"))
    kind, title, text = message_boxes.take()[-1]
    assert kind == "information" and title == "导出完成"
    assert str(target) in text and text.endswith("可以安全拔出U盘。")
    assert "已加密，请另行告知对方口令" in text
    opened = open_package(target, stick / "读回", passphrase="雷山2026")
    assert opened.manifest.unit_scope is None and opened.manifest.counts["units"] == 100
    assert opened.manifest.encrypted
    opened.discard()


def test_with_the_policy_off_encryption_is_still_ticked_but_may_be_unticked(page, window, stick, monkeypatch,
                                                                           message_boxes):
    run_on_worker(window, lambda: set_encryption_required(window.ctx.db, window.ctx.operator, False))
    save_to(monkeypatch, stick / "明文.kpx")
    page.export_file()
    dialog = page.export_dialog
    assert dialog.encrypt.isChecked() and dialog.encrypt.isEnabled()
    dialog.encrypt.setChecked(False)
    dialog.ok_button.click()
    settle(window)
    assert "已加密" not in message_boxes.take()[-1][2]
    opened = open_package(stick / "明文.kpx", stick / "读回")
    assert not opened.manifest.encrypted
    opened.discard()


def test_an_export_without_a_passphrase_is_refused_by_the_core_too(page, window, stick, message_boxes):
    page.start_export(stick / "明文.kpx")  # as if the dialog had been got round
    settle(window)
    assert list(stick.iterdir()) == []
    kind, _title, text = message_boxes.take()[-1]
    assert kind in ("warning", "critical") and "本单位规定交换文件必须加密" in text


def test_export_never_overwrites_an_existing_file(page, window, stick, monkeypatch, message_boxes):
    existing = stick / "交换.kpx"
    existing.write_bytes(b"earlier export")
    save_to(monkeypatch, existing)
    page.export_file()
    page.export_dialog.passphrase_edit.setText("雷山2026")
    page.export_dialog.repeat_edit.setText("雷山2026")
    page.export_dialog.ok_button.click()
    settle(window)
    assert existing.read_bytes() == b"earlier export"
    assert (stick / "交换-2.kpx").is_file()
    text = message_boxes.take()[-1][2]
    assert "交换.kpx 已存在" in text and "交换-2.kpx" in text


def test_export_some_units_with_a_passphrase_checked_inline(page, window, stick, monkeypatch, message_boxes):
    save_to(monkeypatch, stick / "部分.kpx")
    page.export_file()
    dialog = page.export_dialog
    dialog.some_units.setChecked(True)
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.scope_error.text() == "请至少勾选一个单位"
    type_text(dialog.search, "丹江")
    shown = [dialog.unit_list.item(n) for n in range(dialog.unit_list.count()) if not dialog.unit_list.item(n).isHidden()]
    assert len(shown) == 1 and shown[0].text().startswith("丹江镇")
    dialog.check_shown.click()
    assert dialog.count_label.text() == "已勾选 1 / 100 个单位"
    dialog.encrypt.setChecked(True)
    dialog.passphrase_edit.setText("雷山2026")
    dialog.repeat_edit.setText("雷山2027")
    dialog.ok_button.click()
    message = dialog.findChild(QLabel, "error_repeat")
    assert dialog.isVisible() and message.isVisibleTo(dialog) and message.text() == "两次输入的口令不一致"
    assert dialog.passphrase_edit.echoMode() == dialog.passphrase_edit.EchoMode.Password
    shot(dialog, "export_dialog_problems")
    dialog.repeat_edit.setText("雷山2026")
    dialog.ok_button.click()
    settle(window)
    assert not dialog.isVisible()
    assert message_boxes.take()[-1][2].endswith("可以安全拔出U盘。")
    with pytest.raises(Exception, match="已加密"):
        open_package(stick / "部分.kpx", stick / "读回")
    opened = open_package(stick / "部分.kpx", stick / "读回", passphrase="雷山2026")
    assert opened.manifest.unit_scope == ["丹江镇"] and opened.manifest.encrypted
    opened.discard()


def test_cancel_during_export_leaves_no_file(page, window, stick, monkeypatch, message_boxes):
    """取消 is the Cancellation the runner hands the export as `cancel`; pressing it midway stops it."""
    real = transfer_page.export_package
    handed = []

    def export_and_cancel_midway(*args, progress, cancel, **kwargs):
        handed.append(cancel)

        def report(done, total, text):
            progress(done, total, text)
            if done >= 15:
                cancel.request()  # what the dialog's 取消 button does
        return real(*args, progress=report, cancel=cancel, **kwargs)

    monkeypatch.setattr(transfer_page, "export_package", export_and_cancel_midway)
    page.start_export(stick / "取消.kpx", passphrase="雷山2026")
    settle(window)
    assert handed == [page.operation]
    assert list(stick.iterdir()) == []
    assert message_boxes.take() == []  # a cancel is said in the status bar, not in a box
    assert window.statusBar().currentMessage() == "已取消导出，没有留下任何文件。"
    assert page.export_button.isEnabled()


def test_the_progress_dialog_cancel_button_stops_the_work(page, window):
    import threading

    started, results = threading.Event(), []

    def slow(cancel):
        started.set()
        while not cancel():
            threading.Event().wait(0.01)
        raise TransferCancelled("已取消。")

    window.ctx.runner.run(slow, on_error=results.append, parent=page, progress="正在导出…", cancellable=True)
    started.wait(5)
    dialog = page.findChild(QProgressDialog)
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
    button.click()
    assert dialog.labelText() == "正在取消…" and not button.isEnabled()
    dialog.show()
    shot(dialog, "progress_cancelling")
    settle(window)
    assert isinstance(results[0], TransferCancelled)


# -- 导入 ----------------------------------------------------------------------------------------
def test_trial_then_import_grows_the_roster_and_a_second_import_is_recognised(
        page, window, tmp_path, monkeypatch, message_boxes, qtmodeltester):
    source = second_office_file(tmp_path)
    before = roster_total(window)
    open_from(monkeypatch, source)
    page.import_file()
    settle(window)
    trial = page.trial_dialog
    assert trial.isVisible() and roster_total(window) == before  # 试导入 wrote nothing
    qtmodeltester.check(trial.model, force_py=True)
    rows = {trial.model.data(trial.model.index(r, 0)): [trial.model.data(trial.model.index(r, c)) for c in range(1, 7)]
            for r in range(trial.model.rowCount())}
    assert set(rows) == {"单位", "干部", "任职经历", "实绩报告", "未报说明", "公示", "异议", "测评会", "计票",
                         "年度考核数据", "通报批评", "处分", "督办事项", "谈话", "函询", "审定等次"}
    assert int(rows["干部"][0]) > 0
    assert int(rows["单位"][5]) > 0  # both demos hold the same towns: merged, not doubled
    shot(trial, "trial_dialog")
    trial.import_button.click()
    settle(window)
    assert roster_total(window) > before
    assert window.show_page("roster").model.total == roster_total(window)
    kind, title, text = message_boxes.take()[-1]
    assert (kind, title) == ("information", "导入完成") and "导入完成" in text and "导入前已自动备份" in text
    window.show_page("transfer")
    assert page.history.model.rowCount() == 1
    assert page.history.model.row_at(0).source_office_name == "雷山县委组织部"
    assert [info.reason for info in page.backups.model._all] == ["导入前"]
    qtmodeltester.check(page.history.model, force_py=True)
    qtmodeltester.check(page.backups.model, force_py=True)
    page.tabs.setCurrentWidget(page.history)
    shot(window, "import_history")

    page.import_file()
    settle(window)
    kind, title, text = message_boxes.take()[-1]
    assert title == "已导入过" and "导入过" in text
    assert page.history.model.rowCount() == 1


def test_an_encrypted_file_asks_for_the_passphrase_again_when_wrong(page, window, tmp_path, monkeypatch,
                                                                       message_boxes):
    source = second_office_file(tmp_path, passphrase="丹寨2026")
    answers, problems = ["别的口令", "丹寨2026"], []

    def ask(_parent, file_name, problem=""):
        problems.append((file_name, problem))
        return answers.pop(0)

    monkeypatch.setattr(transfer_page, "ask_passphrase", ask)
    open_from(monkeypatch, source)
    page.import_file()
    settle(window)
    assert problems[0] == (source.name, "")
    assert "口令不正确" in problems[1][1]
    before = roster_total(window)
    page.trial_dialog.import_button.click()
    settle(window)
    assert roster_total(window) > before
    assert message_boxes.take()[-1][1] == "导入完成"


def test_giving_up_on_the_passphrase_imports_nothing(page, window, tmp_path, monkeypatch, message_boxes):
    source = second_office_file(tmp_path, passphrase="丹寨2026")
    monkeypatch.setattr(transfer_page, "ask_passphrase", lambda *a, **k: None)
    open_from(monkeypatch, source)
    page.import_file()
    settle(window)
    assert page.trial_dialog is None and message_boxes.take() == []
    assert page.import_button.isEnabled()


def test_the_passphrase_dialog_says_why_it_asks_again(qtbot):
    dialog = PassphraseDialog("乙-加密.kpx", "口令不正确，打不开交换文件 乙-加密.kpx。请核对后重试（口令区分大小写）。")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.problem_label.isVisible() and "口令不正确" in dialog.problem_label.text()
    assert dialog.edit.echoMode() == dialog.edit.EchoMode.Password
    shot(dialog, "passphrase_dialog")
    dialog.accept()
    assert dialog.isVisible() and dialog.problem_label.text() == "请填写口令"
    type_text(dialog.edit, "丹寨")
    dialog.accept()
    assert not dialog.isVisible()


def test_a_file_that_is_not_a_transfer_file_is_refused_plainly(page, window, tmp_path, monkeypatch, message_boxes):
    wrong = tmp_path / "名册.kpx"
    wrong.write_bytes(b"PK\x03\x04 not ours")
    open_from(monkeypatch, wrong)
    page.import_file()
    settle(window)
    [(kind, _title, text)] = message_boxes.take()
    assert kind == "warning" and "不是考评台交换文件" in text


# -- 冲突 ----------------------------------------------------------------------------------------
def make_conflict(window, tmp_path, edit_there) -> str:
    """潘小红, entered in 丹寨 and imported here, then changed in 丹寨 by `edit_there(store, id)` (李四,
    earlier) and here (phone, later); 丹寨's second file imported: one conflict. Returns her id."""
    other_path = tmp_path / "丹寨.kpdb"
    other = open_database(other_path, create=True, office_name="丹寨县委组织部")
    store = RecordStore(other, operator="李四", clock=StepClock(datetime(2026, 11, 19, 9, 0, tzinfo=TZ)))
    unit_id, _ = add_unit(store, {"name": "丹寨县龙泉镇", "kind": "乡镇"})
    cadre_id = add_cadre(store, {"name": "潘小红", "id_number": ID_NUMBER, "phone": "13800000001"},
                         {"unit_id": unit_id, "title": "镇长", "post_type": "正职", "start_date": "2020.03"}).record_id
    other.close()
    plain_files_allowed(other_path)
    first, second = tmp_path / "1.kpx", tmp_path / "2.kpx"
    export_package(other_path, first)
    folder = tmp_path / "备份"
    run_on_worker(window, lambda: import_package(window.ctx.store, first, backups_dir=folder))
    other = open_database(other_path)
    edit_there(RecordStore(other, operator="李四", clock=StepClock(datetime(2026, 11, 19, 10, 0, tzinfo=TZ))), cadre_id)
    other.close()
    export_package(other_path, second)
    run_on_worker(window, lambda: update_cadre(window.ctx.store, cadre_id, {"phone": "13911111111"}))
    window.ctx.undo.done.clear()  # the setup is not the operator's to undo
    run_on_worker(window, lambda: import_package(window.ctx.store, second, backups_dir=folder))
    return cadre_id


@pytest.fixture
def conflict(window, tmp_path):
    return make_conflict(window, tmp_path, lambda store, cadre_id: update_cadre(store, cadre_id, {"phone": "13722222222"}))


def test_a_conflict_is_listed_side_by_side_and_kept_version_resolves_it(
        page, window, conflict, qtbot, qtmodeltester):
    page.refresh(None)
    assert page.tabs.tabText(0) == "冲突（1）(&C)"
    assert page.conflicts.model.rowCount() == 1
    chosen = page.conflicts.selected_conflict()
    assert chosen.record_id == conflict and chosen.name == "潘小红"
    qtmodeltester.check(page.conflicts.model, force_py=True)
    qtmodeltester.check(page.conflicts.sides, force_py=True)
    sides = page.conflicts.sides
    cells = {sides.data(sides.index(r, 0)): [sides.data(sides.index(r, c)) for c in (1, 2)]
             for r in range(sides.rowCount())}
    # the sides come in the order the record shows them (a rule every office applies alike)
    offices = cells["单位（谁改的）"]
    assert sorted(offices) == sorted(["雷山县委组织部", "丹寨县委组织部"])
    by_office = {office: {label: values[n] for label, values in cells.items()} for n, office in enumerate(offices)}
    assert by_office["雷山县委组织部"]["操作员"] == window.ctx.store.operator
    assert by_office["丹寨县委组织部"]["操作员"] == "李四"
    assert by_office["雷山县委组织部"]["联系电话　≠"] == "139****1111"  # masked like every list
    assert by_office["丹寨县委组织部"]["联系电话　≠"] == "137****2222"
    phone_row = next(r for r in range(sides.rowCount()) if sides.field_at(r) == "phone")
    name_row = next(r for r in range(sides.rowCount()) if sides.field_at(r) == "name")
    assert sides.data(sides.index(phone_row, 1), Qt.ItemDataRole.BackgroundRole) is DIFFERENT_BACKGROUND
    assert sides.data(sides.index(name_row, 1), Qt.ItemDataRole.BackgroundRole) is None
    assert [b.text() for b in page.conflicts.keep_buttons] == [f"保留版本{n}(&{n})（{office}）"
                                                                for n, office in enumerate(offices, start=1)]
    shot(window, "conflicts")

    danzhai = offices.index("丹寨县委组织部")
    page.conflicts.keep_buttons[danzhai].click()
    settle(window)
    assert page.conflicts.model.rowCount() == 0 and page.tabs.tabText(0) == "冲突(&C)"
    assert cadre_record(window.ctx.reader, conflict)["phone"] == "13722222222"
    assert f"以版本{danzhai + 1}（丹寨县委组织部）为准" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    # Undo gives both sides back: the conflict is open again, with the same two values.
    assert "撤销：解决冲突" in window.statusBar().currentMessage()
    assert page.conflicts.model.rowCount() == 1 and page.tabs.tabText(0) == "冲突（1）(&C)"
    reopened = page.conflicts.model.row_at(0)
    assert sorted(side.content["phone"] for side in reopened.sides) == ["13722222222", "13911111111"]
    assert cadre_record(window.ctx.reader, conflict)["phone"] == reopened.sides[0].content["phone"]
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    # Redo resolves it again as before.
    assert page.conflicts.model.rowCount() == 0
    assert cadre_record(window.ctx.reader, conflict)["phone"] == "13722222222"


def test_merge_edit_without_full_values_shows_masked_phones_to_choose_from(page, window, conflict, qtbot):
    page.refresh(None)
    dialog = MergeDialog(window.ctx, page.conflicts.selected_conflict(), page)
    qtbot.addWidget(dialog)
    box = dialog.boxes["phone"]
    assert not box.isEditable()
    assert sorted(box.itemText(i) for i in range(2)) == ["137****2222", "139****1111"]
    assert "*" in box.currentText() and dialog.value("phone") in ("13722222222", "13911111111")  # stored, whole
    dialog.close()


def test_merge_edit_shows_problems_inline_then_resolves(page, window, conflict, qtbot):
    window.ctx.full_sensitive = True  # 显示完整证件号和电话 asked for (管理员): the phones in full, to be typed over
    page.refresh(None)
    type_text(page.conflicts.search, "王")
    assert page.conflicts.model.rowCount() == 0 and not page.conflicts.merge_button.isEnabled()
    page.conflicts.search.clear()
    type_text(page.conflicts.search, "丹寨")  # by office
    assert page.conflicts.model.rowCount() == 1
    page.conflicts.search.setText("pxh")  # pinyin initials of 潘小红
    assert page.conflicts.model.rowCount() == 1 and page.conflicts.merge_button.isEnabled()
    page.conflicts.view.setFocus()
    qtbot.keyClick(page.conflicts.view, Qt.Key.Key_F2)
    dialog = page.conflicts.dialog
    assert isinstance(dialog, MergeDialog) and dialog.isVisible()
    phones = [side.content["phone"] for side in page.conflicts.selected_conflict().sides]  # shown one first
    assert sorted(phones) == ["13722222222", "13911111111"]
    assert list(dialog.boxes) == ["phone"] and dialog.boxes["phone"].currentText() == phones[0]
    assert [dialog.boxes["phone"].itemText(i) for i in range(2)] == phones
    dialog.boxes["phone"].setEditText("123")
    dialog.accept()
    settle(window)
    message = dialog.findChild(QLabel, "error_phone")
    assert dialog.isVisible() and message.isVisibleTo(dialog) and "联系电话" in message.text()
    shot(dialog, "merge_dialog")
    dialog.boxes["phone"].setEditText("13600000006")
    dialog.accept()
    settle(window)
    assert not dialog.isVisible() and page.conflicts.model.rowCount() == 0
    assert cadre_record(window.ctx.reader, conflict)["phone"] == "13600000006"


# -- 备份与恢复 -------------------------------------------------------------------------------------
def test_backup_now_then_restore_brings_back_the_earlier_state(page, window, qtbot, monkeypatch, message_boxes):
    page.tabs.setCurrentWidget(page.backups)
    page.backups.backup_button.click()
    settle(window)
    assert [info.reason for info in list_backups(page.backups.folder())] == ["手动"]
    assert page.backups.model.rowCount() == 1 and page.backups.selected_backup() is not None
    assert "已备份到" in window.statusBar().currentMessage()
    shot(window, "backups")
    run_on_worker(window, lambda: add_unit(window.ctx.store, {"name": "恢复后应不见的单位", "kind": "其他"}))
    assert "恢复后应不见的单位" in {u["name"] for u in list_units(window.ctx.reader, window.ctx.today())}
    asked = []
    monkeypatch.setattr(backup_panel, "confirm", lambda _parent, title, text, **k: asked.append(text) or True)
    old_db, path = window.ctx.db, window.ctx.db.path
    page.backups.restore_selected()
    qtbot.waitUntil(lambda: window.ctx.db is not old_db, timeout=10000)
    assert "保留一份副本" in asked[0]
    assert window.ctx.db.path == path and "雷山县委组织部" in window.windowTitle()
    assert "恢复后应不见的单位" not in {u["name"] for u in list_units(window.ctx.reader, window.ctx.today())}
    assert window.current_page() is window.pages["roster"] and window.pages["roster"].model.total > 0
    kept = list(path.parent.glob("*恢复前*.kpdb"))
    assert len(kept) == 1
    kind, title, text = message_boxes.take()[-1]
    assert title == "恢复完成" and str(kept[0]) in text


def test_a_failed_restore_reopens_the_original(page, window, qtbot, monkeypatch, message_boxes, data_dir):
    broken = data_dir / "备份" / "雷山县委组织部-20261120-090000-手动.kpdb"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    page.refresh(None)
    assert page.backups.model.rowCount() == 1
    page.backups.view.setCurrentIndex(page.backups.model.index(0, 0))
    monkeypatch.setattr(backup_panel, "confirm", lambda *a, **k: True)
    old_db, before = window.ctx.db, roster_total(window)
    page.backups.restore_selected()
    qtbot.waitUntil(lambda: window.ctx.db is not old_db, timeout=10000)
    [(kind, _title, text)] = message_boxes.take()
    assert kind == "warning" and "不能用它恢复" in text
    assert roster_total(window) == before


# -- 每日备份 ----------------------------------------------------------------------------------------
def test_the_daily_backup_runs_once_a_day_and_says_so_in_the_status_bar(window, data_dir, message_boxes):
    start_daily_backup(window)
    settle(window)
    assert window.statusBar().currentMessage().startswith("今日已自动备份")
    assert [info.reason for info in list_backups(data_dir / "备份")] == ["每日"]
    start_daily_backup(window)
    settle(window)
    assert window.statusBar().currentMessage() == "今日已有自动备份。"
    assert len(list_backups(data_dir / "备份")) == 1


def test_a_failed_daily_backup_is_a_status_bar_warning_not_a_box(window, data_dir, monkeypatch, message_boxes):
    import desktop_app.transfer.backup as backup

    def full_disk(*_args, **_kwargs):
        raise BackupFailed("备份失败：磁盘空间不足。")

    monkeypatch.setattr(backup, "daily_backup_if_due", full_disk)
    start_daily_backup(window)
    settle(window)
    assert message_boxes.take() == []
    assert window.statusBar().currentMessage() == "今日自动备份未完成：备份失败：磁盘空间不足。"


def test_a_record_deleted_in_one_office_and_edited_in_the_other(page, window, tmp_path, qtmodeltester):
    cadre_id = make_conflict(window, tmp_path, delete_cadre)
    page.refresh(None)
    [chosen] = [page.conflicts.model.row_at(r) for r in range(page.conflicts.model.rowCount())]
    assert chosen.record_id == cadre_id and "deleted" in chosen.differing_fields
    sides = page.conflicts.sides
    qtmodeltester.check(sides, force_py=True)
    state_row = [sides.data(sides.index(3, c)) for c in range(3)]
    assert state_row[0] == "记录状态" and sorted(state_row[1:]) == ["已删除", "有效"]
    assert sides.data(sides.index(3, 1), Qt.ItemDataRole.BackgroundRole) is DIFFERENT_BACKGROUND
    deleted_side = state_row[1:].index("已删除")  # 丹寨's
    page.conflicts.merge_edit()
    dialog = page.conflicts.dialog
    assert dialog.delete_box is not None and dialog.delete_box.isChecked() == (deleted_side == 0)
    dialog.reject()
    page.conflicts.keep_side(deleted_side)
    settle(window)
    assert page.conflicts.model.rowCount() == 0
    with pytest.raises(RecordNotFound):
        cadre_record(window.ctx.reader, cadre_id)
