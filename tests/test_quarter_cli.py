"""`kaoping quarter`: scores of a quarter as text and JSON, the tally template filled and imported."""

import json

import pytest
from conftest import StepClock, id_number
from openpyxl import load_workbook
from test_monthly_cli import run

from db import open_database
from desktop_app.core import cadres, units
from desktop_app.core.evaluations import get_session, save_session, save_tallies
from desktop_app.core.store import RecordStore


@pytest.fixture
def office(store, db_path):
    db, path = store.db, db_path
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    people = [cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n}81")},
                               {"unit_id": town, "title": title, "post_type": kind, "start_date": "2024-01-01"}).record_id
              for n, (name, title, kind) in enumerate([("杨光", "党委书记", "正职"), ("吴霞", "副镇长", "副职")])]
    save_session(store, town, 2025, 4, {"meeting_date": "2025-12-26", "expected": 12, "present": 10, "issued": 10,
                                        "returned": 10, "valid": 10})
    session = get_session(db, town, 2025, 4)
    # 杨光: every aspect 好 10 → 100; 吴霞: 好 5 较好 5 → (500 + 400) / 10 = 90 on each aspect
    save_tallies(store, session, {people[0]: {"": [[10, 0, 0, 0]] * 3}, people[1]: {"": [[5, 5, 0, 0]] * 3}})
    db.close()
    return path


def test_scores_of_a_quarter_as_text_and_json(office, capsys):
    code, out, _err = run(capsys, "quarter", "scores", office, "--year", "2025", "--quarter", "4")
    # the first meeting of 2025 gave the year its own rule set (a copy of the defaults): later edits
    # of an earlier year never rescore 2025
    assert code == 0 and "2025年第4季度民主评议（2025年规则方案（按默认值））：1 个单位，2 人，平均 95.00 分" in out
    assert "1\t杨光\t100.00\t好\t100.0%\t100.0%" in out and "2\t吴霞\t90.00\t好\t50.0%\t100.0%" in out
    code, out, _err = run(capsys, "quarter", "scores", office, "--year", "2025", "--quarter", "4", "--json")
    [unit] = json.loads(out)["units"]
    assert code == 0 and [(c["name"], c["rank"], c["score"], c["grade"]) for c in unit["cadres"]] == [
        ("杨光", 1, 100.0, "好"), ("吴霞", 2, 90.0, "好")]
    code, _out, err = run(capsys, "quarter", "scores", office, "--year", "2025", "--quarter", "4", "--unit", "西江镇")
    assert code != 0 and "西江镇" in err


def test_the_tally_template_filled_in_and_imported(office, tmp_path, capsys):
    template = tmp_path / "计票.xlsx"
    assert run(capsys, "quarter", "template", office, "--year", "2025", "--quarter", "4", template)[0] == 0
    book = load_workbook(template)
    for row in book.active.iter_rows(min_row=2):
        for cell, value in zip(row[6:], [2, 8, 0, 0] * 3, strict=True):
            cell.value = value
    book.save(template)
    code, out, _err = run(capsys, "quarter", "import", office, template, "--dry-run")
    assert code == 0 and "丹江镇 2025年第4季度：2 人" in out and "试运行" in out
    assert run(capsys, "quarter", "import", office, template)[0] == 0
    code, out, _err = run(capsys, "quarter", "scores", office, "--year", "2025", "--quarter", "4", "--json")
    # 2 × 100 + 8 × 80 = 840 / 10 = 84 for both
    assert {c["score"] for c in json.loads(out)["units"][0]["cadres"]} == {84.0}


def test_results_pdf_and_ballots_read_back(office, tmp_path, capsys):
    import pdfplumber

    results = tmp_path / "结果.pdf"
    code, out, _err = run(capsys, "quarter", "pdf", office, "--year", "2025", "--quarter", "4", "--unit", "丹江镇", results)
    assert code == 0 and "已导出丹江镇2025年第4季度评议结果" in out
    with pdfplumber.open(results) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        images = sum(len(page.images) for page in pdf.pages)
    assert "丹江镇2025年第4季度干部评议结果" in text and text.index("杨光") < text.index("吴霞")
    assert "100.00" in text and "90.00" in text and "2025年规则方案（按默认值）" in text and images == 1  # the chart
    ballots = tmp_path / "测评表.pdf"
    code, out, _err = run(capsys, "quarter", "ballots", office, "--year", "2025", "--quarter", "4", "--unit", "丹江镇",
                          ballots)
    assert code == 0 and "民主测评表 10 份" in out  # as many as were issued
    with pdfplumber.open(ballots) as pdf:
        first = pdf.pages[0].extract_text()
        assert len(pdf.pages) == 10
    assert "民主测评表" in first and "杨光" in first and "吴霞" in first


def test_a_results_notice_lists_the_scored_cadres(office):
    from desktop_app.core.notices import draft_notice, get_notice
    from desktop_app.core.quarter_notice import QUARTER_KIND, quarter_basis, quarter_entries, quarter_title
    from desktop_app.core.units import unit_id_named
    from desktop_app.core.workdays import load_calendar

    db = open_database(office)
    try:
        town = unit_id_named(db, "丹江镇")
        columns, entries = quarter_entries(db, [town], 2025, 4)
        assert columns[4:] == ["综合得分", "季度等次", "单位内名次"]
        assert [e["cells"] for e in entries] == [["1", "丹江镇", "杨光", "党委书记", "100.00", "好", "1"],
                                                 ["2", "丹江镇", "吴霞", "副镇长", "90.00", "好", "2"]]
        store = RecordStore(db, operator="测试员", clock=StepClock())
        notice_id = draft_notice(store, load_calendar(db), {
            "kind": QUARTER_KIND, "title": quarter_title(db, [town], 2025, 4), "unit_ids": [town],
            "basis": quarter_basis(2025, 4), "columns": columns, "entries": entries, "start_date": "2026-01-05"})
        notice = get_notice(db, notice_id)
        assert notice["title"] == "丹江镇2025年第4季度干部民主评议结果公示" and notice["kind"] == "季度评议结果"
    finally:
        db.close()
