"""`kaoping assess`: a year's proposals, decisions, reasons, follow-ups, quotas and lock state as
Chinese text and as JSON; --unit, --accept and --lock."""

import json

import pytest
from conftest import id_number
from test_monthly_cli import run

from desktop_app.core import cadres, units
from desktop_app.core.annual_inputs import save_cadre_inputs, save_team_inputs
from desktop_app.core.assessment import decide
from desktop_app.core.sanctions import add_sanction


@pytest.fixture
def office(store, db_path):
    db, path = store.db, db_path
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    west, _ = units.add_unit(store, {"name": "西江镇", "kind": "乡镇"})
    people = {}
    for n, (unit, name, title, kind, counts) in enumerate([
            (town, "杨光", "党委书记", "正职", {"优秀": 9, "称职": 1}), (town, "吴霞", "副镇长", "副职", {"称职": 10}),
            (west, "龙飞", "党委书记", "正职", {"称职": 8, "基本称职": 2})]):
        people[name] = cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n}41")},
                                        {"unit_id": unit, "title": title, "post_type": kind,
                                         "start_date": "2024-01-01"}).record_id
        save_cadre_inputs(store, 2025, unit, people[name], {"evaluation": {"valid": 10, "counts": counts}})
    save_team_inputs(store, 2025, town, {"responsibility_score": "92", "responsibility_grade": "好"})
    save_team_inputs(store, 2025, west, {"responsibility_score": "78.5"})
    add_sanction(store, {"cadre_id": people["龙飞"], "decided_on": "2025-06-18", "category": "党纪处分",
                         "measure": "警告", "text": "违规公款吃喝"})
    decide(store, 2025, "cadre", people["吴霞"], "称职")
    db.close()
    return path


def test_a_year_as_text(office, capsys):
    code, out, _err = run(capsys, "assess", office, "--year", "2025", "--as-of", "2026-01-10")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == ("2025年度考核（2025年规则方案（按默认值），截至 2026-01-10）：领导班子 2 个，干部 3 名；"
                        "已审定 1 个，未审定 4 个；未锁定")
    assert lines[1] == "领导班子'好'：限额 1 个（2 个单位 × 1/3，四舍五入），拟定 1 个，审定后（未审定的按拟定）1 个"
    assert lines[2] == "干部'优秀'：限额 0 名（3 名干部 × 15%，四舍五入），拟定 0 名，审定后（未审定的按拟定）0 名"
    town = lines[lines.index("【丹江镇】"):lines.index("【西江镇】")]
    assert town[1] == "  领导班子：综合 92.0（责任制考核 92.0，年度测评 —，民意调查 —）；拟定 好；未审定"
    assert town[2] == "  杨光（党委书记，正职）：综合 98.0（月度实绩 —，季度评议 —，年度测评 98.0）；拟定 称职；未审定"
    assert town[3] == "    规则：'优秀'等次限额 0 名（3 名干部 × 15%，四舍五入），综合得分 98.0 排第 1 位，超出限额"
    assert "  吴霞（副镇长，副职）：综合 80.0（月度实绩 —，季度评议 —，年度测评 80.0）；拟定 称职；审定 称职（测试员 2026-03-02）" in town
    west = lines[lines.index("【西江镇】"):]
    assert west[1:3] == ["  领导班子：综合 78.5（责任制考核 78.5，年度测评 —，民意调查 —）；拟定 差；未审定",
                         "    规则：主要领导龙飞当年受到党纪处分（2025年6月18日警告），领导班子评为'差'"]
    assert "    一票否决：责任制考核得分 78.50，低于 80 分，年度目标责任制考核一票否决" in west
    assert "    结果运用：诫勉谈话，责令限期整改（年度考核评为'差'）" in west
    assert "    规则：当年受到党纪处分（2025年6月18日警告），评为'不称职'" in west


def test_a_year_as_json_and_one_unit(office, capsys):
    code, out, _err = run(capsys, "assess", office, "--year", "2025", "--json", "--unit", "西江镇")
    data = json.loads(out)
    assert code == 0 and (data["year"], data["locked"], data["undecided"]) == (2025, False, 4)
    assert [(s["name"], s["proposed"], s["final"]) for s in data["subjects"]] == [("西江镇领导班子", "差", None),
                                                                                 ("龙飞", "不称职", None)]
    team = data["subjects"][0]
    assert team["composite"] == 78.5 and team["parts_text"]["责任制考核"] == "78.5" and team["changed_by_rule"]
    assert data["final_counts"]["cadre"] == {"优秀": 0, "称职": 2, "基本称职": 0, "不称职": 1}
    assert "龙飞" in out and "\\u" not in out  # Chinese as is
    code, _out, err = run(capsys, "assess", office, "--year", "2025", "--unit", "大塘镇")
    assert code != 0 and "“大塘镇”2025年度没有考核对象" in err


def test_accept_then_lock(office, capsys):
    code, out, _err = run(capsys, "assess", office, "--year", "2025", "--lock")
    assert code != 0  # four undecided
    code, out, _err = run(capsys, "assess", office, "--year", "2025", "--accept", "--lock")
    assert code == 0 and out.splitlines()[:2] == ["已按拟定等次审定 4 个考核对象。", "已锁定2025年度考核。"]
    assert "已审定 5 个，未审定 0 个；2025年度考核已于" in out and "由命令行锁定" in out
    assert "拟定 1 个，审定后 1 个" in out and "未审定的按拟定" not in out  # every count is a decision now
    code, _out, err = run(capsys, "assess", office, "--year", "2025", "--accept")
    assert code != 0 and "2025年度考核已锁定" in err


def test_unit_with_accept_or_lock_is_refused_before_any_write(office, capsys):
    for option in ("--accept", "--lock"):
        code, out, err = run(capsys, "assess", office, "--year", "2025", "--unit", "西江镇", option)
        assert (code, out) == (2, "")
        assert f"--unit 只用于查看一个单位，不能与 {option} 同时使用（审定、锁定针对全年度所有考核对象）" in err
    code, out, _err = run(capsys, "assess", office, "--year", "2025")
    assert "已审定 1 个，未审定 4 个" in out  # nothing was decided


def test_a_year_not_begun_is_shown_with_a_warning_and_never_decided(office, capsys):
    code, out, err = run(capsys, "assess", office, "--year", "2099")
    assert code == 4 and out.startswith("2099年度考核")
    assert err.startswith("警告：2099年度尚未开始（今天是") and "结果仅供参考" in err
    code, out, err = run(capsys, "assess", office, "--year", "2099", "--accept")
    assert (code, out) == (2, "") and "2099年度尚未开始，不能审定或锁定" in err
    code, _out, err = run(capsys, "assess", office, "--year", "2025")
    assert code == 0 and err == ""
