"""The annual part of a rule set (年度考核定等规则, `rules["annual"]`): the two grade scales, the
score thresholds of each, and rules 1–11 of domain.md, each switchable (`enabled`) with its numbers.

Grades in the parameters are named in the scale they apply to: teams (领导班子) use 好/较好/一般/差,
cadres 优秀/称职/基本称职/不称职. `scale_map` pairs the two (好↔优秀, 较好↔称职, 一般↔基本称职,
差↔不称职) and is used where a rule written for one scale is applied to the other (rule 11).
Two kinds of grade parameter:
- `…_forbid`: the subject may not have this grade or a better one (不得评为'好' → at most 较好);
- `…_grade`: the subject has at most this grade (党纪处分 → 差).
Fractions are text as a county writes them ("1/3", "15%", "0.2"); comparisons are ">" or "≥".

`composite` holds how the composite score (综合得分, annual/composite.py) is made: the weight of
each part (a cadre's 月度实绩 / 季度评议 / 年度测评, a team's 责任制考核 / 年度测评 / 民意调查) and
the points of each grade (月度完成等次, 年度民主测评 votes on either scale, 民意调查). Defaults:
- weights: cadres 30 / 30 / 40, teams 50 / 30 / 20;
- evaluation votes 100 / 80 / 60 / 40 (domain.md "common maps"; a renamed or longer scale gets
  100, 80, 60 … by position), survey 满意 100 / 基本满意 60 / 不满意 0;
- monthly completion grades 好 100 / 较好 80 / 一般 65 / 差 40: each lands inside the band of the
  matching annual grade under the default thresholds (优秀 ≥ 90, 称职 ≥ 70, 基本称职 ≥ 60), so a
  cadre graded alike every month stands at that grade; 一般 at 65, not on the 60 line.
A rule set without a composite part (those fixed for a year before it existed) gets the defaults.
Rule 11's `dissatisfied` votes are 不满意, 不称职 and 差: a team's democratic evaluation is on the
team scale (好/较好/一般/差), where 差 is the dissatisfied vote.
"""

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from desktop_app.core.annual.composite import (
    COMPOSITE,
    CompositeRules,
    default_composite,
    parse_composite,
    validate_composite,
)
from desktop_app.core.errors import ValidationError
from desktop_app.core.normalize import clean_text
from desktop_app.core.rule_sets import exact_number

ANNUAL = "annual"
QUARTERLY = "quarterly"
TEAM_GRADES = ["好", "较好", "一般", "差"]
CADRE_GRADES = ["优秀", "称职", "基本称职", "不称职"]
ROUNDINGS = ("四舍五入", "进一法", "去尾法")
COMPARISONS = (">", "≥")
RULE_KEYS = ("quota", "cascade_down", "cascade_up", "opinion_survey", "supervision", "discipline",
             "responsibility_link", "missing_reports", "cards", "veto", "follow_ups")
RULE_NAMES = {1: "等次比例", 2: "班子定差连带成员", 3: "主要领导定差连带班子", 4: "民意调查", 5: "通报批评",
              6: "党纪处分", 7: "责任制考核衔接", 8: "月报告缺报", 9: "黄牌红牌", 10: "一票否决", 11: "结果运用"}
RULE_NUMBERS = dict(zip(RULE_KEYS, range(1, 12), strict=True))
FRACTION_NAMES = {Fraction(1, 2): "二分之一", Fraction(1, 3): "三分之一", Fraction(2, 3): "三分之二",
                  Fraction(1, 4): "四分之一", Fraction(1, 5): "五分之一"}


def _defaults(cadre_fraction: str) -> dict:
    return {
        "team_grades": list(TEAM_GRADES),
        "cadre_grades": list(CADRE_GRADES),
        "scale_map": dict(zip(TEAM_GRADES, CADRE_GRADES, strict=True)),
        "team_thresholds": [{"grade": "好", "min_score": 90}, {"grade": "较好", "min_score": 80},
                            {"grade": "一般", "min_score": 70}, {"grade": "差", "min_score": 0}],
        "cadre_thresholds": [{"grade": "优秀", "min_score": 90}, {"grade": "称职", "min_score": 70},
                             {"grade": "基本称职", "min_score": 60}, {"grade": "不称职", "min_score": 0}],
        "rules": {
            "quota": {"enabled": True, "team_fraction": "1/3", "cadre_fraction": cadre_fraction,
                      "rounding": "四舍五入"},
            "cascade_down": {"enabled": True, "team_grade": "差", "member_forbid": "优秀"},
            "cascade_up": {"enabled": True, "principal_grade": "不称职", "team_forbid": "好"},
            "opinion_survey": {"enabled": True, "fraction": "1/3", "comparison": ">", "need_investigation": True,
                               "team_forbid": "好", "cadre_forbid": "优秀"},
            "supervision": {"enabled": True, "kinds": ["执法", "效能", "作风"], "team_forbid": "好",
                            "principal_forbid": "优秀"},
            "discipline": {"enabled": True, "team_grade": "差", "principal_grade": "不称职"},
            "responsibility_link": {"enabled": True, "team_forbid": "好", "cadre_at_or_below": "一般",
                                    "cadre_forbid": "优秀"},
            "missing_reports": {"enabled": True, "cadre_grade": "不称职"},
            "cards": {"enabled": True, "yellow_for_red": 2, "cadre_forbid": "优秀"},
            "veto": {"enabled": True, "min_score": 80},
            "follow_ups": {"enabled": True, "admonish_grades": ["一般", "差"], "repeat_grade": "差",
                           "evaluation_fraction": "1/3", "evaluation_comparison": "≥",
                           "dissatisfied": ["不满意", "不称职", "差"]},
        },
        COMPOSITE: default_composite(TEAM_GRADES, CADRE_GRADES),
    }


DEFAULT_PRESET = "15%"
# 优秀 quotas seen (domain.md: 000 and the 2007 规定 say 15 %; the 2020 规定 20 %, up to 25 % with approval).
PRESETS = {name: _defaults(name) for name in ("15%", "20%", "25%")}


def default_annual_rules(preset: str = DEFAULT_PRESET) -> dict:
    """A copy of the default annual part (preset: the cadres' 优秀 quota, 15% / 20% / 25%)."""
    if preset not in PRESETS:
        raise ValidationError({"annual.preset": f"没有名为「{preset}」的年度考核预设（可选：{'、'.join(PRESETS)}）"})
    return copy.deepcopy(PRESETS[preset])


# -- the parsed form the engine uses ---------------------------------------------------------------
@dataclass(frozen=True)
class Scale:
    """A grade scale from the best grade down, with the lowest composite score (inclusive) of each."""

    grades: tuple[str, ...]
    thresholds: tuple[tuple[str, Fraction], ...]

    @property
    def top(self) -> str:
        return self.grades[0]

    def rank(self, grade: str) -> int:
        return self.grades.index(grade)

    def worse(self, a: str, b: str) -> str:
        return a if self.rank(a) >= self.rank(b) else b

    def below(self, grade: str) -> str:
        """The grade just below `grade` (the cap of 不得评为 grade)."""
        return self.grades[self.rank(grade) + 1]

    def at_or_below(self, grade: str | None, line: str) -> bool:
        return grade is not None and self.rank(grade) >= self.rank(line)

    def grade_for(self, score) -> str | None:
        if score is None:
            return None
        return next(g for g, low in self.thresholds if exact_number(score) >= low)


@dataclass(frozen=True)
class AnnualRules:
    """The cleaned annual part: the two scales and each rule's parameters (`part(key)`, None when off)."""

    team: Scale
    cadre: Scale
    scale_map: Mapping[str, str]
    rules: Mapping[str, Mapping] = field(default_factory=dict)
    composite: CompositeRules | None = None  # None only when built by hand without one

    def part(self, key: str) -> Mapping | None:
        part = self.rules.get(key)
        return part if part and part.get("enabled") else None

    def to_cadre_scale(self, team_grade: str) -> str:
        return self.scale_map[team_grade]


def parse_annual_rules(rules=None) -> AnnualRules:
    """AnnualRules from a whole rule-set JSON (its "annual" part, the defaults when it has none)
    or from the annual part itself; ValidationError as validate_annual_rules gives."""
    if isinstance(rules, AnnualRules):
        return rules
    if isinstance(rules, Mapping) and ANNUAL in rules:
        part = rules[ANNUAL]
    elif rules is None or (isinstance(rules, Mapping) and QUARTERLY in rules):  # a rule set without one
        part = default_annual_rules()
    else:
        part = rules
    a = validate_annual_rules(part)
    scales = [Scale(tuple(a[f"{k}_grades"]), tuple((t["grade"], to_fraction(t["min_score"]))
                                                 for t in a[f"{k}_thresholds"])) for k in ("team", "cadre")]
    return AnnualRules(*scales, scale_map=dict(a["scale_map"]), rules=a["rules"],
                       composite=parse_composite(a[COMPOSITE]))


# -- validation ----------------------------------------------------------------------------------------
def validate_annual_rules(part) -> dict:
    """The annual part cleaned (texts trimmed, ">=" as "≥", unknown keys kept); ValidationError mapping
    each bad field (annual.rules.quota.cadre_fraction, annual.team_thresholds…) to a Chinese message."""
    if not isinstance(part, Mapping):
        raise ValidationError({ANNUAL: "年度考核规则须为 JSON 对象"})
    problems: dict[str, str] = {}
    clean = copy.deepcopy(dict(part))
    team = clean["team_grades"] = _grades(part.get("team_grades", TEAM_GRADES), "team_grades", problems)
    cadre = clean["cadre_grades"] = _grades(part.get("cadre_grades", CADRE_GRADES), "cadre_grades", problems)
    if team and cadre:
        clean["scale_map"] = _scale_map(part.get("scale_map"), team, cadre, problems)
    for kind, grades in (("team", team), ("cadre", cadre)):
        if grades:
            clean[f"{kind}_thresholds"] = _thresholds(part.get(f"{kind}_thresholds"), kind, grades, problems)
    if team and cadre and not problems:
        clean["rules"] = _rules(part.get("rules", {}), team, cadre, problems)
    if team and cadre:
        clean[COMPOSITE] = validate_composite(part.get(COMPOSITE), team, cadre, problems)
    if problems:
        raise ValidationError(problems)
    return clean


def _grades(value, key: str, problems: dict) -> list[str]:
    grades = [clean_text(g) for g in value] if isinstance(value, list) else []
    if not 2 <= len(grades) <= 6 or not all(grades) or len(set(grades)) < len(grades):
        problems[f"annual.{key}"] = "等次须为 2–6 个不重复的名称，从好到差排列"
        return []
    return grades


def _scale_map(value, team: list, cadre: list, problems: dict) -> dict:
    value = value if isinstance(value, Mapping) else dict(zip(team, cadre, strict=False))
    mapping = {clean_text(k): clean_text(v) for k, v in value.items()}
    targets = [mapping.get(g) for g in team]
    if None in targets or any(t not in cadre for t in targets) or \
            any(cadre.index(a) > cadre.index(b) for a, b in zip(targets, targets[1:], strict=False)):
        problems["annual.scale_map"] = (f"等次对应须为班子每个等次（{'、'.join(team)}）对应一个干部等次"
                                        f"（{'、'.join(cadre)}），且从好到差不颠倒")
    return mapping


def _thresholds(value, kind: str, grades: list, problems: dict) -> list[dict]:
    key, what = f"annual.{kind}_thresholds", "班子" if kind == "team" else "干部"
    if value is None and grades == (TEAM_GRADES if kind == "team" else CADRE_GRADES):
        value = _defaults(DEFAULT_PRESET)[f"{kind}_thresholds"]  # not given: the defaults of the default scale
    items = value if isinstance(value, list) else []
    clean = [{**item, "grade": clean_text(item.get("grade")), "min_score": _number(item.get("min_score"))}
             for item in items if isinstance(item, Mapping)]
    scores = [t["min_score"] for t in clean]
    if [t["grade"] for t in clean] != grades or None in scores or not all(0 <= s <= 100 for s in scores) \
            or any(a <= b for a, b in zip(scores, scores[1:], strict=False)) or scores[-1] != 0:
        problems[key] = (f"{what}分数线须按 {'、'.join(grades)} 的顺序各填一个 0–100 的最低分，"
                         "从高到低，最后一档为 0")
    return clean


def _rules(value, team: list, cadre: list, problems: dict) -> dict:
    value = value if isinstance(value, Mapping) else {}
    defaults = _defaults(DEFAULT_PRESET)["rules"]
    clean = copy.deepcopy(dict(value))
    for key in RULE_KEYS:
        given = value.get(key, defaults[key])
        part = {**copy.deepcopy(dict(given))} if isinstance(given, Mapping) else {}
        check = _Checker(f"annual.rules.{key}", f"规则 {RULE_NUMBERS[key]}（{RULE_NAMES[RULE_NUMBERS[key]]}）",
                         part, defaults[key], team, cadre, problems)
        part["enabled"] = check.flag("enabled")
        for name in defaults[key]:
            if name != "enabled":
                part[name] = check.field(name)
        clean[key] = part
    return clean


class _Checker:
    """Checks one rule's parameters, by the shape of the default value and the name of the field."""

    def __init__(self, key, what, part, default, team, cadre, problems):
        self.key, self.what, self.part, self.default = key, what, part, default
        self.team, self.cadre, self.problems = team, cadre, problems

    def _bad(self, name: str, message: str):
        self.problems[f"{self.key}.{name}"] = f"{self.what}：{message}（现为 {self.part.get(name)}）"

    def flag(self, name: str) -> bool:
        value = self.part.get(name, self.default[name])
        if not isinstance(value, bool):
            self._bad(name, "须为 true 或 false")
        return bool(value)

    def field(self, name: str):
        value = self.part.get(name, self.default[name])
        if isinstance(self.default[name], bool):
            return self.flag(name)
        if name.endswith(("_forbid", "_grade", "at_or_below")):
            return self._grade(name, value)
        if name.endswith("fraction"):
            return self._fraction(name, value)
        if name.endswith("comparison"):
            return self._choice(name, str(value).strip().replace(">=", "≥"), COMPARISONS)
        if name == "rounding":
            return self._choice(name, clean_text(value), ROUNDINGS)
        if name in ("yellow_for_red", "min_score"):
            number = _number(value)
            low, high = (1, 99) if name == "yellow_for_red" else (0, 100)
            if number is None or not low <= number <= high or (name == "yellow_for_red" and number != int(number)):
                self._bad(name, f"须为 {low}–{high} 之间的{'整数' if low else '数'}")
            return number
        return self._names(name, value)

    def _grade(self, name: str, value) -> str:
        team_side = name.startswith("team") or name == "cadre_at_or_below" or name == "repeat_grade"
        grades = self.team if team_side else self.cadre
        grade = clean_text(value)
        if grade not in grades:
            self._bad(name, f"等次须为 {'、'.join(grades)} 之一")
        elif name.endswith("_forbid") and grade == grades[-1]:
            self._bad(name, f"「不得评为」的等次不能是最低等次「{grade}」")
        return grade

    def _fraction(self, name: str, value) -> str:
        number = to_fraction(value)
        if number is None or not 0 < number <= 1:
            self._bad(name, "比例须为 0 到 1 之间的分数或百分数（如 1/3、15%、0.2）")
        return clean_text(str(value)).replace(" ", "")

    def _choice(self, name: str, value: str, choices) -> str:
        if value not in choices:
            self._bad(name, f"须为 {'、'.join(choices)} 之一")
        return value

    def _names(self, name: str, value) -> list[str]:
        names = [clean_text(v) for v in value] if isinstance(value, list) else None
        allowed = self.team if name == "admonish_grades" else None
        if names is None or not all(names) or (allowed and any(n not in allowed for n in names)):
            self._bad(name, f"须为名称的列表{'（' + '、'.join(allowed) + ' 中的等次）' if allowed else ''}")
            return []
        return names


def to_fraction(value) -> Fraction | None:
    """"1/3", "15%", "0.2", 0.2 or 90 as an exact number; None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(exact_number(value)) if math.isfinite(value) else None
    return _text_fraction(str(value))


@lru_cache(maxsize=256)
def _text_fraction(text: str) -> Fraction | None:
    """Parsed once per text: the engine reads the same "1/3" for every subject."""
    text = text.strip().replace(" ", "").replace("％", "%")
    try:
        return Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def fraction_text(text: str) -> str:
    """A fraction as a reason says it: 三分之一 for 1/3, else as written (15%)."""
    return FRACTION_NAMES.get(to_fraction(text), text)


def _number(value) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value
