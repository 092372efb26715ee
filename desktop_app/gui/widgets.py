"""Small widgets and helpers every page uses, so pages look and behave alike."""

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #b3261e;"
NOTE_STYLE = "color: #5f6368;"  # explanations under a control: quieter than the text they explain
ALL = "全部"


class SearchBox(QLineEdit):
    """The filter box of a list: Ctrl+F focuses it, Esc clears it, ↓ goes into the list."""

    def __init__(self, placeholder: str, parent: QWidget | None = None, *, results: QTableView | None = None):
        super().__init__(parent)
        self.results = results
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)

    def install_shortcut(self, owner: QWidget) -> None:
        """Ctrl+F in `owner`'s window focuses the box (only a visible page's box matches)."""
        add_shortcut(QKeySequence.StandardKey.Find, owner, self.focus_and_select)

    def focus_and_select(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down and self.results is not None and self.results.model().rowCount():
            self.results.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.results.selectionModel().hasSelection():
                self.results.selectRow(0)
            return
        super().keyPressEvent(event)


def add_shortcut(keys, owner: QWidget, slot,
                 context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> QShortcut:
    """A shortcut that really has `context`: PySide6 6.11 ignores the context argument of
    QShortcut(keys, parent, slot, context) and leaves WindowShortcut, so it is set here."""
    shortcut = QShortcut(QKeySequence(keys), owner)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut


def choice_box(values, *, all_label: str | None = ALL, editable: bool = False) -> QComboBox:
    """A combo box of fixed values; `all_label` first (data None) for filters."""
    box = QComboBox()
    box.setEditable(editable)
    if all_label is not None:
        box.addItem(all_label, None)
    for value in values:
        if isinstance(value, tuple):
            box.addItem(value[1], value[0])
        else:
            box.addItem(value, value)
    return box


def table_view(parent: QWidget | None = None) -> QTableView:
    """A read-only, row-selecting, sortable table as every list in the app shows it."""
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)
    from desktop_app.gui.list_export import install_export

    install_export(view)  # 导出为 Excel… in the right-click menu, as every list has
    return view


def stretch_column(view: QTableView, stretched: int, widths: tuple[int, ...]) -> None:
    """Set column widths; `stretched` takes the room left (instead of the last column)."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    header.setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)


def push_button(text: str, tip: str, slot) -> QPushButton:
    """A button that calls `slot`; `tip` says what it does and its keys."""
    button = QPushButton(text)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """A caption whose Alt+letter (the & in `text`) focuses `widget`."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def dialog_buttons(dialog, on_accept, *, accept_text: str = "保存(&S)") -> QDialogButtonBox:
    """The accept/取消 pair every dialog ends with; `.button(Ok)` is the accept button."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(accept_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def open_chosen_file(parent: QWidget, caption: str, file_filter: str, make_dialog):
    """Ask for a file to open, then open the dialog `make_dialog(path)` builds (window-modal,
    deleted when closed) and return it; None when the operator chose no file."""
    chosen, _filter = QFileDialog.getOpenFileName(parent, caption, str(Path.home()), file_filter)
    if not chosen:
        return None
    dialog = make_dialog(chosen)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def confirm(parent: QWidget, title: str, text: str, *, action: str = "确定") -> bool:
    """Ask before a destructive action; the default button is 取消."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


class ValidatedForm(QWidget):
    """A form whose fields each have a line for a Chinese message under them (inline validation)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setSizeConstraint(QFormLayout.SizeConstraint.SetMinimumSize)  # messages grow the dialog
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}

    def add(self, key: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        message = QLabel()
        message.setObjectName(f"error_{key}")
        message.setStyleSheet(ERROR_STYLE)
        message.setWordWrap(True)
        message.setVisible(False)
        column.addWidget(message)
        if hint:
            widget.setToolTip(hint)
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText(hint)
        caption = QLabel(label)
        caption.setBuddy(widget)  # the field itself, not its holder: Alt+letter must focus it
        self.form.addRow(caption, holder)
        self.fields[key] = widget
        self.messages[key] = message
        return widget

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show each problem under its field; focus the first bad field."""
        first = None
        for key, label in self.messages.items():
            text = problems.get(key, "")
            label.setText(text)
            label.setVisible(bool(text))
            if text and first is None:
                first = self.fields[key]
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_problems(self) -> None:
        self.show_problems({})

    def value(self, key: str) -> str:
        widget = self.fields[key]
        if isinstance(widget, QComboBox):
            return widget.currentText().strip() if widget.isEditable() else (widget.currentData() or "")
        return widget.text().strip()

    def set_value(self, key: str, value) -> None:
        widget = self.fields[key]
        text = "" if value is None else str(value)
        if isinstance(widget, QComboBox):
            index = widget.findData(text)
            if index < 0:
                index = widget.findText(text)
            if index >= 0:
                widget.setCurrentIndex(index)
            elif widget.isEditable():
                widget.setEditText(text)
        else:
            widget.setText(text)


def text_box(height: int = 84) -> QPlainTextEdit:
    """A box for a few lines of text (理由, 反映内容) `height` high; Tab leaves it."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def note_label(text: str) -> QLabel:
    """A wrapped, quieter explanation (说明) under a control or group."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def show_status(widget: QWidget, text: str, milliseconds: int = 8000) -> None:
    """A passing message in the main window's status bar (when `widget` is in one)."""
    from PySide6.QtWidgets import QMainWindow

    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, milliseconds)


def documents_folder() -> Path:
    """Where a file to hand out is first offered: the user's 文档 folder (else the home folder)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def offer_folder(parent: QWidget, title: str, text: str, path: Path) -> None:
    """After a file was written: say where, and open its folder when the operator says 是 (the default)."""
    show_status(parent, f"{title}：{path}")
    answer = QMessageBox.question(parent, title, f"{text}\n{path}\n\n要打开所在的文件夹吗？",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    if answer == QMessageBox.StandardButton.Yes:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))
