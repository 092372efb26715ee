"""年度考核数据: who is assessed where, the inputs of teams and cadres checked against the year's
scales, exact scores, the entry grid's all-or-nothing save, one undo step, locked years."""

import pytest
from conftest import id_number

from desktop_app.core import cadres, units
from desktop_app.core.annual.settings import default_annual_rules
from desktop_app.core.annual_inputs import (
    delete_inputs,
    get_inputs,
    save_cadre_inputs,
    save_inputs_grid,
    save_team_inputs,
    unit_subjects,
    year_inputs,
    year_subjects,
)
from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.rule_sets import get_rule_set, preset_rules, save_rule_set
from desktop_app.core.year_locks import lock_year

TEAM_VOTES = {"valid": 40, "counts": {"好": 30, "较好": 8, "一般": 1}}
CADRE_VOTES = {"valid": 40, "counts": {"优秀": 20, "称职": 18}}


@pytest.fixture
def county(store):
    """丹江镇 and 西江镇 in 2025. 张三 正职 all year; 李四 副职 made 正职 on 11-01; 王五 moved to 西江镇 on
    05-01 (more days there); 赵六 181 days in each (a gap between): 西江镇, held latest; 钱七 holds no team
    post; 孙八 left on 2025-01-01 (the end day is not held)."""
    ids = {name: units.add_unit(store, {"name": name, "kind": "乡镇"})[0] for name in ("丹江镇", "西江镇")}
    posts = {
        "张三": [("丹江镇", "党委书记", "正职", "2024-01-01", None)],
        "李四": [("丹江镇", "副镇长", "副职", "2024-01-01", "2025-11-01"), ("丹江镇", "镇长", "正职", "2025-11-01", None)],
        "王五": [("丹江镇", "副镇长", "副职", "2025-01-01", "2025-05-01"), ("西江镇", "副镇长", "副职", "2025-05-01", None)],
        "赵六": [("丹江镇", "武装部长", "班子成员", "2024-06-01", "2025-07-01"),
                 ("西江镇", "组织委员", "班子成员", "2025-07-04", None)],
        "钱七": [("丹江镇", "科员", "其他", "2024-01-01", None)],
        "孙八": [("丹江镇", "副镇长", "副职", "2023-01-01", "2025-01-01")],
    }
    for n, (name, held) in enumerate(posts.items()):
        first, *later = [{"unit_id": ids[unit], "title": title, "post_type": kind, "start_date": start, "end_date": end}
                         for unit, title, kind, start, end in held]
        ids[name] = cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n}61")}, first).record_id
        for post in later:
            cadres.add_post(store, ids[name], post)
    return ids


def test_each_cadre_is_assessed_once_in_the_unit_of_the_most_days(store, county):
    town = unit_subjects(store.db, county["丹江镇"], 2025)
    assert [(s.name, s.post_type, s.title) for s in town] == [("领导班子", "", ""), ("张三", "正职", "党委书记"),
                                                              ("李四", "正职", "镇长")]
    assert town[0].is_team and town[0].label == "丹江镇领导班子" and town[1].label == "张三（丹江镇）"
    west = unit_subjects(store.db, county["西江镇"], 2025)
    assert [(s.name, s.post_type) for s in west] == [("领导班子", ""), ("王五", "副职"), ("赵六", "班子成员")]
    assert [s.label for s in year_subjects(store.db, 2025)] == [
        "丹江镇领导班子", "张三（丹江镇）", "李四（丹江镇）", "西江镇领导班子", "王五（西江镇）", "赵六（西江镇）"]
    # 2024: 赵六 and 孙八 were in 丹江镇, nobody yet in 西江镇
    assert [s.name for s in year_subjects(store.db, 2024)] == ["领导班子", "张三", "孙八", "李四", "赵六"]


def test_team_and_cadre_inputs_are_saved_decoded_and_undone(store, county):
    town = county["丹江镇"]
    created = save_team_inputs(store, 2025, town, {
        "evaluation": TEAM_VOTES, "survey": {"valid": 90, "counts": {"满意": 50, "基本满意": 10, "不满意": 30}},
        "survey_confirmed": "是", "investigation": "经专项调查，群众反映的征地补偿问题属实。",
        "responsibility_score": "86.50", "responsibility_grade": "较好",
        "key_projects": [{"name": "产业园道路", "done": True}, {"name": "污水处理厂", "done": "否", "note": "延至明年"}]})
    team = year_inputs(store.db, 2025)[(town, None)]
    assert team["id"] == created.record_id and team["evaluation"] == {
        "valid": 40, "counts": {"好": 30, "较好": 8, "一般": 1, "差": 0}}
    assert team["survey"]["counts"]["不满意"] == 30 and team["survey_confirmed"] is True
    assert team["responsibility_score"] == "86.5" and team["key_projects"][1] == {
        "name": "污水处理厂", "done": False, "note": "延至明年"}
    assert get_rule_set(store.db, 2025) is not None  # the year keeps the rules its inputs were checked with
    save_cadre_inputs(store, 2025, town, county["张三"], {"evaluation": CADRE_VOTES, "responsibility_score": 90.0})
    save_cadre_inputs(store, 2025, town, county["张三"], {"note": "述职良好"})  # the rest is kept
    zhang = get_inputs(store.db, 2025, town, county["张三"])
    assert (zhang["evaluation"]["counts"]["优秀"], zhang["responsibility_score"], zhang["note"]) == (20, "90", "述职良好")
    store.undo(created.changes.batch_id)
    assert set(year_inputs(store.db, 2025)) == {(town, county["张三"])}
    changes = delete_inputs(store, 2025, town, county["张三"])
    assert year_inputs(store.db, 2025) == {}
    store.undo(changes.batch_id)
    assert get_inputs(store.db, 2025, town, county["张三"])["note"] == "述职良好"


def test_scores_are_kept_exactly_as_numbers_not_floats(store, county):
    town = county["丹江镇"]
    for given, kept in ((86.5, "86.5"), ("089", "89"), ("79.90", "79.9"), (100, "100"), ("", "")):
        save_team_inputs(store, 2025, town, {"responsibility_score": given, "note": "x"})
        assert get_inputs(store.db, 2025, town)["responsibility_score"] == kept


def test_every_bad_field_gets_a_chinese_message(store, county):
    town = county["丹江镇"]
    with pytest.raises(ValidationError) as error:
        save_team_inputs(store, 2025, town, {
            "evaluation": {"valid": 40, "counts": {"好": 30, "较好": 11}},
            "survey": {"valid": "九十", "counts": {"不满意": -1}}, "survey_confirmed": "也许",
            "responsibility_score": "101", "responsibility_grade": "优秀", "key_projects": [{"name": ""}]})
    assert error.value.problems == {
        "evaluation": "民主测评各等次票数合计 41 超过有效票 40",
        "survey.valid": "民意调查有效票须为整数（现为 九十）",
        "survey.counts.不满意": "民意调查“不满意”票数不能为负数",
        "survey_confirmed": "专项调查属实须填“是”或“否”（现为 也许）",
        "responsibility_grade": "责任制考核等次须为 好、较好、一般、差 之一（现为 优秀）",
        "responsibility_score": "责任制考核得分须为 0–100 之间的数（如 86.5；现为 101）",
        "key_projects.1": "第 1 个重点项目须填写名称"}
    with pytest.raises(ValidationError) as error:  # a cadre is graded on the cadre scale
        save_cadre_inputs(store, 2025, town, county["张三"], {"evaluation": {"counts": {"好": 3}}, "survey_confirmed": 1})
    assert error.value.problems == {"evaluation.counts": "“好”不是民主测评的等次（应为 优秀、称职、基本称职、不称职）",
                                    "evaluation.valid": "请填写民主测评有效票",
                                    "survey_confirmed": "专项调查属实须先录入民意调查票数"}
    assert year_inputs(store.db, 2025) == {}


def test_the_scales_are_the_years_rules(store, county):
    rules = preset_rules() | {"annual": default_annual_rules() | {
        "cadre_grades": ["优秀", "合格", "基本合格", "不合格"],
        "scale_map": {"好": "优秀", "较好": "合格", "一般": "基本合格", "差": "不合格"},
        "cadre_thresholds": [{"grade": g, "min_score": s} for g, s in (("优秀", 90), ("合格", 70), ("基本合格", 60),
                                                                       ("不合格", 0))]}}
    rules["annual"].pop("composite", None)  # the composite's points follow the scales by default
    rules["annual"]["rules"] = {**rules["annual"]["rules"],
                                "cascade_up": {"enabled": True, "principal_grade": "不合格", "team_forbid": "好"},
                                "discipline": {"enabled": True, "team_grade": "差", "principal_grade": "不合格"},
                                "missing_reports": {"enabled": True, "cadre_grade": "不合格"}}
    save_rule_set(store, 2024, rules)  # 2025 follows 2024's rules (沿用)
    town, zhang = county["丹江镇"], county["张三"]
    save_cadre_inputs(store, 2025, town, zhang, {"evaluation": {"valid": 30, "counts": {"合格": 20}}})
    with pytest.raises(ValidationError, match="“称职”不是民主测评的等次"):
        save_cadre_inputs(store, 2025, town, zhang, {"evaluation": {"valid": 30, "counts": {"称职": 20}}})


def test_a_cadre_is_entered_only_in_the_unit_assessing_them(store, county):
    with pytest.raises(ValidationError, match="王五2025年度不在丹江镇参加考核，在西江镇参加考核"):
        save_cadre_inputs(store, 2025, county["丹江镇"], county["王五"], {"evaluation": CADRE_VOTES})
    with pytest.raises(ValidationError, match="钱七2025年度不在丹江镇参加考核，没有担任班子职务"):
        save_cadre_inputs(store, 2025, county["丹江镇"], county["钱七"], {"evaluation": CADRE_VOTES})


def test_the_grid_saves_a_unit_at_once_or_not_at_all(store, county):
    town, zhang, li = county["丹江镇"], county["张三"], county["李四"]
    save_team_inputs(store, 2025, town, {"key_projects": [{"name": "产业园道路", "done": True}]})
    with pytest.raises(ValidationError) as error:
        save_inputs_grid(store, 2025, town, {None: {"evaluation": TEAM_VOTES},
                                             zhang: {"evaluation": {"valid": 10, "counts": {"优秀": 11}}},
                                             county["王五"]: {"evaluation": CADRE_VOTES}})
    assert error.value.problems == {f"{zhang}.evaluation": "张三：民主测评各等次票数合计 11 超过有效票 10",
                                    f"{county['王五']}.cadre_id": "王五2025年度不在丹江镇参加考核"}
    assert get_inputs(store.db, 2025, town)["evaluation"] == {}
    changes = save_inputs_grid(store, 2025, town, {None: {"evaluation": TEAM_VOTES}, zhang: {"evaluation": CADRE_VOTES},
                                                   li: {"evaluation": CADRE_VOTES}})
    assert changes.count == 3 and changes.note == "录入年度考核数据：丹江镇 2025年度（3 项）"
    assert get_inputs(store.db, 2025, town)["key_projects"] == [{"name": "产业园道路", "done": True, "note": ""}]
    cleared = save_inputs_grid(store, 2025, town, {zhang: {"evaluation": {}}}, cleared=[li, county["孙八"]])
    assert set(year_inputs(store.db, 2025)) == {(town, None)}  # 张三's emptied row is removed too
    store.undo(cleared.batch_id)
    store.undo(changes.batch_id)
    assert get_inputs(store.db, 2025, town)["evaluation"] == {} and get_inputs(store.db, 2025, town, zhang) is None
    assert save_inputs_grid(store, 2025, town, {}, cleared=[li]).empty


def test_a_locked_years_inputs_are_refused(store, county):
    town = county["丹江镇"]
    save_team_inputs(store, 2025, town, {"evaluation": TEAM_VOTES})
    lock_year(store, 2025)
    with pytest.raises(RuleViolation, match="2025年度考核已锁定，不能再修改该年度的数据（年度考核数据）"):
        save_team_inputs(store, 2025, town, {"note": "补记"})
    with pytest.raises(RuleViolation, match="已锁定"):
        save_inputs_grid(store, 2025, town, {county["张三"]: {"evaluation": CADRE_VOTES}})
    assert set(year_inputs(store.db, 2025)) == {(town, None)}
    save_team_inputs(store, 2026, town, {"evaluation": TEAM_VOTES})  # the next year is open
