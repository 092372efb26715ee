"""Charts of scores (得分): the distribution of overall scores with the grade thresholds, and a
heat map of the average score per unit and quarter."""

import math
from collections.abc import Mapping, Sequence

from desktop_app.charts.data import GRADES, finite_scores, grade_of, tick_label
from desktop_app.charts.style import (
    HEATMAP_CMAP,
    LABEL_PT,
    MANY_ROWS,
    MISSING,
    NEUTRAL,
    NOTE_PT,
    TICK_PT,
    empty_figure,
    grade_colours,
    new_figure,
    row_height,
    set_title,
    style_axes,
    text_colour,
    wrap_name,
)

HISTOGRAM_TITLE = "季度评议综合得分分布"
HEATMAP_TITLE = "各单位各季度平均得分"
ANNOTATE_CELLS = 800         # a heat map of at most this many cells shows the values (100 units × 8 quarters)
ANNOTATE_COLUMNS = 12


def score_histogram(scores: Sequence[float], bins: int | Sequence[float] | None = None, *,
                    thresholds: Mapping[str, float] | None = None, grades: Sequence[str] = GRADES,
                    title: str = HISTOGRAM_TITLE, subtitle: str = ""):
    """Bars of how many cadres scored in each interval (综合得分分布), coloured by the grade the
    interval falls in, with each grade's threshold as a labelled vertical line ("好 ≥ 90").

    `thresholds` maps a grade to the lowest score earning it (from the year's rule set); without
    them the bars are plain blue and no lines are drawn. `bins` is None for intervals of 1, 2.5
    or 5 points starting at a multiple of five (so thresholds such as 60/80/90 fall on bar edges),
    a count of equal intervals over the scores' range rounded out to fives, or the edges themselves.
    """
    values = finite_scores(scores)
    if not values:
        return empty_figure(title)
    import numpy as np

    thresholds = {g: float(thresholds[g]) for g in grades if thresholds and g in thresholds}
    figure = new_figure(8.0, 4.8 + (0.25 if subtitle else 0))
    set_title(figure, title, subtitle)
    ax = figure.add_subplot()
    edges = _edges(values, bins, thresholds)
    counts, edges = np.histogram(values, bins=edges)
    colours = dict(zip(grades, grade_colours(grades), strict=True))
    centres = (edges[:-1] + edges[1:]) / 2
    bar_colours = [colours[grade_of(c, thresholds, grades)] if thresholds else NEUTRAL for c in centres]
    ax.bar(edges[:-1], counts, width=np.diff(edges), align="edge", color=bar_colours, edgecolor="white",
           linewidth=0.5)
    top = max(int(counts.max()), 1)
    ax.set_ylim(0, top * 1.18)
    ax.set_xlim(edges[0], edges[-1])
    for grade, minimum in thresholds.items():
        ax.axvline(minimum, color="#333333", linewidth=1.1, linestyle="--")
        ax.annotate(f"{grade} ≥ {minimum:g}", xy=(minimum, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(3, -3), textcoords="offset points", ha="left", va="top", fontsize=TICK_PT,
                    color="#222222", bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"})
    mean, median = float(np.mean(values)), float(np.median(values))
    ax.text(0.99, 0.86, f"共 {len(values)} 人\n平均 {mean:.1f} 分\n中位数 {median:.1f} 分", transform=ax.transAxes,
            ha="right", va="top", fontsize=TICK_PT, color="#222222", linespacing=1.5)
    ax.set_xlabel("综合得分（分）", fontsize=LABEL_PT)
    ax.set_ylabel("人数", fontsize=LABEL_PT)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    style_axes(ax, "y")
    return figure


def _edges(values: list[float], bins, thresholds: Mapping[str, float]):
    """Interval edges: the given ones, `bins` equal intervals, or intervals of a round width."""
    import numpy as np

    if bins is not None and not isinstance(bins, int):
        return np.asarray(bins, dtype=float)
    low = 5 * math.floor(min([*values, *(t - 1 for t in thresholds.values())]) / 5)  # a line never on the axis
    high = max(5 * math.ceil(max(values) / 5), low + 5)
    if bins is None:
        width = 1.0 if high - low <= 30 else 2.5 if high - low <= 75 else 5.0
        return np.arange(low, high + width / 2, width)
    if bins < 1:
        raise ValueError(f"分组数须为正整数：{bins}")
    return np.linspace(low, high, bins + 1)


def unit_quarter_heatmap(units: Sequence[str], quarters: Sequence[str],
                         averages: Sequence[Sequence[float | None]], *, annotate: bool | None = None,
                         title: str = HEATMAP_TITLE, subtitle: str = "", value_label: str = "平均得分（分）"):
    """Units (rows, in the order given) × quarters (columns) coloured by the average score; a
    cell without scores is light grey with stripes. Each cell shows its value when the grid is small
    (`annotate` None: at most 800 cells and 12 quarters), or as `annotate` says.

    Quarters are labels such as 2025年第1季度 (`data.quarter_label`).
    """
    units, quarters = list(units), list(quarters)
    if len(averages) != len(units) or any(len(row) != len(quarters) for row in averages):
        raise ValueError(f"平均分表格须为 {len(units)} 行 × {len(quarters)} 列（每个单位一行，每个季度一列）")
    cells = [[None if v is None or math.isnan(float(v)) else float(v) for v in row] for row in averages]
    present = [v for row in cells for v in row if v is not None]
    if not units or not quarters or not present:
        return empty_figure(title)
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    names = [wrap_name(name) for name in units]
    many = len(units) >= MANY_ROWS
    row = max(row_height(names), 0.3)
    width = min(max(5.5, 2.9 + 0.85 * len(quarters)), 14.0)
    figure = new_figure(width, 1.3 + (0.25 if subtitle else 0) + row * len(units) + 0.55 * (2 if many else 1))
    set_title(figure, title, subtitle)
    ax = figure.add_subplot()
    grid = np.ma.masked_invalid(np.array([[np.nan if v is None else v for v in r] for r in cells], dtype=float))
    cmap = colormaps[HEATMAP_CMAP].with_extremes(bad=(0, 0, 0, 0))
    low, high = min(present), max(present)
    norm = Normalize(vmin=low - 0.5 if high - low < 1 else low, vmax=high + 0.5 if high - low < 1 else high)
    if len(present) < len(units) * len(quarters):  # what shows through a missing cell: grey stripes
        from matplotlib.patches import Rectangle

        ax.add_patch(Rectangle((-0.5, -0.5), len(quarters), len(units), facecolor=MISSING, edgecolor="#BBBBBB",
                               hatch="///", linewidth=0, zorder=0))
        ax.set_xlabel("斜线格：该季度无得分", fontsize=NOTE_PT, color="#555555")
    mesh = ax.pcolormesh(np.arange(len(quarters) + 1) - 0.5, np.arange(len(units) + 1) - 0.5, grid, cmap=cmap,
                         norm=norm, edgecolors="white", linewidth=0.8)
    if annotate if annotate is not None else (len(units) * len(quarters) <= ANNOTATE_CELLS
                                                and len(quarters) <= ANNOTATE_COLUMNS):
        for r, values in enumerate(cells):
            for c, value in enumerate(values):
                if value is not None:
                    ax.text(c, r, f"{value:.1f}", ha="center", va="center", fontsize=NOTE_PT,
                            color=text_colour(cmap(norm(value))))
    ax.set_xticks(np.arange(len(quarters)), labels=[tick_label(q) for q in quarters])
    ax.set_yticks(np.arange(len(units)), labels=names)
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.tick_params(labelsize=TICK_PT, length=0, top=False, labeltop=True, bottom=False, labelbottom=many)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = figure.colorbar(mesh, ax=ax, location="right", shrink=min(1.0, 3.5 / max(row * len(units), 0.1)),
                          anchor=(0.0, 1.0), panchor=(1.0, 1.0), aspect=20)
    bar.set_label(value_label, fontsize=LABEL_PT)
    bar.ax.tick_params(labelsize=TICK_PT)
    return figure


__all__ = ["score_histogram", "unit_quarter_heatmap", "HISTOGRAM_TITLE", "HEATMAP_TITLE"]
