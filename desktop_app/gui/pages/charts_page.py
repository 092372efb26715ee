"""报表图表: charts of the quarterly evaluation (季度评议) for the leaders, shown on the page and
exported as PNG or SVG.

Left, the form: 图表种类 (Alt+K: 各单位等次分布 / 全县等次分布趋势 / 综合得分分布 / 单位×季度平均分热力图),
年份 (Alt+Y) and 季度 (Alt+Q) for the one-quarter charts, 单位 (Alt+D) for the charts that may be one
unit's, 数值 (Alt+V: 人数 or 占比) where both make sense; what does not apply to the chart chosen is
disabled. 生成图表 (Enter in the form, Ctrl+R anywhere on the page) builds the figure on the worker,
with progress, and shows it on the right fitted to the width (chart_view: Ctrl+= / Ctrl+- / Ctrl+0).
导出图片… (Ctrl+E) saves it as PNG or SVG and offers the folder. When there is nothing to draw the
reason is shown in place of the chart. The last choices are remembered on this computer.

matplotlib is loaded on the worker when the first chart is generated, not when the page opens.
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QVBoxLayout, QWidget

from desktop_app.charts.queries import HEATMAP_QUARTERS, TREND_QUARTERS, evaluated_quarters
from desktop_app.core.errors import KaopingError
from desktop_app.core.units import list_units
from desktop_app.gui.errors import show_error
from desktop_app.gui.pages.chart_choices import (
    KIND_NAMES,
    KINDS,
    ONE_QUARTER,
    ONE_UNIT,
    PNG_FILTER,
    SCALED,
    SVG_FILTER,
    ChartChoice,
    ChartResult,
    Remembered,
    build_chart,
    choice_of,
    export_chart,
    target_path,
)
from desktop_app.gui.pages.chart_view import ChartView
from desktop_app.gui.pages.monthly_filters import UnitFilter
from desktop_app.gui.widgets import (
    add_shortcut,
    buddy_label,
    documents_folder,
    note_label,
    offer_folder,
    push_button,
    show_status,
)

RELOAD_ON = ("evaluation_sessions", "tallies", "rule_sets", "units", "cadres", "posts")
FORM_WIDTH = 300
NOTHING_YET = "在左侧选择图表种类和季度，按 Enter（或 Ctrl+R）生成图表。"
ABOUT = {
    "distribution": "所选季度每个单位一条横条，按等次分段（好、较好、一般、差），条末为参评人数。",
    "trend": f"最近 {TREND_QUARTERS} 个有测评会的季度（不足则全部），全县或所选单位各等次的人数或占比。",
    "histogram": "所选季度全县或所选单位干部综合得分的分布，虚线为当年规则方案的等次分数线。",
    "heatmap": f"最近 {HEATMAP_QUARTERS} 个有测评会的季度，各单位的平均综合得分；颜色越浅分数越高，斜线格为该季度无得分。",
}


class ChartsPage(QWidget):
    """报表图表: the form at the left, the chart at the right."""

    takes_keys = ("Ctrl+E", "Ctrl+0")  # the main window's 导出干部名册 and 系统设置 give them up here

    def __init__(self, ctx, spec, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.spec = ctx, spec
        self.remembered = Remembered.load()
        self.shares = dict(self.remembered.shares)
        self.result: ChartResult | None = None  # the chart shown
        self.kept: dict[QComboBox, object] = {}  # what a box that does not apply showed (restored when it does)
        self.pending = 0  # charts asked for and not yet delivered
        self.view = ChartView()
        self.view.show_message(NOTHING_YET)
        layout = QHBoxLayout(self)
        layout.addWidget(self._build_form())
        layout.addWidget(self.view, 1)
        self._install_keys()
        chain = (self.kind_box, self.year_box, self.quarter_box, self.unit_box, self.scale_box,
                 self.generate_button, self.export_button, self.view.scroll)
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)
        self.reload()  # the years and units first: the kind chosen then greys out what does not apply
        self._fill_kinds()

    # -- building ----------------------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("charts_form")
        panel.setFixedWidth(FORM_WIDTH)
        self.kind_box = self._box("charts_kind", "图表种类")
        self.year_box = self._box("charts_year", "年份：各单位等次分布和综合得分分布画所选的一个季度")
        self.year_box.setPlaceholderText("最近各季度")  # shown for the trend and the heat map
        self.quarter_box = self._box("charts_quarter", "季度：各单位等次分布和综合得分分布画所选的一个季度")
        self.quarter_box.setPlaceholderText("—")
        for number in (1, 2, 3, 4):
            self.quarter_box.addItem(f"第{number}季度", number)
        self.unit_box = UnitFilter()
        self.unit_box.setObjectName("charts_unit")
        self.unit_box.setMinimumContentsLength(8)
        self.unit_box.setToolTip("单位：趋势图和综合得分分布可以只画一个单位（输入单位名称的一部分）")
        self.scale_box = self._box("charts_scale", "数值：按人数或按各等次所占的百分比画")
        self.scale_box.addItem("人数", False)
        self.scale_box.addItem("占比（%）", True)
        self.scale_box.setPlaceholderText("—")  # a histogram counts people, a heat map averages scores
        self.scale_box.currentIndexChanged.connect(self._scale_chosen)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, widget in (("图表种类(&K)：", self.kind_box), ("年份(&Y)：", self.year_box),
                                ("季度(&Q)：", self.quarter_box), ("单位(&D)：", self.unit_box),
                                ("数值(&V)：", self.scale_box)):
            form.addRow(buddy_label(caption, widget), widget)
        self.about = note_label("")
        self.about.setObjectName("charts_about")
        self.generate_button = push_button("生成图表(&G)", "按所选生成图表（Enter 或 Ctrl+R）", self.generate)
        self.generate_button.setObjectName("charts_generate")
        self.export_button = push_button("导出图片(&X)…", "把图表保存为 PNG 图片或 SVG 矢量图（Ctrl+E）", self.export)
        self.export_button.setObjectName("charts_export")
        self.export_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.export_button)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 6, 0)
        column.addLayout(form)
        column.addWidget(self.about)
        column.addLayout(buttons)
        column.addWidget(note_label("Enter / Ctrl+R 生成　Ctrl+E 导出\nCtrl+= 放大　Ctrl+- 缩小　Ctrl+0 适合宽度"))
        column.addStretch(1)
        self.form_panel = panel
        return panel

    @staticmethod
    def _box(name: str, tip: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setToolTip(tip)
        return box

    def _install_keys(self) -> None:
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # in the form only: Enter elsewhere is theirs
            add_shortcut(key, self.form_panel, self.generate, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for keys, slot in (("Ctrl+R", self.generate), ("Ctrl+E", self.export), ("Ctrl+=", self.view.zoom_in),
                           ("Ctrl++", self.view.zoom_in), ("Ctrl+-", self.view.zoom_out),
                           ("Ctrl+0", self.view.fit_width)):
            add_shortcut(keys, self, slot)  # WindowShortcut: while this page shows

    def _fill_kinds(self) -> None:
        for key, name in KINDS:
            self.kind_box.addItem(name, key)
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(self.remembered.kind)))
        self.kind_box.currentIndexChanged.connect(self._kind_chosen)
        self._kind_chosen()

    # -- the form ------------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    def _kind_chosen(self) -> None:
        """Enable what applies to the chart chosen; show its counts-or-shares as last chosen."""
        kind = self.kind
        for box in (self.year_box, self.quarter_box):
            self._applies(box, kind in ONE_QUARTER, -1)
        self._applies(self.unit_box, kind in ONE_UNIT, 0)
        self.scale_box.setEnabled(kind in SCALED)
        self.scale_box.blockSignals(True)
        self.scale_box.setCurrentIndex(self.scale_box.findData(self.shares[kind]) if kind in SCALED else -1)
        self.scale_box.blockSignals(False)
        self.about.setText(ABOUT[kind])

    def _applies(self, box: QComboBox, applies: bool, shown_otherwise: int) -> None:
        """Enable `box`, or disable it showing what the chart covers instead (最近各季度, 全部单位):
        the year, quarter or unit chosen comes back when the box applies again."""
        if applies and box in self.kept:
            box.setCurrentIndex(max(0, box.findData(self.kept.pop(box))))
        elif not applies and box not in self.kept:
            self.kept[box] = box.currentData()
            box.setCurrentIndex(shown_otherwise)
        box.setEnabled(applies)

    def _select(self, box: QComboBox, data) -> None:
        """Choose the item of `box` whose data is `data` (or keep it for when the box applies again)."""
        if box in self.kept:
            self.kept[box] = data
        elif box.findData(data) >= 0:
            box.setCurrentIndex(box.findData(data))

    def _scale_chosen(self) -> None:
        if self.kind in SCALED:
            self.shares[self.kind] = bool(self.scale_box.currentData())

    def choice(self) -> ChartChoice:
        """The chart the form asks for."""
        self.unit_box.settle()  # a name typed (Enter came here first) chooses its unit
        return choice_of(self.kind, self.year_box.currentData(), self.quarter_box.currentData(),
                         self.unit_box.unit_name(), bool(self.scale_box.currentData()))

    def choose(self, kind: str, year: int | None = None, quarter: int | None = None, unit: str | None = None,
               shares: bool | None = None) -> None:
        """Set the form (tests, self-test): what is not given stays as it is."""
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        if year is not None:
            self._offer_year(year)
            self._select(self.year_box, year)
        if quarter is not None:
            self._select(self.quarter_box, quarter)
        if unit is not None:
            self._select(self.unit_box, self._unit_id(unit))
        if shares is not None:
            self.scale_box.setCurrentIndex(self.scale_box.findData(shares))

    # -- loading -------------------------------------------------------------------------------------
    def refresh(self, changes=None) -> None:
        """Fill the years and units when shown; after a change of what the charts draw, say that the
        chart shown is out of date (it is not redrawn unasked)."""
        if changes is not None and (not self.isVisible() or not changes.touches(*RELOAD_ON)):
            return
        self.reload()
        if changes is not None and self.result is not None:
            show_status(self, "数据已有变化：按 Ctrl+R 重新生成图表。")

    def reload(self) -> None:
        reader, today = self.ctx.reader, self.ctx.today()
        quarters = evaluated_quarters(reader)
        self.unit_box.blockSignals(True)
        self.unit_box.set_units(list_units(reader, today))
        self.unit_box.blockSignals(False)
        first_load = self.year_box.count() == 0
        years = range(min([q[0] for q in quarters] + [int(today[:4])]), int(today[:4]) + 1)
        for year in years:
            self._offer_year(year)
        if first_load:
            latest = quarters[-1] if quarters else (int(today[:4]), (int(today[5:7]) - 1) // 3 + 1)
            self._select(self.year_box, self.remembered.year if self.remembered.year in years else latest[0])
            self._select(self.quarter_box, self.remembered.quarter or latest[1])
            if self.remembered.unit:
                self._select(self.unit_box, self._unit_id(self.remembered.unit))

    def _unit_id(self, name: str) -> str | None:
        """The id of the unit offered under `name` (None: 全部单位, or a unit no longer there)."""
        return self.unit_box.itemData(max(0, self.unit_box.findText(name, Qt.MatchFlag.MatchExactly)))

    def _offer_year(self, year: int) -> None:
        """Add `year` to the years offered, in order."""
        if self.year_box.findData(year) >= 0:
            return
        position = next((i for i in range(self.year_box.count()) if self.year_box.itemData(i) > year),
                        self.year_box.count())
        self.year_box.insertItem(position, f"{year}年", year)

    # -- generating ----------------------------------------------------------------------------------
    def generate(self) -> None:
        """生成图表 (Enter / Ctrl+R): build the chart on the worker and show it; remember the choices."""
        choice = self.choice()
        self.remembered.kind, self.remembered.shares = choice.kind, dict(self.shares)
        if choice.year is not None:
            self.remembered.year, self.remembered.quarter = choice.year, choice.quarter
        if choice.kind in ONE_UNIT:
            self.remembered.unit = choice.unit
        self.remembered.save()
        self.draw(choice)

    def draw(self, choice: ChartChoice) -> None:
        """Build the chart of `choice` on the worker and show it (the choices are not remembered)."""
        db = self.ctx.db
        self.pending += 1
        self.ctx.runner.run(lambda: build_chart(db, choice), on_done=self._chart_built, on_error=self._chart_failed,
                            parent=self, progress=f"正在生成图表：{KIND_NAMES[choice.kind]}…", undoable=False)

    def _chart_built(self, result: ChartResult) -> None:
        self.pending -= 1
        self.result = result
        self.view.show_figure(result.figure)
        self.export_button.setEnabled(True)
        if self.isVisible():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)  # ↑↓ PgUp/PgDn scroll at once
        show_status(self, f"已生成图表：{result.headline}")

    def _chart_failed(self, error: BaseException) -> None:
        self.pending -= 1
        if not isinstance(error, KaopingError):
            show_error(self, error)
            return
        self.result = None  # nothing to draw (NoQuarterData) or a unit that is gone: said in place of a chart
        self.view.show_message(error.message, problem=True)
        self.export_button.setEnabled(False)
        show_status(self, error.message)

    @property
    def figure(self):
        """The matplotlib Figure shown (None when none is)."""
        return self.result.figure if self.result is not None else None

    # -- exporting -----------------------------------------------------------------------------------
    def export(self) -> Path | None:
        """导出图片… (Ctrl+E): PNG or SVG, where the operator says; then offer the folder."""
        if self.result is None:
            show_status(self, "还没有图表：请先生成图表（Enter 或 Ctrl+R）。", 5000)
            return None
        folder = Path(self.remembered.folder) if self.remembered.folder else documents_folder()
        chosen, chosen_filter = QFileDialog.getSaveFileName(self, "导出图片", str(folder / self.result.file_name()),
                                                            f"{PNG_FILTER};;{SVG_FILTER}")
        if not chosen:
            return None
        target = target_path(chosen, chosen_filter)
        self.remembered.folder = str(target.parent)
        self.remembered.save()
        db, choice, title = self.ctx.db, self.result.choice, self.result.title
        kind = "SVG 矢量图" if target.suffix.lower() == ".svg" else "PNG 图片"
        self.ctx.runner.run(lambda: export_chart(db, choice, target),
                            on_done=lambda path: offer_folder(self, "已导出图片", f"已把图表「{title}」保存为{kind}：",
                                                              Path(path)),
                            parent=self, progress=f"正在导出图片：{target.name}…", undoable=False)
        return target
