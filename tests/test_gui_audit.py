"""操作记录: the whole audit trail, newest first, narrowed by object, operator, dates and text."""

import pytest
from conftest import settle, shown_page

from desktop_app.core.audit import audit_log, operators
from desktop_app.core.units import add_unit, update_unit


@pytest.fixture
def page(window):
    return shown_page(window, "audit")


def write(window, fn):
    results = []
    window.ctx.runner.run(fn, on_done=results.append)
    settle(window)
    return results[0]


def shown(page):
    return [page.history.model.row_at(row) for row in range(page.history.model.rowCount())]


def test_the_log_lists_entries_newest_first_with_a_model_that_passes_the_tester(page, window, qtmodeltester):
    qtmodeltester.check(page.history.model, force_py=True)
    entries = shown(page)
    assert entries, "the demo database has a history"
    assert [e.seq for e in entries] == sorted((e.seq for e in entries), reverse=True)
    assert entries[0].seq == audit_log(window.ctx.reader, limit=1)[0].seq
    assert page.count_label.text() == f"显示最近 {len(entries)} 条"
    assert page.limit_label.text() == "只显示最近1000条，请缩小范围"  # the county demo has more


def test_a_change_made_while_the_page_shows_appears_on_top_with_its_details(page, window):
    store = window.ctx.store
    unit_id, _ = write(window, lambda: add_unit(store, {"name": "县地方志编纂中心", "kind": "县直部门"}))
    write(window, lambda: update_unit(store, unit_id, {"name": "县史志研究室"}))
    top = shown(page)[0]
    assert (top.action, top.table, top.record_name, top.operator) == ("修改", "单位", "县史志研究室", store.operator)
    assert "单位名称：县地方志编纂中心 → 县史志研究室" in page.history.detail.toPlainText()


def test_filters_by_object_operator_dates_and_text(page, window):
    store = window.ctx.store
    store.operator = "李审核"
    unit_id, _ = write(window, lambda: add_unit(store, {"name": "县地方志编纂中心", "kind": "县直部门"}))
    page.object_filter.setCurrentIndex(page.object_filter.findData("units"))
    assert {e.table for e in shown(page)} == {"单位"}
    page.refresh()  # the operator list is read when the page is shown
    page.operator_filter.setCurrentIndex(page.operator_filter.findData("李审核"))
    assert [(e.record_id, e.operator) for e in shown(page)] == [(unit_id, "李审核")]
    assert "李审核" in operators(window.ctx.reader)

    page.operator_filter.setCurrentIndex(0)  # 全部
    day = shown(page)[0].at[:10]
    page.since.set_value(day)
    page.until.set_value(day)
    assert shown(page) and all(e.at[:10] == day for e in shown(page))
    page.until.set_value("2000-01-01")
    assert shown(page) == [] and page.count_label.text() == "没有符合条件的记录"

    page.until.set_value(None)
    page.since.set_value(None)
    page.text.setText("地方志")
    page.apply_filters()  # the text filter applies on Enter / 查询
    assert [e.record_id for e in shown(page)] == [unit_id]



def test_id_numbers_in_the_log_are_masked_unless_the_operator_chose_otherwise(page, window):
    from desktop_app.core.cadres import cadre_record

    page.object_filter.setCurrentIndex(page.object_filter.findData("cadres"))
    created = next(e for e in shown(page) if e.action == "新增")
    number = cadre_record(window.ctx.reader, created.record_id)["id_number"]
    listed = page.history.model.data(page.history.model.index(page.history.model.row_of(str(created.seq)), 5))
    assert number and number not in listed and f"{number[:4]}**********{number[-4:]}" in listed
    window.ctx.full_sensitive = True
    page.refresh()
    listed = page.history.model.data(page.history.model.index(page.history.model.row_of(str(created.seq)), 5))
    assert number in listed


def test_verifying_the_chain_runs_on_the_worker_and_names_the_first_broken_entry(page, window, message_boxes):
    """核验记实链(&V)…: the result in a dialog; an entry edited with the sqlite3 module is named."""
    from conftest import raw_connect

    assert page.verify_button.text() == "核验记实链(&V)…" and page.verify_button.isVisible()
    page.verify_button.click()
    settle(window)
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("information", "核验记实链") and text.endswith("结论：记实链完整，未发现改动。")
    conn = raw_connect(window.ctx.db.path)
    conn.execute("UPDATE audit_log SET note = '改过的说明' WHERE seq = 5")
    conn.commit()
    conn.close()
    page.verify_button.click()
    settle(window)
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("warning", "核验记实链：发现问题")
    assert "第 5 条记实（" in text and "内容被改动" in text
