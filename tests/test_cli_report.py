"""`kaoping report`: a cadre's dossier (namesakes listed, exit 2), a unit's results, the county summary
and the results table in Excel — each read back (pdfplumber, pypdf, openpyxl)."""

import pdfplumber
from annual_county import annual, annual_template, county, decided_path  # noqa: F401 — fixtures
from openpyxl import load_workbook
from pypdf import PdfReader
from test_monthly_cli import run


def text_of(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def test_a_dossier_by_name_and_namesakes_listed_with_exit_2(decided_path, tmp_path, capsys):  # noqa: F811
    path, ids = decided_path
    out_file = tmp_path / "档案.pdf"
    code, out, _err = run(capsys, "report", "dossier", path, "李四", out_file, "--as-of", "2026-03-10")
    assert code == 0 and "已导出李四的考核档案" in out
    text = text_of(out_file)
    assert "干部考核档案" in text and "李四（截至2026年3月10日）" in text
    assert "2025年黄牌提醒 2 次，红牌警告" in text and "逾期未办结（黄牌）" in text
    assert "2025年 丹江镇 85.1 称职 基本称职 审定调整" in text
    assert "审定等次由“称职”改为“基本称职”，理由：督办事项两次逾期" in text
    code, out, err = run(capsys, "report", "dossier", path, "张三", tmp_path / "张三.pdf")
    assert code == 2 and out == "" and not (tmp_path / "张三.pdf").exists()
    assert "“张三”对应 2 名干部，请改用身份证号或编号指定" in err
    lines = err.splitlines()[1:]
    assert "丹江镇 党委书记" in lines[0] and "西江镇 副镇长" in lines[1]
    assert all("5226**********" in line for line in lines) and f"编号 {ids['张三2'][:8]}" in lines[1]
    code, out, _err = run(capsys, "report", "dossier", path, ids["张三2"][:8], tmp_path / "张三.pdf", "--full-id")
    assert code == 0 and "西江镇 副镇长" in text_of(tmp_path / "张三.pdf")
    code, _out, err = run(capsys, "report", "dossier", path, "不存在", tmp_path / "x.pdf")
    assert code == 2 and "找不到干部“不存在”" in err


def test_the_dossiers_of_a_unit_in_one_file(decided_path, tmp_path, capsys):  # noqa: F811
    path, _ids = decided_path
    code, out, _err = run(capsys, "report", "dossiers", path, tmp_path / "档案.pdf", "--unit", "丹江镇", "--no-chart")
    assert code == 0 and "已导出 3 名干部的考核档案" in out
    with pdfplumber.open(tmp_path / "档案.pdf") as pdf:
        firsts = [page.extract_text().splitlines()[0] for page in pdf.pages]
    assert sum(first == "干部考核档案" for first in firsts) == 3


def test_unit_results_and_county_summary(decided_path, tmp_path, capsys):  # noqa: F811
    path, _ids = decided_path
    unit_file, county_file = tmp_path / "丹江镇.pdf", tmp_path / "汇总.pdf"
    code, out, _err = run(capsys, "report", "unit", path, "--year", "2025", "--unit", "丹江镇", unit_file,
                          "--date", "2026-03-12")
    assert code == 0 and "已导出丹江镇2025年度考核结果" in out
    text = text_of(unit_file)
    assert "丹江镇2025年度考核结果" in text and "考核委员会已审定全部等次" in text.replace("\n", "")
    assert "丹江镇领导班子 92.0 94.0 87.8 91.8 较好 较好" in text and "3 王五 武装部长" in text
    assert "中共雷山县委组织部" not in text and "雷山县委组织部" in text and "2026年3月12日" in text
    code, out, _err = run(capsys, "report", "county", path, "--year", "2025", county_file, "--issuer", "中共雷山县委")
    assert code == 0 and "已导出2025年度考核情况汇总" in out
    text = text_of(county_file)
    assert "2025年度领导班子和干部考核情况汇总" in text and "中共雷山县委" in text
    assert "李四（丹江镇）：拟定“称职”，审定“基本称职”" in text
    assert "规则6 党纪处分 1 1" in text and "诫勉谈话，责令限期整改（年度考核评为'不称职'）：赵六（西江镇）（共 1 个）" in text
    assert sum(len(page.images) for page in PdfReader(county_file).pages) == 2
    code, _out, err = run(capsys, "report", "unit", path, "--year", "2025", "--unit", "南江镇", unit_file)
    assert code == 2 and "找不到单位“南江镇”" in err


def test_the_results_table_in_excel(decided_path, tmp_path, capsys):  # noqa: F811
    path, _ids = decided_path
    table = tmp_path / "结果表.xlsx"
    code, out, _err = run(capsys, "report", "table", path, "--year", "2025", table)
    assert code == 0 and "已导出2025年度考核结果表" in out
    book = load_workbook(table)
    assert book.sheetnames == ["领导班子", "干部", "等次限额"]
    cadres = book["干部"]
    header = [cell.value for cell in cadres[1]]
    assert header[:8] == ["序号", "单位", "姓名", "职务", "岗位类别", "月度实绩", "季度评议", "年度测评"]
    assert cadres.freeze_panes == "A2" and cadres["A1"].font.b
    li = next(row for row in cadres.iter_rows(min_row=2, values_only=True) if row[2] == "李四")
    by = dict(zip(header, li, strict=True))
    assert by["综合得分"] == 85.1 and by["拟定等次"] == "称职" and by["审定等次"] == "基本称职"
    assert by["审定调整理由"].startswith("督办事项两次逾期") and "红牌警告" in by["规则调整说明"]
    quota = list(book["等次限额"].iter_rows(min_row=2, values_only=True))
    assert quota == [("领导班子", "好", 2, "1/3", "四舍五入", 1, 0, 0, 0), ("干部", "优秀", 6, "15%", "四舍五入", 1, 0, 0, 0)]
    code, _out, err = run(capsys, "report", "table", path, "--year", "2025", tmp_path / "结果表.csv")
    assert code == 2 and "须以 .xlsx 结尾" in err


def test_a_county_summary_of_a_year_not_begun_warns(decided_path, tmp_path, capsys):  # noqa: F811
    path, _ids = decided_path
    code, out, err = run(capsys, "report", "county", path, "--year", "2099", tmp_path / "汇总.pdf", "--no-chart")
    assert code == 4 and "已导出2099年度考核情况汇总" in out and "警告：2099年度尚未开始" in err
    assert (tmp_path / "汇总.pdf").exists()
