"""规则方案: the numbers of the quarterly evaluation and the annual assessment a county sets, year by year.

The year (PgUp/PgDn; the year of `ctx.today()` at first) and whether it has a rule set of its
own (2026年规则方案), follows an earlier year's (沿用2025年规则方案) or the defaults (默认规则方案).
Tab 季度评议: 等次与分值 (points per grade, or a preset), 测评方面 (full and short name, weight; 1–6),
测评人类别 (name, weight; none = not divided) and 季度等次线 (the lowest score of each grade). A
made-up ballot scored with the rules as edited shows what a change does. Tab 年度考核: the annual
part (rule_set_annual: 等次线, 综合得分, rules 1–11). Both are saved together.

保存为…年规则方案 (Ctrl+S) and 删除本年方案 run on the worker, one undo step each (Ctrl+Z of the
main window, here too); the core's refusals show under the groups they name. The dialog stays
open and follows changes made elsewhere (撤销…). Keys of the stored rules this version does not
know are saved back as they were. A locked year (年度考核已锁定) says so; the store refuses its save.
"""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KaopingError, ValidationError
from desktop_app.core.rule_sets import (
    ANNUAL,
    ASPECT_COUNT,
    DEFAULT_SOURCE,
    MAX_CATEGORIES,
    QUARTERLY,
    YEARS,
    delete_rule_set,
    preset_rules,
    rule_set_years,
    save_rule_set,
)
from desktop_app.core.store import Changes
from desktop_app.core.year_locks import is_locked
from desktop_app.gui.dialogs.rule_set_annual import AnnualEditor
from desktop_app.gui.dialogs.rule_set_editors import PointsEditor, PreviewBox, RowsEditor
from desktop_app.gui.dialogs.rule_set_messages import (
    ABOUT,
    GENERAL,
    change_message,
    mark_order_problems,
    problems_of,
    route_problems,
)
from desktop_app.gui.dialogs.rule_set_params import RED
from desktop_app.gui.dialogs.rule_set_preview import FORMULA, example_lines
from desktop_app.gui.dialogs.rule_set_year import read_year
from desktop_app.gui.dialogs.tool_dialog import YearToolDialog
from desktop_app.gui.dialogs.write_dialog import WriteDialog
from desktop_app.gui.models.rule_set_models import aspects_model, categories_model, thresholds_model
from desktop_app.gui.widgets import ERROR_STYLE, add_shortcut, buddy_label, confirm, note_label, push_button

STATUS_STYLE = "font-weight: bold;"
WARNING_STYLE = f"{ERROR_STYLE} font-weight: bold;"
UNSAVED_STYLE = "color: #b06000; font-weight: bold;"
NAME_LENGTH = 40


VIEW_ONLY = "（只读：只有管理员可以修改）"


class RuleSetDialog(YearToolDialog, WriteDialog):
    """The rule sets of `ctx`'s database, opened on `year` (else the year of `ctx.today()`).
    `saved(year)` after each save or delete; the dialog stays open."""

    saved = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None, year: int | None = None):
        super().__init__(ctx, parent, accept_text="保存(&S)")
        self.checked = False  # after a refused save, problems follow the edits
        self.own = False
        self.view_only = False  # a role that may not change the rules (管理员's) sees them only
        self.base: dict = preset_rules()
        self.snapshot: tuple = ()
        self._loading = False
        self.setWindowTitle("规则方案")
        self._build(year or date.fromisoformat(ctx.today()).year)
        self._install_shortcuts(parent)
        self.follow_changes()
        self.load()

    # -- building ------------------------------------------------------------------------------
    def _build(self, year: int) -> None:
        self.points_editor = PointsEditor("等次与分值(&G)")
        self.points_editor.edited.connect(self._edited)
        self.thresholds = RowsEditor("季度等次线(&T)", thresholds_model(self), rows=None, stretch=0, widths=(0, 110),
                                     shown=(4, 6), note="得分达到某等次的最低分（含）即为该等次；从高到低排列，最后一档为 0。")
        self.aspects = RowsEditor("测评方面(&A)", aspects_model(self), rows=ASPECT_COUNT, stretch=0,
                                  widths=(0, 110, 70), shown=(3, ASPECT_COUNT[1]),
                                  note="即测评表上的评议内容，1–6 项；综合得分为各项得分按权重的平均。")
        self.categories = RowsEditor("测评人类别(&L)", categories_model(self), rows=(0, MAX_CATEGORIES), stretch=0,
                                     widths=(0, 70), shown=(3, MAX_CATEGORIES),
                                     note=f"{FORMULA}。没有类别（删去全部行）即不分类别，全部有效票合在一起计算。")
        for editor, name in ((self.thresholds, "thresholds"), (self.aspects, "aspects"),
                             (self.categories, "categories")):
            editor.view.setObjectName(f"rule_{name}")
            editor.model.edited.connect(self._edited)
        preview_box = PreviewBox("示例得分（按正在编辑的规则计算）")
        self.preview = preview_box.label
        left = QVBoxLayout()
        left.addWidget(self.points_editor)
        left.addWidget(self.thresholds)
        left.addWidget(preview_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.aspects)
        right.addWidget(self.categories, 1)
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addLayout(right, 6)
        self.annual = AnnualEditor()
        self.annual.edited.connect(self._edited)
        self.tabs = self._tabs(body)
        layout = QVBoxLayout(self)
        self.shown_year = year
        layout.addLayout(self.year_row(year, *YEARS, ("rule_year", "rule_status"), self._year_changed))
        self.years_label = note_label("")
        self.years_label.setObjectName("rule_years")
        layout.addWidget(self.years_label)
        layout.addWidget(note_label(ABOUT))
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._bottom_rows())
        self.resize(1060, 690)

    def _tabs(self, quarterly: QHBoxLayout) -> QTabWidget:
        """季度评议 (the body above) and 年度考核 (rule_set_annual), saved together."""
        page = QWidget()
        page.setLayout(quarterly)
        tabs = QTabWidget()
        tabs.setObjectName("rule_tabs")
        tabs.addTab(page, "季度评议(&Q)")
        tabs.addTab(self.annual, "年度考核(&K)")  # &Y is 年份
        return tabs

    def _bottom_rows(self) -> QVBoxLayout:
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("rule_name")
        self.name_edit.setMaxLength(NAME_LENGTH)
        self.name_edit.setPlaceholderText("可不填，如：2025年试行方案")
        self.name_edit.textChanged.connect(self._edited)
        name_row = QHBoxLayout()
        name_row.addWidget(buddy_label("方案名称(&N)：", self.name_edit))
        name_row.addWidget(self.name_edit, 1)
        name_row.addStretch(2)
        self.message = QLabel()
        self.message.setObjectName("rule_message")
        self.message.setWordWrap(True)
        self.delete_button = push_button("删除本年方案(&D)…", "删除本年自己的规则方案：本年改为沿用此前的方案或默认规则（可撤销）",
                                         self.delete_year)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.save_button.setToolTip("保存为本年的规则方案（Ctrl+S）；可按 Ctrl+Z 撤销")
        for button in (self.delete_button, self.save_button, self.buttons.button(QDialogButtonBox.StandardButton.Cancel)):
            button.setAutoDefault(False)  # Enter in a box or a cell never saves: Ctrl+S does
            button.setDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.message, 1)
        self.unsaved_label = QLabel("有未保存的修改")
        self.unsaved_label.setObjectName("rule_unsaved")
        self.unsaved_label.setStyleSheet(UNSAVED_STYLE)
        self.unsaved_label.setVisible(False)
        buttons.addWidget(self.unsaved_label)
        buttons.addWidget(self.buttons)
        rows = QVBoxLayout()
        rows.addLayout(name_row)
        rows.addLayout(buttons)
        return rows

    def _install_shortcuts(self, parent: QWidget | None) -> None:
        self.install_year_keys(parent)
        add_shortcut(QKeySequence.StandardKey.Save, self, self.accept)

    # -- loading -------------------------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.year_spin.value()

    def load(self) -> None:
        """Show the chosen year's rules (its own, else the latest earlier year's, else the defaults)."""
        year, reader = self.year, self.ctx.reader
        found = read_year(reader, year)
        self.base, self.own, self.source = found.rules, found.own, found.source
        self.status = found.status
        self._show_lock()
        self.status_label.setStyleSheet(WARNING_STYLE if found.warning else STATUS_STYLE)
        years = rule_set_years(reader)
        self.years_label.setText(f"有自己规则方案的年份：{'、'.join(map(str, years))}。" if years
                                 else "数据库中还没有任何年份的规则方案，各年都用默认规则方案。")
        self._fill(self.base[QUARTERLY], found.name)
        if found.problems:  # a broken set shown as it is: what to correct
            self.checked = True
            self.show_problems(found.problems)
        self.accept_text = f"保存为{year}年规则方案(&S)"
        self.save_button.setText(self.accept_text)
        self.delete_button.setEnabled(self.own)
        self._show_title()

    def _show_lock(self) -> None:
        """The status line, with （已锁定） while the year's assessment is locked (its set cannot be saved)."""
        self.status_label.setText(self.status + ("（已锁定）" if is_locked(self.ctx.reader, self.year) else ""))

    def _fill(self, quarterly: dict, name: str) -> None:
        self.checked, self._loading = False, True
        try:
            self.annual.set_part(self.base.get(ANNUAL))
            self.points_editor.set_points(quarterly["grades"], quarterly["points"])
            for editor, key in ((self.aspects, "aspects"), (self.categories, "categories"),
                                (self.thresholds, "thresholds")):
                editor.close_edit()
                editor.model.set_rows(quarterly.get(key, []))
            self.thresholds.fit_rows(self.thresholds.model.rowCount())
            self.name_edit.setText(name)
        finally:
            self._loading = False
        self.show_problems({})
        self._set_tab_order()
        self.snapshot = self._state()
        self._edited()

    def _set_tab_order(self) -> None:
        """Year, the tabs, the points (their boxes are made anew for each year), 等次线, the right column,
        the annual tab's boxes (only the shown tab's are reached), the name, the buttons."""
        order = (self.year_spin, self.tabs, self.points_editor.preset_box, *self.points_editor.spins.values(),
                 self.thresholds.view, self.aspects.view, *self.aspects.buttons, self.categories.view, *self.categories.buttons,
                 *self.annual.focus_order(), self.name_edit, self.delete_button, self.save_button,
                 self.buttons.button(QDialogButtonBox.StandardButton.Cancel))
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)

    # -- the rules as edited -------------------------------------------------------------------
    def commit_edits(self) -> None:
        """A cell being typed in is taken as it is (before saving, another year, closing)."""
        for editor in (self.aspects, self.categories, self.thresholds):
            editor.commit_edit()

    def edited_rules(self) -> dict:
        """The whole rules JSON to save: the loaded one with both parts as edited."""
        quarterly = {**self.base[QUARTERLY], "points": self.points_editor.points(),
                     "aspects": self.aspects.model.rows(), "categories": self.categories.model.rows(),
                     "thresholds": self.thresholds.model.rows()}
        return {**self.base, QUARTERLY: quarterly, ANNUAL: self.annual.part()}

    def _state(self) -> tuple:
        return self.edited_rules(), self.name_edit.text().strip()

    @property
    def dirty(self) -> bool:
        """Edited since loaded or saved."""
        return self._state() != self.snapshot

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        rules = self.edited_rules()
        self.preview.setText("\n".join(example_lines(rules)))
        if self.checked:  # once a save was refused, the messages follow the corrections
            self.show_problems(problems_of(rules))
        dirty = bool(self.snapshot) and self.dirty
        self.unsaved_label.setVisible(dirty)
        self._show_title(dirty)

    def set_view_only(self, view_only: bool) -> None:
        """Without 保存 and 删除 for a role that may not change the rules (the core refuses anyway)."""
        self.view_only = view_only
        for button in (self.save_button, self.delete_button):
            button.setVisible(not view_only)
        self._show_title()

    def _show_title(self, dirty: bool = False) -> None:
        state = VIEW_ONLY if self.view_only else ("（未保存）" if dirty else "")
        self.setWindowTitle(f"规则方案 — {self.year}年{state}")

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem under the group it names; a named cell or box painted."""
        routed = route_problems(problems)
        mark_order_problems(routed, problems, self.points_editor.points(), self.thresholds.model.rows())
        points = routed["points"]
        self.points_editor.show_problems(points.messages, set(points.cells))
        for name in ("aspects", "categories", "thresholds"):
            getattr(self, name).show_problems(routed[name].messages, routed[name].cells)
        general = routed[GENERAL].messages
        self.message.setStyleSheet(ERROR_STYLE if general else "")
        self.message.setText("\n".join(general))
        annual = self.annual.show_problems(problems)
        quarterly = len(problems) > annual
        for tab, bad in ((0, quarterly), (1, annual)):  # a tab with problems says so in red
            self.tabs.tabBar().setTabTextColor(tab, QColor(RED) if bad else QColor())

    def _focus_first_problem(self, problems: dict[str, str]) -> None:
        routed = route_problems(problems)
        in_quarterly = any(r.messages for name, r in routed.items() if name != GENERAL)
        if not in_quarterly and any(key.split(".")[0] == ANNUAL for key in problems):
            self.tabs.setCurrentWidget(self.annual)
            self.annual.focus_first_problem()
            return
        if in_quarterly:
            self.tabs.setCurrentIndex(0)
        if routed["points"].messages:
            self.points_editor.focus_first_problem(set(routed["points"].cells))
            return
        for name in ("thresholds", "aspects", "categories"):
            if routed[name].messages:
                getattr(self, name).focus_first_problem()
                return

    # -- saving and deleting ---------------------------------------------------------------------
    def accept(self) -> None:
        """保存为…年规则方案: checked here first (nothing is written while anything is wrong)."""
        if self.saving:
            return
        self.commit_edits()
        rules, name = self._state()
        problems = problems_of(rules)
        self.checked = bool(problems)
        self.show_problems(problems)
        if problems:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(f"有 {len(problems)} 处问题，未保存：请按红字改正。")
            self._focus_first_problem(problems)
            return
        store, year = self.ctx.store, self.year
        self.run_write(lambda: save_rule_set(store, year, rules, name), lambda changes: self._written(changes, year))

    def delete_year(self) -> None:
        """删除本年方案 (asks first): the year then follows the latest earlier one, or the defaults."""
        if self.saving or not self.own:
            return
        year = self.year
        earlier = [y for y in rule_set_years(self.ctx.reader) if y < year]
        after = f"沿用{earlier[-1]}年规则方案" if earlier else "使用默认规则方案"
        if not confirm(self, "删除规则方案",
                       f"删除{year}年规则方案？\n\n删除后{year}年{after}，{year}年各季度的得分随之重新计算；"
                       f"此后沿用{year}年方案的年份也一样。可按 Ctrl+Z 撤销。", action="删除"):
            return
        store = self.ctx.store
        self.run_write(lambda: delete_rule_set(store, year), lambda changes: self._written(changes, year))

    def _written(self, changes: Changes, year: int) -> None:
        self._set_saving(False)
        if not self._open:
            return
        if year == self.year:
            self.load()
        self.message.setStyleSheet("")
        if changes.empty:
            self.message.setText(f"与已保存的{year}年规则方案相同，无需保存。")
        elif year == self.year and self.own:
            self.message.setText(f"已{changes.note}，{year}年各季度的得分随之按它计算。可按 Ctrl+Z 撤销。")
        elif year == self.year:
            now = "使用默认规则方案" if self.source == DEFAULT_SOURCE else self.source
            self.message.setText(f"已{changes.note}，{year}年现{now}。可按 Ctrl+Z 撤销。")
        else:
            self.message.setText(f"已{changes.note}。可按 Ctrl+Z 撤销。")
        self.saved.emit(year)

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        self.delete_button.setEnabled(not saving and self.own)

    def show_refusal(self, error: BaseException) -> None:
        """The core's refusal under the groups it names (any other error by the error presenter)."""
        if isinstance(error, ValidationError):
            self.checked = True
            self.show_problems(error.problems)
            self._focus_first_problem(error.problems)
        elif isinstance(error, KaopingError):  # e.g. the year is locked: said here, the edits stay
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(error.message)
        else:
            super().show_refusal(error)

    # -- another year, changes made elsewhere --------------------------------------------------------
    def show_year(self, year: int) -> None:
        self.year_spin.setValue(year)

    def _year_changed(self, year: int) -> None:
        if year == self.shown_year:
            return
        self.commit_edits()
        if self.dirty and not self._may_discard():
            self.year_spin.blockSignals(True)
            self.year_spin.setValue(self.shown_year)
            self.year_spin.blockSignals(False)
            return
        self.shown_year = year
        self.message.setText("")
        self.load()

    def _may_discard(self) -> bool:
        return confirm(self, "放弃修改", f"{self.shown_year}年规则方案的修改尚未保存。要放弃这些修改吗？",
                       action="放弃修改")

    def _on_changed(self, changes: Changes) -> None:
        if self._open and changes.touches("year_locks"):
            self._show_lock()
        if not self._open or self.saving or not changes.touches("rule_sets"):
            return  # our own save reloads when it is written
        self.message.setStyleSheet("")
        if self.dirty:
            self.message.setText(f"{change_message(changes.note)}。注意：本页的修改尚未保存，保存将覆盖。")
            return
        self.load()
        self.message.setText(change_message(changes.note))

    # -- opening and closing ---------------------------------------------------------------------
    def reject(self) -> None:
        self.commit_edits()
        if self.saving or (self.dirty and not self._may_discard()):
            return
        super().reject()

    def refresh(self) -> None:
        self.load()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.save_button.setDefault(False)  # the button box makes it the default when shown: Enter must not save
