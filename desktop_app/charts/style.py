"""What every chart shares (图表样式): grade colours, sizes, a new figure, wrapped names.

Grade colours come from the Okabe–Ito palette, which readers with the common colour-vision
deficiencies (red–green) still tell apart: 好 bluish green, 较好 sky blue, 一般 orange,
差 vermillion — "green … red" to everyone else. Heat maps use cividis, a colour map made to
read the same with and without deuteranopia; missing cells are light grey.
"""

from collections.abc import Sequence

GRADE_PALETTE = ("#009E73", "#56B4E9", "#E69F00", "#D55E00")
NEUTRAL = "#0072B2"          # bars that carry no grade (histogram without thresholds)
MISSING = "#EEEEEE"          # no data (heat-map cell, under grey stripes)
GRID = "#E5E5E5"
HEATMAP_CMAP = "cividis"

TITLE_PT = 13
LABEL_PT = 10
TICK_PT = 9
NOTE_PT = 8

WIDTH_IN = 8.0               # the width of list-like charts (distribution, heat map)
NAME_CHARS = 14              # a unit name longer than this is wrapped onto more lines
LINE_IN = 0.16               # height of one line of tick-label text at TICK_PT
MANY_ROWS = 25               # from this many rows on, axis labels are repeated at the top (scrolling)


def grade_colours(grades: Sequence[str]) -> list[str]:
    """A colour per grade, best first: the palette spread over the scale."""
    count = len(grades)
    if count <= 1:
        return list(GRADE_PALETTE[:1])
    if count <= len(GRADE_PALETTE):
        picks = [round(i * (len(GRADE_PALETTE) - 1) / (count - 1)) for i in range(count)]
        return [GRADE_PALETTE[i] for i in picks]
    return [GRADE_PALETTE[min(i, len(GRADE_PALETTE) - 1)] for i in range(count)]


def text_colour(background) -> str:
    """Black or white, whichever reads better on `background` (a colour matplotlib understands)."""
    from matplotlib.colors import to_rgb

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in to_rgb(background))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "black" if luminance > 0.22 else "white"


def wrap_name(name: str, width: int = NAME_CHARS) -> str:
    """A long unit name on several lines of about `width` characters, never cut short.

    A line breaks before an opening bracket or after a closing one or 、，when one is near;
    a line may run two characters over rather than leave a lone "）" on the next.
    """
    name = " ".join(name.split())
    lines = []
    while len(name) > width + 2:
        cut = next((i for i in range(width, width // 3, -1) if name[i] in "（(" or name[i - 1] in "）)、，"), width)
        lines.append(name[:cut])
        name = name[cut:]
    lines.append(name)
    return "\n".join(lines)


def row_height(labels: Sequence[str], base: float = 0.27) -> float:
    """Height in inches of one row of a list-like chart whose tick labels are `labels`."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return max(base, LINE_IN * lines + 0.07)


def new_figure(width: float, height: float):
    """A bare figure with the Chinese font registered and constrained layout (no pyplot)."""
    from matplotlib.figure import Figure

    from desktop_app.charts.fonts import chart_font

    chart_font()
    figure = Figure(figsize=(width, height), layout="constrained", facecolor="white")
    figure.get_layout_engine().set(h_pad=0.06, w_pad=0.06)
    return figure


def set_title(figure, title: str, subtitle: str = "") -> None:
    figure.suptitle(title + (f"\n{subtitle}" if subtitle else ""), fontsize=TITLE_PT)


def grade_legend(ax, grades: Sequence[str], colours: Sequence[str], *, above_ticks: bool = False) -> None:
    """The grades' colour key, in one row just above the plot (under the title); `above_ticks`
    lifts it over tick labels drawn at the top of the plot."""
    from matplotlib.patches import Patch
    from matplotlib.transforms import offset_copy

    handles = [Patch(facecolor=colour, label=grade) for grade, colour in zip(grades, colours, strict=True)]
    anchor = offset_copy(ax.transAxes, fig=ax.figure, y=0.22 if above_ticks else 0.0, units="inches")
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), bbox_transform=anchor,
              ncols=len(handles), frameon=False, fontsize=LABEL_PT, handlelength=1.4, columnspacing=1.6,
              borderaxespad=0.3)


def style_axes(ax, grid_axis: str = "x") -> None:
    ax.tick_params(labelsize=TICK_PT, length=3)
    ax.grid(axis=grid_axis, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def empty_figure(title: str, message: str = "暂无数据"):
    """A small figure that says there is nothing to draw (no quarter scored yet, a filter too narrow)."""
    figure = new_figure(6.0, 2.4)
    set_title(figure, title)
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=LABEL_PT + 2, color="#666666",
            transform=ax.transAxes)
    return figure


__all__ = ["GRADE_PALETTE", "NEUTRAL", "MISSING", "grade_colours", "text_colour", "wrap_name", "row_height",
           "new_figure", "set_title", "grade_legend", "style_axes", "empty_figure"]
