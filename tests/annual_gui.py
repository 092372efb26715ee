"""The 年度考核 tabs under pytest-qt on the county of tests/annual_county.py: the main window on a
copy of it (the operator's clock on 2026-03-02), and a tab shown in a stand-in for the 年度考核 page,
inside the main window, so undo and the reload after a change go the way they go in the product.

A test module takes the fixtures as its own names: `annual_template, county, window, ids =
annual_gui.FIXTURES` (pytest finds fixtures among a module's names; imported, each test using them
would redefine an import).
"""

from datetime import datetime

import pytest
from annual_county import annual_template, county  # noqa: F401 — fixtures the ones below need
from conftest import TZ, main_window, model_rows, settle
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from db import open_database


@pytest.fixture
def window(qtbot, county):  # noqa: F811
    yield from main_window(qtbot, open_database(county[0]), datetime(2026, 3, 2, 9, 0, tzinfo=TZ))


@pytest.fixture
def ids(county):  # noqa: F811
    return county[1]


class PageStub(QWidget):
    """What the 年度考核 page gives its tabs: the filter row (the tab's search box when it has one,
    and its count), the year, and a reload of the tab after a change of what it shows."""

    def __init__(self, ctx, tab_type: type, year: int):
        super().__init__()
        self.year = year
        self.tab = tab_type(ctx, self)
        row = QHBoxLayout()
        if self.tab.search is not None:
            row.addWidget(self.tab.search)
            row.addStretch(1)
        row.addWidget(self.tab.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.tab, 1)

    def refresh(self, changes=None) -> None:
        if changes is None or changes.touches(*self.tab.RELOAD_ON):
            self.tab.reload(self.year)


def show_tab(window, tab_type: type, year: int):
    """A `tab_type` tab of `year`, shown in the main window (which calls the stand-in's refresh after
    changes); loaded."""
    stub = PageStub(window.ctx, tab_type, year)
    window.stack.addWidget(stub)
    window.stack.setCurrentWidget(stub)
    window.pages[f"{tab_type.__name__}_stub"] = stub
    window.resize(1280, 800)
    window.activateWindow()
    stub.tab.reload(year)
    settle(window)
    return stub.tab


FIXTURES = (annual_template, county, window, ids)


def rows(view) -> list[list[str]]:
    """What the list of `view` (a tab or a register's panel) shows, row by row."""
    return model_rows(view.model)
