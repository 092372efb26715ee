"""The chart on the 报表图表 page (图表显示): a matplotlib figure in a `FigureCanvasQTAgg`, in a scroll
area (a chart of 100 units is about 30 inches tall), fitted to the width at first, with zoom:
Ctrl+= 放大, Ctrl+- 缩小, Ctrl+0 适合宽度 (and Ctrl+wheel). Instead of a chart it may show a message
(nothing generated yet, or why there is nothing to draw).

Zooming changes the figure's resolution, never its size in inches, so the chart is laid out as it
is exported and everything in it — text included — grows and shrinks together.

matplotlib is imported when the first figure is shown, never when the page is built.
"""

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.widgets import NOTE_STYLE

BASE_DPI = 100.0           # pixels per inch at 100 % (matplotlib's own default)
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0
MAX_FIT = 2.0              # fitting a small chart to a wide window enlarges it at most this much
MESSAGE_STYLE = ("QLabel#charts_message { background: white; border: 1px solid #c8c8c8; font-size: 12pt;"
                 " padding: 80px 40px; color: %s; }")
HINT_COLOUR, PROBLEM_COLOUR = "#5f6368", "#202124"


class ChartView(QWidget):
    """A figure (or a message) with the zoom row above it."""

    zoom_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.figure = None
        self.canvas = None
        self.natural: tuple[float, float] = (0.0, 0.0)  # the figure's size in inches
        self.zoom: float | None = None  # None: fitted to the width
        self.scale = 1.0  # the zoom in effect
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(120)  # re-fit once a resize settles, not at each step of it
        self._fit_timer.timeout.connect(self._refit)
        self._build()

    def _build(self) -> None:
        self.out_button = self._tool("－", "缩小（Ctrl+-）", self.zoom_out)
        self.in_button = self._tool("＋", "放大（Ctrl+=）", self.zoom_in)
        self.fit_button = self._tool("适合宽度", "按窗口宽度显示（Ctrl+0）", self.fit_width)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("charts_zoom")
        self.zoom_label.setMinimumWidth(120)
        self.zoom_label.setStyleSheet(NOTE_STYLE)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("缩放："))
        for widget in (self.out_button, self.in_button, self.fit_button, self.zoom_label):
            row.addWidget(widget)
        row.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("charts_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("charts_scroll")
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll.setStyleSheet("QScrollArea#charts_scroll { background: white; }")
        self.scroll.setToolTip("↑↓ PgUp/PgDn 滚动；Ctrl+滚轮 缩放")
        self.scroll.viewport().installEventFilter(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.stack, 1)
        self.setFocusProxy(self.scroll)
        self._update_zoom_row()

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys do the same; Tab skips them
        button.clicked.connect(slot)
        return button

    # -- what is shown ---------------------------------------------------------------------------
    def show_message(self, text: str, *, problem: bool = False) -> None:
        """A message in place of the chart (the chart shown before is dropped): a hint in grey, or
        (`problem`) why there is nothing to draw, in black."""
        self._drop_canvas()
        self.message.setText(text)
        self.message.setStyleSheet(MESSAGE_STYLE % (PROBLEM_COLOUR if problem else HINT_COLOUR))
        self.stack.setCurrentWidget(self.message)
        self._update_zoom_row()

    def show_figure(self, figure) -> None:
        """Show `figure` (made on the worker; it belongs to this view from now on), fitted to the width."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self._drop_canvas()
        self.figure = figure
        self.natural = tuple(float(v) for v in figure.get_size_inches())
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setObjectName("chart_canvas")
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scroll area takes the keys
        self.canvas.installEventFilter(self)  # Ctrl+wheel over the chart
        self.scroll.setWidget(self.canvas)
        self.stack.setCurrentWidget(self.scroll)
        self.zoom = None
        self._apply(self.fit_scale())

    def _drop_canvas(self) -> None:
        if self.canvas is not None:
            self.scroll.takeWidget()
            self.canvas.deleteLater()
        self.canvas = self.figure = None

    @property
    def showing_chart(self) -> bool:
        return self.canvas is not None

    # -- zoom --------------------------------------------------------------------------------------
    def fit_scale(self) -> float:
        """The zoom at which the chart fills the width of the scroll area (a scroll bar's width left
        for a chart taller than the area)."""
        width_in, height_in = self.natural
        if not width_in:
            return 1.0
        room = self.scroll.maximumViewportSize()
        width = room.width() - 2
        if height_in * width / width_in > room.height():
            width -= self.scroll.verticalScrollBar().sizeHint().width()
        return max(MIN_ZOOM, min(MAX_FIT, width / (width_in * BASE_DPI)))

    def zoom_in(self) -> None:
        """放大 (Ctrl+=)."""
        self._zoom_to(self.scale * ZOOM_STEP)

    def zoom_out(self) -> None:
        """缩小 (Ctrl+-)."""
        self._zoom_to(self.scale / ZOOM_STEP)

    def fit_width(self) -> None:
        """适合宽度 (Ctrl+0): back to the width of the window."""
        if self.canvas is not None:
            self.zoom = None
            self._apply(self.fit_scale())

    def _zoom_to(self, scale: float) -> None:
        if self.canvas is None:
            return
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, round(scale, 4)))
        self._apply(self.zoom)

    def _apply(self, scale: float) -> None:
        """Draw the figure at `scale` (its inches kept), keeping the part in view in view."""
        bars = (self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar())
        where = [bar.value() / bar.maximum() if bar.maximum() else 0.0 for bar in bars]
        self.scale = scale
        dpi = BASE_DPI * scale
        # matplotlib multiplies `_original_dpi` by the screen's pixel ratio (high-DPI screens, a move
        # to another screen), so the zoom is kept there as well as in the dpi in effect now.
        self.figure._original_dpi = dpi
        self.figure.set_dpi(dpi * self.canvas.device_pixel_ratio)
        self.figure.set_size_inches(*self.natural, forward=False)
        self.canvas.setFixedSize(round(self.natural[0] * dpi), round(self.natural[1] * dpi))
        self.canvas.draw_idle()
        for bar, fraction in zip(bars, where, strict=True):
            bar.setValue(round(fraction * bar.maximum()))
        self._update_zoom_row()
        self.zoom_changed.emit()

    def _refit(self) -> None:
        if self.canvas is not None and self.zoom is None and abs(self.fit_scale() - self.scale) > 0.005:
            self._apply(self.fit_scale())

    def _update_zoom_row(self) -> None:
        shown = self.canvas is not None
        for button in (self.out_button, self.in_button, self.fit_button):
            button.setEnabled(shown)
        self.out_button.setEnabled(shown and self.scale > MIN_ZOOM)
        self.in_button.setEnabled(shown and self.scale < MAX_ZOOM)
        percent = f"{self.scale * 100:.0f}%"
        self.zoom_label.setText("" if not shown else f"适合宽度（{percent}）" if self.zoom is None else percent)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.scroll.viewport():
            if self.zoom is None and self.canvas is not None:
                self._fit_timer.start()
        elif event.type() == QEvent.Type.Wheel and self.canvas is not None:
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                steps = event.angleDelta().y()
                if steps:
                    (self.zoom_in if steps > 0 else self.zoom_out)()
                return True
            if watched is self.canvas:  # matplotlib's canvas would keep the wheel: it scrolls the area
                QApplication.sendEvent(self.scroll.viewport(), event)
                return True
        return super().eventFilter(watched, event)
