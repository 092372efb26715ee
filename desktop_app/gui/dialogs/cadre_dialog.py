"""The cadre dialog: 基本信息 (with the first post for a new cadre), 任职经历, 历史记录."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import cadres
from desktop_app.core.audit import cadre_history
from desktop_app.core.errors import ValidationError
from desktop_app.core.idcard import InvalidIdNumber, parse_id_number
from desktop_app.core.masking import MASKED
from desktop_app.core.normalize import clean_compact
from desktop_app.core.posts import posts_of, validate_post
from desktop_app.gui.dialogs.forms import (
    CADRE_FIELDS,
    POST_FIELDS,
    cadre_form,
    form_values,
    post_form,
    unit_exists_in,
)
from desktop_app.gui.errors import show_error
from desktop_app.gui.history_view import HistoryView
from desktop_app.gui.models.table_model import Column, RowTableModel
from desktop_app.gui.widgets import confirm, dialog_buttons, table_view

BASIC_TAB, POSTS_TAB, HISTORY_TAB = 0, 1, 2
SENSITIVE = {"id_number": "身份证号", "phone": "联系电话"}
POST_COLUMNS = (
    Column("单位", lambda p: p["unit_name"]), Column("职务", lambda p: p["title"]),
    Column("岗位类别", lambda p: p["post_type"]), Column("职级", lambda p: p["rank"]),
    Column("任职时间", lambda p: p["start_date"]), Column("离任时间", lambda p: p["end_date"] or "至今"),
)


class CadreDialog(QDialog):
    """Add (cadre_id None) or edit a cadre. Emits `saved(cadre_id)` after a successful save."""

    saved = Signal(str)

    def __init__(self, ctx, cadre_id: str | None, parent=None, *, tab: int = BASIC_TAB):
        super().__init__(parent)
        self.ctx = ctx
        self.cadre_id = cadre_id
        self.setWindowTitle("新增干部" if cadre_id is None else "干部信息")
        self.tabs = QTabWidget()
        self.form = cadre_form(with_status=cadre_id is not None)
        self.post = post_form(ctx) if cadre_id is None else None
        self.id_hint = QLabel()
        self.kept: dict[str, str] = {}  # masked fields: the stored value, kept unless 重新填写
        self.refill_buttons: dict[str, QPushButton] = {}
        self.tabs.addTab(self._basic_tab(), "基本信息")
        if cadre_id is not None:
            self.tabs.addTab(self._posts_tab(), "任职经历")
            self.history = HistoryView()
            self.tabs.addTab(self.history, "历史记录")
            self._load()
        self.tabs.setCurrentIndex(min(tab, self.tabs.count() - 1))
        # at least 620×480, and tall enough for every field of the new-cadre form
        self.tabs.setMinimumSize(620, max(480, self.tabs.minimumSizeHint().height()))
        buttons = dialog_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.form.fields["id_number"].editingFinished.connect(self._check_id_number)

    def _basic_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.form)
        self.id_hint.setStyleSheet("color: #555;")
        layout.addWidget(self.id_hint)
        if self.cadre_id is not None and not self.ctx.show_full_id_numbers:
            row = QHBoxLayout()
            for key, label in SENSITIVE.items():
                button = QPushButton(f"重新填写{label}")
                button.setObjectName(f"refill_{key}")
                button.setToolTip(f"清空后填写完整的新{label}；不重新填写则保存时保留原值")
                button.clicked.connect(lambda _checked=False, key=key: self.refill(key))
                button.setVisible(False)
                self.refill_buttons[key] = button
                row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)
        if self.post is not None:
            group = QGroupBox("现任职务")
            QVBoxLayout(group).addWidget(self.post)
            self.post.set_value("start_date", self.ctx.today())
            layout.addWidget(group)
        layout.addStretch(1)
        return page

    def _posts_tab(self) -> QWidget:
        page = QWidget()
        self.posts_model = RowTableModel(POST_COLUMNS, lambda p: p["id"], lambda p: p["unit_name"], self)
        self.posts_view = table_view(page)
        self.posts_view.setModel(self.posts_model)
        self.posts_view.setSortingEnabled(False)
        self.posts_view.doubleClicked.connect(lambda _i: self.edit_post())
        buttons = QHBoxLayout()
        for text, slot in (("增加任职(&A)", self.add_post), ("修改任职(&E)", self.edit_post),
                           ("删除任职(&D)", self.delete_post)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.posts_view)
        layout.addLayout(buttons)
        return page

    # -- loading ---------------------------------------------------------------------------
    def _load(self) -> None:
        cadre = cadres.cadre_record(self.ctx.reader, self.cadre_id)
        for key in CADRE_FIELDS:
            self.form.set_value(key, (cadre.get(key) or "").replace("-", ".") if key == "birth_month"
                                else cadre.get(key))
        if not self.ctx.show_full_id_numbers:  # 录入员、只读, or not asked: masked, read-only, kept
            for key in SENSITIVE:
                if cadre.get(key):
                    self.kept[key] = cadre[key]
                    field = self.form.fields[key]
                    field.setText(str(MASKED.field(key, cadre[key])))
                    field.setReadOnly(True)
                    field.setToolTip("已隐去中间位数；保存时保留原值。要改，请点“重新填写”后填写完整的新值")
                    self.refill_buttons[key].setVisible(True)
        self.setWindowTitle(f"干部信息 — {cadre['name']}")
        self.reload_related()

    def refill(self, key: str) -> None:
        """重新填写: the masked field cleared for a whole new value (the stored one is no longer kept)."""
        self.kept.pop(key, None)
        field = self.form.fields[key]
        field.clear()
        field.setReadOnly(False)
        field.setToolTip("")
        self.refill_buttons[key].setEnabled(False)
        field.setFocus()

    def values(self) -> dict:
        """The form's values, a masked field's being the stored value it stands for."""
        return form_values(self.form, CADRE_FIELDS) | self.kept

    def reload_related(self) -> None:
        """Posts and history, re-read after any change to this cadre."""
        if self.cadre_id is None:
            return
        self.posts_model.set_rows(posts_of(self.ctx.reader, self.cadre_id))
        self.posts_view.resizeColumnsToContents()
        self.history.show_entries(cadre_history(self.ctx.reader, self.cadre_id),
                                  full_id_numbers=self.ctx.show_full_id_numbers)

    # -- inline validation -----------------------------------------------------------------
    def _check_id_number(self) -> None:
        if "id_number" in self.kept:
            return
        text = clean_compact(self.form.value("id_number"))
        self.id_hint.clear()
        if not text:
            return
        try:
            parsed = parse_id_number(text)
        except InvalidIdNumber as error:
            self.form.show_problems({"id_number": str(error)})
            return
        self.form.show_problems({})
        self.id_hint.setText(f"身份证号有效：{parsed.gender}，{parsed.birth.year}年{parsed.birth.month}月出生")

    def problems(self) -> dict[str, str]:
        """Every problem of the form as it stands (no database access)."""
        problems: dict[str, str] = {}
        try:
            cadres.validate_cadre(self.values())
        except ValidationError as error:
            problems |= error.problems
        if self.post is not None:
            try:
                validate_post(form_values(self.post, POST_FIELDS), unit_exists_in(self.post))
            except ValidationError as error:
                problems |= error.problems
        return problems

    def show_problems(self, problems: dict[str, str]) -> None:
        self.form.show_problems(problems)
        if self.post is not None:
            self.post.show_problems(problems)
        if problems:
            self.tabs.setCurrentIndex(BASIC_TAB)

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> None:
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            return
        values = self.values()
        store = self.ctx.store
        if self.cadre_id is None:
            post = form_values(self.post, POST_FIELDS)
            self.ctx.runner.run(lambda: cadres.add_cadre(store, values, post), parent=self,
                                on_done=lambda created: self._saved(created.record_id), on_error=self._refused)
        else:
            cadre_id = self.cadre_id
            self.ctx.runner.run(lambda: cadres.update_cadre(store, cadre_id, values), parent=self,
                                on_done=lambda _changes: self._saved(cadre_id), on_error=self._refused)

    def _saved(self, cadre_id: str) -> None:
        self.saved.emit(cadre_id)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.show_problems(error.problems)
        else:
            show_error(self, error)

    # -- posts tab ---------------------------------------------------------------------------------
    def _selected_post(self) -> dict | None:
        index = self.posts_view.currentIndex()
        return self.posts_model.row_at(index.row()) if index.isValid() else None

    def add_post(self) -> None:
        from desktop_app.gui.dialogs.post_dialogs import PostDialog

        self._open_post_dialog(PostDialog(self.ctx, self.cadre_id, None, self))

    def edit_post(self) -> None:
        from desktop_app.gui.dialogs.post_dialogs import PostDialog

        post = self._selected_post()
        if post:
            self._open_post_dialog(PostDialog(self.ctx, self.cadre_id, post, self))

    def _open_post_dialog(self, dialog) -> None:
        self.post_dialog = dialog
        dialog.saved.connect(lambda _id: self.reload_related())
        dialog.open()

    def delete_post(self) -> None:
        post = self._selected_post()
        if post and confirm(self, "删除任职", f"确定删除任职「{post['unit_name']} {post['title']}」吗？"
                            "\n删除后可以用 Ctrl+Z 撤销。", action="删除"):
            self.ctx.runner.run(lambda: cadres.delete_post(self.ctx.store, post["id"]), parent=self,
                                on_done=lambda _c: self.reload_related())

    def keyPressEvent(self, event) -> None:
        # Enter in a line edit must not save half a form by accident: only Ctrl+Enter or 保存 saves.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.focusNextChild()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        super().keyPressEvent(event)
