"""新建月度公示 / 修改公示草稿: month, units, the list it posts, title, basis, period, channels.

The list (公示名单) is the month's reviewed reports of the units ticked (core monthly_entries),
shown as it will be posted; the title and the basis sentence follow the month and units until
the operator edits them. The end date is the N-th working day from the start (core.workdays),
shown live, with the calendar's warning in red when a year's holidays are only guessed. The
channels (受理方式) and the issuer are remembered on this computer for the next notice.
"""

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KaopingError, ValidationError
from desktop_app.core.months import month_label, month_of, previous_month
from desktop_app.core.normalize import parse_day
from desktop_app.core.notices import (
    CHANNEL_FIELDS,
    DEFAULT_WORKDAYS,
    monthly_entries,
    monthly_title,
    notice_month,
    validate_notice,
    write_notice_draft,
)
from desktop_app.core.units import list_units
from desktop_app.core.workdays import day_cn, load_calendar
from desktop_app.gui import settings
from desktop_app.gui.dialogs.unit_checklist import UnitChecklist
from desktop_app.gui.dialogs.write_dialog import WriteDialog
from desktop_app.gui.errors import show_error
from desktop_app.gui.models.notice_models import EntriesModel
from desktop_app.gui.widgets import (
    ERROR_STYLE,
    NOTE_STYLE,
    ValidatedForm,
    note_label,
    table_view,
)

MONTHLY_KIND = "月度实绩"
MONTHS_OFFERED = 24
CHANNEL_LABELS = {"phone": "电话(&P)：", "mailbox": "电子邮箱(&E)：", "letter_address": "来信地址(&L)：",
                  "address": "来访地址(&V)：", "hours": "接待时间(&H)："}
CHANNEL_HINTS = {"phone": "例：0855-3331234、12380", "mailbox": "例：zzb@example.cn",
                 "letter_address": "例：雷山县委组织部干部监督室（邮编 557100）", "address": "例：县委大院2号楼302室",
                 "hours": "例：工作日 9:00—12:00，14:30—17:30"}
SAVE_TEXT = "保存草稿(&S)"
EMPTY_LIST = "所选单位在该月没有已审核的实绩报告，名单为空：可以保存草稿，但不能发布。"


def default_basis(month: str) -> str:
    """The sentence a monthly notice opens with (公示依据)."""
    return f"根据《干部工作实绩月报告制度》，现将{month_label(month)}干部工作实绩情况予以公示，接受干部群众监督。"


def remembered_channels() -> dict[str, str]:
    try:
        channels = json.loads(settings.get(settings.NOTICE_CHANNELS) or "{}")
    except ValueError:
        return {}
    return {key: str(channels.get(key) or "") for key in CHANNEL_FIELDS} if isinstance(channels, dict) else {}


class NoticeDialog(WriteDialog):
    """Drafts a monthly notice (`notice` None) or edits a notice still in draft (a core get_notice row)."""

    saved = Signal(str)  # the notice id

    def __init__(self, ctx, notice: dict | None = None, parent: QWidget | None = None):
        super().__init__(ctx, parent, accept_text=SAVE_TEXT)
        self.notice = notice
        self.period = None  # the WorkdayPeriod shown (None while the start date is not a date)
        self.calendar = load_calendar(ctx.reader)
        self.units = list_units(ctx.reader, ctx.today())
        self.monthly = notice is None or notice["kind"] == MONTHLY_KIND
        self.title_auto = self.basis_auto = True
        self._filling = False
        self.setWindowTitle("修改公示草稿" if notice else "新建月度公示")
        self.setMinimumSize(1040, 760)
        self._build()
        self._fill(notice)

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.month_box = QComboBox()
        self.month_box.setObjectName("notice_month")
        month_caption = QLabel("月份(&M)：")
        month_caption.setBuddy(self.month_box)
        top = QHBoxLayout()
        top.addWidget(month_caption)
        top.addWidget(self.month_box)
        top.addWidget(note_label("名单为该月已审核的实绩报告（每人一行），发布后这些报告标为「已公示」。"), 1)
        self.checklist = UnitChecklist(self.units, self)
        self.units_error = self._error_label("error_unit_ids")
        units_box = QGroupBox("公示单位(&U)")
        units_layout = QVBoxLayout(units_box)
        units_layout.addWidget(self.checklist, 1)
        units_layout.addWidget(self.units_error)
        units_box.setMinimumWidth(270)
        self._build_form()
        middle = QHBoxLayout()
        middle.addWidget(units_box)
        middle.addWidget(self.form, 1)
        self.entries_model = EntriesModel(self)
        self.entries_view = table_view(self)
        self.entries_view.setObjectName("notice_entries")
        self.entries_view.setSortingEnabled(False)
        self.entries_view.setModel(self.entries_model)
        self.entries_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.entries_label = QLabel("公示名单(&N)：")
        self.entries_label.setBuddy(self.entries_view)
        self.entries_note = QLabel()
        self.entries_note.setObjectName("error_entries")
        self.entries_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 3)
        layout.addWidget(self.entries_label)
        layout.addWidget(self.entries_view, 2)
        layout.addWidget(self.entries_note)
        layout.addWidget(self.buttons)
        self._connect()
        order = (self.month_box, self.checklist.search, self.checklist.check_shown, self.checklist.uncheck_all,
                 self.checklist.list, *self.form.fields.values(), self.entries_view, self.save_button)
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)

    def _build_form(self) -> None:
        self.form = ValidatedForm(self)
        self.title_edit = self.form.add("title", "标题(&T)：", QLineEdit())
        self.title_edit.setMaxLength(80)
        self.basis_edit = self.form.add("basis", "公示说明(&B)：", QPlainTextEdit())
        self.basis_edit.setTabChangesFocus(True)
        self.basis_edit.setFixedHeight(64)
        self.start_edit = self.form.add("start_date", "开始日期(&D)：", QLineEdit(), "例：2026-04-01")
        self.workdays_spin = self.form.add("workdays", "工作日数(&W)：", QSpinBox())
        self.workdays_spin.setRange(1, 60)
        self.workdays_spin.setSuffix(" 个工作日")
        self.end_label = QLabel()
        self.end_label.setObjectName("notice_end")
        self.end_label.setWordWrap(True)
        self.form.form.addRow("结束日期：", self.end_label)
        self.warning_label = self._error_label("notice_calendar_warning")
        self.form.form.addRow("", self.warning_label)
        for key in CHANNEL_FIELDS:
            self.form.add(key, CHANNEL_LABELS[key], QLineEdit(), CHANNEL_HINTS[key])
        self.issuer_edit = self.form.add("issuer", "落款单位(&I)：", QLineEdit(), "例：中共雷山县委组织部")
        self.issued_edit = self.form.add("issued_on", "落款日期(&O)：", QLineEdit(), "例：2026-04-01")

    @staticmethod
    def _error_label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        return label

    def _connect(self) -> None:
        self.month_box.currentIndexChanged.connect(self._month_changed)
        self.checklist.changed.connect(self._units_changed)
        self.title_edit.textEdited.connect(lambda _text: setattr(self, "title_auto", False))
        self.basis_edit.textChanged.connect(self._basis_edited)
        self.start_edit.textChanged.connect(self._update_period)
        self.workdays_spin.valueChanged.connect(self._update_period)

    # -- filling ---------------------------------------------------------------------------------
    def _fill(self, notice: dict | None) -> None:
        today = self.ctx.today()
        month = previous_month(month_of(today))
        if notice is not None:
            month = notice_month(self.ctx.reader, notice) or previous_month(month_of(notice["start_date"]))
        self._fill_months(month_of(today), month)
        channels = remembered_channels() if notice is None else notice["channels"]
        for key in CHANNEL_FIELDS:
            self.form.set_value(key, channels.get(key, ""))
        if notice is None:
            self.form.set_value("start_date", today)
            self.workdays_spin.setValue(DEFAULT_WORKDAYS)
            self.form.set_value("issuer", settings.get(settings.NOTICE_ISSUER) or self.ctx.office["name"])
            self.form.set_value("issued_on", today)
            self._month_changed()
            return
        self.form.set_value("start_date", notice["start_date"])
        self.workdays_spin.setValue(int(notice["workdays"] or DEFAULT_WORKDAYS))
        self.form.set_value("issuer", notice["issuer"])
        self.form.set_value("issued_on", notice["issued_on"])
        self.checklist.set_checked(notice["unit_ids"])  # before the month: its change reads them
        if self.monthly:
            self._month_changed()
        else:  # a list typed or taken elsewhere: kept as it is
            self.entries_model.set_entries(notice["columns"], notice["entries"])
            for widget in (self.month_box, self.checklist):
                widget.setEnabled(False)
        self._set_text(notice["title"], notice["basis"])
        self.title_auto = notice["title"] == self._auto_title()
        self.basis_auto = notice["basis"] == default_basis(self.month())

    def _fill_months(self, this_month: str, chosen: str) -> None:
        months, month = [], this_month
        for _ in range(MONTHS_OFFERED):
            months.append(month)
            month = previous_month(month)
        if chosen not in months:
            months.append(chosen)
        self.month_box.blockSignals(True)
        for month in months:
            self.month_box.addItem(month_label(month), month)
        self.month_box.setCurrentIndex(self.month_box.findData(chosen))
        self.month_box.blockSignals(False)

    def _set_text(self, title: str | None = None, basis: str | None = None) -> None:
        self._filling = True
        if title is not None:
            self.title_edit.setText(title)
        if basis is not None:
            self.basis_edit.setPlainText(basis)
        self._filling = False

    def _basis_edited(self) -> None:
        if not self._filling:
            self.basis_auto = False

    # -- following the choices ----------------------------------------------------------------
    def month(self) -> str:
        return self.month_box.currentData()

    def _auto_title(self) -> str:
        return monthly_title(self.ctx.reader, self.checklist.checked_ids(), self.month())

    def _month_changed(self) -> None:
        """Count each unit's reviewed reports of the month, then redo the list."""
        _columns, entries = monthly_entries(self.ctx.reader, [unit["id"] for unit in self.units], self.month())
        ids = {unit["name"]: unit["id"] for unit in self.units}
        counts: dict[str, int] = {}
        for entry in entries:
            unit_id = ids.get(entry["cells"][1])
            counts[unit_id] = counts.get(unit_id, 0) + 1
        self.checklist.set_counts(counts)  # emits changed → _units_changed
        if self.basis_auto:
            self._set_text(basis=default_basis(self.month()))

    def _units_changed(self) -> None:
        if not self.monthly:
            return
        columns, entries = monthly_entries(self.ctx.reader, self.checklist.checked_ids(), self.month())
        self.entries_model.set_entries(columns, entries)
        self.entries_label.setText(f"公示名单(&N)：{len(entries)} 人")
        self._show_entries_note("" if entries or not self.checklist.checked_ids() else EMPTY_LIST, NOTE_STYLE)
        if self.title_auto:
            self._set_text(title=self._auto_title())
        if self.checklist.checked_ids():
            self.units_error.setVisible(False)

    def _show_entries_note(self, text: str, style: str) -> None:
        self.entries_note.setText(text)
        self.entries_note.setStyleSheet(style)
        self.entries_note.setVisible(bool(text))

    def _update_period(self) -> None:
        """The end date for the start and the number of working days, and the guessed-year warning."""
        self.period = None
        start = parse_day(self.start_edit.text())
        warning = ""
        if start is None:
            text = "（请先填写开始日期，例：2026-04-01）"
        else:
            try:
                self.period = self.calendar.add_workdays(start, self.workdays_spin.value())
            except KaopingError as error:
                text = f"（{error.message}）"
            else:
                end = self.period.end
                text = f"{day_cn(end, self.calendar.day_label(end))}　公示期：{self.period.text}"
                warning = self.period.warning
        self.end_label.setText(text)
        self.warning_label.setText(f"注意：{warning}" if warning else "")
        self.warning_label.setVisible(bool(warning))

    # -- saving ----------------------------------------------------------------------------------
    def values(self) -> dict:
        return {"kind": self.notice["kind"] if self.notice else MONTHLY_KIND, "title": self.form.value("title"),
                "unit_ids": self.checklist.checked_ids(), "basis": self.basis_edit.toPlainText().strip(),
                "columns": list(self.entries_model.columns), "entries": list(self.entries_model.entries),
                "start_date": self.form.value("start_date"), "workdays": self.workdays_spin.value(),
                "channels": {key: self.form.value(key) for key in CHANNEL_FIELDS},
                "issuer": self.form.value("issuer"), "issued_on": self.form.value("issued_on")}

    def accept(self) -> None:
        """保存草稿: checked here first, then written on the worker."""
        if self.saving:
            return
        values = self.values()
        try:
            validate_notice(self.ctx.reader, self.calendar, values)
        except KaopingError as error:
            self.show_refusal(error)
            return
        self.show_problems({})
        store, calendar, notice_id = self.ctx.store, self.calendar, self.notice["id"] if self.notice else None
        self.run_write(lambda: write_notice_draft(store, calendar, values, notice_id),
                       lambda created: self._saved(created, values))

    def _saved(self, created, values: dict) -> None:
        """Written: remember the channels and the issuer for the next notice, then close."""
        settings.put(settings.NOTICE_CHANNELS, json.dumps(values["channels"], ensure_ascii=False))
        settings.put(settings.NOTICE_ISSUER, values["issuer"])
        self.finish(created.record_id)

    def show_refusal(self, error: BaseException) -> None:
        """The core's problems under their fields (and the units and the list); others as errors."""
        if not isinstance(error, ValidationError):
            show_error(self, error)
            return
        problems = {("start_date" if key == "start" else key): text for key, text in error.problems.items()}
        if set(problems) - set(self.form.fields) - {"unit_ids", "entries"}:
            show_error(self, error)
        self.show_problems(problems)

    def show_problems(self, problems: dict[str, str]) -> None:
        self.form.show_problems({key: text for key, text in problems.items() if key in self.form.fields})
        self.units_error.setText(problems.get("unit_ids", ""))
        self.units_error.setVisible("unit_ids" in problems)
        if "entries" in problems:
            self._show_entries_note(problems["entries"], ERROR_STYLE)
        if "unit_ids" in problems and not set(problems) & set(self.form.fields):
            self.checklist.list.setFocus(Qt.FocusReason.OtherFocusReason)
