"""Quarterly evaluation printouts: the ballot (民主测评表) and a unit's results (季度评议结果).

Read back from the PDF with pdfplumber (text, tables, ruled lines in millimetres) and pypdf
(the embedded chart), as the notice and the report form are in test_reports_pdf.py.
"""

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

from desktop_app.reports import quarter_terms
from desktop_app.reports.ballot_pdf import Ballot, build_ballots_pdf, build_category_ballots_pdf
from desktop_app.reports.quarter_results_pdf import (
    MeetingFacts,
    QuarterResultsDocument,
    ResultRow,
    build_quarter_results_pdf,
)

MM = 72 / 25.4
CADRES = [("欧阳建国", "党委书记"), ("王堃", "党委副书记、镇长"), ("李四", "副镇长"),
          ("张小明", "党组成员、副局长、县教育督导室主任"), ("赵丽", "四级主任科员")]
CATEGORIES = ("领导", "同级", "干部职工")
HANGING = "。，、；：）”"  # closing punctuation may hang past the line's end (标点悬挂), as CJK type does
GRADE_ROW = "好 较好 一般 差 好 较好 一般 差 好 较好 一般 差"
CONTINUED = "2025年第3季度干部民主测评表（续） 丹江镇人民政府 测评人类别：干部职工"


def ballot(cadres=CADRES, **changes) -> Ballot:
    fields = dict(unit="丹江镇人民政府", year=2025, quarter=3, cadres=list(cadres), meeting_date=date(2025, 10, 10),
                  category="干部职工", categories=CATEGORIES)
    fields.update(changes)
    return Ballot(**fields)


def many(count: int) -> list[tuple[str, str]]:
    return [(f"干部{n:03d}", "副镇长" if n % 3 else "党组成员、副局长、县教育督导室主任") for n in range(1, count + 1)]


def pages_of(source) -> list[list[str]]:
    with pdfplumber.open(source) as pdf:
        return [[line.strip() for line in page.extract_text().splitlines()] for page in pdf.pages]


def numbered_rows(lines: list[str]) -> list[str]:
    """The names of a ballot page's rows ("12 干部012 副镇长"), in order."""
    return [match[2] for line in lines if (match := re.match(r"^(\d+) (\S+)", line))]


# -- words ---------------------------------------------------------------------------------
def test_aspect_labels_are_given_known_short_or_a_first_phrase():
    assert quarter_terms.aspect_labels(quarter_terms.DEFAULT_ASPECTS) == ["学习思路", "责任作风", "工作绩效"]
    assert quarter_terms.aspect_labels(["德", "能", "勤", "绩", "廉"]) == ["德", "能", "勤", "绩", "廉"]
    assert quarter_terms.aspect_labels(["政治素质、政治能力"]) == ["政治素质"]
    assert quarter_terms.aspect_labels(["甲乙丙丁戊己庚"], ["甲"]) == ["甲"]
    with pytest.raises(ValueError):
        quarter_terms.aspect_labels(["德", "能"], ["德"])
    assert quarter_terms.aspect_legend(["德", "工作数量、质量"], ["德", "工作数量"]) == ["二、工作数量：工作数量、质量"]
    assert quarter_terms.quarter_text(2025, 3) == "2025年第3季度"
    with pytest.raises(ValueError, match="季度"):
        Ballot("丹江镇", 2025, 5)


def test_the_words_load_without_reportlab():
    code = "import sys\nimport desktop_app.reports.quarter_terms\nprint('reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False"


# -- the ballot ----------------------------------------------------------------------------
def test_ballot_prints_its_header_instructions_aspects_names_and_grade_columns():
    stream = io.BytesIO()
    assert build_ballots_pdf(ballot(), stream) == 1
    (lines,) = pages_of(stream)
    assert lines[0] == "2025年第3季度干部民主测评表"
    assert lines[1] == "单位：丹江镇人民政府 测评时间：2025年10月10日 测评人类别： 领导 同级 ✓干部职工"
    assert lines[2] == ("说明： 本表无记名填写。请在每位同志每个方面相应等次栏内划“✓”，每个方面只能选一个等次，"
                        "多选或不选视为弃权。")
    assert lines[3:6] == ["测评内容： 一、学习思路：学习研究、工作思路、工作安排、工作措施",
                          "二、责任作风：工作责任心、联系群众、团结同志、遵纪守法、严格管理、勤奋敬业、出勤情况",
                          "三、工作绩效：工作数量、质量、效率、解决实际问题、业务工作推进、取得总体绩效"]
    assert lines[6:9] == ["一、学习思路 二、责任作风 三、工作绩效", "序号 姓名 职务", GRADE_ROW]
    assert numbered_rows(lines) == [name for name, _ in CADRES]
    assert "1 欧阳建国 党委书记" in lines and "5 赵丽 四级主任科员" in lines
    assert lines[-2:] == ["填表日期： 年 月 日", "— 1 —"]
    assert "份" not in "".join(lines)  # one copy: no copy number
    with pdfplumber.open(stream) as pdf:
        assert pdf.pages[0].width > pdf.pages[0].height  # landscape A4
        assert abs(pdf.pages[0].width - 297 * MM) < 1


def test_a_ballot_without_category_or_names_prints_blank_rows_to_fill():
    stream = io.BytesIO()
    build_ballots_pdf(ballot(cadres=[], category="", categories=(), meeting_date=None), stream)
    (lines,) = pages_of(stream)
    assert lines[1] == "单位：丹江镇人民政府 测评时间： 年 月 日"
    assert [line for line in lines if re.fullmatch(r"\d+", line)] == [str(n) for n in range(1, 13)]
    stream = io.BytesIO()
    build_ballots_pdf(ballot(cadres=["张三", ("李四",)], category="", categories=CATEGORIES), stream)
    assert numbered_rows(pages_of(stream)[0]) == ["张三", "李四"]  # bare names: no post
    assert "测评人类别： 领导 同级 干部职工" in pages_of(stream)[0][1]  # the voter ticks the category
    assert "测评人类别： 领导 同级 干部职工" in pages_of(stream)[0][1]


def test_each_copy_is_its_own_page_set_numbered_on_every_page():
    stream = io.BytesIO()
    assert build_ballots_pdf(ballot(), stream, copies=3) == 3
    for copy, lines in enumerate(pages_of(stream), 1):
        assert lines[0] == f"第 {copy} 份"
        assert lines[1] == "2025年第3季度干部民主测评表" and lines[-1] == "— 1 —"
        assert numbered_rows(lines) == [name for name, _ in CADRES]
    stream = io.BytesIO()
    build_ballots_pdf(ballot(), stream, copies=2, numbered=False)
    assert all("份" not in "".join(lines) for lines in pages_of(stream))
    with pytest.raises(ValueError):
        build_ballots_pdf(ballot(), io.BytesIO(), copies=0)


def test_a_long_ballot_runs_on_with_the_header_repeated_and_each_copy_starts_afresh(tmp_path):
    target = tmp_path / "测评表.pdf"
    pages = build_ballots_pdf(ballot(cadres=many(60)), target, copies=2)
    texts = pages_of(target)
    assert pages == len(texts) and pages % 2 == 0 and pages >= 6
    per_copy = pages // 2
    for copy in (1, 2):
        copy_pages = texts[(copy - 1) * per_copy:copy * per_copy]
        names = []
        for number, lines in enumerate(copy_pages, 1):
            assert lines[-1] == f"— {number} —"
            if number == 1:
                assert lines[:2] == [f"第 {copy} 份", "2025年第3季度干部民主测评表"]
            else:
                assert lines[0] == f"{CONTINUED} 第 {copy} 份"
                assert lines[1:4] == ["一、学习思路 二、责任作风 三、工作绩效", "序号 姓名 职务", GRADE_ROW]
            names += numbered_rows(lines)
            assert ("填表日期： 年 月 日" in lines) == (number == per_copy)
        assert names == [name for name, _ in many(60)]
        assert numbered_rows(copy_pages[-1])  # the date line never goes over alone


def test_tick_boxes_keep_their_size_on_every_page():
    """Each grade cell is about 14 × 7.5 mm, on continuation pages too (reportlab drops the
    minimum row heights of the part of a table that runs on: layout.RuledTable keeps them)."""
    stream = io.BytesIO()
    build_ballots_pdf(ballot(cadres=[(f"干部{n}", "副镇长") for n in range(45)]), stream)
    with pdfplumber.open(stream) as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            rules = [edge for edge in page.edges if edge["top"] > 35 * MM or edge["x0"] > 40 * MM]  # not the tick boxes
            rows = sorted({round(edge["top"], 1) for edge in rules if edge["orientation"] == "h"})
            columns = sorted({round(edge["x0"], 1) for edge in rules
                              if edge["orientation"] == "v" and edge["bottom"] - edge["top"] > 5 * MM})
            body = [b - a for a, b in zip(rows, rows[1:], strict=False)][-3:]  # the last rows of the page
            assert all(7.4 * MM <= height < 8 * MM for height in body), body
            boxes = [b - a for a, b in zip(columns, columns[1:], strict=False)][-12:]
            assert all(abs(width - 14 * MM) < 0.5 for width in boxes), boxes
            chars = [char for char in page.chars if 20 * MM < char["top"] < page.height - 20 * MM]
            assert min(char["x0"] for char in chars) >= 18 * MM - 0.5  # within the margins
            assert max(char["x1"] for char in chars) <= page.width - 18 * MM + 0.5


def test_ballots_by_voter_category_tick_their_category_and_number_copies_within_it():
    one = ballot(category="")
    stream = io.BytesIO()
    pages = build_category_ballots_pdf({"领导": one, "同级": one, "干部职工": one}, stream,
                                       {"领导": 2, "干部职工": 3})  # 同级 not given: one copy
    assert pages == 6
    expected = [("领导", "第 1 份"), ("领导", "第 2 份"), ("同级", ""), ("干部职工", "第 1 份"),
                ("干部职工", "第 2 份"), ("干部职工", "第 3 份")]
    for lines, (category, mark) in zip(pages_of(stream), expected, strict=True):
        if mark:
            assert lines[0] == mark
        header = next(line for line in lines if line.startswith("单位："))
        assert f"✓{category}" in header and header.count("✓") == 1
    with pytest.raises(ValueError):
        build_category_ballots_pdf({"领导": ballot()}, io.BytesIO())  # a 干部职工 ballot filed under 领导
    with pytest.raises(ValueError):
        build_category_ballots_pdf({"领导": one}, io.BytesIO(), {"服务对象": 2})
    with pytest.raises(ValueError):
        build_category_ballots_pdf({"领导": one}, io.BytesIO(), {"领导": 0})


def test_a_ballot_too_wide_for_the_page_is_refused():
    with pytest.raises(ValueError, match="放不下"):
        build_ballots_pdf(ballot(aspects=[f"方面{n}" for n in range(8)]), io.BytesIO())


# -- the results ---------------------------------------------------------------------------
def result_rows() -> list[ResultRow]:
    rows = [
        ResultRow("李四", "副镇长", 3, [88.0, 86.5, 85.25], 86.583, 0.3, 0.85, "较好",
                  [[12, 20, 7, 1], [10, 22, 7, 1], [9, 23, 6, 2]]),
        ResultRow("欧阳建国", "党委书记", 1, [95.0, 94.0, 93.0], 94.0, 0.75, 0.975, "好",
                  [{"好": 30, "较好": 9, "一般": 1}, [29, 10, 1, 0], [28, 11, 1, 0]]),
        ResultRow("王堃", "党委副书记、镇长", 2, [91.5, 90.0, 89.0], 90.1667, 0.55, 0.9, "较好",
                  [[22, 14, 4, 0], [20, 16, 4, 0], [19, 17, 3, 1]], note="与第3名差距小"),
        ResultRow("赵丽", "四级主任科员", None, grade=""),
    ]
    return rows


def results(**changes) -> QuarterResultsDocument:
    fields = dict(unit="丹江镇人民政府", year=2025, quarter=3, rows=result_rows(),
                  facts=MeetingFacts(date(2025, 10, 10), 45, 42, 42, 41, 40),
                  notes=["综合得分按“好”100分、“较好”80分、“一般”60分、“差”40分计算。"],
                  issuer="中共丹江镇委员会", issued_on=date(2025, 10, 12))
    fields.update(changes)
    return QuarterResultsDocument(**fields)


def test_results_print_the_meeting_ranked_rows_distribution_and_raw_counts():
    stream = io.BytesIO()
    assert build_quarter_results_pdf(results(), stream) == 2
    first, last = pages_of(stream)
    assert first[-1] == "— 1 —" and last[-1] == "— 2 —"
    assert last[0] == "说明：学习思路：学习研究、工作思路、工作安排、工作措施"  # the notes go over with the signature
    lines = first[:-1] + last
    assert lines[0] == "丹江镇人民政府2025年第3季度干部评议结果"
    assert "测评时间：2025年10月10日" in lines
    with pdfplumber.open(stream) as pdf:
        facts, ranked, counts = pdf.pages[0].extract_tables()
    assert facts == [["应到人数", "实到人数", "发出测评表", "收回测评表", "有效测评表"],
                     ["45人", "42人", "42份", "41份", "40份"]]
    assert [cell.replace("\n", "") for cell in ranked[0]] == [
        "名次", "姓名", "职务", "学习思路", "责任作风", "工作绩效", "综合得分", "好评率", "好和较好率", "季度等次", "备注"]
    assert [[cell.replace("\n", "") for cell in row] for row in ranked[1:]] == [
        ["1", "欧阳建国", "党委书记", "95.00", "94.00", "93.00", "94.00", "75.0%", "97.5%", "好", ""],
        ["2", "王堃", "党委副书记、镇长", "91.50", "90.00", "89.00", "90.17", "55.0%", "90.0%", "较好", "与第3名差距小"],
        ["3", "李四", "副镇长", "88.00", "86.50", "85.25", "86.58", "30.0%", "85.0%", "较好", ""],
        ["—", "赵丽", "四级主任科员", "—", "—", "—", "—", "—", "—", "", ""],
    ]
    assert counts[1][2:] == GRADE_ROW.split()
    assert counts[2:] == [["1", "欧阳建国", "30", "9", "1", "0", "29", "10", "1", "0", "28", "11", "1", "0"],
                          ["2", "王堃", "22", "14", "4", "0", "20", "16", "4", "0", "19", "17", "3", "1"],
                          ["3", "李四", "12", "20", "7", "1", "10", "22", "7", "1", "9", "23", "6", "2"],
                          ["—", "赵丽"] + [""] * 12]
    text = "".join(lines)
    assert "季度等次：好1人（25.0%），较好2人（50.0%），未定等次1人（25.0%）；共4人。" in text
    assert "各方面得票情况（票）" in lines
    assert "说明：学习思路：学习研究、工作思路、工作安排、工作措施" in lines
    assert "综合得分按“好”100分、“较好”80分、“一般”60分、“差”40分计算。" in lines
    assert lines[-3:] == ["中共丹江镇委员会", "2025年10月12日", "— 2 —"]


def test_counts_by_voter_category_print_a_row_each_and_their_sum():
    row = ResultRow("欧阳建国", "党委书记", 1, [95.0, 94.0, 93.0], 94.0, 0.75, 0.975, "好",
                    category_counts={"领导": [[4, 1, 0, 0]] * 3, "干部职工": [[26, 8, 1, 0]] * 3})
    document = results(rows=[row], facts=MeetingFacts(valid=40, valid_by_category={"领导": 5, "干部职工": 35}))
    stream = io.BytesIO()
    build_quarter_results_pdf(document, stream)
    (lines,) = pages_of(stream)
    assert "其中有效测评表：领导5份，干部职工35份" in lines
    with pdfplumber.open(stream) as pdf:
        counts = pdf.pages[0].extract_tables()[-1]
    assert counts[0][:3] == ["名次", "姓名", "类别"]
    assert [line[2:] for line in counts[2:]] == [["领导"] + ["4", "1", "0", "0"] * 3,
                                                 ["干部职工"] + ["26", "8", "1", "0"] * 3,
                                                 ["合计"] + ["30", "9", "1", "0"] * 3]


def test_results_of_many_cadres_run_on_with_headers_and_page_numbers():
    rows = [ResultRow(f"干部{n:03d}", "副镇长", n, [90.0, 90.0, 90.0], 90 - n / 10, 0.5, 0.9, "较好",
                      [[20, 15, 4, 1]] * 3) for n in range(1, 61)]
    stream = io.BytesIO()
    pages = build_quarter_results_pdf(results(rows=rows), stream)
    texts = pages_of(stream)
    assert pages == len(texts) >= 3
    assert [lines[-1] for lines in texts] == [f"— {n} —" for n in range(1, pages + 1)]
    ranked = [line.split()[1] for lines in texts for line in lines if re.match(r"^\d+ 干部\d{3} 副镇长 ", line)]
    assert ranked == [f"干部{n:03d}" for n in range(1, 61)]
    with pdfplumber.open(stream) as pdf:
        for page in pdf.pages:
            body = [char for char in page.chars if char["bottom"] < (297 - 35) * MM + 0.5
                    and char["text"] not in HANGING]
            assert min(char["x0"] for char in body) >= 28 * MM - 0.5  # the GB/T 9704 text block
            assert max(char["x1"] for char in body) <= (210 - 26) * MM + 0.5


def tiny_png(width: int, height: int) -> bytes:
    stream = io.BytesIO()
    PILImage.new("RGB", (width, height), (40, 90, 160)).save(stream, format="PNG")
    return stream.getvalue()


def image_count(stream) -> int:
    count = 0
    for page in PdfReader(stream).pages:
        objects = page["/Resources"].get("/XObject", {})
        count += sum(1 for item in objects.values() if item.get_object()["/Subtype"] == "/Image")
    return count


def test_a_chart_is_embedded_at_its_drawn_size_and_only_when_given():
    stream = io.BytesIO()
    build_quarter_results_pdf(results(), stream, chart_png=tiny_png(400, 200), chart_caption="图1 综合得分")
    assert image_count(stream) == 1
    with pdfplumber.open(stream) as pdf:
        (image,) = [image for page in pdf.pages for image in page.images]
        assert abs(image["width"] - 400 / 200 * 72) < 0.5 and abs(image["height"] - 200 / 200 * 72) < 0.5
    assert "图1 综合得分" in "".join(line for lines in pages_of(stream) for line in lines)
    wide = io.BytesIO()
    build_quarter_results_pdf(results(), wide, chart_png=tiny_png(3000, 1000))
    with pdfplumber.open(wide) as pdf:
        (image,) = [image for page in pdf.pages for image in page.images]
        assert abs(image["width"] - 156 * MM) < 0.5  # no wider than the text block
    plain = io.BytesIO()
    build_quarter_results_pdf(results(), plain)
    assert image_count(plain) == 0


def test_counts_that_do_not_fit_the_grades_are_refused():
    with pytest.raises(ValueError, match="等次"):
        build_quarter_results_pdf(results(rows=[ResultRow("张三", counts=[{"优秀": 3}])]), io.BytesIO())
    with pytest.raises(ValueError, match="4 个等次"):
        build_quarter_results_pdf(results(rows=[ResultRow("张三", counts=[[1, 2, 3]])]), io.BytesIO())
