"""Printed documents (打印文书): the 公示 notice and the 《实绩报告登记表》, read back from the PDF.

pdfplumber extracts the Chinese text exactly from the embedded TrueType subsets, so the
tests compare the printed words themselves; positions are checked in millimetres against
GB/T 9704 (A4, margins 37/28/35/26 mm, page numbers right on odd pages, left on even ones).
"""

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from desktop_app.reports import fonts
from desktop_app.reports.dates import chinese_date, chinese_month, period_text
from desktop_app.reports.notice_pdf import NoticeDocument, build_notice_pdf
from desktop_app.reports.report_form_pdf import ReportForm, ReportItem, build_report_forms_pdf
from desktop_app.reports.verification import ALPHABET, code_matches, normalise_code, verification_code
from desktop_app.resources import bundled_font

MM = 72 / 25.4
PAGE_WIDTH = 210
CHANNELS = {"phone": "0855-3331234、12380", "mailbox": "lsxzzb@163.com",
            "letter_address": "雷山县丹江镇永乐路1号县委组织部干部监督室", "address": "县行政中心4楼408室",
            "hours": "工作日上午8:30—12:00，下午14:30—18:00"}
NAMES = ["张三", "李四", "王小明", "欧阳建国"]


def notice(count: int = 4, **changes) -> NoticeDocument:
    rows = [[str(n + 1), NAMES[n % 4] + (str(n + 1) if count > 4 else ""), "丹江镇人民政府", "副镇长",
             "好" if n % 2 else "较好"] for n in range(count)]
    fields = dict(
        title="关于2025年8月干部工作实绩报告情况的公示",
        basis="经各单位党委（党组）会议审核，现将2025年8月干部工作实绩报告审核情况予以公示。",
        columns=["序号", "姓名", "单位", "职务", "完成等次"], rows=rows,
        start=date(2025, 9, 26), end="2025-10-11", workdays=7, channels=dict(CHANNELS),
        issuer="中共雷山县委组织部", issued_on=date(2025, 9, 26))
    fields.update(changes)
    return NoticeDocument(**fields)


def filled_form(items: int = 3) -> ReportForm:
    return ReportForm(unit="丹江镇人民政府", name="欧阳建国", post="党委副书记、镇长", month="2025-09",
                      planned=["推进乡村振兴示范点建设", "完成秋收秋种督导"],
                      items=[ReportItem(f"示范点建设第{n}批", "已验收，资金拨付到位", "验收报告") for n in range(1, items + 1)],
                      self_grade="较好", truthful="属实", review_grade="好", review_opinion="报告属实，完成良好。",
                      principal="王某某", signed_on=date(2025, 10, 8))


def page_texts(source) -> list[str]:
    with pdfplumber.open(source) as pdf:
        return [page.extract_text() for page in pdf.pages]


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


@pytest.fixture
def fonts_of_this_test(monkeypatch):
    """Lets a test choose fonts from its own folders; the process's choice comes back after it."""
    monkeypatch.setattr(fonts, "_choices", None)
    return fonts


# -- dates -------------------------------------------------------------------------------
def test_dates_are_written_in_arabic_numerals_without_zero_padding():
    assert chinese_date(date(2025, 9, 6)) == "2025年9月6日"
    assert chinese_date("2025-10-11") == "2025年10月11日"
    assert chinese_month("2025-09") == "2025年9月"
    assert chinese_month(date(2025, 12, 31)) == "2025年12月"


def test_period_text_omits_the_year_of_the_end_only_within_one_year():
    assert period_text(date(2025, 9, 26), date(2025, 10, 11), 7) == "2025年9月26日至10月11日（7个工作日）"
    assert period_text("2025-12-26", "2026-01-06", 7) == "2025年12月26日至2026年1月6日（7个工作日）"
    assert period_text("2025-03-03", "2025-03-07", 5) == "2025年3月3日至3月7日（5个工作日）"
    with pytest.raises(ValueError):
        period_text("2025-10-11", "2025-09-26", 7)


# -- verification codes ------------------------------------------------------------------
def test_verification_code_is_short_unambiguous_and_stable():
    content = notice().printable()
    code = verification_code(content)
    assert re.fullmatch(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", code)
    assert not set(code) & set("01OI")
    assert verification_code(dict(reversed(list(content.items())))) == code  # key order does not matter
    assert verification_code(notice().printable()) == code
    assert notice().verification() == code
    assert notice(code="ABCD-EFGH").verification() == "ABCD-EFGH"  # a code kept with the notice wins


@pytest.mark.parametrize("change", [
    {"title": "关于2025年9月干部工作实绩报告情况的公示"},
    {"basis": "经各单位党委（党组）会议审核。"},
    {"columns": ["序号", "姓名", "单位", "职务", "等次"]},
    {"rows": [["1", "张三", "丹江镇人民政府", "副镇长", "好"]]},
    {"start": date(2025, 9, 25)}, {"end": "2025-10-12"}, {"workdays": 8},
    {"channels": {**CHANNELS, "phone": "12380"}}, {"issuer": "中共雷山县委"},
    {"issued_on": date(2025, 9, 27)}, {"request": "请署真实姓名。"},
])
def test_verification_code_changes_with_any_printed_content(change):
    assert notice(**change).verification() != notice().verification()


def test_one_changed_cell_changes_the_code():
    changed = notice()
    changed.rows[3][4] = "一般"
    assert changed.verification() != notice().verification()


def test_typed_codes_are_normalised():
    assert normalise_code(" 7kq3 mx9d ") == "7KQ3-MX9D"
    assert normalise_code("7KQ3MX9D") == normalise_code("7kq3—mx9d") == "7KQ3-MX9D"
    assert normalise_code("７ＫＱ３－ＭＸ９Ｄ") == "7KQ3-MX9D"  # typed with a Chinese input method
    for wrong in ("", "7KQ3-MX9", "7KQ3-MX9DD", "7KQ3-MX0D", "7KQ3-MXOD", "1KQ3-MX9D", "IKQ3-MX9D", "7KQ3_MX9D"):
        assert normalise_code(wrong) is None, wrong
    content = notice().printable()
    assert code_matches(content, verification_code(content).lower().replace("-", " "))
    assert not code_matches(content, "2222-2222")


def test_pure_modules_do_not_load_reportlab():
    code = ("import sys\nimport desktop_app.reports, desktop_app.reports.dates, desktop_app.reports.verification\n"
            "print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False"


# -- the notice --------------------------------------------------------------------------
def test_notice_prints_every_part_exactly():
    document = notice()
    stream = io.BytesIO()
    code = build_notice_pdf(document, stream)
    assert code == document.verification()
    pages = [lines_of(text) for text in page_texts(io.BytesIO(stream.getvalue()))]
    assert len(pages) == 2  # 3号 type on a 22-line page: the closing and the seal go on together
    for number, lines in enumerate(pages, 1):
        assert lines[-2:] == [f"— {number} —", f"核验码：{code}"]
    lines = pages[0][:-2] + pages[1][:-2]
    assert lines[0] == "关于2025年8月干部工作实绩报告情况的公示"
    assert "".join(lines).count("经各单位党委（党组）会议审核，现将2025年8月干部工作实绩报告审核情况予以公示。") == 1
    expected = [
        "公示时间：2025年9月26日至10月11日（7个工作日）",
        "公示期间，如有异议，可通过以下方式反映：",
        "举报电话：0855-3331234、12380",
        "电子邮箱：lsxzzb@163.com",
        "来信地址：雷山县丹江镇永乐路1号县委组织部干部监督室（以邮戳日期为准）",
        "来访地址：县行政中心4楼408室",
        "接待时间：工作日上午8:30—12:00，下午14:30—18:00",
    ]
    joined = "\n".join(lines)
    assert "\n".join(expected) in joined.replace("干部监督室\n（", "干部监督室（")  # a wrapped line
    assert "".join(lines).count("反映问题要实事求是，提倡署真实姓名，并提供具体事实和联系方式") == 1
    assert lines[-2:] == ["中共雷山县委组织部", "2025年9月26日"]
    with pdfplumber.open(io.BytesIO(stream.getvalue())) as pdf:
        table = pdf.pages[0].extract_table()
    assert table == [document.columns] + document.rows


@pytest.mark.parametrize(("issuer", "inset_of_longer"), [("县委组织部", 4), ("中共雷山县委组织部", 2)])
def test_issuer_and_date_sit_at_the_bottom_right_with_room_for_the_seal(issuer, inset_of_longer):
    """GB/T 9704 7.3.5.1: the date four characters in, the issuer centred over it; an issuer
    longer than the date puts the pair two characters in."""
    stream = io.BytesIO()
    build_notice_pdf(notice(issuer=issuer), stream)
    with pdfplumber.open(stream) as pdf:
        page = pdf.pages[-1]
        signed, = page.search(issuer)
        issued, = page.search("2025年9月26日", regex=False)[-1:]
        above = max(char["bottom"] for char in page.chars if char["bottom"] < signed["top"] - 1)
    longer = max(signed, issued, key=lambda line: line["x1"] - line["x0"])
    assert abs((PAGE_WIDTH - 26) * MM - longer["x1"] - inset_of_longer * 16) < 3
    assert abs((signed["x0"] + signed["x1"]) / 2 - (issued["x0"] + issued["x1"]) / 2) < 1  # centred
    assert signed["top"] - above > 18 * MM  # blank room above for the seal


def test_a_300_name_notice_runs_over_pages_with_its_header_page_numbers_and_code(tmp_path):
    document = notice(300)
    target = tmp_path / "公示.pdf"
    code = build_notice_pdf(document, target)
    assert [p.name for p in tmp_path.iterdir()] == ["公示.pdf"]  # no temporary file left behind
    names = []
    with pdfplumber.open(target) as pdf:
        assert len(pdf.pages) > 5
        for number, page in enumerate(pdf.pages, 1):
            lines = lines_of(page.extract_text())
            assert lines[-2:] == [f"— {number} —", f"核验码：{code}"]
            mark, = page.search(f"— {number} —", regex=False)
            if number % 2:  # odd pages: right, one character (14 pt) in from the text block
                assert abs(mark["x1"] - ((PAGE_WIDTH - 26) * MM - 14)) < 1
            else:
                assert abs(mark["x0"] - (28 * MM + 14)) < 1
            for table in page.extract_tables():
                if number > 1 or table[0] == document.columns:
                    assert table[0] == document.columns  # the header row repeats on every page
                names += [row[1] for row in table[1:]]
    assert names == [row[1] for row in document.rows]


def test_text_stays_in_the_gbt9704_text_block():
    stream = io.BytesIO()
    build_notice_pdf(notice(40), stream)
    with pdfplumber.open(stream) as pdf:
        for page in pdf.pages:
            body = [char for char in page.chars if char["bottom"] < (297 - 35) * MM + 0.5]
            assert min(char["x0"] for char in body) >= 28 * MM - 0.5
            assert max(char["x1"] for char in body) <= (PAGE_WIDTH - 26) * MM + 0.5
            assert min(char["top"] for char in body) >= 37 * MM - 0.5
            assert all(char["top"] > (297 - 35) * MM for char in page.chars if char not in body)


def test_fonts_are_embedded_as_subsets():
    stream = io.BytesIO()
    build_notice_pdf(notice(), stream)
    build_report_forms_pdf([filled_form()], stream2 := io.BytesIO())
    for pdf in (stream, stream2):
        seen = 0
        for page in PdfReader(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                assert re.fullmatch(r"/[A-Z]{6}\+\S+", font["/BaseFont"]), font["/BaseFont"]
                assert "/FontFile2" in font["/FontDescriptor"]
                seen += 1
        assert seen


def test_a_name_the_system_face_lacks_prints_with_the_bundled_font(fonts_of_this_test, tmp_path):
    make_font(tmp_path / "simfang.ttf", "关于公示时间至日个工作")
    chosen = fonts.register_fonts([tmp_path])
    assert chosen["body"].path == tmp_path / "simfang.ttf" and chosen["body"].label == "仿宋"
    stream = io.BytesIO()
    build_notice_pdf(notice(rows=[["1", "王堃", "丹江镇人民政府", "副镇长", "好"]]), stream)
    with pdfplumber.open(stream) as pdf:
        assert pdf.pages[0].extract_table()[1] == ["1", "王堃", "丹江镇人民政府", "副镇长", "好"]


def test_a_notice_kept_in_the_database_prints_with_the_code_of_its_content(store, tmp_path):
    from desktop_app.core import units
    from desktop_app.core.notices import draft_notice, get_notice
    from desktop_app.core.workdays import load_calendar
    from desktop_app.reports.notice_print import notice_document, write_notice_pdf

    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    values = {"kind": "其他", "title": "丹江镇2025年8月干部工作实绩公示", "unit_ids": [town],
              "basis": "经镇党委会议审核现予公示。", "columns": ["序号", "姓名", "完成等次"],
              "entries": [{"cells": ["1", "张三", "好"]}, {"cells": ["2", "王堃", "较好"]}],
              "start_date": "2025-09-26", "workdays": 7, "channels": {"phone": "12380"}, "issuer": "中共丹江镇委员会"}
    notice_id = draft_notice(store, load_calendar(store.db), values)
    document = notice_document(get_notice(store.db, notice_id))
    assert document.paragraphs == ["经镇党委会议审核现予公示。"]
    assert document.channels == {"phone": "12380"} and str(document.issued_on) == "2025-09-26"
    assert write_notice_pdf(store.db, notice_id, tmp_path / "公示.pdf") == tmp_path / "公示.pdf"
    lines = [line for text in page_texts(tmp_path / "公示.pdf") for line in lines_of(text)]
    assert lines[0] == "丹江镇2025年8月干部工作实绩公示"
    assert "1 张三 好" in lines and "2 王堃 较好" in lines and "举报电话：12380" in lines
    assert f"核验码：{document.verification()}" in lines
    assert notice_document(get_notice(store.db, notice_id)).verification() == document.verification()


# -- fonts -------------------------------------------------------------------------------
def make_font(path: Path, chars: str, cff: bool = False) -> None:
    """A tiny font whose every glyph is a triangle, covering exactly `chars` (and the space).

    Each gets a family name of its own: reportlab shares one face among fonts of one name.
    """
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", "space"] + [f"uni{ord(c):04X}" for c in dict.fromkeys(chars)]
    family = "KpTest" + "".join(ch for ch in str(path) if ch.isalnum())[-24:]
    pen = T2CharStringPen(1000, None) if cff else TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 700))
    pen.lineTo((900, 700))
    pen.closePath()
    glyph = pen.getCharString() if cff else pen.glyph()
    builder = FontBuilder(1000, isTTF=not cff)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({32: "space", **{ord(c): f"uni{ord(c):04X}" for c in chars}})
    if cff:
        builder.setupCFF(family, {"FullName": family}, dict.fromkeys(names, glyph), {})
    else:
        builder.setupGlyf(dict.fromkeys(names, glyph))
    builder.setupHorizontalMetrics(dict.fromkeys(names, (1000, 100)))
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))


def test_without_system_faces_every_role_uses_the_bundled_font(fonts_of_this_test):
    chosen = fonts.register_fonts([])
    assert set(chosen) == {"title", "heading", "subheading", "body", "number"}
    assert {(c.path, c.subfont, c.bundled) for c in chosen.values()} == {(bundled_font(), 0, True)}
    assert fonts.fonts_in_use() == chosen


def test_system_faces_are_preferred_in_order_and_cff_fonts_refused(fonts_of_this_test, tmp_path):
    (tmp_path / "sub").mkdir()
    make_font(tmp_path / "sub" / "SIMFANG.TTF", "张三")
    make_font(tmp_path / "simsun.ttf", "张三李四")
    make_font(tmp_path / "simhei.ttf", "张三", cff=True)  # PostScript outlines: reportlab cannot embed them
    (tmp_path / "simkai.ttf").write_bytes(b"not a font")
    chosen = fonts.register_fonts([tmp_path])
    assert {role: c.label for role, c in chosen.items()} == {
        "title": fonts.BUNDLED_LABEL, "heading": fonts.BUNDLED_LABEL, "subheading": "仿宋", "body": "仿宋",
        "number": "宋体"}
    assert chosen["body"].path == tmp_path / "sub" / "SIMFANG.TTF"
    picked = fonts.document_fonts({"body": "张三", "number": "张三李四"})
    assert (picked["body"], picked["number"]) == (chosen["body"].font_name, chosen["number"].font_name)
    picked = fonts.document_fonts({"body": "张三李四"})  # 仿宋 lacks 李四: the bundled font prints the body
    assert picked["body"] == fonts.bundled_font_name()


def test_characters_no_font_has_are_reported():
    assert fonts.unprintable_characters("张三 王堃") == ""
    assert fonts.unprintable_characters("张\U00020000三") == "\U00020000"


# -- the monthly report form -------------------------------------------------------------
def test_blank_form_has_empty_rows_and_boxes_to_tick():
    stream = io.BytesIO()
    assert build_report_forms_pdf([], stream) == 1
    text, = page_texts(stream)
    lines = lines_of(text)
    assert lines[0] == "实绩报告登记表"
    assert lines[1:3] == ["单位 姓名", "职务 月份 年 月"]
    assert lines[3:5] == ["本月计划", "序号 工作任务"] and lines[5:9] == ["1", "2", "3", "4"]
    assert lines[9:11] == ["本月完成事项", "序号 工作事项 完成情况 佐证材料或备注"]
    assert lines[11:19] == [str(n) for n in range(1, 9)]
    for line in ("个人自评等次 好 较好 一般 差", "报告是否属实 属实 不属实", "完成等次 好 较好 一般 差",
                 "审核意见", "主要负责人签字 日期： 年 月 日", "— 1 —"):
        assert line in lines
    assert "✓" not in text


def test_filled_form_prints_its_data_and_ticks_the_grades():
    stream = io.BytesIO()
    assert build_report_forms_pdf([filled_form()], stream, blank_rows=8) == 1
    text, = page_texts(stream)
    lines = lines_of(text)
    assert lines[1:3] == ["单位 丹江镇人民政府 姓名 欧阳建国", "职务 党委副书记、镇长 月份 2025年9月"]
    assert lines[5:7] == ["1 推进乡村振兴示范点建设", "2 完成秋收秋种督导"]
    assert lines[7:12] == ["本月完成事项", "序号 工作事项 完成情况 佐证材料或备注",
                           "1 示范点建设第1批 已验收，资金拨付到位 验收报告",
                           "2 示范点建设第2批 已验收，资金拨付到位 验收报告",
                           "3 示范点建设第3批 已验收，资金拨付到位 验收报告"]
    assert "个人自评等次 好 ✓较好 一般 差" in lines
    assert "报告是否属实 ✓属实 不属实" in lines
    assert "班子审核 完成等次 ✓好 较好 一般 差" in lines
    assert "审核意见 报告属实，完成良好。" in lines
    assert "主要负责人签字 王某某 日期：2025年10月8日" in lines


def test_a_long_form_runs_on_with_its_own_page_numbers_and_the_next_starts_afresh(tmp_path):
    target = tmp_path / "登记表.pdf"
    pages = build_report_forms_pdf([filled_form(items=40), ReportForm(name="李四")], target)
    texts = page_texts(target)
    assert pages == len(texts) >= 3
    long_pages, short_page = texts[:-1], texts[-1]
    for number, text in enumerate(long_pages, 1):
        assert lines_of(text)[-1] == f"— {number} —"
        if number > 1:
            assert lines_of(text)[0] == "实绩报告登记表（续） 丹江镇人民政府 欧阳建国 2025年9月"
            assert "序号 工作事项 完成情况 佐证材料或备注" in lines_of(text)  # header repeated
    assert "40 示范点建设第40批 已验收，资金拨付到位 验收报告" in lines_of(long_pages[-1])
    assert "个人自评等次 好 ✓较好 一般 差" in lines_of(long_pages[-1])
    assert lines_of(short_page)[0] == "实绩报告登记表" and lines_of(short_page)[-1] == "— 1 —"
    assert "单位 姓名 李四" in lines_of(short_page)


def test_progress_hears_of_each_form_laid_out_and_the_pdf_is_the_same(tmp_path):
    forms = [filled_form(items=40), ReportForm(name="李四"), ReportForm(name="王五")]
    heard = []
    pages = build_report_forms_pdf(forms, tmp_path / "有进度.pdf", progress=lambda *told: heard.append(told))
    assert [told[:2] for told in heard] == [(1, 3), (2, 3), (3, 3)]
    assert heard[-1][2] == "正在排版登记表：第 3 / 3 份"
    assert pages == build_report_forms_pdf(forms, tmp_path / "无进度.pdf")
    assert page_texts(tmp_path / "有进度.pdf") == page_texts(tmp_path / "无进度.pdf")


def test_a_grade_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="优秀"):
        build_report_forms_pdf([ReportForm(self_grade="优秀")], io.BytesIO())
    with pytest.raises(ValueError):
        build_notice_pdf(notice(channels={"fax": "0855-1"}), io.BytesIO())


def test_a_wrapped_line_never_starts_with_chinese_closing_punctuation():
    """GB/T 15834: ，；：？！ and closing quotes/brackets stay at the end of the line before."""
    from reportlab.platypus import Paragraph

    from desktop_app.reports.fonts import document_fonts, register_fonts
    from desktop_app.reports.layout import make_styles

    register_fonts()
    fonts = document_fonts({})
    style = make_styles(fonts)["plain"]
    text = "经专项调查属实的反映问题共计三件，均已整改到位；另有一件正在核查中：预计下月办结！"
    for width in range(60, 420, 7):  # many widths, so a mark falls at every possible line start
        paragraph = Paragraph(text, style)
        paragraph.wrap(width, 10_000)
        lines = ["".join(words) for _extra, words in paragraph.blPara.lines]  # one-font text: (space, words)
        assert "".join(lines) == text
        starts = [line[0] for line in lines[1:]]
        assert not any(s in "，；：？！”’》」』〉】）" for s in starts), (width, starts)
