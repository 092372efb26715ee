"""导出交换文件 (which units, the passphrase — required while 交换文件必须加密 is on, the default) and the passphrase prompt for an encrypted file."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.units import list_units
from desktop_app.gui.dialogs.unit_checklist import show_matching, ticked_ids, unit_item
from desktop_app.gui.widgets import ERROR_STYLE, SearchBox, ValidatedForm, dialog_buttons, note_label
from desktop_app.transfer.policy import encryption_required


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


class ExportDialog(QDialog):
    """Choose the units to export (all, or some ticked in a filterable list) and the passphrase.

    加密 is ticked by default; while the office requires encrypted transfer files it cannot be unticked.

    Nothing is written here: on 下一步 the page asks where to save and runs the export.
    """

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("导出交换文件")
        self.setMinimumSize(560, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(note_label(
            "交换文件（.kpx）包含所选单位的单位信息、干部、任职经历以及它们的全部操作记录，"
            "用U盘带到另一个单位后在「数据交换」页导入。"))
        self._build_scope(layout)
        self._build_passphrase(layout)
        self.buttons = dialog_buttons(self, self.accept, accept_text="下一步：选择保存位置(&S)…")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        self._load_units()
        self._scope_changed()
        self._encryption_changed(True)

    # -- building --------------------------------------------------------------------------
    def _build_scope(self, layout: QVBoxLayout) -> None:
        self.all_units = QRadioButton("全部单位(&A)")
        self.some_units = QRadioButton("部分单位(&P)：在下面勾选")
        self.all_units.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.all_units, self.some_units):
            group.addButton(button)
            button.toggled.connect(self._scope_changed)
        scope = QHBoxLayout()
        scope.addWidget(self.all_units)
        scope.addWidget(self.some_units)
        scope.addStretch(1)
        layout.addLayout(scope)
        self.search = SearchBox("筛选单位名称或拼音首字母", self)
        self.search.setObjectName("export_units_search")
        self.search.textChanged.connect(self._filter_units)
        self.check_shown = QPushButton("全选显示的(&L)")
        self.check_shown.clicked.connect(lambda: self._check_shown(True))
        self.uncheck_all = QPushButton("全不选(&N)")
        self.uncheck_all.clicked.connect(self._uncheck_all)
        tools = QHBoxLayout()
        for widget in (self.search, self.check_shown, self.uncheck_all):
            tools.addWidget(widget)
        layout.addLayout(tools)
        self.unit_list = QListWidget()
        self.unit_list.setObjectName("export_units")
        self.unit_list.itemChanged.connect(self._update_count)
        layout.addWidget(self.unit_list, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("export_units_count")
        self.scope_error = QLabel()
        self.scope_error.setObjectName("export_scope_error")
        self.scope_error.setStyleSheet(ERROR_STYLE)
        row = QHBoxLayout()
        row.addWidget(self.count_label)
        row.addStretch(1)
        row.addWidget(self.scope_error)
        layout.addLayout(row)

    def _build_passphrase(self, layout: QVBoxLayout) -> None:
        self.encryption_required = encryption_required(self.ctx.reader)
        self.encrypt = QCheckBox("加密：设置口令(&E)（对方导入时须输入同一口令）")
        self.encrypt.setChecked(True)
        self.encrypt.setEnabled(not self.encryption_required)
        self.encrypt.toggled.connect(self._encryption_changed)
        layout.addWidget(self.encrypt)
        if self.encryption_required:
            layout.addWidget(note_label("本单位规定交换文件必须加密（管理员可在「系统设置 → 数据安全」中更改）。"))
        self.passphrase_form = ValidatedForm()
        self.passphrase_edit = self.passphrase_form.add("passphrase", "口令(&W)：", password_edit())
        self.repeat_edit = self.passphrase_form.add("repeat", "再次输入(&R)：", password_edit())
        layout.addWidget(self.passphrase_form)
        layout.addWidget(note_label("口令区分大小写，请另行告知对方（不要写在U盘上）。忘记口令将无法导入，只能重新导出。"))

    def _load_units(self) -> None:
        self.unit_list.blockSignals(True)
        for unit in list_units(self.ctx.reader, self.ctx.today()):
            self.unit_list.addItem(unit_item(f"{unit['name']}（{unit['kind']}，在任 {unit['cadre_count']} 人）", unit))
        self.unit_list.blockSignals(False)

    # -- state -----------------------------------------------------------------------------
    def _items(self) -> list[QListWidgetItem]:
        return [self.unit_list.item(row) for row in range(self.unit_list.count())]

    def _scope_changed(self) -> None:
        some = self.some_units.isChecked()
        for widget in (self.search, self.check_shown, self.uncheck_all, self.unit_list):
            widget.setEnabled(some)
        self.scope_error.clear()
        self._update_count()

    def _encryption_changed(self, on: bool) -> None:
        self.passphrase_form.setEnabled(on)
        if not on:
            self.passphrase_form.clear_problems()
        else:
            self.passphrase_edit.setFocus()

    def _filter_units(self, text: str) -> None:
        show_matching(self._items(), text)

    def _check_shown(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for item in self._items():
            if not item.isHidden():
                item.setCheckState(state)

    def _uncheck_all(self) -> None:
        for item in self._items():
            item.setCheckState(Qt.CheckState.Unchecked)

    def _update_count(self) -> None:
        total = self.unit_list.count()
        if self.all_units.isChecked():
            self.count_label.setText(f"将导出全部 {total} 个单位")
        else:
            self.count_label.setText(f"已勾选 {len(self.chosen_unit_ids())} / {total} 个单位")
            if self.chosen_unit_ids():
                self.scope_error.clear()

    # -- results ---------------------------------------------------------------------------
    def chosen_unit_ids(self) -> set[str]:
        return set(ticked_ids(self._items()))

    def unit_ids(self) -> set[str] | None:
        """None: every unit; else the ids ticked."""
        return self.chosen_unit_ids() if self.some_units.isChecked() else None

    def passphrase(self) -> str | None:
        return self.passphrase_edit.text() if self.encrypt.isChecked() else None

    def problems(self) -> tuple[str, dict[str, str]]:
        """(scope problem, passphrase problems) — both empty when the choice can be exported."""
        scope = "请至少勾选一个单位" if self.some_units.isChecked() and not self.chosen_unit_ids() else ""
        found: dict[str, str] = {}
        if self.encrypt.isChecked():
            first, second = self.passphrase_edit.text(), self.repeat_edit.text()
            if not first.strip():
                found["passphrase"] = ("请填写口令（本单位规定交换文件必须加密）" if self.encryption_required
                                       else "请填写口令；不需要加密时请取消勾选“加密”")
            elif len(first) < 4:
                found["passphrase"] = "口令至少4个字符"
            elif first != second:
                found["repeat"] = "两次输入的口令不一致"
        return scope, found

    def accept(self) -> None:
        scope, found = self.problems()
        self.scope_error.setText(scope)
        self.passphrase_form.show_problems(found)
        if scope:
            self.unit_list.setFocus()
        if not scope and not found:
            super().accept()


class PassphraseDialog(QDialog):
    """Asks for the passphrase of an encrypted transfer file; a wrong one is said in red above the box."""

    def __init__(self, file_name: str, problem: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("输入口令")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        prompt = QLabel(f"交换文件 {file_name} 已加密，请输入导出时设置的口令：")
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.problem_label = QLabel(problem)
        self.problem_label.setObjectName("passphrase_problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(ERROR_STYLE)
        self.problem_label.setVisible(bool(problem))
        layout.addWidget(self.problem_label)
        self.edit = password_edit()
        self.edit.setObjectName("passphrase_edit")
        layout.addWidget(self.edit)
        self.show_text = QCheckBox("显示口令(&V)")
        self.show_text.toggled.connect(lambda on: self.edit.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
        layout.addWidget(self.show_text)
        layout.addWidget(dialog_buttons(self, self.accept, accept_text="确定(&O)"))
        self.edit.setFocus()

    def accept(self) -> None:
        if not self.edit.text():
            self.problem_label.setText("请填写口令")
            self.problem_label.setVisible(True)
            return
        super().accept()


def ask_passphrase(parent: QWidget, file_name: str, problem: str = "") -> str | None:
    """The passphrase the operator typed, or None when they gave up (取消)."""
    dialog = PassphraseDialog(file_name, problem, parent)
    return dialog.edit.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
