"""What a chart on the 报表图表 page is made of (图表选项) and the work done for it on the worker:
the figure built from the database (`build_chart`) and the figure saved as PNG or SVG
(`export_chart`). No widgets here; matplotlib is imported inside the functions only.
"""

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop_app.core.evaluations import quarter_label
from desktop_app.gui import settings

# (key of charts.queries.chart_figure, the name the operator chooses)
KINDS: tuple[tuple[str, str], ...] = (
    ("distribution", "各单位等次分布"),
    ("trend", "全县等次分布趋势"),
    ("histogram", "综合得分分布"),
    ("heatmap", "单位×季度平均分热力图"),
)
KIND_NAMES = dict(KINDS)
ONE_QUARTER = ("distribution", "histogram")   # one quarter, chosen; the others span the latest quarters
ONE_UNIT = ("trend", "histogram")             # may be drawn for one unit instead of the county
SCALED = ("distribution", "trend")            # drawn as counts (人数) or shares (占比)
SHARES_BY_DEFAULT = {"distribution": False, "trend": True}
PNG_FILTER = "PNG 图片（200 dpi，可插入文档） (*.png)"
SVG_FILTER = "SVG 矢量图（放大不失真） (*.svg)"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class ChartChoice:
    """The chart asked for: `year`/`quarter` only for one-quarter kinds, `unit` (a unit's full name)
    only where a chart may be one unit's, `shares` only where counts and shares both make sense."""

    kind: str
    year: int | None = None
    quarter: int | None = None
    unit: str | None = None
    shares: bool | None = None

    def query(self) -> dict:
        """The keyword arguments of charts.queries.chart_figure."""
        return {"year": self.year, "quarter": self.quarter, "unit": self.unit, "shares": self.shares}


def choice_of(kind: str, year: int, quarter: int, unit: str | None, shares: bool) -> ChartChoice:
    """The choice as the form shows it, with what does not apply to `kind` left out."""
    one_quarter = kind in ONE_QUARTER
    return ChartChoice(kind, year if one_quarter else None, quarter if one_quarter else None,
                       unit if kind in ONE_UNIT else None, shares if kind in SCALED else None)


@dataclass(frozen=True)
class ChartResult:
    """A chart built on the worker: the figure, what was asked, and the quarters it covers (文字)."""

    figure: object
    choice: ChartChoice
    span: str

    @property
    def title(self) -> str:
        """The figure's title and subtitle on one line."""
        return " ".join(self.figure.get_suptitle().split())

    @property
    def headline(self) -> str:
        """The title without the subtitle (for the status bar)."""
        return self.figure.get_suptitle().split("\n")[0]

    def file_name(self, suffix: str = ".png") -> str:
        """各单位等次分布-2025年第4季度.png; a unit's chart ends with the unit's name."""
        kind = KIND_NAMES[self.choice.kind]
        if self.choice.unit:
            kind = kind.removeprefix("全县")
        parts = (kind, self.span, self.choice.unit or "")
        return "-".join(clean for part in parts if (clean := _UNSAFE.sub("_", part).strip("._"))) + suffix


def build_chart(db, choice: ChartChoice) -> ChartResult:
    """On the worker: the chart's figure read from `db` (charts.queries.NoQuarterData when there is
    nothing to draw). The Qt canvas module is loaded here too, so showing the figure is quick."""
    import matplotlib.backends.backend_qtagg  # noqa: F401 — loaded off the GUI thread

    from desktop_app.charts.queries import chart_figure, chart_period

    figure = chart_figure(db, choice.kind, **choice.query())
    period = chart_period(db, choice.kind, year=choice.year, quarter=choice.quarter, unit=choice.unit)
    first, last = quarter_label(*period.quarters[0]), quarter_label(*period.quarters[-1])
    return ChartResult(figure, choice, first if first == last else f"{first}至{last}")


def export_chart(db, choice: ChartChoice, target: Path) -> Path:
    """On the worker: the chart drawn anew (the one on screen belongs to the GUI thread) and saved
    as PNG (200 dpi) or SVG by the suffix of `target`."""
    from desktop_app.charts.export import save_chart

    return save_chart(build_chart(db, choice).figure, target)


def target_path(chosen: str, chosen_filter: str) -> Path:
    """The file the dialog gave, with .png or .svg added (by the filter chosen) when it has neither."""
    path = Path(chosen)
    if path.suffix.lower() in (".png", ".svg"):
        return path
    return path.with_name(path.name + (".svg" if "svg" in chosen_filter.lower() else ".png"))


# -- remembered between sessions (本机设置) ---------------------------------------------------------
@dataclass
class Remembered:
    """The page's last choices: what was generated last, counts or shares per kind, the export folder."""

    kind: str = "distribution"
    year: int | None = None
    quarter: int | None = None
    unit: str | None = None
    shares: dict[str, bool] = field(default_factory=lambda: dict(SHARES_BY_DEFAULT))
    folder: str = ""

    @classmethod
    def load(cls) -> "Remembered":
        try:
            stored = json.loads(settings.get(settings.CHART_CHOICES) or "{}")
        except ValueError:
            stored = {}
        if not isinstance(stored, dict):
            stored = {}
        found = cls()
        kind = stored.get("kind")
        shares = stored.get("shares") if isinstance(stored.get("shares"), dict) else {}
        return replace(
            found, kind=kind if kind in KIND_NAMES else found.kind,
            year=_whole(stored.get("year")), quarter=q if (q := _whole(stored.get("quarter"))) in (1, 2, 3, 4) else None,
            unit=str(stored["unit"]) if stored.get("unit") else None,
            shares={k: bool(shares.get(k, v)) for k, v in SHARES_BY_DEFAULT.items()},
            folder=str(stored.get("folder") or ""))

    def save(self) -> None:
        settings.put(settings.CHART_CHOICES, json.dumps(
            {"kind": self.kind, "year": self.year, "quarter": self.quarter, "unit": self.unit,
             "shares": self.shares, "folder": self.folder}, ensure_ascii=False))


def _whole(value) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
