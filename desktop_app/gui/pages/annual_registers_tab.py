"""The 督办与谈话 tab of 年度考核: the supervision registers the year's rules read, one sub-tab each —
督办事项 (Alt+B; states and the cadres' yellow and red cards), 谈话 (Alt+K), 函询 (Alt+Q; 逾期
highlighted), 通报批评 (Alt+P) and 处分 (Alt+C).

Each sub-tab is a register's list (register_panels, register_task_panels) of the year chosen on
the page and the unit filtered, with its own search box (Ctrl+F) and kind or state filter; the
count of the sub-tab shown is the tab's count in the page's filter row. States and cards are as
of today. In a locked year a banner says which registers are closed: the core refuses their
writes (谈话 and 函询 go on).
"""

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop_app.core.posts import held_posts
from desktop_app.core.roster import roster_keys, roster_rows
from desktop_app.core.units import list_units
from desktop_app.core.year_locks import year_lock
from desktop_app.gui.dialogs.annual_inputs_dialog import LOCKED_STYLE
from desktop_app.gui.dialogs.objection_dialogs import cadre_text
from desktop_app.gui.dialogs.register_dialogs import Choices
from desktop_app.gui.list_panel import count_label
from desktop_app.gui.pages.register_panels import NoticesPanel, RegisterPanel, SanctionsPanel, TalksPanel
from desktop_app.gui.pages.register_task_panels import InquiriesPanel, TasksPanel

TABS = ((TasksPanel, "督办事项(&B)"), (TalksPanel, "谈话(&K)"), (InquiriesPanel, "函询(&Q)"),
        (NoticesPanel, "通报批评(&P)"), (SanctionsPanel, "处分(&C)"))
_POST_ORDER = {"正职": 0, "副职": 1, "班子成员": 2}


def picker_choices(db, today: str) -> Choices:
    """Every cadre (姓名（单位 职务）, searched by name, pinyin, initials, ID number and unit) and every unit."""
    keys = roster_keys(db, today)
    rows = roster_rows(db, [key.id for key in keys], today)
    cadres = [(key.id, cadre_text(rows[key.id].name, rows[key.id].unit_name, rows[key.id].title),
               f"{key.search}\x1f{rows[key.id].unit_name}".lower()) for key in keys if key.id in rows]
    return Choices(cadres, [(unit["id"], unit["name"]) for unit in list_units(db, today)])


class RegistersTab(QWidget):
    """督办与谈话: five registers, one sub-tab each."""

    RELOAD_ON = ("supervised_tasks", "talks", "inquiries", "supervision_notices", "sanctions", "cadres", "units",
                 "posts", "rule_sets", "year_locks")

    def __init__(self, ctx, page, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.page = ctx, page
        self.year: int | None = None
        self.unit_id: str | None = None
        self.search = None  # each register has its own, above its list
        self.count_label = count_label("registers_count")
        self._choices: Choices | None = None
        self._units_held: dict[tuple[str, str], str] = {}
        self.banner = QLabel()
        self.banner.setObjectName("registers_locked")
        self.banner.setStyleSheet(LOCKED_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("registers_tabs")
        self.panels: list[RegisterPanel] = []
        for cls, title in TABS:
            panel = cls(ctx, self)
            panel.counted.connect(lambda text, shown=panel: self._counted(shown, text))
            self.tabs.addTab(panel, title)
            self.panels.append(panel)
        self.tabs.currentChanged.connect(lambda _n: self._counted(self.current_panel(),
                                                                  self.current_panel().count_label.text()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

    def current_panel(self) -> RegisterPanel:
        return self.tabs.currentWidget()

    def panel(self, cls: type) -> RegisterPanel:
        return next(panel for panel in self.panels if isinstance(panel, cls))

    def _counted(self, panel: RegisterPanel, text: str) -> None:
        if panel is self.current_panel():
            self.count_label.setText(text)

    # -- the page's interface ----------------------------------------------------------------------
    def reload(self, year: int | None = None) -> None:
        """Show `year` (the year shown so far when None): every register read again."""
        if year is not None:
            self.year = year
        if self.year is None:
            self.year = self.page.year
        self._choices = None
        self._units_held = {}
        lock = year_lock(self.ctx.reader, self.year)
        locked = bool(lock and lock.locked)
        self.banner.setText(f"{lock.text}：该年度的督办事项、通报批评、处分不能再修改（谈话、函询不受影响）。"
                            "如确需修改，请管理员重新开放该年度。" if locked else "")
        self.banner.setVisible(locked)
        for panel in self.panels:
            panel.reload()

    def apply_unit(self, unit_id: str | None) -> None:
        """The registers of `unit_id` only (a register without a unit: the cadres' posts there on the day)."""
        if unit_id == self.unit_id:
            return
        self.unit_id = unit_id
        if self.year is not None:
            for panel in self.panels:
                panel.reload()

    # -- what the registers share ------------------------------------------------------------------
    def with_choices(self, then: Callable[[Choices], None]) -> None:
        """Call `then` with the pickers' choices: read on the worker the first time after a reload (every
        cadre of a prefecture takes about a second), kept until the next reload."""
        if self._choices is not None:
            then(self._choices)
            return

        def keep(found: Choices) -> None:
            self._choices = found
            then(found)

        db, today = self.ctx.db, self.ctx.today()
        self.ctx.runner.run(lambda: picker_choices(db, today), on_done=keep, parent=self, progress="正在读取干部名单…")

    def unit_on(self, cadre_id: str | None, day: str) -> str:
        """The unit of the cadre's post on `day` (a team post first), '' when none was held."""
        if not cadre_id or not day:
            return ""
        key = (cadre_id, day)
        if key not in self._units_held:
            posts = sorted(held_posts(self.ctx.reader, cadre_id, day), key=lambda p: _POST_ORDER.get(p["post_type"], 9))
            self._units_held[key] = posts[0]["unit_name"] if posts else ""
        return self._units_held[key]
