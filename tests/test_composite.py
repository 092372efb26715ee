"""The composite score (综合得分, core/annual/composite.py) and its settings in the rule set's annual
part: hand-worked cases in exact fractions, the missing part that neither adds nor penalises, and
the settings' validation."""

from fractions import Fraction as F

import pytest

from desktop_app.core.annual.composite import (
    cadre_parts,
    composite_score,
    mean_points,
    monthly_part,
    score_text,
    team_parts,
    validate_composite,
)
from desktop_app.core.annual_rules import default_annual_rules, parse_annual_rules, validate_annual_rules
from desktop_app.core.errors import ValidationError

RULES = parse_annual_rules(None).composite


def test_the_defaults_are_in_the_annual_part_and_parsed_exactly():
    part = default_annual_rules()
    assert part["composite"] == {
        "cadre_weights": {"月度实绩": 30, "季度评议": 30, "年度测评": 40},
        "team_weights": {"责任制考核": 50, "年度测评": 30, "民意调查": 20},
        "monthly_points": {"好": 100, "较好": 80, "一般": 65, "差": 40},
        "team_evaluation_points": {"好": 100, "较好": 80, "一般": 60, "差": 40},
        "cadre_evaluation_points": {"优秀": 100, "称职": 80, "基本称职": 60, "不称职": 40},
        "survey_points": {"满意": 100, "基本满意": 60, "不满意": 0}}
    assert validate_annual_rules(part) == part
    # a monthly grade lands in the band of the matching annual grade (优秀 ≥ 90, 称职 ≥ 70, 基本称职 ≥ 60)
    cadre = parse_annual_rules(part).cadre
    assert [cadre.grade_for(p) for p in part["composite"]["monthly_points"].values()] == ["优秀", "称职", "基本称职", "不称职"]


def test_rule_sets_fixed_before_the_composite_existed_get_the_defaults():
    part = default_annual_rules()
    del part["composite"]
    assert validate_annual_rules(part)["composite"] == default_annual_rules()["composite"]
    assert parse_annual_rules({"quarterly": {}}).composite == RULES  # a year's copy without an annual part
    # renamed scales (事业单位: 优秀/合格/基本合格/不合格) get their points by position
    renamed = validate_composite(None, ["优", "良", "中"], ["优秀", "合格", "基本合格", "不合格"], problems := {})
    assert not problems and renamed["team_evaluation_points"] == {"优": 100, "良": 80, "中": 60}
    assert renamed["cadre_evaluation_points"] == {"优秀": 100, "合格": 80, "基本合格": 60, "不合格": 40}


def test_bad_composite_settings_are_named_field_by_field_in_chinese():
    part = default_annual_rules()
    part["composite"]["cadre_weights"] = {"月度实绩": -1, "季度评议": 30, "年度测评": 40}
    part["composite"]["team_weights"] = {"责任制考核": 0, "年度测评": 0, "民意调查": 0}
    part["composite"]["monthly_points"] = {"好": 100, "较好": 80, "一般": 85, "差": 40}
    part["composite"]["survey_points"] = {"满意": 100, "不满意": 0, "很满意": 120}
    part["composite"]["cadre_evaluation_points"]["优秀"] = 101
    with pytest.raises(ValidationError) as error:
        validate_annual_rules(part)
    assert error.value.problems == {
        "annual.composite.cadre_weights.月度实绩": "干部综合得分权重：「月度实绩」须为不小于 0 的数（现为 -1）",
        "annual.composite.team_weights": "领导班子综合得分权重之和须大于 0",
        "annual.composite.monthly_points": "月度完成等次分值须按等次从好到差排列，不能升高（好 ≥ 较好 ≥ 一般 ≥ 差）",
        "annual.composite.survey_points": "民意调查分值须为 满意、基本满意、不满意 各填一个分值（「很满意」不是其中之一）",
        "annual.composite.cadre_evaluation_points.优秀": "干部年度测评分值：「优秀」须为 0–100 之间的数（现为 101）"}
    part = default_annual_rules()
    part["composite"] = [30, 30, 40]
    with pytest.raises(ValidationError) as error:
        validate_annual_rules(part)
    assert error.value.problems == {"annual.composite": "综合得分设置须为 JSON 对象"}


def test_a_part_left_out_of_the_weights_must_say_zero():
    part = default_annual_rules()
    part["composite"]["cadre_weights"] = {"月度实绩": 50, "年度测评": 50}
    with pytest.raises(ValidationError) as error:
        validate_annual_rules(part)
    assert error.value.problems == {"annual.composite.cadre_weights":
                                    "干部综合得分权重须为 月度实绩、季度评议、年度测评 各填一个权重（不用的填 0）"}
    part["composite"]["cadre_weights"] = {"月度实绩": 0.5, "季度评议": 0, "年度测评": 0.5}
    assert parse_annual_rules(part).composite.cadre_weights == {"月度实绩": F(1, 2), "季度评议": 0, "年度测评": F(1, 2)}


# -- the arithmetic -----------------------------------------------------------------------------------------
def test_evaluation_points_count_votes_not_abstentions():
    # 12 valid ballots, 2 left blank for this cadre: (6 × 100 + 3 × 80 + 1 × 60) / 10 = 90, not 900/12 = 75
    assert mean_points({"优秀": 6, "称职": 3, "基本称职": 1, "不称职": 0}, RULES.cadre_evaluation_points) == 90
    assert mean_points({"优秀": 0}, RULES.cadre_evaluation_points) is None
    assert mean_points(None, RULES.cadre_evaluation_points) is None
    assert mean_points({"满意": 2, "基本满意": 1}, RULES.survey_points) == F(260, 3)


def test_monthly_part_missing_months_count_zero():
    # 好 100, 较好 80, 未报 0, 一般 65, 空洞 0 → 245 / 5 = 49
    assert monthly_part(["好", "较好", "未报", "一般", "空洞"], RULES.monthly_points) == 49
    assert monthly_part([], RULES.monthly_points) is None


def test_cadre_composite_weights_only_the_parts_with_data():
    parts = cadre_parts(RULES, months=["好", "较好", "未报", "一般"], quarter_scores=[F(85), F(90), F(173, 2)])
    # 月度实绩 (100 + 80 + 0 + 65) / 4 = 61.25; 季度评议 (85 + 90 + 86.5) / 3 = 87.1666…; 年度测评 none
    assert parts == {"月度实绩": F(245, 4), "季度评议": F(523, 6), "年度测评": None}
    # (30 × 61.25 + 30 × 523/6) / 60 — the missing 年度测评 is left out of the divisor, not scored 0
    assert composite_score(parts, RULES.cadre_weights) == F(1781, 24)
    assert score_text(F(1781, 24)) == "74.2"


def test_team_composite_and_half_up_display():
    parts = team_parts(RULES, responsibility_score=F(173, 2), evaluation={"好": 20, "较好": 8, "一般": 2, "差": 0},
                       survey={"满意": 60, "基本满意": 30, "不满意": 10})
    assert parts == {"责任制考核": F(173, 2), "年度测评": 92, "民意调查": 78}
    composite = composite_score(parts, RULES.team_weights)  # (50 × 86.5 + 30 × 92 + 20 × 78) / 100
    assert composite == F(8645, 100)
    assert score_text(composite) == "86.5"  # half up from the exact 86.45 (the float 86.45 would give 86.4)


def test_no_part_no_composite_and_a_part_weighted_zero_adds_nothing():
    assert composite_score({"月度实绩": None, "季度评议": None, "年度测评": None}, RULES.cadre_weights) is None
    weights = {"月度实绩": 0, "季度评议": 50, "年度测评": 50}
    assert composite_score({"月度实绩": F(40), "季度评议": None, "年度测评": None}, weights) is None
    assert composite_score({"月度实绩": F(40), "季度评议": F(90), "年度测评": None}, weights) == 90
    assert score_text(None) == "—"


def test_exactly_ninety_is_excellent_and_never_rounded_up_into_it():
    cadre = parse_annual_rules(None).cadre
    exact = composite_score({"月度实绩": F(100), "季度评议": F(80), "年度测评": F(90)}, RULES.cadre_weights)
    assert exact == 90 and cadre.grade_for(exact) == "优秀"
    below = composite_score({"月度实绩": F(100), "季度评议": F(80), "年度测评": F(8999, 100)}, RULES.cadre_weights)
    assert score_text(below) == "90.0" and cadre.grade_for(below) == "称职"  # shown 90.0, still below the line
