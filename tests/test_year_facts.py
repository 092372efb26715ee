"""The year's facts read from a real database written with the services (core/annual/year_facts.py):
monthly completion grades and gaps, quarter scores, annual inputs, registers, objections, last
year's decisions and a duplicate folded away — each where the rules engine and the committee read it."""

from fractions import Fraction as F

import pytest
from conftest import id_number

from desktop_app.core import cadres, units
from desktop_app.core.annual.cards import task_state, year_cards
from desktop_app.core.annual.engine import propose_grades
from desktop_app.core.annual.facts import Evaluation, Notice, Survey
from desktop_app.core.annual.year_facts import default_as_of, year_facts
from desktop_app.core.annual_inputs import save_cadre_inputs, save_team_inputs
from desktop_app.core.evaluations import get_session, save_session, save_tallies
from desktop_app.core.monthly_reports import excuse_month, review_report, save_draft, submit_report
from desktop_app.core.natural_ids import decision_id
from desktop_app.core.objections import conclude, log_objection
from desktop_app.core.sanctions import add_sanction
from desktop_app.core.supervised_tasks import add_task
from desktop_app.core.supervision_notices import add_supervision_notice

AS_OF = "2025-05-01"  # January to April judged (April's report was due on the 30th)
ITEMS = [{"task": "推进项目", "result": "完成", "evidence": ""}]


def report(store, cadre_id, month, grade=None, *, hollow=False):
    """A report submitted on the 25th; reviewed on the 28th with `grade` unless grade is None."""
    save_draft(store, cadre_id, month, plans=["计划"], items=ITEMS, self_grade="好")
    submit_report(store, cadre_id, month, f"{month}-25")
    if grade:
        review_report(store, cadre_id, month, truthful="属实", completion_grade=grade, on=f"{month}-28", hollow=hollow)


def person(store, unit_id, name, title, kind, n):
    return cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n:02d}1")},
                            {"unit_id": unit_id, "title": title, "post_type": kind, "start_date": "2024-01-01"}
                            ).record_id


@pytest.fixture
def county(store):
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    west, _ = units.add_unit(store, {"name": "西江镇", "kind": "乡镇"})
    forest, _ = units.add_unit(store, {"name": "县林业局", "kind": "县直部门"})
    p = {name: person(store, unit, name, title, kind, n) for n, (unit, name, title, kind) in enumerate([
        (town, "张三", "党委书记", "正职"), (town, "李四", "镇长", "副职"), (town, "王五", "武装部长", "班子成员"),
        (west, "赵六", "党委书记", "正职"), (town, "钱七", "干事", "其他")])}
    for month, grade in (("2025-01", "好"), ("2025-02", "较好"), ("2025-03", "一般")):
        report(store, p["张三"], month, grade)  # April: nothing → 未报
    report(store, p["李四"], "2025-01", "好")
    excuse_month(store, p["李四"], "2025-02", "培训")
    report(store, p["李四"], "2025-03")  # submitted, not reviewed: left out
    report(store, p["李四"], "2025-04", "好", hollow=True)  # 空洞: 0
    for month in ("2025-01", "2025-02", "2025-03", "2025-04"):
        report(store, p["赵六"], month, "较好")
    # 王五 never reports: four months 未报 → 0 and the rule-8 flag
    for quarter, counts in ((1, [[10, 0, 0, 0]] * 3), (2, [[0, 10, 0, 0]] * 3)):
        save_session(store, town, 2025, quarter, {"meeting_date": f"2025-0{quarter * 3}-26", "expected": 12,
                                                  "present": 10, "issued": 10, "returned": 10, "valid": 10})
        save_tallies(store, get_session(store.db, town, 2025, quarter),
                     {p["张三"]: {"": counts}, p["李四"]: {"": [[5, 5, 0, 0]] * 3}})
    return {"town": town, "west": west, "forest": forest, **p}


def facts_of(store, as_of=AS_OF):
    facts, details = year_facts(store.db, 2025, as_of)
    return ({t.unit_id: t for t in facts.teams}, {c.cadre_id: c for c in facts.cadres}, details)


def test_who_is_assessed_and_the_composite_parts(store, county):
    teams, people, details = facts_of(store)
    assert set(teams) == {county["town"], county["west"]}  # 县林业局 has neither cadres nor inputs
    assert set(people) == {county[n] for n in ("张三", "李四", "王五", "赵六")}  # 钱七 holds no team post
    zhang = details[("cadre", county["张三"])]
    # 月度实绩 (100 + 80 + 65 + 0) / 4; 季度评议 (100 + 80) / 2; no 年度测评 → (30 × 61.25 + 30 × 90) / 60
    assert zhang.parts == {"月度实绩": F(245, 4), "季度评议": F(90), "年度测评": None}
    assert people[county["张三"]].composite == F(605, 8) and zhang.title == "党委书记"  # 75.625
    li = details[("cadre", county["李四"])]
    assert li.parts["月度实绩"] == 50  # 好 100 and 空洞 0; February excused, March not yet reviewed
    assert "1 个月的实绩报告已提交、尚未审核，未计入月度实绩" in li.notes
    assert details[("cadre", county["王五"])].parts == {"月度实绩": 0, "季度评议": None, "年度测评": None}
    assert details[("cadre", county["赵六"])].parts["月度实绩"] == 80
    assert teams[county["town"]].composite is None and details[("team", county["town"])].parts == {
        "责任制考核": None, "年度测评": None, "民意调查": None}
    assert details[("team", county["town"])].order < details[("cadre", county["张三"])].order < \
        details[("team", county["west"])].order


def test_the_monthly_part_judges_only_months_due_and_since_reporting_began(store, county):
    _teams, people, details = facts_of(store, "2025-03-01")  # January and February judged
    assert details[("cadre", county["张三"])].parts["月度实绩"] == 90  # (100 + 80) / 2
    assert details[("cadre", county["王五"])].parts["月度实绩"] == 0
    assert people[county["王五"]].missing_reports.startswith("2025年1月未报、2025年2月未报")
    _teams, people, details = facts_of(store, "2025-01-30")  # nothing due yet: no monthly part, no flag
    assert details[("cadre", county["王五"])].parts["月度实绩"] is None and people[county["王五"]].missing_reports == ""


def test_annual_inputs_become_the_engines_facts_and_the_team_composite(store, county):
    save_team_inputs(store, 2025, county["town"], {
        "evaluation": {"valid": 30, "counts": {"好": 20, "较好": 8, "一般": 2}},
        "survey": {"valid": 100, "counts": {"满意": 50, "基本满意": 10, "不满意": 40}}, "survey_confirmed": True,
        "investigation": "群众反映的窗口推诿问题属实", "responsibility_score": "86.5", "responsibility_grade": "较好",
        "key_projects": [{"name": "污水处理厂", "done": False}, {"name": "村道硬化", "done": True}]})
    save_team_inputs(store, 2025, county["forest"], {"responsibility_score": "79"})
    save_cadre_inputs(store, 2025, county["town"], county["张三"], {
        "evaluation": {"valid": 12, "counts": {"优秀": 6, "称职": 3, "基本称职": 1}}})
    teams, people, details = facts_of(store)
    town = teams[county["town"]]
    assert town.evaluation == Evaluation({"好": 20, "较好": 8, "一般": 2}, 30)
    assert town.survey == Survey(40, 100, True)
    assert (town.responsibility_score, town.responsibility_grade) == (F(173, 2), "较好")
    # (20 × 100 + 8 × 80 + 2 × 60) / 30 = 92; (50 × 100 + 10 × 60) / 100 = 56; (50 × 86.5 + 30 × 92 + 20 × 56) / 100
    assert details[("team", county["town"])].parts == {"责任制考核": F(173, 2), "年度测评": 92, "民意调查": 56}
    assert town.composite == F(8205, 100)
    assert details[("team", county["town"])].notes == ("专项调查：群众反映的窗口推诿问题属实", "重点项目未完成：污水处理厂")
    assert teams[county["forest"]].responsibility_score == 79  # a unit with team inputs only is assessed
    assert details[("cadre", county["张三"])].parts["年度测评"] == 90
    assert people[county["张三"]].evaluation == Evaluation({"优秀": 6, "称职": 3, "基本称职": 1}, 12)


def test_registers_objections_and_last_year(store, county):
    add_supervision_notice(store, {"unit_id": county["town"], "cadre_id": county["李四"], "issued_on": "2025-03-10",
                                   "kind": "效能", "text": "窗口服务超时办结"})
    add_supervision_notice(store, {"unit_id": county["town"], "issued_on": "2025-06-01", "kind": "其他",
                                   "text": "统计报表迟报"})
    add_supervision_notice(store, {"unit_id": county["west"], "issued_on": "2024-12-20", "kind": "作风", "text": "上年"})
    add_sanction(store, {"cadre_id": county["张三"], "decided_on": "2025-04-12", "category": "党纪处分",
                         "measure": "严重警告", "text": "违规发放补贴"})
    add_sanction(store, {"cadre_id": county["王五"], "decided_on": "2025-03-01", "category": "党纪处分", "measure": "警告"})
    add_sanction(store, {"cadre_id": county["李四"], "decided_on": "2025-02-01", "category": "政务处分", "measure": "记过"})
    objection = log_objection(store, {"received_on": "2025-03-20", "channel": "来信", "cadre_id": county["张三"],
                                      "content": "反映所报项目进度与实际不符"})
    conclude(store, objection, finding="部分属实", findings="进度多报两成", handler="纪委", closed_on="2025-04-02")
    with store.batch("上年审定"):
        for kind, subject, grade in (("team", county["town"], "差"), ("cadre", county["张三"], "不称职")):
            store.put("annual_decisions", decision_id(2024, kind, subject), {
                "year": 2024, "kind": kind, "subject_id": subject, "unit_id": county["town"], "final_grade": grade})
    teams, people, details = facts_of(store)
    town = teams[county["town"]]
    assert town.notices == (Notice("效能", "窗口服务超时办结"), Notice("其他", "统计报表迟报"))
    assert teams[county["west"]].notices == ()
    assert details[("team", county["town"])].notes == ("2025年6月1日通报批评（其他）：统计报表迟报（规则 5 不涉及此类通报）",)
    assert town.last_year_grade == "差" and people[county["张三"]].last_year_grade == "不称职"
    assert people[county["张三"]].sanction == "2025年4月12日严重警告"
    assert people[county["王五"]].sanction == ""  # rule 6 reads a principal's; the committee is told
    assert "2025年3月1日受到党纪处分（警告）" in details[("cadre", county["王五"])].notes
    assert details[("cadre", county["李四"])].notes[-2:] == ("2025年2月1日受到政务处分（记过）",
                                                            "2025年3月10日在效能监督中被点名通报批评：窗口服务超时办结")
    assert "公示异议经核查部分属实（2025年4月2日办结）：进度多报两成" in details[("cadre", county["张三"])].notes


def test_principals_of_the_year_and_a_sanction_read_as_of_its_day(store, county):
    """张三, 党委书记 of 丹江镇, sanctioned in August and made its 副职 in September, is still its
    principal for rule 6; 李四, sanctioned as a 副职 in June, then 西江镇's 党委书记, is not sanctioned
    as a principal but is one of 西江镇's principals of the year."""
    def move(name, day, unit, title, kind):
        (post_id,) = store.db.execute("SELECT id FROM posts WHERE cadre_id = ? AND deleted = 0", [county[name]]).fetchone()
        cadres.update_post(store, post_id, {"end_date": day})
        cadres.add_post(store, county[name], {"unit_id": county[unit], "title": title, "post_type": kind,
                                              "start_date": day})
    move("张三", "2025-09-01", "town", "党委副书记", "副职")
    move("李四", "2025-11-01", "west", "党委书记", "正职")
    for name, day in (("张三", "2025-08-14"), ("李四", "2025-06-01")):
        add_sanction(store, {"cadre_id": county[name], "decided_on": day, "category": "党纪处分", "measure": "严重警告"})
    teams, people, details = facts_of(store, "2025-12-31")
    assert teams[county["town"]].principal_ids == (county["张三"],)
    assert teams[county["west"]].principal_ids == tuple(sorted((county["赵六"], county["李四"])))
    assert people[county["张三"]].post_type == "副职"
    assert people[county["张三"]].sanction == "2025年8月14日严重警告，时任党委书记"
    assert people[county["李四"]].sanction == ""
    assert "2025年6月1日受到党纪处分（严重警告）" in details[("cadre", county["李四"])].notes
    result = propose_grades(year_facts(store.db, 2025, "2025-12-31")[0])
    assert result.team(county["town"]).grade == "差" and result.cadre(county["张三"]).grade == "不称职"
    assert result.team(county["west"]).grade != "差"


def test_supervised_tasks_make_yellow_and_red_cards(store, county):
    li = county["李四"]
    for title, deadline, done_on, excused in (("修缮校舍", "2025-02-01", "2025-02-10", ""),
                                              ("清理欠款", "2025-04-01", "", ""),
                                              ("防汛检查", "2025-04-20", "2025-04-20", ""),
                                              ("道路改造", "2025-03-01", "2025-03-20", "经县政府批准延期"),
                                              ("年终总结", "2025-05-01", "", ""),
                                              ("上年遗留", "2024-12-01", "2025-01-05", "")):
        add_task(store, {"cadre_id": li, "title": title, "deadline": deadline, "done_on": done_on, "excused": excused})
    _teams, people, details = facts_of(store)
    assert people[li].yellow_cards == 2  # late, and not done by the deadline; on time, excused, not yet due don't count
    cards = year_cards(store.db, 2025, AS_OF, 2)[li]
    assert cards.red and [t["title"] for t in cards.yellow] == ["修缮校舍", "清理欠款"]
    assert cards.text in details[("cadre", li)].notes
    assert cards.text == ("督办事项黄牌提醒 2 次（红牌警告）：修缮校舍（期限 2025-02-01，2025-02-10 完成）、"
                          "清理欠款（期限 2025-04-01，未完成）")
    assert [task_state({"deadline": "2025-05-01", "done_on": ""}, day) for day in ("2025-05-01", "2025-05-02")] == [
        "未到期", "逾期未完成"]
    assert year_cards(store.db, 2024, AS_OF, 2)[li].count == 1 and not year_cards(store.db, 2024, AS_OF, 2)[li].red


def test_a_duplicate_folded_away_counts_for_the_record_kept(store, county):
    number = id_number("19700101", "771")
    old = cadres.add_cadre(store, {"name": "孙八", "id_number": number}).record_id
    add_sanction(store, {"cadre_id": old, "decided_on": "2025-03-05", "category": "党纪处分", "measure": "警告"})
    add_task(store, {"cadre_id": old, "title": "招商引资", "deadline": "2025-02-01"})
    with store.batch("合并重复"):
        store.delete("cadres", old)  # as a merge folds a duplicate entered in another office
    kept = cadres.add_cadre(store, {"name": "孙八", "id_number": number},
                            {"unit_id": county["west"], "title": "镇长", "post_type": "正职",
                             "start_date": "2024-01-01"}).record_id
    _teams, people, _details = facts_of(store)
    assert people[kept].sanction == "2025年3月5日警告" and people[kept].yellow_cards == 1
    assert old not in people


def test_as_of_is_today_or_the_day_after_a_year_gone_by():
    assert default_as_of(2025, "2025-07-01") == "2025-07-01"
    assert default_as_of(2025, "2026-01-10") == "2026-01-01"
