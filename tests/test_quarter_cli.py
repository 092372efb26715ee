"""`kaoping quarter`: scores of a quarter as text and JSON, the tally template filled and imported."""

import json

import pytest
from conftest import StepClock
from openpyxl import load_workbook
from test_monthly_cli import run
from test_monthly_reports import id_number

from db import open_database
from desktop_app.core import cadres, units
from desktop_app.core.evaluations import get_session, save_session, save_tallies
from desktop_app.core.store import RecordStore


@pytest.fixture
def office(tmp_path):
    path = tmp_path / "雷山.kpdb"
    db = open_database(path, create=True, office_name="雷山县委组织部")
    store = RecordStore(db, operator="测试员", clock=StepClock())
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    people = [cadres.add_cadre(store, {"name": name, "id_number": id_number(f"{n}81")},
                               {"unit_id": town, "title": title, "post_type": kind, "start_date": "2024-01-01"}).record_id
              for n, (name, title, kind) in enumerate([("杨光", "党委书记", "正职"), ("吴霞", "副镇长", "副职")])]
    save_session(store, town, 2025, 4, {"meeting_date": "2025-12-26", "expected": 12, "present": 10, "issued": 10,
                                        "returned": 10, "valid": 10})
    session = get_session(db, town, 2025, 4)
    # 杨光: every aspect 好 10 → 100; 吴霞: 好 5 较好 5 → (500 + 400) / 10 = 90 on each aspect
    save_tallies(store, session, {people[0]: {"": [[10, 0, 0, 0]] * 3}, people[1]: {"": [[5, 5, 0, 0]] * 3}}, 3)
    db.close()
    return path


def test_scores_of_a_quarter_as_text_and_json(office, capsys):
    code, out, _err = run(capsys, "quarter", "scores", office, "--year", "2025", "--quarter", "4")
    assert code == 0 and "2025年第4季度民主评议（默认规则方案）：1 个单位，2 人，平均 95.00 分" in out
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
        for cell, value in zip(row[5:], [2, 8, 0, 0] * 3, strict=True):
            cell.value = value
    book.save(template)
    code, out, _err = run(capsys, "quarter", "import", office, template, "--dry-run")
    assert code == 0 and "丹江镇 2025年第4季度：2 人" in out and "试运行" in out
    assert run(capsys, "quarter", "import", office, template)[0] == 0
    code, out, _err = run(capsys, "quarter", "scores", office, "--year", "2025", "--quarter", "4", "--json")
    # 2 × 100 + 8 × 80 = 840 / 10 = 84 for both
    assert {c["score"] for c in json.loads(out)["units"][0]["cadres"]} == {84.0}
