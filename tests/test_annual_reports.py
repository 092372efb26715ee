"""The year's reports read back: a unit's results (header on every page, notes numbered as the table
points to them), the county summary (charts, progress), dossiers (each from page 1, the chart only
when given, the ID number masked), the trend chart, and the one table→Excel writer."""

import io
import re
from fractions import Fraction

import pdfplumber
import pytest
from annual_county import annual, annual_template, county, decide_2025  # noqa: F401 — fixtures
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.core.annual_table import quota_sheet
from desktop_app.core.assessment import assess_year
from desktop_app.core.dossier import cadre_dossier
from desktop_app.core.errors import KaopingError
from desktop_app.core.table_export import TableSheet, export_table, export_tables
from desktop_app.reports.annual_print import (
    county_document,
    distribution_figures,
    unit_document,
    write_county_summary,
)
from desktop_app.reports.annual_unit_pdf import AnnualUnitDocument, SubjectRow, build_annual_unit_pdf
from desktop_app.reports.county_summary_pdf import build_county_summary_pdf
from desktop_app.reports.dossier_pdf import build_dossiers_pdf
from desktop_app.reports.dossier_print import trend_png, write_dossiers

MM = 72 / 25.4
HANGING = "。，、；：）”"  # closing punctuation may hang past the line's end (标点悬挂)
AS_OF = "2026-03-10"


def pages_of(source) -> list[list[str]]:
    with pdfplumber.open(source) as pdf:
        return [[line.strip() for line in page.extract_text().splitlines()] for page in pdf.pages]


def images(source) -> int:
    return sum(len(page.images) for page in PdfReader(source).pages)


def assert_in_text_block(source) -> None:
    """Every character of the body within the GB/T 9704 text block (28 mm left, 26 mm right)."""
    with pdfplumber.open(source) as pdf:
        for page in pdf.pages:
            body = [c for c in page.chars if c["bottom"] < (297 - 35) * MM + 0.5 and c["text"] not in HANGING]
            assert min(c["x0"] for c in body) >= 28 * MM - 0.5
            assert max(c["x1"] for c in body) <= (210 - 26) * MM + 0.5


def assert_fonts_embedded(source) -> None:
    for page in PdfReader(source).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert re.fullmatch(r"/[A-Z]{6}\+\S+", font["/BaseFont"]) and "/FontFile2" in font["/FontDescriptor"]


# -- a unit's results ---------------------------------------------------------------------------------
def test_a_long_unit_table_runs_on_with_its_header_and_stays_in_the_text_block():
    posts = ["党委书记", "党委副书记、镇长", "副镇长", "党组成员、副局长、县教育督导室主任", "四级主任科员"]
    cadres = [SubjectRow(f"干部{n:02d}", posts[n % 5], ["92.5", "90.1", "—"], "91.3", "称职", "基本称职",
                         "等次比例、黄牌红牌、审定调整（注2）" if n % 7 == 0 else "") for n in range(1, 61)]
    document = AnnualUnitDocument("丹江镇人民政府", 2025, SubjectRow("丹江镇人民政府领导班子", "", ["88.0"], "88.7", "较好",
                                                                     "较好"), cadres, ["责任制考核"],
                                  ["月度实绩", "季度评议", "年度测评"], status="考核委员会已审定全部等次。",
                                  issuer="中共雷山县委组织部", issued_on="2026-01-20")
    stream = io.BytesIO()
    pages = build_annual_unit_pdf(document, stream)
    texts = pages_of(stream)
    assert pages == len(texts) >= 3
    assert [lines[-1] for lines in texts] == [f"— {n} —" for n in range(1, pages + 1)]
    assert all(lines[0] == "丹江镇人民政府2025年度考核结果（续）" for lines in texts[1:])
    for lines in texts[1:]:
        if any(re.match(r"^\d+ 干部\d\d", line) for line in lines):
            assert any(line.startswith("序号 姓名 职务") for line in lines)  # the header repeats
    names = [m[1] for lines in texts for line in lines if (m := re.match(r"^\d+ (干部\d\d) ", line))]
    assert names == [f"干部{n:02d}" for n in range(1, 61)]
    assert "中共雷山县委组织部" in texts[-1] and "2026年1月20日" in texts[-1]
    assert_in_text_block(stream)
    assert_fonts_embedded(stream)


def test_the_unit_notes_are_numbered_as_the_table_points_to_them(annual):  # noqa: F811
    store, ids = annual
    decide_2025(store, ids)
    document = unit_document(store.db, 2025, ids["西江镇"])
    assert document.team.final == "差" and document.team.note == "党纪处分（注1）"
    assert [(c.name, c.proposed, c.final, c.note) for c in document.cadres] == [
        ("赵六", "不称职", "不称职", "党纪处分（注2）"), ("张三", "称职", "称职", "注3"),
        ("钱七", "称职", "称职", "注4")]
    assert document.explanations[1].startswith("赵六（西江镇）：当年受到党纪处分（2025年6月1日警告），评为'不称职'")
    assert document.follow_ups[0] == "西江镇领导班子：诫勉谈话，责令限期整改（年度考核评为'差'）"
    assert document.status == "2025年度考核领导班子1个、干部3名。考核委员会已审定全部等次。"
    assert unit_document(store.db, 2024, ids["西江镇"]).status.endswith("尚有3个对象未审定，审定等次栏为“未审定”。")
    with pytest.raises(KaopingError, match="2020年度没有考核对象"):
        unit_document(store.db, 2020, ids["丹江镇"])


# -- the county summary ---------------------------------------------------------------------------------
def test_the_county_summary_with_charts_and_progress(annual, tmp_path):  # noqa: F811
    store, ids = annual
    decide_2025(store, ids)
    heard = []
    path = write_county_summary(store.db, 2025, tmp_path / "汇总.pdf", issuer="中共雷山县委组织部",
                                issued_on="2026-03-12", progress=lambda *a: heard.append(a))
    assert heard[0] == (0, 10, "正在汇总年度考核结果") and heard[-1] == (10, 10, "正在排版汇总：后续措施")
    assert [done for done, _total, _text in heard] == sorted(done for done, _total, _text in heard)
    text = "\n".join("\n".join(lines) for lines in pages_of(path))
    for heading in ("一、总体情况", "二、等次分布", "三、等次限额使用", "四、规则调整情况", "五、审定调整", "六、提请审定事项",
                    "七、后续措施"):
        assert heading in text
    assert "参评领导班子 2个 参评干部 6名" in text and "干部审定等次 0 4 1 1 6" in text
    assert "丹江镇 较好 3 0 2 1 0 0.0%" in text and "西江镇 差 3 0 2 0 1 0.0%" in text
    assert images(path) == 2
    assert_in_text_block(path)
    plain = io.BytesIO()
    build_county_summary_pdf(county_document(store.db, 2025), plain)
    assert images(plain) == 0 and "没有并列或无法拟定等次的对象。" in "".join(sum(pages_of(plain), []))
    undecided = county_document(store.db, 2024)
    assert "审定等次（未审定的按拟定）" in undecided.cadre_counts
    assert county_document(store.db, 2025).quota_final == "审定后实有"  # all decided
    assert undecided.quota_final == "审定后实有（未审定的按拟定）"  # the undecided counted at their proposed grade
    charts = distribution_figures(undecided)
    assert [t.get_text() for t in charts[1].axes[0].get_yticklabels()] == ["拟定等次", "审定等次（未审定的按拟定）"]
    assert charts[0].axes[0].get_xlabel() == "个数" and charts[1].axes[0].get_xlabel() == "人数"  # teams, cadres
    sheet = quota_sheet(assess_year(store.db, 2024))
    assert sheet.columns[-1] == "审定后实有（未审定的按拟定）"
    assert any("缺少综合得分和等次" in line for line in undecided.committee)


# -- dossiers -----------------------------------------------------------------------------------------
def test_dossiers_each_from_page_one_with_the_chart_only_when_given(annual):  # noqa: F811
    store, ids = annual
    decide_2025(store, ids)
    zhang, li = (cadre_dossier(store.db, ids[k], as_of=AS_OF) for k in ("张三", "李四"))
    png = trend_png(zhang)
    stream = io.BytesIO()
    build_dossiers_pdf([zhang, li], stream, charts=[png, None])
    texts = pages_of(stream)
    starts = [n for n, lines in enumerate(texts) if lines[0] == "干部考核档案"]
    assert len(starts) == 2 and [texts[n][-1] for n in starts] == ["— 1 —", "— 1 —"]
    continued = {lines[0] for lines in texts if lines[0].startswith("干部考核档案（续）")}
    assert continued == {"干部考核档案（续） 张三", "干部考核档案（续） 李四"}
    assert images(stream) == 1
    whole = "\n".join(sum(texts, []))
    assert zhang.identity.masked_id_number in whole and zhang.identity.id_number not in whole
    assert "2025 好 好 较好 好 一般 较好 好 好 较好 好 一般 较好" in whole
    assert "2025年第4季度 丹江镇 98.00 好 1/3" in whole and "九、处分" in whole
    assert_in_text_block(stream)
    assert_fonts_embedded(stream)
    full = io.BytesIO()
    build_dossiers_pdf([zhang], full, full_id_number=True)
    assert zhang.identity.id_number in "".join(sum(pages_of(full), []))


def test_a_county_of_dossiers_reports_progress_through_three_stages(annual, tmp_path):  # noqa: F811
    store, _ids = annual
    heard = []
    path, count = write_dossiers(store.db, tmp_path / "档案.pdf", as_of=AS_OF, chart=False,
                                 progress=lambda *a: heard.append(a))
    assert count == 6 and path.exists() and len(heard) == 18
    assert [done for done, _t, _x in heard] == list(range(1, 19)) and {t for _d, t, _x in heard} == {18}
    assert heard[5][2].startswith("正在汇集考核档案") and heard[6][2].startswith("正在绘制得分走势图")
    assert heard[-1][2].startswith("正在排版考核档案：第 6 / 6 人")


def test_the_trend_chart_draws_quarters_and_years_or_says_there_is_nothing():
    from desktop_app.charts.trend import cadre_trend

    figure = cadre_trend([(2024, 4, 98.0), (2025, 1, 88.0), (2025, 2, None)], [(2025, 91.8, "称职")])
    (ax,) = figure.axes
    assert [len(line.get_xdata()) for line in ax.get_lines()] == [2, 1]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024年", "2025年"]
    empty = cadre_trend([(2025, 1, None)], [])
    assert [t.get_text() for t in empty.axes[0].texts] == ["暂无得分"]


# -- the table writer ---------------------------------------------------------------------------------
def test_any_table_goes_to_excel_with_a_bold_frozen_header_and_typed_cells(tmp_path):
    rows = [[1, "522634198001011234", Fraction(1835, 20), None, True, "一\n二"], [2, "0012", 88.5, "", False, ""]]
    path = export_tables(tmp_path / "表.xlsx", [TableSheet("名单[2025]/一", ["序号", "身份证号", "得分", "备注", "锁定", "说明"],
                                                           rows, number_format={2: "0.0"}),
                                                TableSheet("名单[2025]/一", ["甲"], [])])
    book = load_workbook(path)
    assert book.sheetnames == ["名单_2025__一", "名单_2025__一(2)"]
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    assert [c.value for c in sheet[2]] == [1, "522634198001011234", 91.75, None, "是", "一\n二"]
    assert sheet["B2"].data_type == "s" and sheet["C2"].number_format == "0.0" and sheet["C2"].data_type == "n"
    assert sheet.column_dimensions["B"].width == 20 and sheet.column_dimensions["A"].width == 6
    assert [p.name for p in tmp_path.iterdir()] == ["表.xlsx"]  # no temporary file left behind
    with pytest.raises(KaopingError, match="须以 .xlsx 结尾"):
        export_table(tmp_path / "表.xls", "名单", ["甲"], [])
    with pytest.raises(KaopingError, match="文件夹不存在"):
        export_table(tmp_path / "没有" / "表.xlsx", "名单", ["甲"], [])


def test_cancelling_the_dossiers_through_progress_leaves_no_file(annual, tmp_path):  # noqa: F811
    store, _ids = annual

    class Cancelled(Exception):
        pass

    def progress(done, total, text):
        if text.startswith("正在排版"):
            raise Cancelled

    with pytest.raises(Cancelled):
        write_dossiers(store.db, tmp_path / "档案.pdf", as_of=AS_OF, chart=False, progress=progress)
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".pdf"]
