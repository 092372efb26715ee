"""规则方案: defaults, presets, one rule set per year with fallback, validation, the store round trip."""

import copy
import json

import pytest

from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.natural_ids import rule_set_id
from desktop_app.core.rule_sets import (
    DEFAULT_RULES,
    PRESETS,
    Aspect,
    Category,
    Threshold,
    default_quarter_rules,
    delete_rule_set,
    exact_number,
    get_rule_set,
    parse_quarter_rules,
    preset_rules,
    rule_set_years,
    rules_for_year,
    save_rule_set,
    validate_rules,
    validate_year,
)


def with_quarterly(**changes) -> dict:
    """The default rules with some quarterly fields replaced."""
    rules = copy.deepcopy(DEFAULT_RULES)
    rules["quarterly"].update(changes)
    return rules


def problems_of(rules) -> dict:
    with pytest.raises(ValidationError) as caught:
        validate_rules(rules)
    return caught.value.problems


def test_the_defaults_are_the_three_aspects_and_four_grades_of_the_county_documents():
    rules = default_quarter_rules()
    assert rules.grades == ("好", "较好", "一般", "差")
    assert rules.points_by_grade == {"好": 100, "较好": 80, "一般": 60, "差": 40}
    assert [a.short for a in rules.aspects] == ["思路措施", "作风纪律", "工作实绩"]
    assert rules.aspects[1] == Aspect("工作责任心、联系群众、团结同志、遵纪守法、严格管理、勤奋敬业、出勤情况", "作风纪律", 1)
    assert rules.categories == (Category("领导", 30), Category("同级", 30), Category("干部职工", 40))
    assert rules.thresholds[0] == Threshold("好", 90) and rules.thresholds[-1] == Threshold("差", 0)
    assert (rules.source, rules.year, rules.name) == ("默认规则方案", None, "")
    assert validate_rules(DEFAULT_RULES) == DEFAULT_RULES  # the defaults pass their own validation
    assert {"quarterly": rules.to_json()} == DEFAULT_RULES


def test_presets_are_copies_of_the_two_common_point_maps():
    assert list(PRESETS) == ["100/80/60/40", "95/85/75/60"]
    ninety_five = preset_rules("95/85/75/60")
    assert ninety_five["quarterly"]["points"] == {"好": 95, "较好": 85, "一般": 75, "差": 60}
    ninety_five["quarterly"]["points"]["好"] = 1  # a copy: the preset itself is untouched
    assert preset_rules("95/85/75/60")["quarterly"]["points"]["好"] == 95
    assert preset_rules() == DEFAULT_RULES and preset_rules() is not DEFAULT_RULES
    with pytest.raises(ValidationError, match="没有名为「90/80」的预设方案（可选：100/80/60/40、95/85/75/60）"):
        preset_rules("90/80")


def test_grade_for_uses_inclusive_thresholds_from_the_top():
    rules = default_quarter_rules()
    assert [rules.grade_for(s) for s in (100, 90, 89.99, 80, 79.999, 65, 64.5, 0)] == [
        "好", "好", "较好", "较好", "一般", "一般", "差", "差"]
    decimal = parse_quarter_rules(with_quarterly(thresholds=[{"grade": "好", "min_score": 89.9},
                                                             {"grade": "差", "min_score": 0}]))
    # 89.9 is taken as the decimal 899/10, not as the float just above it
    assert exact_number(89.9) == exact_number("89.9") and decimal.grade_for(exact_number("89.9")) == "好"


def test_each_year_uses_its_own_rule_set_else_the_latest_earlier_one_else_the_defaults(store):
    assert rules_for_year(store.db, 2026).source == "默认规则方案"
    save_rule_set(store, 2025, preset_rules("95/85/75/60"), name="试行方案")
    save_rule_set(store, 2027, DEFAULT_RULES)
    sources = {year: rules_for_year(store.db, year) for year in (2024, 2025, 2026, 2027, 2030)}
    assert {year: r.source for year, r in sources.items()} == {
        2024: "默认规则方案", 2025: "2025年规则方案", 2026: "沿用2025年规则方案", 2027: "2027年规则方案",
        2030: "沿用2027年规则方案"}
    assert sources[2026].points == (95, 85, 75, 60) and (sources[2026].year, sources[2026].name) == (2025, "试行方案")
    assert sources[2030].points == (100, 80, 60, 40)
    assert rule_set_years(store.db) == [2025, 2027]
    delete_rule_set(store, 2027)  # 2027 goes back to following 2025
    assert rules_for_year(store.db, 2027).source == "沿用2025年规则方案" and get_rule_set(store.db, 2027) is None


def test_saving_is_one_undo_step_and_undo_restores_the_rules_before(store):
    first = save_rule_set(store, 2026, DEFAULT_RULES, name=" 2026年方案 ")
    assert first.tables == frozenset({"rule_sets"}) and first.count == 1
    stored = store.get("rule_sets", rule_set_id(2026))
    assert (stored["year"], stored["name"], json.loads(stored["rules"])) == (2026, "2026年方案", DEFAULT_RULES)
    assert save_rule_set(store, 2026, copy.deepcopy(DEFAULT_RULES), name="2026年方案").empty  # nothing differs

    second = save_rule_set(store, 2026, preset_rules("95/85/75/60"), name="2026年方案")
    assert rules_for_year(store.db, 2026).points == (95, 85, 75, 60)
    note = store.db.execute("SELECT note FROM audit_log WHERE batch_id = ?", [second.batch_id]).fetchone()[0]
    assert note == "保存2026年规则方案"

    store.undo(second.batch_id)
    assert rules_for_year(store.db, 2026).points == (100, 80, 60, 40)
    assert get_rule_set(store.db, 2026).rules == DEFAULT_RULES
    store.undo(first.batch_id)  # before the first save there was no rule set: the defaults again
    assert get_rule_set(store.db, 2026) is None and rules_for_year(store.db, 2026).source == "默认规则方案"


def test_keys_this_version_does_not_know_are_kept_for_later_parts(store):
    rules = with_quarterly(quota={"好": 0.4})
    rules["annual"] = {"grades": ["优秀", "称职", "基本称职", "不称职"], "quota": 0.2}
    save_rule_set(store, 2026, rules)
    assert get_rule_set(store.db, 2026).rules == rules
    quarter = rules_for_year(store.db, 2026)
    assert quarter.extra == {"quota": {"好": 0.4}} and quarter.to_json() == rules["quarterly"]


def test_saving_checks_the_annual_part_too_and_names_its_fields_beside_the_quarterlys(store):
    from desktop_app.core.annual.settings import default_annual_rules

    rules = with_quarterly(points={"好": 100, "较好": 80, "一般": 60, "差": 70})
    rules["annual"] = default_annual_rules("20%")
    rules["annual"]["rules"]["quota"]["cadre_fraction"] = "三成"
    rules["annual"]["rules"]["cards"]["yellow_for_red"] = 0
    with pytest.raises(ValidationError) as caught:
        save_rule_set(store, 2026, rules)
    assert set(caught.value.problems) == {"quarterly.points", "annual.rules.quota.cadre_fraction",
                                          "annual.rules.cards.yellow_for_red"}
    assert caught.value.problems["annual.rules.quota.cadre_fraction"] == (
        "规则 1（等次比例）：比例须为 0 到 1 之间的分数或百分数（如 1/3、15%、0.2）（现为 三成）")
    assert get_rule_set(store.db, 2026) is None  # nothing written
    rules["quarterly"] = copy.deepcopy(DEFAULT_RULES["quarterly"])
    rules["annual"]["rules"]["quota"]["cadre_fraction"] = "20%"
    rules["annual"]["rules"]["cards"]["yellow_for_red"] = 3
    save_rule_set(store, 2026, rules)
    assert get_rule_set(store.db, 2026).rules["annual"] == rules["annual"]
    with pytest.raises(ValidationError) as caught:
        save_rule_set(store, 2026, {**rules, "annual": "?"})
    assert caught.value.problems == {"annual": "年度考核规则须为 JSON 对象"}


def test_numbers_are_cleaned_and_names_trimmed():
    rules = with_quarterly(points={"好": 100.0, "较好": 80, "一般": 60.5, "差": 40},
                           categories=[{"name": " 领导 ", "weight": 30.0}, {"name": "干部职工"}])
    clean = validate_rules(json.dumps(rules, ensure_ascii=False))["quarterly"]  # JSON text is read too
    assert clean["points"] == {"好": 100, "较好": 80, "一般": 60.5, "差": 40}
    assert clean["categories"] == [{"name": "领导", "weight": 30}, {"name": "干部职工", "weight": 1}]  # weight 1 when left out
    short = validate_rules(with_quarterly(aspects=[{"name": "工作实绩"}]))["quarterly"]["aspects"]
    assert short == [{"name": "工作实绩", "short": "工作实绩", "weight": 1}]


def test_points_must_be_numbers_from_0_to_100_for_every_grade_and_fall_from_best_to_worst():
    problems = problems_of(with_quarterly(points={"好": 120, "较好": "80", "一般": True, "优秀": 90}))
    assert problems == {
        "quarterly.points.好": "等次「好」的分值须是 0–100 之间的数（现为 120）",
        "quarterly.points.较好": "等次「较好」的分值须是 0–100 之间的数（现为 80）",
        "quarterly.points.一般": "等次「一般」的分值须是 0–100 之间的数（现为 True）",
        "quarterly.points.差": "等次「差」的分值须是 0–100 之间的数（未填写）",
        "quarterly.points.优秀": "分值中的「优秀」不是本方案的等次",
    }
    assert problems_of(with_quarterly(points={"好": 80, "较好": 90, "一般": 60, "差": 40})) == {
        "quarterly.points": "分值须按等次从好到差排列，不能升高（好 ≥ 较好 ≥ 一般 ≥ 差）"}


def test_grades_aspects_and_categories_are_checked_field_by_field():
    assert problems_of(with_quarterly(grades=["好", "好"])) == {
        "quarterly.grades": "等次须为 4 个不重复的名称（如 好、较好、一般、差）"}
    assert problems_of(with_quarterly(aspects=[])) == {"quarterly.aspects": "评议内容须有 1–6 项"}
    seven = [{"name": f"内容{n}", "short": f"内容{n}"} for n in range(7)]
    assert problems_of(with_quarterly(aspects=seven)) == {"quarterly.aspects": "评议内容须有 1–6 项"}
    aspects = [{"name": "甲", "weight": 0}, {"name": "甲", "weight": -1}, {"name": " ", "short": "丙"}]
    assert problems_of(with_quarterly(aspects=aspects)) == {
        "quarterly.aspects.1.weight": "第 1 项评议内容的权重须是大于 0 的数（现为 0）",
        "quarterly.aspects.2.weight": "第 2 项评议内容的权重须是大于 0 的数（现为 -1）",
        "quarterly.aspects.3.name": "第 3 项评议内容须填写名称（最多60字）",
        "quarterly.aspects": "评议内容的名称不能重复：甲",
        "quarterly.aspects.short": "评议内容的简称不能重复：甲",
    }
    categories = [{"name": "领导", "weight": 30}, {"name": "领导", "weight": "三十"}]
    assert problems_of(with_quarterly(categories=categories)) == {
        "quarterly.categories.2.weight": "投票类别「领导」的权重须是大于 0 的数（现为 三十）",
        "quarterly.categories": "投票类别的名称不能重复：领导",
    }
    assert validate_rules(with_quarterly(categories=[]))["quarterly"]["categories"] == []  # voters not divided


def test_thresholds_must_fall_and_cover_zero():
    def thresholds(*pairs):
        return with_quarterly(thresholds=[{"grade": g, "min_score": s} for g, s in pairs])

    assert problems_of(thresholds(("好", 80), ("较好", 90), ("差", 0))) == {
        "quarterly.thresholds": "分数线须从高到低排列，且各档最低分不能相同"}
    assert problems_of(thresholds(("较好", 90), ("好", 80), ("差", 0))) == {
        "quarterly.thresholds": "分数线的等次须按 好、较好、一般、差 的顺序从好到差排列，且不重复"}
    assert problems_of(thresholds(("好", 90), ("较好", 80), ("一般", 60))) == {
        "quarterly.thresholds": "分数线须覆盖 0 分：最后一档「一般」的最低分应为 0"}
    assert problems_of(thresholds(("优秀", 90), ("差", 101))) == {
        "quarterly.thresholds.1.grade": "第 1 条分数线的等次「优秀」不是本方案的等次",
        "quarterly.thresholds.2.min_score": "等次「差」的最低分须是 0–100 之间的数"}
    assert problems_of(with_quarterly(thresholds=[])) == {"quarterly.thresholds": "请填写各等次的分数线"}
    assert validate_rules(thresholds(("好", 85), ("差", 0)))  # grades may share a band


def test_rules_and_years_that_are_not_rule_sets_are_refused(store):
    assert problems_of({"annual": {}}) == {"quarterly": "规则方案缺少季度评议部分（quarterly）"}
    assert problems_of("{not json") == {"rules": "规则方案不是有效的 JSON"}
    assert problems_of([1, 2]) == {"rules": "规则方案须为 JSON 对象"}
    for bad in (1999, 2101, "二〇二六", 2026.5, True, None):
        with pytest.raises(ValidationError, match="年度须为 2000–2100 之间的整数"):
            validate_year(bad)
    assert validate_year("2026") == 2026
    with pytest.raises(ValidationError, match="等次「好」的分值"):
        save_rule_set(store, 2026, with_quarterly(points={"好": -1, "较好": 80, "一般": 60, "差": 40}))
    assert get_rule_set(store.db, 2026) is None  # nothing written


def test_a_stored_rule_set_that_no_longer_validates_is_reported_not_replaced_by_defaults(store):
    store.put("rule_sets", rule_set_id(2026), {"year": 2026, "name": "", "rules": '{"quarterly": {"grades": []}}'})
    with pytest.raises(RuleViolation, match="2026年规则方案有误，无法计分：等次须为"):
        rules_for_year(store.db, 2027)


def test_a_years_first_meeting_fixes_its_rules_so_earlier_edits_do_not_rescore_it(store):
    from desktop_app.core import units
    from desktop_app.core.evaluations import save_session
    from desktop_app.core.rule_sets import get_rule_set, preset_rules, rules_for_year, save_rule_set

    save_rule_set(store, 2025, preset_rules("95/85/75/60"))
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    save_session(store, town, 2026, 1, {"valid": 1, "returned": 1, "issued": 1, "present": 1, "expected": 1,
                                        "cadre_ids": ["x"]})
    assert get_rule_set(store.db, 2026).name == "按2025年方案"
    save_rule_set(store, 2025, preset_rules("100/80/60/40"))  # 2025 edited afterwards
    assert rules_for_year(store.db, 2026).points_by_grade["好"] == 95  # 2026 keeps the rules it was scored with
    assert rules_for_year(store.db, 2026).source == "2026年规则方案（按2025年方案）"
