"""A checkable list of units with a filter box, 全选 and 全不选 (which units a notice covers)."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.pinyin import name_pinyin, search_text
from desktop_app.gui.widgets import SearchBox

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
NAME_ROLE = Qt.ItemDataRole.UserRole + 3


def unit_item(text: str, unit: dict) -> QListWidgetItem:
    """An unticked item for `unit` (a row of core list_units): its id and search string in the roles."""
    item = QListWidgetItem(text)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Unchecked)
    item.setData(ID_ROLE, unit["id"])
    item.setData(SEARCH_ROLE, search_text(unit["name"], unit["kind"], *name_pinyin(unit["name"])).lower())
    return item


def show_matching(items: list[QListWidgetItem], text: str) -> None:
    """Hide the items whose unit name, kind or pinyin lacks a term of `text`."""
    terms = text.lower().split()
    for item in items:
        item.setHidden(not all(term in item.data(SEARCH_ROLE) for term in terms))


def ticked_ids(items: list[QListWidgetItem]) -> list[str]:
    """The ids of the ticked items, in list order."""
    return [item.data(ID_ROLE) for item in items if item.checkState() == Qt.CheckState.Checked]


class UnitChecklist(QWidget):
    """Units (rows of core list_units) to tick; `changed` after any tick. Space ticks the current one."""

    changed = Signal()

    def __init__(self, units: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.search = SearchBox("筛选单位名称或拼音首字母", self)
        self.search.setObjectName("notice_units_search")
        self.search.setMinimumWidth(180)
        self.search.textChanged.connect(self._filter)
        self.check_shown = QPushButton("全选(&A)")
        self.check_shown.setToolTip("勾选列表中显示的全部单位（先筛选可只选一部分）")
        self.check_shown.clicked.connect(lambda: self._set_shown(Qt.CheckState.Checked))
        self.uncheck_all = QPushButton("全不选(&Q)")
        self.uncheck_all.clicked.connect(self._uncheck_all)
        self.list = QListWidget()
        self.list.setObjectName("notice_units")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long names are elided
        self.count_label = QLabel()
        self.count_label.setObjectName("notice_units_count")
        self._fill(units)
        self.list.itemChanged.connect(self._item_changed)
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.check_shown)
        tools.addWidget(self.uncheck_all)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(tools)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count_label)
        self._update_count()

    def _fill(self, units: list[dict]) -> None:
        for unit in units:
            item = unit_item(unit["name"], unit)
            item.setData(NAME_ROLE, unit["name"])
            self.list.addItem(item)

    # -- state ---------------------------------------------------------------------------------
    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def checked_ids(self) -> list[str]:
        """The ticked units, in list (display) order."""
        return ticked_ids(self.items())

    def set_checked(self, unit_ids) -> None:
        wanted = set(unit_ids)
        self._quietly(lambda: [item.setCheckState(Qt.CheckState.Checked if item.data(ID_ROLE) in wanted
                                                  else Qt.CheckState.Unchecked) for item in self.items()])

    def set_counts(self, counts: dict[str, int], what: str = "人") -> None:
        """Show beside each unit how many it would list (e.g. 已审核报告 3 人)."""
        def label():
            for item in self.items():
                number = counts.get(item.data(ID_ROLE), 0)
                item.setText(f"{item.data(NAME_ROLE)}（{number} {what}）")
        self._quietly(label)

    def _quietly(self, change) -> None:
        self.list.blockSignals(True)
        change()
        self.list.blockSignals(False)
        self.list.viewport().update()
        self._item_changed()

    def _filter(self, text: str) -> None:
        show_matching(self.items(), text)

    def _set_shown(self, state: Qt.CheckState) -> None:
        self._quietly(lambda: [item.setCheckState(state) for item in self.items() if not item.isHidden()])

    def _uncheck_all(self) -> None:
        self._quietly(lambda: [item.setCheckState(Qt.CheckState.Unchecked) for item in self.items()])

    def _item_changed(self, _item=None) -> None:
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        self.count_label.setText(f"已选 {len(self.checked_ids())} / {self.list.count()} 个单位")
