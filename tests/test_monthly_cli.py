"""`kaoping monthly` and `kaoping notice` on a real database: template → import, gaps, flags, a
notice's PDF read back and its verification code checked (and refused once the notice changed)."""

import json

import pdfplumber
import pytest
from conftest import StepClock, id_number
from openpyxl import load_workbook
from test_notices import monthly_values

from db import open_database
from desktop_app.cli import main
from desktop_app.core import cadres, units
from desktop_app.core.monthly_reports import get_report, review_report, submit_report
from desktop_app.core.notices import draft_notice, publish_notice
from desktop_app.core.store import RecordStore
from desktop_app.core.workdays import load_calendar


@pytest.fixture
def office(store, db_path):
    """丹江镇 with two deputies; returns (database path, ids)."""
    db, path = store.db, db_path
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    people = {name: cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n}61")},
                                     {"unit_id": town, "title": "副镇长", "post_type": "副职",
                                      "start_date": "2024-01-01"}).record_id
              for n, name in enumerate(("杨光", "吴霞"))}
    db.close()
    return path, town, people


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_template_filled_in_and_imported_then_gaps_and_flags(office, tmp_path, capsys):
    path, _town, people = office
    template = tmp_path / "模板.xlsx"
    assert run(capsys, "monthly", "template", path, template, "--month", "2026-03", "--unit", "丹江镇")[0] == 0
    book = load_workbook(template)
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        row[5].value = "计划：完成验收" if row[4].value == "计划" else "完成村道验收，（3.2 公里）"
        row[8].value = "好" if row[4].value == "完成" else None
    book.save(template)
    code, out, _err = run(capsys, "monthly", "import", path, template, "--dry-run")
    assert code == 0 and "试运行，未写入任何数据" in out and "杨光 2026年3月：新建（计划 1 项，完成事项 1 项）" in out
    code, out, _err = run(capsys, "monthly", "import", path, template, "--json")
    assert code == 0 and {r["action"] for r in json.loads(out)["reports"]} == {"新建"}
    db = open_database(path)
    try:
        report = get_report(db, people["杨光"], "2026-03")
        assert report["items"][0]["task"] == "完成村道验收，（3.2 公里）"  # Chinese punctuation kept
        store = RecordStore(db, operator="测试员", clock=StepClock())
        submit_report(store, people["杨光"], "2026-03", "2026-04-02")  # late (due 03-30)
    finally:
        db.close()
    code, out, _err = run(capsys, "monthly", "gaps", path, "--month", "2026-03", "--json")
    [unit] = json.loads(out)["units"]
    assert code == 0 and (unit["unit"], unit["expected"], unit["逾期"], unit["未报"]) == ("丹江镇", 2, 1, 1)
    code, out, _err = run(capsys, "monthly", "flags", path, "--year", "2026", "--json")
    assert code == 0 and {f["name"] for f in json.loads(out)} == {"杨光", "吴霞"}  # nothing in Jan and Feb


def test_a_bad_row_blocks_the_import_with_exit_3(office, tmp_path, capsys):
    path, _town, _people = office
    template = tmp_path / "模板.xlsx"
    run(capsys, "monthly", "template", path, template, "--month", "2026-03")
    book = load_workbook(template)
    book.active.append(["丹江镇", "不存在", "", "2026-03", "完成", "x", "", "", ""])
    book.active.cell(row=2, column=6, value="事项")
    book.save(template)
    code, out, _err = run(capsys, "monthly", "import", path, template)
    assert code == 3 and "没有丹江镇的“不存在”" in out and "未写入任何数据" in out


def test_a_notice_prints_and_its_code_checks_the_posted_copy(office, tmp_path, capsys):
    path, town, people = office
    db = open_database(path)
    try:
        store = RecordStore(db, operator="测试员", clock=StepClock())
        from desktop_app.core.monthly_reports import save_draft
        for cadre_id in people.values():
            save_draft(store, cadre_id, "2026-03", plans=["计划"], items=[{"task": "事项"}], self_grade="好")
            submit_report(store, cadre_id, "2026-03", "2026-03-28")
            review_report(store, cadre_id, "2026-03", truthful="属实", completion_grade="较好", on="2026-03-31")
        notice_id = draft_notice(store, load_calendar(db), monthly_values(db, [town]))
        publish_notice(store, notice_id)
    finally:
        db.close()
    code, out, _err = run(capsys, "notice", "list", path)
    assert code == 0 and "期满待结束" in out and "丹江镇2026年3月干部工作实绩公示" in out  # ended 2026-04-10
    pdf = tmp_path / "公示.pdf"
    assert run(capsys, "notice", "pdf", path, notice_id[:8], pdf)[0] == 0
    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    assert "丹江镇2026年3月干部工作实绩公示" in text and "杨光" in text and "吴霞" in text
    assert "2026年4月1日至4月10日（7个工作日）" in text
    code_text = text.split("核验码：")[1].split()[0]
    code, out, _err = run(capsys, "notice", "verify", path, code_text.lower().replace("-", " "))
    assert code == 0 and "张贴件内容与数据库一致" in out
    db = open_database(path)  # someone changes the notice's list in the file afterwards
    try:
        with db.conn:
            db.execute("UPDATE notices SET entries = replace(entries, '较好', '好')")
    finally:
        db.close()
    code, out, _err = run(capsys, "notice", "verify", path, code_text)
    assert code == 1 and "未找到对应的公示" in out
    code, _out, err = run(capsys, "notice", "verify", path, "12")
    assert code != 0 and "不是核验码" in err
