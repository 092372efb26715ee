"""The main window: navigation, status bar, placeholder pages, self-test, fonts."""

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


def test_placeholder_pages_say_plainly_they_are_not_built(window):
    page = window.show_page("quarterly")
    text = page.findChild(QLabel, "placeholder_text").text()
    assert "尚未开放" in text and "民主测评表" in text


def test_interface_font_draws_rare_name_characters(qapp):
    metrics = QFontMetrics(qapp.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "考评台镕玥堃喆昇珺赟")


def test_selftest_visits_every_page(qapp, demo_path):
    assert visit_every_page(demo_path) == [spec.title for spec in PAGES]
