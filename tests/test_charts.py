"""Charts (图表) on synthetic data: each builder's bars, cells and Chinese labels; no character
drawn as a box (any warning while drawing fails the test); PNG and SVG readable and the same
bytes for the same input; matplotlib loaded only once a chart is drawn; the data converters."""

import io
import re
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop_app.charts import queries
from desktop_app.charts.data import (
    GRADES,
    QuarterDistribution,
    UnitDistribution,
    grade_of,
    parse_quarter,
    quarter_label,
    tick_label,
)
from desktop_app.charts.export import chart_format, png_bytes, png_size, save_chart, svg_bytes
from desktop_app.charts.fonts import FontCandidate, chart_font, choose_system_font, missing_characters
from desktop_app.charts.grades import county_trend, grade_distribution
from desktop_app.charts.scores import score_histogram, unit_quarter_heatmap
from desktop_app.charts.style import GRADE_PALETTE, NEUTRAL, grade_colours, wrap_name
from desktop_app.core.errors import ValidationError

ROOT = Path(__file__).resolve().parent.parent
LONG_NAME = "县教育和科技局（县委教育工作委员会办公室）"
UNITS = ["丹江镇", "西江镇", LONG_NAME]
THRESHOLDS = {"好": 90, "较好": 80, "一般": 65}


@pytest.fixture(autouse=True)
def no_warnings():
    """Any warning while building or drawing fails the test: matplotlib warns "Glyph … missing
    from font(s)" when it draws a character as a box."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    assert [str(w.message) for w in caught] == []


def drawn(figure, dpi: int = 60) -> bytes:
    """The figure drawn (as the GUI and PDFs will), so font problems surface now."""
    return png_bytes(figure, dpi=dpi)


def all_text(figure) -> str:
    from matplotlib.text import Text

    return "\n".join(t.get_text() for t in figure.findobj(Text) if t.get_visible())


def distributions(count: int, name=lambda i: UNITS[i % 3] + (str(i) if i >= 3 else "")) -> list[UnitDistribution]:
    return [UnitDistribution(name(i), {"好": i % 3, "较好": 5 + i % 4, "一般": 2, "差": i % 2}) for i in range(count)]


def quarters(count: int = 8) -> list[QuarterDistribution]:
    return [QuarterDistribution(2024 + i // 4, i % 4 + 1, {"好": 150 + i, "较好": 600, "一般": 200, "差": 20 + i})
            for i in range(count)]


def scores(count: int = 400) -> list[float]:
    return [60 + (i * 37 % 400) / 10 for i in range(count)]  # spread over 60–99.9, deterministic


# -- the check itself ------------------------------------------------------------------------------
def test_a_chinese_label_drawn_as_boxes_is_caught(no_warnings):
    import matplotlib

    chart_font()
    figure = grade_distribution(distributions(1))
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        figure.text(0.5, 0.5, "好")  # a text made while only a Latin font is asked for
        drawn(figure)
    assert any("missing from font" in str(w.message) for w in no_warnings)
    no_warnings.clear()


# -- builders --------------------------------------------------------------------------------------
def test_grade_distribution_stacks_each_units_grades_with_counts_and_legend():
    units = distributions(3)
    figure = grade_distribution(units, subtitle="2025年第3季度")
    drawn(figure)
    ax = figure.axes[0]
    assert len(ax.patches) == 3 * 4
    widths = [[p.get_width() for p in ax.patches[g * 3:(g + 1) * 3]] for g in range(4)]  # one container per grade
    assert [list(column) for column in zip(*widths, strict=True)] == [[u.count(g) for g in GRADES] for u in units]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(GRADES)
    assert [t.get_text().replace("\n", "") for t in ax.get_yticklabels()] == [u.unit for u in units]
    text = all_text(figure)
    assert "各单位季度评议等次分布" in text and "2025年第3季度" in text and "人数" in text
    assert f"{units[0].total}人" in text and "5" in text.split("\n")  # total and a segment's count


def test_teams_are_counted_in_ge_not_people():
    units, grades = [UnitDistribution("拟定等次", {"好": 30, "较好": 70})], ["好", "较好", "一般", "差"]
    teams, people = grade_distribution(units, grades=grades, counting="个"), grade_distribution(units, grades=grades)
    drawn(teams)
    assert "100个" in all_text(teams) and "个数" in all_text(teams) and "人" not in all_text(teams)
    assert "100人" in all_text(people) and "人数" in all_text(people)


def test_grade_distribution_in_shares_fills_each_bar_to_100_and_still_labels_counts():
    units = distributions(4)
    figure = grade_distribution(units, shares=True)
    drawn(figure)
    ax = figure.axes[0]
    for row in range(4):
        assert sum(ax.patches[g * 4 + row].get_width() for g in range(4)) == pytest.approx(100)
    assert "占比（%）" in all_text(figure) and "7" in all_text(figure).split("\n")


def test_a_hundred_units_make_a_tall_chart_with_every_long_name_whole():
    units = distributions(100)
    figure, small = grade_distribution(units), grade_distribution(units[:10])
    drawn(figure, dpi=40)
    assert figure.get_figheight() > 6 * small.get_figheight() - 10
    ax = figure.axes[0]
    labels = ax.get_yticklabels()
    assert [t.get_text().replace("\n", "") for t in labels] == [u.unit for u in units]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)  # as the GUI's canvas draws it
    canvas.draw()
    renderer = canvas.get_renderer()
    width = figure.get_figwidth() * figure.dpi
    assert all(0 <= t.get_window_extent(renderer).x0 and t.get_window_extent(renderer).x1 <= width for t in labels)
    assert ax.xaxis.get_major_ticks()[0].label2.get_visible()  # the scale repeated at the top


def test_one_unit_and_no_unit():
    assert len(grade_distribution(distributions(1)).axes[0].patches) == 4
    empty = grade_distribution([])
    drawn(empty)
    assert "暂无数据" in all_text(empty) and not empty.axes[0].patches


def test_county_trend_orders_quarters_and_shows_shares_per_grade():
    data = quarters(8)
    figure = county_trend(list(reversed(data)))
    drawn(figure)
    ax = figure.axes[0]
    assert len(ax.patches) == 8 * 4
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["2024年\n第1季度", "2024年\n第2季度"]
    for column in range(8):
        assert sum(ax.patches[g * 8 + column].get_height() for g in range(4)) == pytest.approx(100)
    text = all_text(figure)
    share = f"{data[0].count('较好') * 100 / data[0].total:.0f}%"
    assert "全县季度评议等次分布趋势" in text and f"{data[0].total}人" in text and share in text.split("\n")
    counted = county_trend(data[:3], shares=False)
    assert counted.axes[0].patches[0].get_height() == data[0].count("好")


def test_grade_colours_are_the_same_in_every_chart_best_green_worst_red():
    from matplotlib.colors import to_hex

    assert grade_colours(GRADES) == list(GRADE_PALETTE)
    assert grade_colours(("好", "差")) == [GRADE_PALETTE[0], GRADE_PALETTE[-1]]
    per_unit = grade_distribution(distributions(2)).axes[0].patches
    trend = county_trend(quarters(2)).axes[0].patches
    assert [to_hex(per_unit[g * 2].get_facecolor()) for g in range(4)] == [c.lower() for c in GRADE_PALETTE]
    assert [to_hex(trend[g * 2].get_facecolor()) for g in range(4)] == [c.lower() for c in GRADE_PALETTE]


def test_score_histogram_bars_colour_by_grade_and_thresholds_are_labelled_lines():
    from matplotlib.colors import to_hex

    values = scores() + [None, float("nan")]
    figure = score_histogram(values, thresholds=THRESHOLDS)
    drawn(figure)
    ax = figure.axes[0]
    assert sum(p.get_height() for p in ax.patches) == 400  # None and NaN left out
    lefts = [p.get_x() for p in ax.patches]
    assert 65 in lefts and 80 in lefts and 90 in lefts  # thresholds fall on bar edges
    assert len(ax.patches) == len(lefts) == round((lefts[-1] + ax.patches[-1].get_width() - lefts[0]) / 2.5)
    assert sorted(line.get_xdata()[0] for line in ax.lines) == [65, 80, 90]
    text = all_text(figure)
    assert all(label in text for label in ("好 ≥ 90", "较好 ≥ 80", "一般 ≥ 65", "综合得分（分）", "共 400 人"))
    colour = {to_hex(p.get_facecolor()): p.get_x() for p in ax.patches}
    assert colour[GRADE_PALETTE[0].lower()] >= 90 and colour[GRADE_PALETTE[3].lower()] < 65
    assert len(score_histogram(scores(), bins=10).axes[0].patches) == 10


def test_score_histogram_without_thresholds_is_plain_and_empty_scores_say_so():
    from matplotlib.colors import to_hex

    ax = score_histogram(scores(50)).axes[0]
    assert not ax.lines and {to_hex(p.get_facecolor()) for p in ax.patches} == {NEUTRAL.lower()}
    assert "暂无数据" in all_text(score_histogram([None]))


def test_heatmap_has_a_cell_per_unit_and_quarter_grey_where_missing_values_when_small():
    labels = [quarter_label(2025, q) for q in (1, 2, 3, 4)]
    averages = [[81.25, None, 85.0, 90.5], [70.0, 75.5, None, 88.0], [None, 83.0, 84.0, 86.0],
                [92.0, 91.0, 90.0, 89.0], [60.0, 65.0, 70.0, 75.0]]
    units = ["丹江镇", "西江镇", LONG_NAME, "县财政局", "永乐镇"]
    figure = unit_quarter_heatmap(units, labels, averages)
    drawn(figure)
    ax = figure.axes[0]
    cells = ax.collections[0].get_array()
    assert cells.shape == (5, 4) and int(cells.mask.sum()) == 3
    values = [t.get_text() for t in ax.texts]
    assert len(values) == 17 and "85.0" in values and "90.5" in values
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2025年\n第1季度", "2025年\n第2季度", "2025年\n第3季度",
                                                           "2025年\n第4季度"]
    assert "斜线格：该季度无得分" in all_text(figure) and "平均得分（分）" in all_text(figure)
    eight = [quarter_label(2024 + q // 4, q % 4 + 1) for q in range(8)]
    big = unit_quarter_heatmap([f"单位{i}" for i in range(120)], eight, [[80.0] * 8 for _ in range(120)])
    assert big.axes[0].collections[0].get_array().size == 960 and not big.axes[0].texts  # too many to label
    with pytest.raises(ValueError, match="5 行 × 4 列"):
        unit_quarter_heatmap(units, labels, averages[:4])


# -- data and style --------------------------------------------------------------------------------
def test_quarters_grades_and_names():
    assert quarter_label(2025, 1) == "2025年第1季度" and tick_label("2025年第1季度") == "2025年\n第1季度"
    assert parse_quarter("2025年第3季度") == parse_quarter("2025Q3") == (2025, 3)
    with pytest.raises(ValueError):
        quarter_label(2025, 5)
    assert [grade_of(s, THRESHOLDS) for s in (95, 90, 89.99, 80, 65, 64.9)] == ["好", "好", "较好", "较好", "一般", "差"]
    with pytest.raises(ValueError):
        UnitDistribution("丹江镇", {"好": -1})
    for name in (LONG_NAME, "中共雷山县委机构编制委员会办公室（县委编办）", "短名"):
        lines = wrap_name(name).split("\n")
        assert "".join(lines) == name and all(len(line) <= 16 for line in lines)
    assert wrap_name(LONG_NAME) == "县教育和科技局\n（县委教育工作委员会办公室）"


# -- export ----------------------------------------------------------------------------------------
def test_png_and_svg_are_readable_and_the_same_bytes_for_the_same_input(tmp_path):
    first, second = (grade_distribution(distributions(5), subtitle="2025年第1季度") for _ in range(2))
    png = png_bytes(first)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png_size(png) == (round(8 * 200), round(first.get_figheight() * 200))
    assert png == png_bytes(second) and b"Software" not in png
    plain = io.BytesIO()  # laid out once by png_bytes, yet the same image as savefig's own way
    second.savefig(plain, format="png", dpi=200, metadata={"Software": None}, facecolor="white")
    assert plain.getvalue() == png and type(first.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    svg = svg_bytes(first)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and svg == svg_bytes(second)
    assert not root.findall(".//{http://www.w3.org/2000/svg}text") and b"font-family" not in svg  # outlines
    for name in ("分布.png", "分布.SVG"):
        path = save_chart(first, tmp_path / name)
        assert path.read_bytes() in (png, svg)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["分布.SVG", "分布.png"]  # no temporary file left


def test_only_png_and_svg_are_accepted(tmp_path):
    assert chart_format("a.PNG") == "png" and chart_format("b.svg") == "svg"
    for name in ("分布.pdf", "分布"):
        with pytest.raises(ValidationError, match="只能保存为 PNG"):
            save_chart(grade_distribution([]), tmp_path / name)
    assert not list(tmp_path.iterdir())


# -- fonts and lazy import -------------------------------------------------------------------------
def test_system_faces_are_preferred_in_order_and_only_when_usable():
    entries = [FontCandidate("DejaVu Sans", "/f/DejaVuSans.ttf"), FontCandidate("SimHei", "C:/Windows/Fonts/simhei.ttf"),
               FontCandidate("Microsoft YaHei", "C:/Windows/Fonts/msyh.ttc"),
               FontCandidate("CESI黑体-GB2312", "/usr/share/fonts/cesi/CESI_HT_GB2312.TTF")]
    assert choose_system_font(entries, lambda e: True).label == "微软雅黑"
    assert choose_system_font(entries, lambda e: "msyh" not in e.path).family == "SimHei"
    assert choose_system_font(entries[3:], lambda e: True).label == "CESI黑体"  # found by its file name
    assert choose_system_font(entries[:1], lambda e: True) is None


def test_the_chosen_font_draws_chinese_and_rare_characters_are_reported():
    bundled = chart_font(system=False, force=True)
    try:
        assert bundled.bundled and bundled.family == "WenQuanYi Micro Hei"
        import matplotlib

        assert matplotlib.rcParams["font.family"][:2] == ["WenQuanYi Micro Hei", "DejaVu Sans"]
        assert missing_characters("丹江镇 好较好一般差 2025年第1季度 ≥ −") == ""
        assert missing_characters("王𠀀") == "𠀀"  # CJK extension B: not in GBK
    finally:
        chart_font(force=True)


def test_importing_the_charts_and_the_command_leaves_matplotlib_unloaded_until_a_chart_is_built():
    code = (
        "import sys\n"
        "import desktop_app.charts, desktop_app.charts.data, desktop_app.charts.fonts, desktop_app.charts.style\n"
        "import desktop_app.charts.grades, desktop_app.charts.scores, desktop_app.charts.export\n"
        "import desktop_app.charts.queries, desktop_app.commands.chart\n"
        "print('matplotlib' in sys.modules, 'numpy' in sys.modules)\n"
        "from desktop_app.cli import build_parser\n"
        "build_parser()\n"
        "print('matplotlib' in sys.modules)\n"
        "from desktop_app.charts.data import UnitDistribution\n"
        "desktop_app.charts.grades.grade_distribution([UnitDistribution('丹江镇', {'好': 1})])\n"
        "print('matplotlib' in sys.modules, 'matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split("\n")[:3] == ["False False", "False", "True False"]


# -- from the quarter summaries --------------------------------------------------------------------
def summary(year: int, quarter: int, units: list[tuple[str, dict, list, float | None]]):
    """A stand-in for core.quarter_scores.QuarterSummary: what the converters read of it."""
    unit_scores = [SimpleNamespace(unit_id=name, unit_name=name, grade_counts=counts, average=average,
                                   unscored=sum(s is None for s in marks),
                                   cadres=[SimpleNamespace(score=s) for s in marks])
                   for name, counts, marks, average in units]
    county = {g: sum(u.grade_counts.get(g, 0) for u in unit_scores) for g in GRADES}
    return SimpleNamespace(year=year, quarter=quarter, units=unit_scores, grade_counts=county)


def test_converters_make_each_charts_data_from_quarter_summaries():
    q1 = summary(2025, 1, [("丹江镇", {"好": 1, "较好": 2, "一般": 0, "差": 0}, [91.0, 85.0, 82.0], 86.0),
                           ("西江镇", {"好": 0, "较好": 1, "一般": 1, "差": 0}, [81.0, 70.0, None], 75.5)])
    q2 = summary(2025, 2, [("西江镇", {"好": 1, "较好": 1, "一般": 0, "差": 0}, [92.0, 84.0], 88.0)])
    assert [(d.unit, d.total) for d in queries.unit_distributions(q1)] == [("丹江镇", 3), ("西江镇", 2)]
    assert [d.unit for d in queries.unit_distributions(q1, unit_id="西江镇")] == ["西江镇"]
    county = queries.county_distribution(q1)
    assert (county.label, county.counts) == ("2025年第1季度", {"好": 1, "较好": 3, "一般": 1, "差": 0})
    assert queries.county_distribution(q2, unit_id="西江镇").total == 2
    assert queries.summary_scores(q1) == [91.0, 85.0, 82.0, 81.0, 70.0] and queries.unscored_count(q1) == 1
    grid = queries.average_grid([q1, q2])
    assert grid.quarters == ["2025年第1季度", "2025年第2季度"] and grid.units == ["丹江镇", "西江镇"]
    assert grid.averages == [[86.0, None], [75.5, 88.0]]  # 丹江镇 had no session in the second quarter
    renamed = summary(2020, 1, [("丹江镇", {"好": 1, "较好": 0, "一般": 0, "较差": 2}, [], None)])
    assert queries.unit_distributions(renamed)[0].counts == {"好": 1, "较好": 0, "一般": 0, "差": 2}  # by place


# -- the command -----------------------------------------------------------------------------------
def run(capsys, *argv) -> tuple[int, str, str]:
    from desktop_app.cli import main

    try:
        code = main([str(a) for a in argv])
    except SystemExit as leaving:
        code = leaving.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_chart_command_is_registered_and_refuses_what_it_cannot_do(capsys, db_path, tmp_path):
    from db import open_database

    open_database(db_path, create=True, office_name="雷山县委组织部").close()
    code, out, _err = run(capsys, "chart", "--help")
    assert code == 0 and "distribution" in out and "heatmap" in out and "显示帮助并退出" in out
    code, _out, err = run(capsys, "chart", db_path, "pie", tmp_path / "a.png")
    assert code == 2 and "无效" in err
    code, _out, err = run(capsys, "chart", db_path, "trend", tmp_path / "a.pdf")
    assert code == 3 and "只能保存为 PNG（.png）或 SVG（.svg）" in err
    code, _out, err = run(capsys, "chart", db_path, "histogram", tmp_path / "a.png", "--quarter", "2")
    assert code == 3 and "请同时指定年份" in err
    code, _out, err = run(capsys, "chart", db_path, "heatmap", tmp_path / "a.png", "--year", "2025", "--quarter", "2")
    assert code == 3 and "不能指定季度" in err
    code, _out, err = run(capsys, "chart", db_path, "distribution", tmp_path / "a.png", "--unit", "无此单位")
    assert code == 2 and "找不到名为「无此单位」的单位" in err
    code, _out, err = run(capsys, "chart", db_path, "distribution", tmp_path / "a.png")
    assert code == 2 and "还没有季度评议的测评会" in err
    assert not list(tmp_path.glob("a.*"))


def test_chart_command_draws_every_kind_from_the_demo(capsys, demo_path, tmp_path):
    pytest.importorskip("desktop_app.core.quarter_scores", reason="季度评分核心尚未接入")
    for kind, extra in (("distribution", ()), ("trend", ("--unit", "丹江镇")), ("histogram", ("--year", "2024", "--quarter", "2")),
                        ("heatmap", ("--year", "2025"))):
        target = tmp_path / f"{kind}.png"
        code, out, err = run(capsys, "chart", demo_path, kind, target, *extra)
        assert code == 0, err
        assert re.search(r"已保存图表「.+」：.+（PNG，\d+×\d+ 像素）", out)
        assert png_size(target.read_bytes()) == tuple(int(n) for n in re.findall(r"(\d+)×(\d+)", out)[0])
        assert kind != "histogram" or "2024年第2季度全县评议综合得分分布" in out
    code, out, _err = run(capsys, "chart", demo_path, "trend", tmp_path / "趋势.svg")
    assert code == 0 and "SVG" in out and ET.parse(tmp_path / "趋势.svg").getroot().tag.endswith("svg")
