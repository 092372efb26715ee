"""异议 dialogs: 登记异议 (log one), 转入核查 (start checking) and 办结 (conclude with a finding).

Each writes through one core call on the worker (one undo step); the core's refusals show
under their fields in the still-open dialog.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.normalize import parse_day
from desktop_app.core.objections import (
    CHANNELS,
    FINDINGS,
    ObjectionRow,
    conclude,
    start_check,
    write_objection,
)
from desktop_app.core.roster import roster_keys, roster_rows
from desktop_app.gui.dialogs.write_dialog import WriteDialog
from desktop_app.gui.widgets import ERROR_STYLE, ValidatedForm, choice_box, note_label, text_box

NO_NOTICE = "（不针对某一公示）"
NO_CADRE = "（不针对某一干部）"
CHOOSE = "（请选择）"
LATE_NOTE = "收到日期不在公示期（{start} 至 {end}）内，将登记为「逾期收到」。"


class _ObjectionWrite(WriteDialog):
    """A form whose accept button runs `write()` (one core call) on the worker; refusals show inline."""

    saved = Signal(str)  # the objection id

    def __init__(self, ctx, title: str, accept_text: str, parent: QWidget | None = None):
        super().__init__(ctx, parent, accept_text=accept_text)
        self.record_id = ""
        self.setWindowTitle(title)
        self.form = ValidatedForm(self)
        self.form.setMinimumWidth(520)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)

    def finish_layout(self, *above: QWidget) -> None:
        for widget in above:
            self.layout_.addWidget(widget)
        self.layout_.addWidget(self.form)
        self.layout_.addWidget(self.buttons)

    def write(self):
        raise NotImplementedError

    def accept(self) -> None:
        if self.saving:
            return
        self.form.clear_problems()
        self.run_write(self.write(), lambda result: self.finish(getattr(result, "record_id", self.record_id)))


class ObjectionDialog(_ObjectionWrite):
    """登记异议: `notices` are the published notices (core notice rows) to choose from."""

    def __init__(self, ctx, notices: list[dict], notice_id: str | None = None, parent: QWidget | None = None):
        super().__init__(ctx, "登记异议", "登记(&S)", parent)
        self.notices = {notice["id"]: notice for notice in notices}
        self._all_cadres: list[tuple[str, str]] | None = None
        self.received_edit = self.form.add("received_on", "收到日期(&D)：", QLineEdit(), "例：2026-04-03")
        self.channel_box = self.form.add("channel", "反映方式(&W)：", choice_box(CHANNELS, all_label=None))
        self.notice_box = self.form.add("notice_id", "针对公示(&G)：", choice_box(
            [(notice["id"], f"{notice['title']}（{notice['start_date']} 至 {notice['end_date']}）")
             for notice in notices], all_label=NO_NOTICE))
        self.cadre_box = self.form.add("cadre_id", "针对干部(&C)：", QComboBox())
        self.cadre_box.setMaxVisibleItems(20)
        self.all_cadres = QCheckBox("在全部干部中查找(&A)（可输入姓名筛选）")
        self.form.form.addRow("", self.all_cadres)
        self.complainant_edit = self.form.add("complainant", "反映人(&R)：", QLineEdit(), "可不填（匿名）")
        self.content_edit = self.form.add("content", "反映内容(&T)：", text_box(96))
        self.late_label = QLabel()
        self.late_label.setObjectName("objection_late")
        self.late_label.setStyleSheet(ERROR_STYLE)
        self.late_label.setWordWrap(True)
        self.form.form.addRow("", self.late_label)
        self.finish_layout(note_label("群众对公示内容或干部的异议、举报，收到后及时登记；公示期结束后收到的也登记，并标为「逾期收到」。"))
        self.received_edit.setText(ctx.today())
        if notice_id in self.notices:
            self.notice_box.setCurrentIndex(self.notice_box.findData(notice_id))
        self.notice_box.currentIndexChanged.connect(self._notice_changed)
        self.all_cadres.toggled.connect(self._fill_cadres)
        self.received_edit.textChanged.connect(self._update_late)
        self._notice_changed()
        self.received_edit.setFocus()

    def notice(self) -> dict | None:
        return self.notices.get(self.notice_box.currentData())

    def _notice_changed(self) -> None:
        has_notice = self.notice() is not None
        self.all_cadres.blockSignals(True)
        self.all_cadres.setChecked(not has_notice)
        self.all_cadres.setEnabled(has_notice)
        self.all_cadres.blockSignals(False)
        self._fill_cadres()
        self._update_late()

    def _fill_cadres(self) -> None:
        box = self.cadre_box
        box.clear()
        box.addItem(NO_CADRE, None)
        searching = self.all_cadres.isChecked() or self.notice() is None
        for cadre_id, text in (self.every_cadre() if searching else self.listed_cadres()):
            box.addItem(text, cadre_id)
        box.setEditable(searching)
        if searching:
            box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            box.completer().setFilterMode(Qt.MatchFlag.MatchContains)
            box.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            box.lineEdit().setPlaceholderText("输入姓名筛选")
            box.setEditText("")

    def listed_cadres(self) -> list[tuple[str, str]]:
        """The cadres the chosen notice lists: (id, 姓名（单位，职务）)."""
        notice = self.notice()
        columns = notice["columns"] if notice else []
        where = {name: columns.index(name) for name in ("姓名", "单位", "职务") if name in columns}
        found = []
        for entry in notice["entries"] if notice else []:
            cells = entry.get("cells", [])
            if entry.get("cadre_id") and "姓名" in where:
                name = str(cells[where["姓名"]])
                details = "，".join(str(cells[where[key]]) for key in ("单位", "职务")
                                   if key in where and cells[where[key]])
                found.append((entry["cadre_id"], f"{name}（{details}）" if details else name))
        return found

    def every_cadre(self) -> list[tuple[str, str]]:
        """Every cadre of the roster (read once): (id, 姓名（单位 职务）)."""
        if self._all_cadres is None:
            today = self.ctx.today()
            ids = [key.id for key in roster_keys(self.ctx.reader, today)]
            rows = roster_rows(self.ctx.reader, ids, today)
            self._all_cadres = [(cid, cadre_text(rows[cid].name, rows[cid].unit_name, rows[cid].title))
                                for cid in ids if cid in rows]
        return self._all_cadres

    def cadre_id(self) -> str | None:
        box = self.cadre_box
        if not box.isEditable():
            return box.currentData()
        text = box.currentText().strip()
        index = box.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0 and text:  # a name typed in full: taken when no other cadre has it
            named = [n for n in range(1, box.count()) if box.itemText(n).split("（")[0] == text]
            index = named[0] if len(named) == 1 else -1
        return box.itemData(index) if index >= 0 else None

    def _update_late(self) -> None:
        notice, received = self.notice(), parse_day(self.received_edit.text())
        late = notice is not None and received is not None and not (
            notice["start_date"] <= received <= notice["end_date"])
        self.late_label.setText(LATE_NOTE.format(start=notice["start_date"], end=notice["end_date"]) if late else "")
        self.late_label.setVisible(late)

    def values(self) -> dict:
        return {"received_on": self.form.value("received_on"), "channel": self.form.value("channel"),
                "notice_id": self.notice_box.currentData(), "cadre_id": self.cadre_id(),
                "complainant": self.form.value("complainant"), "content": self.content_edit.toPlainText().strip()}

    def accept(self) -> None:
        if self.cadre_box.isEditable() and self.cadre_box.currentText().strip() and self.cadre_id() is None:
            self.form.show_problems({"cadre_id": "请从列表中选择干部（输入姓名后在弹出的列表中选取）"})
            return
        super().accept()

    def write(self):
        store, values = self.ctx.store, self.values()
        return lambda: write_objection(store, values)


class CheckDialog(_ObjectionWrite):
    """转入核查: the objection is being checked, by whom."""

    def __init__(self, ctx, row: ObjectionRow, parent: QWidget | None = None):
        super().__init__(ctx, "转入核查", "转入核查(&S)", parent)
        self.row = row
        self.record_id = row.id
        self.handler_edit = self.form.add("handler", "经办人(&R)：", QLineEdit(), "负责核查的人，可稍后填写")
        self.handler_edit.setText(row.handler or ctx.store.operator)
        self.finish_layout(summary_label(row))

    def write(self):
        store, objection_id, handler = self.ctx.store, self.row.id, self.form.value("handler")
        return lambda: start_check(store, objection_id, handler)


class ConcludeDialog(_ObjectionWrite):
    """办结: the finding (属实 / 部分属实 / 不属实), what the check found, who, and the day."""

    def __init__(self, ctx, row: ObjectionRow, parent: QWidget | None = None):
        super().__init__(ctx, "异议办结", "办结(&S)", parent)
        self.row = row
        self.record_id = row.id
        self.finding_box = self.form.add("finding", "核查结论(&J)：", choice_box(FINDINGS, all_label=CHOOSE))
        self.findings_edit = self.form.add("findings", "核查情况(&Q)：", text_box(96))
        self.handler_edit = self.form.add("handler", "经办人(&R)：", QLineEdit())
        self.closed_edit = self.form.add("closed_on", "办结日期(&D)：", QLineEdit(), "例：2026-04-10")
        self.handler_edit.setText(row.handler or ctx.store.operator)
        self.closed_edit.setText(max(ctx.today(), row.received_on))  # never before it was received
        self.finish_layout(summary_label(row),
                           note_label("结论为属实或部分属实的，将作为年度考核的依据。办结后如需改正，请按 Ctrl+Z 撤销后重新办结。"))
        self.finding_box.setFocus()

    def write(self):
        store, objection_id = self.ctx.store, self.row.id
        values = {"finding": self.finding_box.currentData() or "", "findings": self.findings_edit.toPlainText(),
                  "handler": self.form.value("handler"), "closed_on": self.form.value("closed_on")}
        return lambda: conclude(store, objection_id, **values)


def cadre_text(name: str, unit: str, title: str) -> str:
    """'王某（丹江镇 副镇长）', or the name alone for a cadre holding no post."""
    details = " ".join(part for part in (unit, title) if part)
    return f"{name}（{details}）" if details else name


def summary_label(row: ObjectionRow) -> QLabel:
    """'2026-04-03　电话　丹甲，…公示' and the content, at the head of a dialog."""
    about = "，".join(part for part in (row.cadre_name, row.notice_title) if part)
    label = QLabel(f"{row.received_on}　{row.channel}　{about}\n反映内容：{row.content}")
    label.setObjectName("objection_summary")
    label.setWordWrap(True)
    return label
