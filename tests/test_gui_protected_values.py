"""What a role sees and may change under pytest-qt: 报送截止日 (管理员 only) and the cadre dialog's
ID number and phone, masked unless the session may and asked to see them in full."""

import operator_accounts
import pytest
from conftest import StepClock, id_number, settle, shown_page
from operator_accounts import close_window, fixed_clock, signed_in_window

from db import open_database
from desktop_app.core import cadres
from desktop_app.core.operators import add_operator, list_operators
from desktop_app.core.permissions import Operator
from desktop_app.core.report_gaps import due_day_setting
from desktop_app.core.store import RecordStore
from desktop_app.core.units import list_units
from desktop_app.gui.dialogs.cadre_dialog import CadreDialog

keep_settings, protected_template, protected_path = operator_accounts.FIXTURES
ID = id_number("19780305", "123")
PHONE = "13800001234"


@pytest.fixture
def with_cadre(protected_path):  # noqa: F811
    """The protected database with 张三 (丹江镇镇长) and a 审核员 account, 孙审."""
    db = open_database(protected_path)
    admin = RecordStore(db, operator="王芳", role="管理员", clock=StepClock())
    [unit] = list_units(db, "2026-03-02")
    cadre = cadres.add_cadre(admin, {"name": "张三", "id_number": ID, "phone": PHONE, "ethnicity": "汉族"},
                             {"unit_id": unit["id"], "title": "镇长", "post_type": "正职", "start_date": "2024-01-01"})
    add_operator(db, Operator("王芳", "管理员"), "孙审", "审核员", "sunshen2026", fixed_clock)
    assert "孙审" in {row["name"] for row in list_operators(db)}
    db.close()
    operator_accounts.ROLES.setdefault("孙审", "审核员")
    return protected_path, cadre.record_id


def test_the_due_day_control_is_disabled_for_an_entry_clerk(qtbot, protected_path):  # noqa: F811
    window = signed_in_window(qtbot, protected_path, "李明")  # 录入员
    try:
        page = shown_page(window, "settings")
        assert not page.due_day.isEnabled() and not page.due_day_save.isEnabled()
        assert "只有管理员" in page.due_day_save.toolTip()
        page.save_due_day()  # Enter in the (disabled) box: nothing written
        settle(window)
        assert due_day_setting(window.ctx.reader) == 30
    finally:
        close_window(window)


def test_an_administrator_sets_the_due_day_and_is_named_beside_it(qtbot, protected_path):  # noqa: F811
    window = signed_in_window(qtbot, protected_path, "王芳")
    try:
        page = shown_page(window, "settings")
        assert page.due_day.isEnabled() and page.due_day_save.isEnabled()
        page.due_day.setValue(25)
        page.due_day_save.click()
        settle(window)
        assert due_day_setting(window.ctx.reader) == 25
        assert page.due_day_text.text() == "已保存：每月25日（王芳 于 2026-03-02 09:00 设置）。"
    finally:
        close_window(window)


def test_an_entry_clerk_sees_masked_values_and_saving_keeps_the_stored_ones(qtbot, with_cadre):
    path, cadre_id = with_cadre
    window = signed_in_window(qtbot, path, "李明")  # 录入员
    try:
        dialog = CadreDialog(window.ctx, cadre_id, window)
        qtbot.addWidget(dialog)
        fields = dialog.form.fields
        assert fields["id_number"].text() == ID[:4] + "*" * 10 + ID[-4:] and fields["id_number"].isReadOnly()
        assert fields["phone"].text() == "138****1234" and fields["phone"].isReadOnly()
        assert dialog.refill_buttons["id_number"].isVisibleTo(dialog)
        fields["ethnicity"].setText("苗族")
        dialog.save()
        settle(window)
        record = cadres.cadre_record(window.ctx.reader, cadre_id)
        assert record["ethnicity"] == "苗族" and record["id_number"] == ID and record["phone"] == PHONE
    finally:
        close_window(window)


def test_an_entry_clerk_replaces_the_phone_on_purpose(qtbot, with_cadre):
    path, cadre_id = with_cadre
    window = signed_in_window(qtbot, path, "李明")
    try:
        dialog = CadreDialog(window.ctx, cadre_id, window)
        qtbot.addWidget(dialog)
        dialog.refill_buttons["phone"].click()
        assert dialog.form.fields["phone"].text() == "" and not dialog.form.fields["phone"].isReadOnly()
        dialog.form.fields["phone"].setText("13911112222")
        dialog.save()
        settle(window)
        record = cadres.cadre_record(window.ctx.reader, cadre_id)
        assert record["phone"] == "13911112222" and record["id_number"] == ID
    finally:
        close_window(window)


def test_a_reviewer_who_asked_sees_full_values(qtbot, with_cadre):
    path, cadre_id = with_cadre
    window = signed_in_window(qtbot, path, "孙审")
    try:
        masked = CadreDialog(window.ctx, cadre_id, window)  # not asked: masked like everyone
        qtbot.addWidget(masked)
        assert "*" in masked.form.fields["id_number"].text()
        window.ctx.full_sensitive = True  # 显示完整证件号和电话 ticked
        dialog = CadreDialog(window.ctx, cadre_id, window)
        qtbot.addWidget(dialog)
        assert dialog.form.fields["id_number"].text() == ID and not dialog.form.fields["id_number"].isReadOnly()
        assert dialog.form.fields["phone"].text() == PHONE and dialog.refill_buttons == {}
    finally:
        close_window(window)
