"""Post dialogs: add or edit a post (任职经历), transfer (调动), leave office (离任: 退休、调离)."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout

from desktop_app.core import cadres
from desktop_app.core.errors import ValidationError
from desktop_app.core.normalize import parse_day
from desktop_app.core.posts import validate_post
from desktop_app.gui.dialogs.forms import POST_FIELDS, form_values, post_form, unit_exists_in
from desktop_app.gui.errors import show_error
from desktop_app.gui.widgets import ValidatedForm, choice_box, dialog_buttons


class _WriteDialog(QDialog):
    """A dialog with a form whose 确定 runs one core call on the worker; problems show inline."""

    saved = Signal(str)

    def __init__(self, ctx, cadre_id: str, title: str, form: ValidatedForm, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.cadre_id = cadre_id
        self.form = form
        name = cadres.cadre_record(ctx.reader, cadre_id)["name"]
        self.setWindowTitle(f"{title} — {name}")
        form.setMinimumWidth(440)
        buttons = dialog_buttons(self, self.save, accept_text="确定")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(QLabel(f"干部：{name}"))
        layout.addWidget(form)
        layout.addWidget(buttons)

    def problems(self) -> dict[str, str]:
        return {}

    def write(self):
        raise NotImplementedError

    def save(self) -> None:
        problems = self.problems()
        self.form.show_problems(problems)
        if not problems:
            self.ctx.runner.run(self.write, parent=self, on_done=self._saved, on_error=self._refused)

    def _saved(self, _changes) -> None:
        self.saved.emit(self.cadre_id)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.form.show_problems(error.problems)
        else:
            show_error(self, error)


class PostDialog(_WriteDialog):
    """增加任职 (post None) or 修改任职 of one cadre."""

    def __init__(self, ctx, cadre_id: str, post: dict | None, parent=None):
        super().__init__(ctx, cadre_id, "修改任职" if post else "增加任职", post_form(ctx, with_end=True), parent)
        self.post = post
        for key in POST_FIELDS:
            if post is not None:
                self.form.set_value(key, post.get(key))

    def problems(self) -> dict[str, str]:
        try:
            validate_post(form_values(self.form, POST_FIELDS), unit_exists_in(self.form))
        except ValidationError as error:
            return error.problems
        return {}

    def write(self):
        values = form_values(self.form, POST_FIELDS)
        if self.post is None:
            return cadres.add_post(self.ctx.store, self.cadre_id, values)
        return cadres.update_post(self.ctx.store, self.post["id"], values)


class TransferDialog(_WriteDialog):
    """调动: the posts held on the date end that day and the new post starts that day."""

    def __init__(self, ctx, cadre_id: str, parent=None):
        super().__init__(ctx, cadre_id, "调动", post_form(ctx, start_label="调动日期"), parent)
        self.form.set_value("start_date", ctx.today())

    def problems(self) -> dict[str, str]:
        values = form_values(self.form, POST_FIELDS)
        problems = {}
        if parse_day(values["start_date"]) is None:
            problems["start_date"] = "请填写正确的调动日期（例：2024-03-01）"
        try:
            validate_post(values, unit_exists_in(self.form))
        except ValidationError as error:
            problems = error.problems | problems
        return problems

    def write(self):
        values = form_values(self.form, POST_FIELDS)
        return cadres.transfer_cadre(self.ctx.store, self.cadre_id, values, values["start_date"])


class RetireDialog(_WriteDialog):
    """离任: 退休、调离 or 其他; the posts held on the date end that day."""

    def __init__(self, ctx, cadre_id: str, parent=None):
        form = ValidatedForm()
        form.add("status", "离任后状态", choice_box(("退休", "调离", "其他"), all_label=None))
        form.add("date", "离任日期", QLineEdit(), "例：2024-03-01")
        super().__init__(ctx, cadre_id, "离任", form, parent)
        self.form.set_value("date", ctx.today())

    def problems(self) -> dict[str, str]:
        return {} if parse_day(self.form.value("date")) else {"date": "请填写正确的离任日期（例：2024-03-01）"}

    def write(self):
        return cadres.retire_cadre(self.ctx.store, self.cadre_id, self.form.value("date"), self.form.value("status"))
