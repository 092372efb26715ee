"""The main window: navigation, status bar, pages, self-test, fonts."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

from desktop_app.gui.main_window import period_label
from desktop_app.gui.pages import PAGES
from desktop_app.gui.selftest import visit_every_page


def test_period_label_names_month_and_quarter():
    assert period_label("2026-11-25") == "2026年11月 · 第四季度"
    assert period_label("2027-01-01") == "2027年1月 · 第一季度"


def test_every_page_is_reachable_by_keyboard(window, qtbot):
    for number, spec in enumerate(PAGES, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number % 10), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() is window.pages[spec.key]
        assert window.navigation.currentRow() == number - 1


def test_status_bar_shows_database_office_and_period(window):
    texts = " ".join(label.text() for label in window.statusBar().findChildren(QLabel))
    assert str(window.ctx.db.path) in texts
    assert "雷山县委组织部" in texts
    assert "当前期间：" in texts and "季度" in texts


def test_the_annual_page_opens_on_the_committees_year(window):
    """年度考核 is built: its tabs are there and the year is last year in the first quarter."""
    from desktop_app.core.assessment import committee_year
    from desktop_app.gui.pages.annual_page import AnnualPage

    page = window.show_page("annual")
    assert isinstance(page, AnnualPage)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["审定(&J)", "年度数据(&L)", "督办与谈话(&W)"]
    assert committee_year("2026-02-10") == 2025 and committee_year("2026-11-26") == 2026


def test_interface_font_draws_rare_name_characters(qapp):
    metrics = QFontMetrics(qapp.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "考评台镕玥堃喆昇珺赟")


def test_selftest_visits_every_page(qapp, demo_path):
    assert visit_every_page(demo_path) == [spec.title for spec in PAGES]


def test_open_another_database_from_the_file_menu(monkeypatch, window, tmp_path):
    from db import open_database
    from desktop_app.gui import database_files

    other = tmp_path / "丹寨县.kpdb"
    open_database(other, create=True, office_name="丹寨县委组织部").close()
    old_db = window.ctx.db
    monkeypatch.setattr(database_files.QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    window.open_other_database()
    assert window.ctx.db.path == other and window.ctx.db is not old_db
    assert "丹寨县委组织部" in window.windowTitle() and "丹寨县委组织部" in window.office_label.text()
    assert window.pages["roster"].model.total == 0
    reopened = open_database(old_db.path)  # the old file was closed: its writer lock is free again
    reopened.close()


def test_opening_a_bad_file_keeps_the_current_database(monkeypatch, window, tmp_path):
    from desktop_app.gui import database_files

    bad = tmp_path / "名册.kpdb"
    bad.write_text("这不是数据库", encoding="utf-8")
    shown = []
    monkeypatch.setattr(database_files.QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(database_files, "show_error", lambda _parent, error: shown.append(error.message))
    current = window.ctx.db
    window.open_other_database()
    assert window.ctx.db is current and "不是考评台数据库" in shown[0]


def test_create_a_new_database_from_the_file_menu(monkeypatch, window, tmp_path):
    from desktop_app.gui import database_files

    monkeypatch.setattr(database_files.QInputDialog, "getText", lambda *a, **k: ("台江县委组织部", True))
    monkeypatch.setattr(database_files.QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "台江"), ""))
    window.create_database()
    assert window.ctx.db.path == tmp_path / "台江.kpdb"
    assert window.ctx.office["name"] == "台江县委组织部"


def test_no_alt_key_is_used_twice_on_any_page(window):
    """Alt+letter reaches one thing only: the visible page's buttons, labels, boxes and tabs and the
    menu bar together never share a mnemonic (a shared one makes Alt cycle instead of act)."""
    from conftest import alt_keys, doubled, menu_texts, shown_page

    clashes = {}
    for spec in PAGES:
        page = shown_page(window, spec.key)
        found = doubled(alt_keys(page, menu_texts(window)))
        if found:
            clashes[spec.title] = found
    assert clashes == {}
