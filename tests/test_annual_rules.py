"""The annual rules engine (core/annual, domain.md rules 1–11): one test per rule with the exact
reason, the switches, the quota's rounding and ties, cascades to a fixed point, the follow-ups,
and properties: order does not matter, grades never rise, quotas hold except for flagged ties."""

import copy
import random
import re
from dataclasses import replace
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.annual_rules import (
    CADRE_GRADES,
    RULE_KEYS,
    TEAM_GRADES,
    TIE_FLAG,
    CadreFacts,
    Evaluation,
    Notice,
    Survey,
    TeamFacts,
    YearFacts,
    default_annual_rules,
    parse_annual_rules,
    propose_grades,
    seats,
    validate_annual_rules,
)
from desktop_app.core.errors import ValidationError
from desktop_app.core.report_gaps import ReportFlag


def annual(*off: str, **params) -> dict:
    """The default annual part with the rules `off` switched off and `params` ({rule: {key: value}}) set.
    The quota is off unless named in params: most tests look at one rule on one unit."""
    part = default_annual_rules()
    off = set(off) | ({"quota"} if "quota" not in params else set())
    for key in off:
        part["rules"][key]["enabled"] = False
    for key, values in params.items():
        part["rules"][key].update(values)
    return part


def team(unit_id="U1", name="城关镇", score=95, **kw) -> TeamFacts:
    return TeamFacts(unit_id, name, F(score) if score is not None else None, **kw)


def cadre(cadre_id="C1", name="张三", unit_id="U1", post="正职", score=95, **kw) -> CadreFacts:
    return CadreFacts(cadre_id, name, unit_id, post, F(score) if score is not None else None, **kw)


def run(teams=(), cadres=(), rules=None, year=2025):
    return propose_grades(YearFacts(year, tuple(teams), tuple(cadres)), annual() if rules is None else rules)


def steps(proposal, rule=None):
    return [(s.rule, s.before, s.after, s.reason) for s in proposal.steps if rule is None or s.rule == rule]


# -- the annual part of the rule set -------------------------------------------------------------------
def test_default_annual_part_is_valid_and_kept_as_is():
    part = default_annual_rules()
    assert validate_annual_rules(part) == part
    assert part["rules"]["quota"] == {"enabled": True, "team_fraction": "1/3", "cadre_fraction": "15%",
                                      "rounding": "四舍五入"}
    assert part["scale_map"] == {"好": "优秀", "较好": "称职", "一般": "基本称职", "差": "不称职"}
    assert [default_annual_rules(p)["rules"]["quota"]["cadre_fraction"] for p in ("15%", "20%", "25%")] == \
        ["15%", "20%", "25%"]
    with pytest.raises(ValidationError) as error:
        default_annual_rules("30%")
    assert "annual.preset" in error.value.problems


def test_validation_names_each_bad_field_in_chinese():
    part = default_annual_rules()
    part["rules"]["quota"].update(rounding="银行家舍入", cadre_fraction="150%")
    part["rules"]["opinion_survey"]["team_forbid"] = "差"
    part["rules"]["cards"]["yellow_for_red"] = 0
    part["cadre_thresholds"][1]["min_score"] = 95
    with pytest.raises(ValidationError) as error:
        validate_annual_rules(part)
    assert set(error.value.problems) == {"annual.cadre_thresholds"}  # the scales first
    part["cadre_thresholds"][1]["min_score"] = 70
    with pytest.raises(ValidationError) as error:
        validate_annual_rules(part)
    problems = error.value.problems
    assert set(problems) == {"annual.rules.quota.rounding", "annual.rules.quota.cadre_fraction",
                             "annual.rules.opinion_survey.team_forbid", "annual.rules.cards.yellow_for_red"}
    assert problems["annual.rules.quota.rounding"] == "规则 1（等次比例）：须为 四舍五入、进一法、去尾法 之一（现为 银行家舍入）"
    assert "不能是最低等次「差」" in problems["annual.rules.opinion_survey.team_forbid"]
    with pytest.raises(ValidationError) as error:
        validate_annual_rules([])
    assert error.value.problems == {"annual": "年度考核规则须为 JSON 对象"}


def test_validation_cleans_and_keeps_unknown_keys_and_fills_missing_rules():
    part = default_annual_rules()
    part["note"] = "县里自定"
    part["rules"]["opinion_survey"]["comparison"] = ">="
    part["rules"]["quota"]["team_fraction"] = " 1/3 "
    del part["rules"]["veto"]
    clean = validate_annual_rules(part)
    assert clean["note"] == "县里自定"
    assert clean["rules"]["opinion_survey"]["comparison"] == "≥"
    assert clean["rules"]["quota"]["team_fraction"] == "1/3"
    assert clean["rules"]["veto"] == {"enabled": True, "min_score": 80}


def test_rules_come_from_a_whole_rule_set_or_the_defaults():
    whole = {"quarterly": {}, "annual": annual()}
    assert parse_annual_rules(whole).part("quota") is None
    assert parse_annual_rules({"quarterly": {}}).part("quota")["cadre_fraction"] == "15%"
    assert parse_annual_rules(None).cadre.grades == tuple(CADRE_GRADES)


def test_base_grade_from_thresholds_or_given():
    result = run([team("U1", score=90), team("U2", "河湾镇", score=F(1799, 20)), team("U3", "新城街道", score=None),
                  team("U4", "林业局", score=50, grade="较好")])
    assert [(p.base_grade, p.grade) for p in result.teams] == [("好", "好"), ("较好", "较好"), (None, None),
                                                               ("较好", "较好")]
    assert result.team("U3").flags == ("缺少综合得分和等次，无法拟定等次，需审定委员会决定",)


def test_facts_that_do_not_fit_are_refused_by_field():
    with pytest.raises(ValidationError) as error:
        run([team(), team()], [cadre(grade="好"), cadre("C2", post="科员", survey=Survey(50, 40))])
    assert set(error.value.problems) == {"team", "cadre.C1.grade", "cadre.C2.post_type", "cadre.C2.survey"}
    assert error.value.problems["team"] == "单位重复出现：U1"


# -- rules 2–10, one each ----------------------------------------------------------------------------------
def test_rule_4_opinion_survey_confirmed_by_investigation():
    result = run([team(survey=Survey(36, 90, confirmed=True)), team("U2", "河湾镇", survey=Survey(36, 90))],
                 [cadre(survey=Survey(40, 90, True))])
    assert steps(result.team("U1")) == [(4, "好", "较好", "民意调查不满意票 36/90 超过三分之一且经专项调查属实，不得评为'好'")]
    assert steps(result.team("U2")) == []  # not confirmed
    assert steps(result.cadre("C1")) == [(4, "优秀", "称职",
                                          "民意调查不满意票 40/90 超过三分之一且经专项调查属实，不得评为'优秀'")]


def test_rule_4_greater_than_or_at_least_one_third_at_exactly_30_of_90():
    facts = [team(survey=Survey(30, 90, True))]
    assert run(facts).team("U1").grade == "好"
    at_least = run(facts, rules=annual(opinion_survey={"comparison": "≥"})).team("U1")
    assert steps(at_least) == [(4, "好", "较好", "民意调查不满意票 30/90 达到三分之一且经专项调查属实，不得评为'好'")]
    no_check = run([team(survey=Survey(31, 90))], rules=annual(opinion_survey={"need_investigation": False}))
    assert no_check.team("U1").reasons == ("民意调查不满意票 31/90 超过三分之一，不得评为'好'",)


def test_rule_5_supervision_notice_caps_team_and_principal_only():
    notices = (Notice("效能", "窗口服务超时办结"), Notice("统计", "报表迟报"))
    result = run([team(notices=notices)], [cadre(), cadre("C2", "李四", post="副职")])
    assert steps(result.team("U1")) == [(5, "好", "较好", "本单位在效能监督（窗口服务超时办结）中被通报批评，领导班子不得评为'好'")]
    assert steps(result.cadre("C1")) == [
        (5, "优秀", "称职", "所在单位在效能监督（窗口服务超时办结）中被通报批评，主要领导不得评为'优秀'")]
    assert result.cadre("C2").grade == "优秀"
    assert run([team(notices=(Notice("统计"),))]).team("U1").grade == "好"  # not a supervision the rule names


def test_rule_6_discipline_makes_team_and_principal_the_lowest_grade():
    result = run([team()], [cadre(sanction="2025年5月党内警告"), cadre("C2", "李四", post="副职", score=80)],
                 annual("cascade_up", "cascade_down"))
    assert steps(result.team("U1")) == [(6, "好", "差", "主要领导张三当年受到党纪处分（2025年5月党内警告），领导班子评为'差'")]
    assert steps(result.cadre("C1")) == [(6, "优秀", "不称职", "当年受到党纪处分（2025年5月党内警告），评为'不称职'")]
    assert result.cadre("C2").grade == "称职"


def test_a_principal_of_the_unit_in_the_year_counts_though_a_deputy_at_its_end():
    # 张三 was 城关镇's 正职 until November, then its 副职 (TeamFacts.principal_ids): rules 3, 5, 6 and
    # 11 still read him as its principal; 李四, the new 正职, too; 王五, a deputy all year, not.
    facts = [team(principal_ids=("C1", "C2"), notices=(Notice("效能"),), last_year_grade="差")], [
        cadre(post="副职", sanction="2025年8月14日严重警告"), cadre("C2", "李四", score=80),
        cadre("C3", "王五", post="副职", sanction="警告")]
    result = run(*facts, annual("cascade_down"))
    assert steps(result.team("U1"), 6) == [
        (6, "较好", "差", "主要领导张三当年受到党纪处分（2025年8月14日严重警告），领导班子评为'差'")]
    assert [s.reason for s in result.cadre("C1").steps] == [
        "所在单位在效能监督中被通报批评，主要领导不得评为'优秀'", "当年受到党纪处分（2025年8月14日严重警告），评为'不称职'"]
    assert [s.rule for s in result.cadre("C2").steps] == [5] and result.cadre("C3").steps == ()
    assert "组织调整（所在城关镇领导班子连续两年评为'差'，请核实两年均任主要领导）" in result.cadre("C1").follow_ups
    assert steps(run([team(principal_ids=("C1",))], [cadre(post="副职", grade="不称职")]).team("U1")) == [
        (3, "好", "较好", "主要领导张三评为'不称职'，领导班子不得评为'好'")]


def test_a_principal_assessed_in_another_unit_counts_for_both():
    # 张三, assessed in 城关镇 as its 副职, was 河湾镇's 正职 part of the year and sanctioned then.
    result = run([team(), team("U2", "河湾镇", principal_ids=("C1",), notices=(Notice("作风", "酒驾"),))],
                 [cadre(post="副职", sanction="2025年3月1日警告")], annual("cascade_down", "cascade_up"))
    assert result.team("U2").grade == "差" and result.team("U1").grade == "好"
    assert [s.reason for s in result.cadre("C1").steps] == [
        "河湾镇在作风监督（酒驾）中被通报批评，主要领导不得评为'优秀'", "当年受到党纪处分（2025年3月1日警告），评为'不称职'"]
    with pytest.raises(ValidationError) as error:
        run([team(principal_ids=("C9",))], [cadre()])
    assert error.value.problems == {"team.U1.principal_ids": "城关镇领导班子的主要领导 C9 不在本年度考核的干部中"}


def test_rule_7_link_to_the_responsibility_assessment():
    result = run([team(responsibility_grade="较好"), team("U2", "河湾镇", responsibility_grade="好")],
                 [cadre(responsibility_grade="一般"), cadre("C2", "李四", post="副职", responsibility_grade="较好")])
    assert steps(result.team("U1")) == [(7, "好", "较好", "责任制考核评为'较好'（未评为'好'），年度考核不得评为'好'")]
    assert steps(result.team("U2")) == []
    assert steps(result.cadre("C1")) == [(7, "优秀", "称职", "责任制考核评为'一般'（'一般'及以下），年度考核不得评为'优秀'")]
    assert steps(result.cadre("C2")) == []


def test_rule_8_two_missing_reports_make_the_cadre_incompetent():
    flag = ReportFlag("C1", "张三", ("2025-03", "2025-04"), ("未报", "空洞"))
    result = run([], [cadre(missing_reports=flag.reason, score=None)])
    proposal = result.cadre("C1")
    assert (proposal.base_grade, proposal.grade) == (None, "不称职")  # decided even without a score
    assert proposal.reasons == (f"工作实绩月报告：{flag.reason}，评为'不称职'",)


def test_rule_9_red_card_or_two_yellow_cards_not_excellent():
    result = run([], [cadre("C1", yellow_cards=2), cadre("C2", "李四", yellow_cards=1),
                      cadre("C3", "王五", red_card=True, yellow_cards=1)])
    assert result.cadre("C1").reasons == ("督办事项逾期黄牌提醒 2 次（2 次及以上即红牌警告），不得评为'优秀'",)
    assert result.cadre("C2").grade == "优秀"
    assert steps(result.cadre("C3")) == [(9, "优秀", "称职", "被红牌警告（督办事项黄牌提醒 1 次），不得评为'优秀'")]
    assert run([], [cadre(yellow_cards=2)], annual(cards={"yellow_for_red": 3})).cadre("C1").grade == "优秀"


def test_rule_10_one_vote_veto_below_80_is_recorded_not_a_grade_change():
    result = run([team(responsibility_score=F(159, 2)), team("U2", "河湾镇", responsibility_score=80)])
    vetoed = result.team("U1")
    assert vetoed.veto == "责任制考核得分 79.50，低于 80 分，年度目标责任制考核一票否决"
    assert (vetoed.grade, vetoed.steps) == ("好", ())
    assert result.team("U2").veto == ""


def test_rule_2_cascade_down_team_poor_caps_every_member():
    result = run([team(grade="差")], [cadre("C1", post="副职"), cadre("C2", "李四", post="班子成员", score=75)])
    assert steps(result.cadre("C1")) == [(2, "优秀", "称职", "城关镇领导班子评为'差'，其班子成员不得评为'优秀'")]
    assert steps(result.cadre("C2")) == [(2, "称职", "称职", "城关镇领导班子评为'差'，其班子成员不得评为'优秀'")]


def test_rule_3_cascade_up_principal_incompetent_caps_the_team():
    result = run([team()], [cadre(grade="不称职")])
    assert steps(result.team("U1")) == [(3, "好", "较好", "主要领导张三评为'不称职'，领导班子不得评为'好'")]
    assert run([team()], [cadre(grade="基本称职")]).team("U1").grade == "好"


def test_cascades_run_both_ways_to_a_fixed_point():
    # A county whose cascade-up makes the team 差: principal sanctioned → principal 不称职 (rule 6)
    # → team 差 (rule 3) → deputy not 优秀 (rule 2), across two rounds.
    rules = annual("discipline", cascade_up={"team_forbid": "一般"})
    rules["rules"]["discipline"].update(enabled=True, team_grade="较好")
    result = run([team()], [cadre(sanction="党内严重警告"), cadre("C2", "李四", post="副职")], rules)
    assert [s.rule for s in result.team("U1").steps] == [6, 3]
    assert result.team("U1").grade == "差"
    assert steps(result.cadre("C2")) == [(2, "优秀", "称职", "城关镇领导班子评为'差'，其班子成员不得评为'优秀'")]
    again = propose_grades(YearFacts(2025, (team(),), (cadre(sanction="党内严重警告"), cadre("C2", "李四", post="副职"))),
                           rules)
    assert again == result


def test_a_rule_switched_off_does_nothing():
    facts = ([team(grade="差", survey=Survey(60, 90, True), notices=(Notice("作风"),), responsibility_grade="差",
                   responsibility_score=50, evaluation=Evaluation({"不满意": 40}, 90), last_year_grade="差"),
              team("U2", "河湾镇", score=99), team("U3", "新城街道", score=98)],
             [cadre(grade="不称职", sanction="警告", last_year_grade="不称职"),
              cadre("C2", "李四", post="副职", responsibility_grade="差", missing_reports="连续两月未报", yellow_cards=3,
                    survey=Survey(60, 90, True))]
             + [cadre(f"D{i}", f"干部{i}", "U2", "班子成员", 90 + i) for i in range(5)])
    on = run(*facts, rules=annual(quota={}))
    for number, key in enumerate(RULE_KEYS, start=1):
        result = run(*facts, rules=annual(key, quota={}) if key != "quota" else annual())
        for p in result.teams + result.cadres:
            assert number not in [s.rule for s in p.steps], key
        if key == "veto":
            assert all(p.veto == "" for p in result.teams) and on.team("U1").veto
        if key == "follow_ups":
            assert all(p.follow_ups == () for p in result.teams + result.cadres)
        if key == "quota":
            assert result.quotas == () and all(TIE_FLAG not in f for p in result.cadres for f in p.flags)
    assert {s.rule for p in on.teams + on.cadres for s in p.steps} == set(range(1, 10))


# -- rule 1: quotas --------------------------------------------------------------------------------------
def test_quota_seats_by_rounding_mode():
    assert seats(10, "1/3", "四舍五入") == 3 and seats(10, "1/3", "进一法") == 4 and seats(10, "1/3", "去尾法") == 3
    assert seats(20, "15%", "四舍五入") == 3 and seats(20, "20%", "四舍五入") == 4 and seats(20, "25%", "进一法") == 5
    assert seats(11, "1/3", "四舍五入") == 4 and seats(7, "15%", "四舍五入") == 1 and seats(3, "15%", "四舍五入") == 0


@pytest.mark.parametrize(("rounding", "kept"), [("四舍五入", 3), ("进一法", 4)])
def test_team_quota_keeps_the_best_scores_and_lowers_the_rest(rounding, kept):
    teams = [team(f"U{i:02}", f"单位{i}", 99 - i) for i in range(10)]
    result = run(teams, rules=annual(quota={"rounding": rounding}))
    assert [p.grade for p in result.teams] == ["好"] * kept + ["较好"] * (10 - kept)
    usage = result.quota("team")
    assert (usage.assessed, usage.allowed, usage.used, usage.tied) == (10, kept, kept, 0)
    fifth = result.team("U04")
    assert steps(fifth, 1) == [(1, "好", "较好", f"'好'等次限额 {kept} 个（10 个单位 × 1/3，{rounding}），"
                                               "综合得分 95.0 排第 5 位，超出限额")]


def test_cadre_quota_15_percent_of_20():
    cadres = [cadre(f"C{i:02}", f"干部{i}", "U1", "班子成员", F(9900 - i * 10, 100)) for i in range(20)]
    cadres[19] = cadre("C19", "干部19", "U1", "班子成员", 89)  # 称职 from the start: still counted as assessed
    result = run([], cadres, annual(quota={}))
    assert [p.subject_id for p in result.cadres if p.grade == "优秀"] == ["C00", "C01", "C02"]
    assert result.cadre("C03").reasons == ("'优秀'等次限额 3 名（20 名干部 × 15%，四舍五入），综合得分 98.7 排第 4 位，超出限额",)
    assert (result.cadre("C19").grade, result.cadre("C19").steps) == ("称职", ())


def test_ties_straddling_the_quota_line_are_flagged_never_broken():
    scores = [99, 98, 97, 97, 96, 80, 80, 80, 80, 80]
    result = run([team(f"U{i:02}", f"单位{i}", s) for i, s in enumerate(scores)], rules=annual(quota={}))
    assert [p.grade for p in result.teams][:5] == ["好", "好", "好", "好", "较好"]
    for unit in ("U02", "U03"):
        assert result.team(unit).flags == (f"{TIE_FLAG}：综合得分 97.0 的 2 个并列于'好'限额线（限额 3 个，线上已定 2 个，尚余 1 个）",)
        assert result.team(unit).steps == ()
    usage = result.quota("team")
    assert (usage.allowed, usage.used, usage.tied, usage.tied_ids, usage.open_seats) == (3, 2, 2, ("U02", "U03"), 1)
    assert "排第 5 位" in result.team("U04").reasons[0]


def test_scores_in_quota_reasons_read_as_the_table_with_decimals_enough_to_tell_neighbours_apart():
    scores = [F(95), F(90029, 1000), F(90025, 1000), 90 + F(1, 10**8), F(90)]
    result = run([], [cadre(f"C{i}", f"干部{i}", "U1", "班子成员", s) for i, s in enumerate(scores)],
                 annual(quota={"cadre_fraction": "20%"}))  # 5 × 20 % → 1 seat
    said = [re.search(r"综合得分 (\S+) 排第 (\d+) 位", p.reasons[0]).groups() for p in result.cadres[1:]]
    assert said == [("90.029", "2"), ("90.025", "3"),  # not 90.03 and 90.03, as if tied
                    ("90.00000001", "4"), ("90.00000000", "5")]
    teams = run([team("U1", "甲镇", F(9204, 100)), team("U2", "乙镇", F(9204, 100)), team("U3", "丙镇", 90),
                 team("U4", "丁镇", F(9004, 100))], rules=annual(quota={}))  # 4 × 1/3 → 1 seat
    assert teams.team("U1").flags[0].startswith(f"{TIE_FLAG}：综合得分 92.0 的 2 个并列")  # as the table shows it
    assert [teams.team(u).reasons[0].split("，")[-2] for u in ("U4", "U3")] == ["综合得分 90.04 排第 3 位",
                                                                               "综合得分 90.00 排第 4 位"]


def test_ties_inside_the_quota_are_not_flagged_and_quota_is_applied_after_caps():
    scores = [99, 99, 98, 90, 90, 90]
    teams = [team(f"U{i}", f"单位{i}", s) for i, s in enumerate(scores)]
    teams[0] = team("U0", "单位0", 99, responsibility_grade="一般")  # capped first: frees a seat
    result = run(teams, rules=annual(quota={}))  # 6 × 1/3 = 2 seats
    assert [p.grade for p in result.teams] == ["较好", "好", "好", "较好", "较好", "较好"]
    assert [s.rule for s in result.team("U0").steps] == [7]
    assert all(not p.flags for p in result.teams)


# -- rule 11: follow-ups --------------------------------------------------------------------------------
def test_follow_ups_admonishment_and_two_years_in_a_row():
    result = run([team(grade="差", last_year_grade="差"), team("U2", "河湾镇", grade="一般", last_year_grade="差")],
                 [cadre(), cadre("C2", "李四", post="副职", grade="不称职", last_year_grade="不称职"),
                  cadre("C3", "王五", "U2", grade="基本称职", last_year_grade="不称职")])
    assert result.team("U1").follow_ups == ("诫勉谈话，责令限期整改（年度考核评为'差'）",
                                           "对班子主要领导进行组织调整（领导班子连续两年评为'差'）")
    assert result.team("U2").follow_ups == ("诫勉谈话，责令限期整改（年度考核评为'一般'）",)
    assert result.cadre("C1").follow_ups == ("组织调整（所在城关镇领导班子连续两年评为'差'，请核实两年均任主要领导）",)
    assert result.cadre("C2").follow_ups == ("诫勉谈话，责令限期整改（年度考核评为'不称职'）",
                                            "提出责令辞职、免职、降职等组织处理建议（连续两年评为'不称职'）")
    assert result.cadre("C3").follow_ups == ("诫勉谈话，责令限期整改（年度考核评为'基本称职'）",)


def test_follow_up_democratic_evaluation_one_third_dissatisfied():
    result = run([team(evaluation=Evaluation({"满意": 50, "基本满意": 10, "不满意": 30}, 90))],
                 [cadre(evaluation=Evaluation({"优秀": 60, "称职": 1, "不称职": 29}, 90))])
    assert result.team("U1").follow_ups == ("诫勉（年度民主测评不满意票 30/90 达到三分之一）",)
    assert result.cadre("C1").follow_ups == ()
    strict = run([team(evaluation=Evaluation({"不满意": 30}, 90))], rules=annual(follow_ups={"evaluation_comparison": ">"}))
    assert strict.team("U1").follow_ups == ()


# -- properties -----------------------------------------------------------------------------------------
GRADE_ST = st.one_of(st.none(), st.sampled_from(TEAM_GRADES))
SCORE_ST = st.one_of(st.none(), st.integers(60, 100).map(F))


@st.composite
def year_facts(draw):
    units, count = draw(st.integers(1, 6)), draw(st.integers(0, 14))
    ids = [f"C{i}" for i in range(count)]
    principal_ids = st.one_of(st.none(), st.lists(st.sampled_from(ids), max_size=2, unique=True).map(tuple)) \
        if ids else st.none()
    teams = [TeamFacts(
        f"U{u}", f"单位{u}", draw(SCORE_ST), responsibility_grade=draw(GRADE_ST),
        responsibility_score=draw(st.one_of(st.none(), st.integers(70, 100))),
        notices=tuple(draw(st.lists(st.sampled_from([Notice("效能", "a"), Notice("作风")]), max_size=1))),
        survey=draw(st.one_of(st.none(), st.builds(Survey, st.integers(0, 9), st.just(9), st.booleans()))),
        evaluation=Evaluation({"不满意": draw(st.integers(0, 9))}, 9), last_year_grade=draw(GRADE_ST),
        principal_ids=draw(principal_ids)) for u in range(units)]
    cadres = [CadreFacts(
        f"C{i}", f"干部{i}", f"U{draw(st.integers(0, units))}", draw(st.sampled_from(["正职", "副职", "班子成员"])),
        draw(SCORE_ST), responsibility_grade=draw(GRADE_ST), sanction=draw(st.sampled_from(["", "", "警告"])),
        missing_reports=draw(st.sampled_from(["", "", "", "缺报"])), yellow_cards=draw(st.integers(0, 2)),
        red_card=draw(st.booleans()), last_year_grade=draw(st.one_of(st.none(), st.sampled_from(CADRE_GRADES))))
        for i in range(count)]
    rules = default_annual_rules(draw(st.sampled_from(["15%", "20%", "25%"])))
    rules["rules"]["quota"]["rounding"] = draw(st.sampled_from(["四舍五入", "进一法", "去尾法"]))
    rules["rules"]["opinion_survey"]["comparison"] = draw(st.sampled_from([">", "≥"]))
    return YearFacts(2025, tuple(teams), tuple(cadres)), rules, draw(st.randoms())


@settings(max_examples=150, deadline=None)
@given(year_facts())
def test_shuffling_units_and_cadres_gives_the_same_result(case):
    facts, rules, rnd = case
    teams = [t if t.principal_ids is None else replace(t, principal_ids=t.principal_ids[::-1]) for t in facts.teams]
    cadres = list(facts.cadres)
    rnd.shuffle(teams)
    rnd.shuffle(cadres)
    assert propose_grades(YearFacts(2025, tuple(teams), tuple(cadres)), copy.deepcopy(rules)) == \
        propose_grades(facts, rules)


@settings(max_examples=150, deadline=None)
@given(year_facts())
def test_grades_never_rise_and_quotas_hold_except_flagged_ties(case):
    facts, rules, _ = case
    result = propose_grades(facts, rules)
    for proposals, grades in ((result.teams, TEAM_GRADES), (result.cadres, CADRE_GRADES)):
        for p in proposals:
            rank = {g: i for i, g in enumerate(grades)} | {None: len(grades)}
            if p.base_grade is not None:
                assert rank[p.grade] >= rank[p.base_grade]
            for s in p.steps:
                assert s.before is None or rank[s.after] >= rank[s.before]
    for usage, proposals in ((result.quota("team"), result.teams), (result.quota("cadre"), result.cadres)):
        top = [p for p in proposals if p.grade == usage.grade]
        flagged = [p for p in top if any(f.startswith(TIE_FLAG) for f in p.flags)]
        assert len(top) - len(flagged) == usage.used <= usage.allowed
        assert len(flagged) == usage.tied and (usage.tied == 0 or usage.tied > usage.open_seats > 0)


def test_a_county_of_a_hundred_units_runs_quickly():
    rnd = random.Random(6)
    teams = [team(f"U{u:03}", f"单位{u}", rnd.randint(70, 100)) for u in range(100)]
    cadres = [cadre(f"C{i:04}", f"干部{i}", f"U{i % 100:03}", ["正职", "副职", "班子成员"][i % 3], rnd.randint(60, 100))
              for i in range(3000)]
    result = run(teams, cadres, annual(quota={}))
    assert len(result.cadres) == 3000 and result.quota("cadre").allowed == 450


def test_an_annual_part_given_alone_or_partly_uses_the_defaults_for_what_is_missing():
    part = {"rules": {"quota": {"enabled": False}}}
    rules = parse_annual_rules(part)
    assert rules.part("quota") is None and rules.part("veto")["min_score"] == 80
    assert rules.team.grade_for(89.99) == "较好" and rules.cadre.grade_for(90.0) == "优秀"
    result = propose_grades(YearFacts(2025, (team(score=None, grade="好"),)), part)
    assert result.team("U1").grade == "好" and result.quotas == ()
