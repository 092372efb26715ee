"""The side form of the annual inputs grid: what does not fit in a cell, for the row selected —
the special investigation's findings (专项调查情况) and the key projects (重点项目: name, done,
note). Edits go into the grid's model at once, so 保存 (Ctrl+S) writes them with the grid.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.gui.widgets import ERROR_STYLE

NAME, DONE, NOTE = 0, 1, 2
DETAIL_HEIGHT = 120


class RowDetails(QGroupBox):
    """专项调查情况 and 重点项目 of one row of the grid; `edited` after any change the operator makes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("annual_details")
        self.read_only = False
        self.investigation = QPlainTextEdit()
        self.investigation.setObjectName("annual_investigation")
        self.investigation.setTabChangesFocus(True)
        self.investigation.setPlaceholderText("专项调查的结果，如：经专项调查，群众反映的征地补偿问题属实。")
        self.investigation.setFixedHeight(DETAIL_HEIGHT)
        self.investigation.textChanged.connect(self.edited)
        self.projects = QTableWidget(0, 3)
        self.projects.setObjectName("annual_projects")
        self.projects.setHorizontalHeaderLabels(["项目名称", "完成", "说明"])
        self.projects.verticalHeader().setVisible(False)
        self.projects.verticalHeader().setDefaultSectionSize(24)
        self.projects.setTabKeyNavigation(False)
        self.projects.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.projects.setFixedHeight(DETAIL_HEIGHT)
        header = self.projects.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.projects.setColumnWidth(DONE, 48)
        self.projects.itemChanged.connect(lambda _item: self.edited.emit())
        self.add_button = QPushButton("添加项目(&A)")
        self.add_button.setToolTip("在重点项目表末尾加一行，填写项目名称")
        self.add_button.clicked.connect(self.add_project)
        self.remove_button = QPushButton("删除项目(&R)")
        self.remove_button.setToolTip("删除所选的重点项目")
        self.remove_button.clicked.connect(self.remove_project)
        self.problem = QLabel()
        self.problem.setObjectName("annual_details_problem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self._lay_out()

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 6)
        investigation_label = QLabel("专项调查情况(&V)：")
        investigation_label.setBuddy(self.investigation)
        projects_label = QLabel("重点项目(&K)：")
        projects_label.setBuddy(self.projects)
        grid.addWidget(investigation_label, 0, 0)
        grid.addWidget(projects_label, 0, 1)
        grid.addWidget(self.add_button, 0, 2)
        grid.addWidget(self.remove_button, 0, 3)
        grid.addWidget(self.investigation, 1, 0)
        grid.addWidget(self.projects, 1, 1, 1, 3)
        grid.addWidget(self.problem, 2, 0, 1, 4)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)

    # -- showing a row ---------------------------------------------------------------------------
    def show_row(self, label: str, investigation: str, projects: list[dict], *, read_only: bool) -> None:
        """Show a row's findings and projects (no `edited` signal for it)."""
        self.setTitle(f"专项调查与重点项目：{label}")
        self.blockSignals(True)
        self.investigation.blockSignals(True)
        self.projects.blockSignals(True)
        self.investigation.setPlainText(investigation)
        self.projects.setRowCount(0)
        for project in projects:
            self._append(project)
        self.investigation.blockSignals(False)
        self.projects.blockSignals(False)
        self.blockSignals(False)
        self.investigation.setReadOnly(read_only)
        self.projects.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only else
                                      QAbstractItemView.EditTrigger.AllEditTriggers)
        for button in (self.add_button, self.remove_button):
            button.setEnabled(not read_only)
        self.read_only = read_only

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _append(self, project: dict) -> None:
        row = self.projects.rowCount()
        self.projects.insertRow(row)
        self.projects.setItem(row, NAME, QTableWidgetItem(str(project.get("name") or "")))
        done = QTableWidgetItem()
        done.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        done.setCheckState(Qt.CheckState.Checked if project.get("done") else Qt.CheckState.Unchecked)
        self.projects.setItem(row, DONE, done)
        self.projects.setItem(row, NOTE, QTableWidgetItem(str(project.get("note") or "")))

    # -- what the operator entered -----------------------------------------------------------------
    def investigation_text(self) -> str:
        return self.investigation.toPlainText().strip()

    def project_list(self) -> list[dict]:
        found = []
        for row in range(self.projects.rowCount()):
            name, done, note = (self.projects.item(row, column) for column in (NAME, DONE, NOTE))
            found.append({"name": name.text().strip() if name else "",
                          "done": bool(done and done.checkState() == Qt.CheckState.Checked),
                          "note": note.text().strip() if note else ""})
        return found

    def add_project(self) -> None:
        """添加项目: a new row, its name being edited."""
        if self.read_only:
            return
        self.projects.blockSignals(True)
        self._append({})
        self.projects.blockSignals(False)
        row = self.projects.rowCount() - 1
        self.projects.setFocus()
        self.projects.setCurrentCell(row, NAME)
        self.projects.editItem(self.projects.item(row, NAME))
        self.edited.emit()

    def remove_project(self) -> None:
        row = self.projects.currentRow()
        if row >= 0 and not self.read_only:
            self.projects.removeRow(row)
            self.edited.emit()
