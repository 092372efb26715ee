"""What the year-by-year dialogs of the 工具 menu share (工作日历, 规则方案): the year (PgUp/PgDn)
beside a status line, the main window's 撤销/重做 (Ctrl+Z / Ctrl+Y) working here too, and
following the changes made elsewhere while open."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop_app.gui.widgets import add_shortcut, buddy_label


class YearToolDialog:
    """A mixin before QDialog (or a subclass) for a dialog with `ctx` that stays open: while it is
    open `_on_changed(changes)` hears the runner's changes; shown again after being closed (when not
    deleted on close) it listens again and calls `refresh()`."""

    _open = True

    def _on_changed(self, changes) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def follow_changes(self) -> None:
        """Start hearing the runner's changes (at the end of building)."""
        self.ctx.runner.changed.connect(self._on_changed)

    def year_row(self, year: int, first: int, last: int, names: tuple[str, str], on_year) -> QHBoxLayout:
        """年份(&Y)：[2026 年] and the status line (`self.year_spin`, `self.status_label`, object names
        `names`); `on_year(year)` when another year is chosen."""
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName(names[0])
        self.year_spin.setRange(first, last)
        self.year_spin.setValue(year)
        self.year_spin.setSuffix(" 年")
        self.year_spin.setKeyboardTracking(False)  # 2027 typed is one change, not 2, 20, 202…
        self.year_spin.setToolTip("PgUp 上一年，PgDn 下一年")
        self.year_spin.valueChanged.connect(on_year)
        self.status_label = QLabel()
        self.status_label.setObjectName(names[1])
        self.status_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(buddy_label("年份(&Y)：", self.year_spin))
        row.addWidget(self.year_spin)
        row.addSpacing(16)
        row.addWidget(self.status_label, 1)
        return row

    def install_year_keys(self, parent: QWidget | None) -> None:
        """PgUp/PgDn step the year; the main window's 撤销/重做 work here too."""
        for key, step in ((Qt.Key.Key_PageUp, -1), (Qt.Key.Key_PageDown, 1)):
            add_shortcut(key, self, lambda step=step: self.year_spin.stepBy(step))
        window = parent.window() if parent is not None else None
        for name in ("undo_action", "redo_action"):  # Ctrl+Z / Ctrl+Y of the main window work here too
            action = getattr(window, name, None)
            if action is not None:
                self.addAction(action)

    def showEvent(self, event) -> None:
        if not self._open:  # shown again after being closed (when not deleted on close)
            self._open = True
            self.follow_changes()
            self.refresh()
        super().showEvent(event)

    def done(self, result: int) -> None:
        if self._open:
            self._open = False
            self.ctx.runner.changed.disconnect(self._on_changed)
        super().done(result)
