"""`kaoping calendar`: counting working days, importing a year's schedule (.xlsx / .csv), listing it."""

import json
import subprocess
import sys

import pytest
from openpyxl import Workbook

from db import open_database
from desktop_app.cli import main
from desktop_app.core.calendar_days import export_template, import_schedule, list_days
from desktop_app.core.calendar_files import read_schedule
from desktop_app.core.errors import KaopingError
from desktop_app.core.workdays import load_calendar

NATIONAL_DAY_2027 = [["2027-09-26", "班", "国庆调休"]] + [[f"2027-10-0{i}", "休", "国庆节"] for i in range(1, 8)] + [
    ["2027-10-09", "班", "国庆调休"]]


def write_xlsx(path, rows, headers=("日期", "类型", "名称"), above=()):
    workbook = Workbook()
    sheet = workbook.active
    for row in above:
        sheet.append(row)
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path, rows, encoding="utf-8-sig"):
    lines = ["日期,类型,名称"] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "office.kpdb"
    open_database(path, create=True, office_name="雷山县委组织部").close()
    return path


def table_days(path) -> list[tuple[str, str, str]]:
    db = open_database(path)
    try:
        return [(e.day.isoformat(), e.kind, e.name) for e in list_days(db, 2027)]
    finally:
        db.close()


def run_json(capsys, argv) -> tuple[int, dict, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


# -- add-workdays ---------------------------------------------------------------------------------
def test_add_workdays_prints_the_end_date_in_chinese(capsys):
    assert main(["calendar", "add-workdays", "2025-09-26", "7"]) == 0
    out = capsys.readouterr().out
    assert "第7个工作日（截止）：2025年10月11日（星期六，调休上班）" in out
    assert "2025年9月26日至10月11日（7个工作日）" in out


def test_add_workdays_from_a_holiday_names_the_first_working_day(capsys):
    assert main(["calendar", "add-workdays", "2026-02-16", "3"]) == 0
    out = capsys.readouterr().out
    assert "起始日期：2026年2月16日（星期一，春节）" in out and "第1个工作日：2026年2月24日（星期二）" in out


def test_add_workdays_json(capsys):
    code, report, err = run_json(capsys, ["calendar", "add-workdays", "2026-02-13", "7", "--json"])
    assert (code, err) == (0, "")
    assert report == {"start": "2026-02-13", "first_day": "2026-02-13", "end": "2026-02-28", "workdays": 7,
                      "guessed_years": [], "warning": ""}


def test_a_2027_period_warns_and_exits_4(capsys):
    assert main(["calendar", "add-workdays", "2027-03-01", "7"]) == 4
    captured = capsys.readouterr()
    assert "2027年3月9日" in captured.out
    assert captured.err.startswith("警告：2027年") and "Traceback" not in captured.err
    code, report, _err = run_json(capsys, ["calendar", "add-workdays", "2026-12-28", "7", "--json"])
    assert code == 4 and report["guessed_years"] == [2027] and "2027年" in report["warning"]


def test_add_workdays_with_a_database_uses_its_table(db_file, tmp_path, capsys):
    assert main(["calendar", "import", str(db_file), str(write_xlsx(tmp_path / "2027.xlsx", NATIONAL_DAY_2027))]) == 0
    capsys.readouterr()
    code, report, err = run_json(capsys, ["calendar", "add-workdays", "2027-09-24", "8", "--db", str(db_file),
                                          "--json"])
    assert (code, report["end"], report["guessed_years"], err) == (0, "2027-10-09", [], "")
    assert main(["calendar", "add-workdays", "2027-09-24", "8"]) == 4  # without the table: guessed


@pytest.mark.parametrize(("argv", "code", "said"), [
    (["2025-02-30", "7"], 3, "起始日期「2025-02-30」不是有效的日期"),
    (["2025-09-26", "0"], 3, "工作日数须在1至366之间"),
    (["2025-09-26", "七"], 2, "参数 工作日数 的值「七」不是有效的数字"),
    (["2025-09-26", "7", "--db", "/nonexistent/x.kpdb"], 2, "找不到数据库文件"),
])
def test_add_workdays_errors_are_chinese(argv, code, said, capsys):
    try:
        result = main(["calendar", "add-workdays", *argv])
    except SystemExit as stopped:  # argparse's usage errors
        result = stopped.code
    err = capsys.readouterr().err
    assert result == code and err.startswith("错误：") and said in err and "Traceback" not in err


# -- import ---------------------------------------------------------------------------------------
def test_import_xlsx_then_list(db_file, tmp_path, capsys):
    path = write_xlsx(tmp_path / "2027.xlsx", NATIONAL_DAY_2027, above=[["2027年部分节假日安排"], []])
    code, report, _err = run_json(capsys, ["calendar", "import", str(db_file), str(path), "--json"])
    assert code == 0 and (report["created"], report["updated"], report["rejected"]) == (9, 0, [])
    assert table_days(db_file)[:2] == [("2027-09-26", "工作日", "国庆调休"), ("2027-10-01", "休息日", "国庆节")]
    assert main(["calendar", "list", str(db_file), "--year", "2027"]) == 0
    out = capsys.readouterr().out
    assert "2027年工作日历：数据库中录入 9 天" in out and "2027年10月9日（星期六） 工作日　国庆调休" in out
    code, listed, _err = run_json(capsys, ["calendar", "list", str(db_file), "--year", "2027", "--json"])
    assert listed["official"] is True and len(listed["days"]) == 9
    code, listed, _err = run_json(capsys, ["calendar", "list", str(db_file), "--year", "2028", "--json"])
    assert listed == {"year": 2028, "official": False, "days": []}


def test_importing_again_changes_only_what_differs(db_file, tmp_path, capsys):
    main(["calendar", "import", str(db_file), str(write_xlsx(tmp_path / "a.xlsx", NATIONAL_DAY_2027))])
    changed = [row if row[0] != "2027-10-09" else ["2027-10-09", "休", "国庆节"] for row in NATIONAL_DAY_2027]
    capsys.readouterr()
    code, report, _err = run_json(capsys, ["calendar", "import", str(db_file),
                                           str(write_xlsx(tmp_path / "b.xlsx", changed)), "--json"])
    assert (code, report["created"], report["updated"], report["unchanged"]) == (0, 0, 1, 8)
    assert [row["reason"] for row in report["rows"] if row["action"] == "update"] == ["原为工作日（国庆调休）"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_import_csv(db_file, tmp_path, capsys, encoding):
    path = write_csv(tmp_path / "2027.csv", NATIONAL_DAY_2027, encoding)
    assert main(["calendar", "import", str(db_file), str(path)]) == 0
    assert "导入完成：新增 9 天" in capsys.readouterr().out
    assert len(table_days(db_file)) == 9 and table_days(db_file)[1][2] == "国庆节"


BAD_ROWS = [
    ["2027-10-01", "休", "国庆节"],
    ["2027-13-01", "休", "国庆节"],
    ["2027-10-02", "半天", ""],
    ["", "休", "国庆节"],
    [],
    ["2027-10-01", "班", ""],
    ["2027-10-03", "放假", "国庆节"],
]


def test_bad_rows_are_named_and_nothing_is_written(db_file, tmp_path, capsys):
    path = write_xlsx(tmp_path / "bad.xlsx", BAD_ROWS)
    code, report, _err = run_json(capsys, ["calendar", "import", str(db_file), str(path), "--json"])
    assert code == 3 and report["written"] is False and report["created"] == 0
    assert [(r["row"], r["reason"]) for r in report["rejected"]] == [
        (3, "日期「2027-13-01」不是有效的日期（应写作 2025-09-26）"),
        (4, "类型「半天」无法识别，请填“休”（休息日）或“班”（工作日）"),
        (5, "缺少日期"),
        (7, "日期2027年10月1日与第2行重复"),
    ]
    assert table_days(db_file) == []
    assert main(["calendar", "import", str(db_file), str(path)]) == 3
    out = capsys.readouterr().out
    assert "发现 4 行有问题" in out and "第4行：类型「半天」无法识别" in out and "--skip-invalid" in out


def test_skip_invalid_imports_the_good_rows(db_file, tmp_path, capsys):
    path = write_xlsx(tmp_path / "bad.xlsx", BAD_ROWS)
    assert main(["calendar", "import", str(db_file), str(path), "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert "导入完成：新增 2 天" in out and "已跳过 4 行有问题" in out
    assert table_days(db_file) == [("2027-10-01", "休息日", "国庆节"), ("2027-10-03", "休息日", "国庆节")]


def test_dry_run_writes_nothing(db_file, tmp_path, capsys):
    path = write_xlsx(tmp_path / "2027.xlsx", NATIONAL_DAY_2027)
    assert main(["calendar", "import", str(db_file), str(path), "--dry-run"]) == 0
    assert "试运行，未写入任何数据。导入将会：新增 9 天" in capsys.readouterr().out
    assert table_days(db_file) == []
    code, report, _err = run_json(capsys, ["calendar", "import", str(db_file), str(write_xlsx(
        tmp_path / "bad.xlsx", BAD_ROWS)), "--dry-run", "--json"])
    assert (code, report["dry_run"], report["written"], report["created"], len(report["rejected"])) == (
        3, True, False, 2, 4)
    assert table_days(db_file) == []
    db = open_database(db_file)
    assert db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 0
    db.close()


def test_an_import_is_one_undo_step(store, tmp_path):
    path = write_xlsx(tmp_path / "2027.xlsx", NATIONAL_DAY_2027)
    outcome = import_schedule(store, path)
    assert outcome.written and outcome.changes.count == 9 and outcome.changes.note == "导入工作日历 2027.xlsx（9天）"
    assert len({row[0] for row in store.db.execute("SELECT batch_id FROM audit_log")}) == 1
    assert not load_calendar(store.db).is_workday("2027-10-04")
    store.undo(outcome.changes.batch_id)
    assert list_days(store.db, 2027) == []
    calendar = load_calendar(store.db)
    assert calendar.is_workday("2027-10-04") and not calendar.official_year(2027)


def test_the_template_reads_back(tmp_path, store, capsys):
    path = tmp_path / "模板.xlsx"
    assert main(["calendar", "template", str(path)]) == 0
    schedule = read_schedule(path)
    assert [(row.row, row.day, row.kind, row.name) for row in schedule.rows] == [
        (2, "2025-10-01", "休", "国庆节"), (3, "2025-09-28", "班", "国庆调休")]
    outcome = import_schedule(store, export_template(tmp_path / "again.xlsx"), dry_run=True)
    assert outcome.plan.counts["create"] == 2 and not outcome.plan.rejected


@pytest.mark.parametrize(("name", "content", "said"), [
    ("a.txt", b"x", "只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）"),
    ("a.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "旧版 Excel（.xls）"),
    ("a.xlsx", b"not a zip", "不是 Excel 工作簿"),
    ("a.csv", "日子,休\n2027-10-01,休\n".encode(), "未找到表头"),
])
def test_unreadable_files_are_refused_in_chinese(db_file, tmp_path, capsys, name, content, said):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(KaopingError, match=said.replace("(", r"\(").replace(")", r"\)")):
        read_schedule(path)
    assert main(["calendar", "import", str(db_file), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and said in err and "Traceback" not in err


def test_the_installed_command_exits_4_with_a_warning(tmp_path):
    done = subprocess.run([sys.executable, "-m", "desktop_app.cli", "calendar", "add-workdays", "2027-01-04", "5"],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 4 and "2027年1月8日" in done.stdout and "警告：2027年" in done.stderr
