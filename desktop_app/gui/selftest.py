"""The self-test the CLI and the built bundle run: start, visit every page, check fonts, draw a
chart (matplotlib, its Qt canvas and its SVG writer are in the bundle), close."""

from pathlib import Path

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from db import open_database
from db.errors import KaopingError
from desktop_app.gui.app import application
from desktop_app.gui.pages import PAGES

# Characters the interface must draw: common ones and rare ones in demo names.
FONT_PROBE = "考评台干部信息镕玥堃喆昇珺赟"


class SelfTestFailed(KaopingError):
    exit_code = 1


def visit_every_page(path: Path) -> list[str]:
    """Open the main window on `path`, show each page in turn, and close. Returns page titles."""
    app = application()
    _check_font(app)
    from desktop_app.gui.main_window import MainWindow

    window = MainWindow(open_database(path))
    visited = []
    try:
        window.show()
        for spec in PAGES:
            page = window.show_page(spec.key)
            window.ctx.runner.wait_idle()
            QApplication.processEvents()
            if window.current_page() is not page or not page.isVisible():
                raise SelfTestFailed(f"自检失败：页面「{spec.title}」未能显示。")
            visited.append(spec.title)
        _check_chart(window)
    finally:
        window.close()
        window.close_database()
    return visited


def _check_font(app: QApplication) -> None:
    metrics = QFontMetrics(app.font())
    missing = [ch for ch in FONT_PROBE if not metrics.inFontUcs4(ord(ch))]
    if missing:
        raise SelfTestFailed(f"自检失败：界面字体「{app.font().family()}」缺少汉字：{''.join(missing)}")


def _check_chart(window) -> None:
    """Draw the latest quarter's 各单位等次分布 on the 报表图表 page and write it as SVG (on this thread:
    a missing module fails the self-test instead of showing a message box no one can close)."""
    from desktop_app.charts.queries import evaluated_quarters

    quarters = evaluated_quarters(window.ctx.reader)
    if not quarters:
        return
    from desktop_app.gui.pages.chart_choices import build_chart, choice_of

    page = window.show_page("reports")
    try:
        from desktop_app.charts.export import svg_bytes

        result = build_chart(window.ctx.reader, choice_of("distribution", *quarters[-1], None, False))
        page.view.show_figure(result.figure)
        QApplication.processEvents()
        page.view.canvas.draw()
        svg_bytes(result.figure)
    except ImportError as error:
        raise SelfTestFailed(f"自检失败：图表所需的模块缺失：{error}") from error
    if page.view.canvas.width() <= 0 or page.view.canvas.height() <= 0:
        raise SelfTestFailed("自检失败：报表图表未能显示图表。")
