"""Charts of grade counts (等次分布): per unit in a quarter, and county-wide over quarters.

Both stack the grades best first (好 at the left or bottom) in the grade colours, label each
segment wide enough with its count (or share), and write the total at the end of each bar.
"""

from collections.abc import Sequence

from desktop_app.charts.data import GRADES, QuarterDistribution, UnitDistribution, tick_label
from desktop_app.charts.style import (
    LABEL_PT,
    MANY_ROWS,
    NOTE_PT,
    WIDTH_IN,
    empty_figure,
    grade_colours,
    grade_legend,
    new_figure,
    row_height,
    set_title,
    style_axes,
    text_colour,
    wrap_name,
)

DISTRIBUTION_TITLE = "各单位季度评议等次分布"
TREND_TITLE = "全县季度评议等次分布趋势"
HEADER_IN = 1.0              # title and legend above a plot
AXIS_IN = 0.6                # tick labels and axis label below a plot
BAR_AXES_IN = WIDTH_IN - 2.6  # about the width the bars get beside the unit names
SLOT_IN = 0.85               # width of one quarter's bar slot
PEOPLE, TEAMS = "人", "个"     # what a bar counts: cadres, or leadership teams


def grade_distribution(units: Sequence[UnitDistribution], *, shares: bool = False,
                       grades: Sequence[str] = GRADES, title: str = DISTRIBUTION_TITLE, subtitle: str = "",
                       counting: str = PEOPLE):
    """Stacked horizontal bars, one per unit in the order given, of its count per grade (各单位
    等次分布); `shares` draws each unit's shares (占比, 0–100 %) instead, still labelled with counts.
    `counting`: what is counted — 人 (cadres), or 个 for leadership teams.

    The figure grows with the units (a fixed height per row), so 100 units make a tall chart
    that scrolls in the GUI; long names wrap onto a second line rather than being cut.
    """
    units = list(units)
    if not units:
        return empty_figure(title)
    import numpy as np

    names = [wrap_name(u.unit) for u in units]
    many = len(units) >= MANY_ROWS
    figure = new_figure(WIDTH_IN, HEADER_IN + (0.25 if subtitle else 0) + row_height(names) * len(units)
                        + AXIS_IN * (2 if many else 1))
    set_title(figure, title, subtitle)
    colours = grade_colours(grades)
    ax = figure.add_subplot()
    grade_legend(ax, grades, colours, above_ticks=many)
    counts = np.array([[u.count(g) for g in grades] for u in units], dtype=float)
    totals = counts.sum(axis=1)
    values = counts * 100 / np.where(totals > 0, totals, 1)[:, None] if shares else counts
    span = 100.0 if shares else max(float(totals.max()), 1.0)
    _stack(ax, np.arange(len(units)), counts, values, span, colours, horizontal=True)
    for row, total in enumerate(totals):
        ax.text(values[row].sum() + span * 0.012, row, f"{int(total)}{counting}", va="center", ha="left",
                fontsize=NOTE_PT, color="#444444")
    ax.set_yticks(np.arange(len(units)), labels=names)
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.set_xlim(0, span * 1.12)
    _value_axis(ax.xaxis, shares, span)
    ax.set_xlabel("占比（%）" if shares else f"{counting}数", fontsize=LABEL_PT)
    style_axes(ax, "x")
    ax.tick_params(axis="y", length=0)
    if many:  # the scale stays in view at the top of a tall chart as well
        ax.tick_params(axis="x", top=True, labeltop=True)
    return figure


def county_trend(quarters: Sequence[QuarterDistribution], *, shares: bool = True,
                 grades: Sequence[str] = GRADES, title: str = TREND_TITLE, subtitle: str = ""):
    """Stacked vertical bars, one per quarter in time order, of the county's shares per grade
    (全县等次分布趋势); `shares=False` stacks the counts instead. Totals stand above the bars."""
    quarters = sorted(quarters, key=lambda q: (q.year, q.quarter))
    if not quarters:
        return empty_figure(title)
    import numpy as np

    figure = new_figure(max(6.0, 1.8 + SLOT_IN * len(quarters)), 5.0 + (0.25 if subtitle else 0))
    set_title(figure, title, subtitle)
    colours = grade_colours(grades)
    ax = figure.add_subplot()
    grade_legend(ax, grades, colours)
    counts = np.array([[q.count(g) for g in grades] for q in quarters], dtype=float)
    totals = counts.sum(axis=1)
    values = counts * 100 / np.where(totals > 0, totals, 1)[:, None] if shares else counts
    span = 100.0 if shares else max(float(totals.max()), 1.0)
    _stack(ax, np.arange(len(quarters)), counts, values, span, colours, horizontal=False, shares=shares)
    for column, total in enumerate(totals):
        ax.text(column, values[column].sum() + span * 0.015, f"{int(total)}人", ha="center", va="bottom",
                fontsize=NOTE_PT, color="#444444")
    ax.set_xticks(np.arange(len(quarters)), labels=[tick_label(q.label) for q in quarters])
    ax.set_xlim(-0.6, len(quarters) - 0.4)
    ax.set_ylim(0, span * 1.08)
    _value_axis(ax.yaxis, shares, span)
    ax.set_ylabel("占比（%）" if shares else "人数", fontsize=LABEL_PT)
    style_axes(ax, "y")
    ax.tick_params(axis="x", length=0)
    return figure


def _stack(ax, positions, counts, values, span: float, colours, *, horizontal: bool, shares: bool = False):
    """Draw the stacked segments and label those big enough: with the count (horizontal bars)
    or with the share in per cent (vertical bars of shares)."""
    import numpy as np

    base = np.zeros(len(positions))
    for index, colour in enumerate(colours):
        segment = values[:, index]
        if horizontal:
            ax.barh(positions, segment, left=base, height=0.72, color=colour, edgecolor="white", linewidth=0.6)
        else:
            ax.bar(positions, segment, bottom=base, width=0.66, color=colour, edgecolor="white", linewidth=0.6)
        ink = text_colour(colour)
        for position, count, value, start in zip(positions, counts[:, index], segment, base, strict=True):
            text = f"{value:.0f}%" if shares else f"{int(count)}"
            if count > 0 and _fits(text, value, span, horizontal):  # plain texts: 4× faster to draw than bar_label
                x, y = (start + value / 2, position) if horizontal else (position, start + value / 2)
                ax.text(x, y, text, ha="center", va="center", fontsize=NOTE_PT, color=ink)
        base = base + segment


def _fits(text: str, value: float, span: float, horizontal: bool) -> bool:
    """Whether a segment of `value` (out of `span`) has room for `text` at NOTE_PT."""
    if horizontal:
        return value / span * BAR_AXES_IN >= 0.07 * len(text) + 0.06
    return value / span * 3.4 >= 0.16   # about 3.4 in of bar height; one line of text


def _value_axis(axis, shares: bool, span: float) -> None:
    from matplotlib.ticker import FixedLocator, MaxNLocator

    if shares:
        axis.set_major_locator(FixedLocator([0, 20, 40, 60, 80, 100]))
    else:
        axis.set_major_locator(MaxNLocator(nbins=8, integer=True))


__all__ = ["grade_distribution", "county_trend", "DISTRIBUTION_TITLE", "TREND_TITLE", "PEOPLE", "TEAMS"]
