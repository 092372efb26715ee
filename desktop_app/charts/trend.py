"""A cadre's scores over time (得分走势), for the dossier (干部考核档案): each quarter's evaluation
score (季度评议综合得分) as a line of dots, each year's annual composite (年度综合得分) as a
square in the middle of its year, labelled with the year's grade. Small: it sits in a page of text.
"""

from collections.abc import Sequence

from desktop_app.charts.style import (
    GRADE_PALETTE,
    LABEL_PT,
    NEUTRAL,
    NOTE_PT,
    empty_figure,
    new_figure,
    set_title,
    style_axes,
)

TREND_TITLE = "考核得分走势"
QUARTER_COLOUR, YEAR_COLOUR = NEUTRAL, GRADE_PALETTE[3]


def cadre_trend(quarters: Sequence[tuple[int, int, float | None]],
                years: Sequence[tuple[int, float | None, str]], *, title: str = TREND_TITLE, subtitle: str = "",
                width: float = 6.2, height: float = 2.7):
    """`quarters`: (year, quarter, score or None); `years`: (year, composite or None, grade text).
    Points without a score are left out; a figure saying 暂无数据 when no point has one."""
    quarter_points = [(year + (quarter - 0.5) / 4, float(score)) for year, quarter, score in quarters
                      if score is not None]
    year_points = [(year + 0.5, float(score), grade) for year, score, grade in years if score is not None]
    if not quarter_points and not year_points:
        return empty_figure(title, "暂无得分")
    figure = new_figure(width, height + (0.2 if subtitle else 0))
    set_title(figure, title, subtitle)
    ax = figure.add_subplot()
    if quarter_points:
        xs, ys = zip(*quarter_points, strict=True)
        ax.plot(xs, ys, color=QUARTER_COLOUR, marker="o", markersize=4, linewidth=1.4, label="季度评议综合得分")
    if year_points:
        xs, ys, grades = zip(*year_points, strict=True)
        ax.plot(xs, ys, color=YEAR_COLOUR, marker="s", markersize=6, linewidth=1.2, linestyle="--",
                label="年度综合得分")
        for x, y, grade in year_points:
            if grade:
                ax.annotate(grade, (x, y), xytext=(0, 6), textcoords="offset points", ha="center", va="bottom",
                            fontsize=NOTE_PT, color=YEAR_COLOUR)
    _axes(ax, [p[0] for p in quarter_points] + [p[0] for p in year_points],
          [p[1] for p in quarter_points] + [p[1] for p in year_points])
    return figure


def _axes(ax, xs: list[float], ys: list[float]) -> None:
    """Years as ticks at their start, the score axis from a round number below the lowest to 100."""
    first, last = int(min(xs)), int(max(xs))
    ax.set_xlim(first, last + 1)
    ax.set_xticks([year + 0.5 for year in range(first, last + 1)], labels=[f"{year}年" for year in range(first, last + 1)])
    ax.set_xticks(range(first, last + 2), minor=True)
    ax.tick_params(axis="x", which="major", length=0)
    ax.tick_params(axis="x", which="minor", length=4)
    low = min(60.0, 10 * (min(ys) // 10) - 5)
    ax.set_ylim(max(0.0, low), 104)
    ax.set_ylabel("得分", fontsize=LABEL_PT)
    style_axes(ax, "y")
    ax.grid(axis="x", which="minor", color="#E5E5E5", linewidth=0.8)
    ax.legend(loc="best", fontsize=NOTE_PT, frameon=False, ncols=2)


__all__ = ["cadre_trend", "TREND_TITLE"]
