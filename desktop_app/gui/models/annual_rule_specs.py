"""What the 规则方案 dialog's 年度考核 tab shows (no widgets here): the annual part as the tab edits
it (the stored one over the defaults, as the core reads it), and a Spec for each value it edits —
where the value sits, which kind of box, its Chinese caption — plus the one-line explanation of
each rule.

The kind follows the value's name as the core checks it (annual/settings._Checker): a switch, a
fraction typed as a county writes it (1/3, 15%), a comparison (> 超过 / ≥ 达到), a rounding, a
grade of the team or the cadre scale, a count, a score, a list of names separated by 、.
"""

import copy
from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.core.annual.settings import (
    CADRE_GRADES,
    COMPARISONS,
    ROUNDINGS,
    RULE_KEYS,
    TEAM_GRADES,
    default_annual_rules,
)

ANNUAL = "annual"
COMPOSITE = "composite"
COMPARISON_TEXT = {">": "超过（>）", "≥": "达到（≥）"}
FRACTION_TIP = "比例可写作 1/3、15%、0.2"

# A parameter's caption by its name; {team_top}/{cadre_top}: the best grade of each scale.
LABELS = {
    "enabled": "启用",
    "team_fraction": "班子「{team_top}」比例",
    "cadre_fraction": "干部「{cadre_top}」比例",
    "rounding": "取整方式",
    "team_grade": "班子等次",
    "member_forbid": "成员不得评为",
    "principal_grade": "主要负责人等次",
    "team_forbid": "班子不得评为",
    "cadre_forbid": "干部不得评为",
    "principal_forbid": "主要负责人不得评为",
    "fraction": "不满意票比例",
    "comparison": "比较方式",
    "need_investigation": "须经专项调查属实",
    "kinds": "通报类别",
    "cadre_at_or_below": "干部责任制考核等次",
    "cadre_grade": "干部定为",
    "yellow_for_red": "黄牌几次即红牌",
    "min_score": "否决分数线",
    "admonish_grades": "诫勉谈话的等次",
    "repeat_grade": "连续两年评为",
    "evaluation_fraction": "测评不满意比例",
    "evaluation_comparison": "测评比较方式",
    "dissatisfied": "计为不满意的票",
}
# The same name meaning another thing in another rule: a condition there, a result here.
RULE_LABELS = {
    ("cascade_down", "team_grade"): "班子评为（及以下）",
    ("cascade_up", "principal_grade"): "主要负责人评为（及以下）",
    ("discipline", "team_grade"): "班子定为",
    ("discipline", "principal_grade"): "主要负责人定为",
    ("responsibility_link", "cadre_at_or_below"): "干部责任制考核（及以下）",
}
TIPS = {
    "rounding": "限额 = 参评数 × 比例，按此取整：四舍五入、进一法（向上）、去尾法（向下）",
    "comparison": "超过：多于该比例才算；达到：等于该比例也算",
    "evaluation_comparison": "超过：多于该比例才算；达到：等于该比例也算",
    "kinds": "用 、 分隔；通报批评的类别有 执法、效能、作风、其他",
    "admonish_grades": "用 、 分隔，班子等次（干部按对应等次）",
    "dissatisfied": "年度民主测评中计为不满意的选项，用 、 分隔",
    "min_score": "责任制考核得分低于此分即一票否决",
    "yellow_for_red": "一年内督办事项黄牌提醒达到此次数即红牌警告",
    "repeat_grade": "连续两年评为此等次（班子等次，干部按对应等次）即提出组织处理",
    "need_investigation": "勾选：不满意票达到比例且经专项调查属实才适用；不勾选：达到比例即适用",
}
# One line under each rule: what it does (domain.md "Grade rules"), the numbers being the boxes'.
EXPLANATIONS = {
    "quota": "好的班子、优秀的干部各不超过参评数的一定比例；按综合得分排名，限额线上并列的提交审定。",
    "cascade_down": "领导班子评为差的，其班子成员不得评为优秀。",
    "cascade_up": "主要负责人评为不称职的，所在领导班子不得评为好。",
    "opinion_survey": "民意调查不满意票超过规定比例（并经专项调查属实）的，班子、干部不得评为最高等次。",
    "supervision": "单位在执法、效能、作风监督中被通报批评的，其领导班子和主要负责人不得评为最高等次。",
    "discipline": "主要负责人当年受到党纪处分的，领导班子和主要负责人定为最低等次。",
    "responsibility_link": "责任制考核未评为好的班子，年度考核不得评为好；责任制考核一般及以下的干部不得评为优秀。",
    "missing_reports": "无正当理由连续两个月缺报或空报工作实绩月报告的，年度考核定为不称职。",
    "cards": "督办事项逾期即黄牌提醒，黄牌达到规定次数即红牌警告；被红牌警告的不得评为优秀。",
    "veto": "单位责任制考核得分低于否决分数线的，年度目标责任制考核一票否决。",
    "follow_ups": "不改等次，列出后续处理：诫勉谈话、限期整改，连续两年差的组织调整，测评不满意达比例的诫勉。",
}
COMPOSITE_LABELS = {
    "cadre_weights": "干部权重",
    "team_weights": "班子权重",
    "monthly_points": "月度完成等次分值",
    "team_evaluation_points": "班子测评票分值",
    "cadre_evaluation_points": "干部测评票分值",
    "survey_points": "民意调查分值",
}


@dataclass(frozen=True)
class Spec:
    """A box to make: where its value sits in the annual part, its kind, caption and choices."""

    path: tuple
    kind: str  # flag, fraction, choice, count, score, names
    label: str
    choices: tuple = ()  # (value, text) of a choice
    tip: str = ""

    @property
    def key(self) -> str:
        """The core's name for the value (annual.rules.quota.cadre_fraction…)."""
        return ".".join((ANNUAL, *map(str, self.path)))


# -- the annual part as the tab edits it ----------------------------------------------------------
def overlay(base, top) -> dict:
    """`top` over `base`, mapping by mapping (what `top` leaves out comes from `base`; lists whole)."""
    if not isinstance(top, Mapping):
        return copy.deepcopy(base)
    merged = copy.deepcopy(dict(base))
    for key, value in top.items():
        both = isinstance(value, Mapping) and isinstance(merged.get(key), Mapping)
        merged[key] = overlay(merged[key], value) if both else copy.deepcopy(value)
    return merged


def filled(part) -> dict:
    """The stored annual part over the defaults (what it leaves out, the core reads as the default),
    each scale's thresholds one per grade in order; the defaults when it is no JSON object."""
    part = overlay(default_annual_rules(), part)
    for kind in ("team", "cadre"):
        given = part.get(f"{kind}_thresholds")
        items = [t for t in given if isinstance(t, Mapping)] if isinstance(given, list) else []
        part[f"{kind}_thresholds"] = [{**next((t for t in items if t.get("grade") == grade), {}), "grade": grade}
                                      for grade in scale(part, kind)]
    rules = part.get("rules")
    part["rules"] = rules = dict(rules) if isinstance(rules, Mapping) else {}
    defaults = default_annual_rules()["rules"]
    for key in RULE_KEYS:
        rules[key] = overlay(defaults[key], rules.get(key))
    return part


def scale(part: Mapping, kind: str) -> list[str]:
    """The grades of the team or the cadre scale, best first (the default scale when they are no list)."""
    grades = part.get(f"{kind}_grades")
    if isinstance(grades, list) and grades and all(isinstance(g, str) and g.strip() for g in grades):
        return list(grades)
    return list(TEAM_GRADES if kind == "team" else CADRE_GRADES)


def value_at(part, path: tuple, missing=None):
    for step in path:
        if isinstance(part, Mapping) and step in part:
            part = part[step]
        elif isinstance(part, list) and isinstance(step, int) and 0 <= step < len(part):
            part = part[step]
        else:
            return missing
    return part


def set_at(part, path: tuple, value) -> None:
    for step in path[:-1]:
        part = part[step]
    part[path[-1]] = value


# -- the specs, group by group ------------------------------------------------------------------------
def threshold_specs(part: Mapping, kind: str) -> list[Spec]:
    """等次线: the lowest score of each grade."""
    return [Spec((f"{kind}_thresholds", n, "min_score"), "score", grade,
                 tip=f"综合得分达到此分（含）即为「{grade}」；从高到低，最后一档为 0")
            for n, grade in enumerate(scale(part, kind))]


def composite_specs(part: Mapping) -> list[tuple[str, list[Spec]]]:
    """综合得分: (caption, specs) per row — each mapping of numbers (weights, points) a row of boxes,
    a lone number a box of its own; other values are kept as they are but not shown."""
    rows = []
    composite = part.get(COMPOSITE)
    for key, value in (composite.items() if isinstance(composite, Mapping) else ()):
        caption = COMPOSITE_LABELS.get(key, key)
        if _number(value):
            rows.append((caption, [Spec((COMPOSITE, key), "score", caption)]))
        elif isinstance(value, Mapping) and value and all(_number(v) for v in value.values()):
            rows.append((caption, [Spec((COMPOSITE, key, name), "score", str(name)) for name in value]))
    return rows


def rule_specs(part: Mapping) -> list[tuple[str, list[Spec]]]:
    """规则 1–11: (rule key, specs), 启用 first, then the parameters the core knows, in its order."""
    team, cadre = scale(part, "team"), scale(part, "cadre")
    defaults = default_annual_rules()["rules"]
    return [(key, [rule_spec(key, name, default, team, cadre) for name, default in defaults[key].items()])
            for key in RULE_KEYS]


def all_specs(part: Mapping) -> tuple[Spec, ...]:
    """Every box of the tab, in the order shown (and tabbed through)."""
    specs = [*threshold_specs(part, "team"), *threshold_specs(part, "cadre")]
    specs += [spec for _caption, row in composite_specs(part) for spec in row]
    return tuple(specs + [spec for _key, row in rule_specs(part) for spec in row])


def is_grade(name: str) -> bool:
    return name.endswith(("_forbid", "_grade", "at_or_below"))


def team_side(name: str) -> bool:
    """The grade is on the team scale (好/较好/一般/差) — as settings._Checker._grade decides."""
    return name.startswith("team") or name in ("cadre_at_or_below", "repeat_grade")


def rule_label(rule: str, name: str, team: list, cadre: list) -> str:
    text = RULE_LABELS.get((rule, name)) or LABELS.get(name, name)
    return text.format(team_top=team[0], cadre_top=cadre[0])


def rule_spec(rule: str, name: str, default, team: list, cadre: list) -> Spec:
    """The box of parameter `name` of `rule`, by the kind of its default value and its name."""
    path, label, tip = ("rules", rule, name), rule_label(rule, name, team, cadre), TIPS.get(name, "")
    if isinstance(default, bool):
        return Spec(path, "flag", label, tip=tip)
    if is_grade(name):
        grades = team if team_side(name) else cadre
        offered = grades[:-1] if name.endswith("_forbid") else grades  # 不得评为 the lowest is no rule
        side = "班子等次" if team_side(name) else "干部等次"
        return Spec(path, "choice", label, tuple((g, g) for g in offered), tip or f"{side}：{'、'.join(grades)}")
    if name.endswith("fraction"):
        return Spec(path, "fraction", label, tip=tip or FRACTION_TIP)
    if name.endswith("comparison"):
        return Spec(path, "choice", label, tuple((c, COMPARISON_TEXT[c]) for c in COMPARISONS), tip)
    if name == "rounding":
        return Spec(path, "choice", label, tuple((r, r) for r in ROUNDINGS), tip)
    if name == "yellow_for_red":
        return Spec(path, "count", label, tip=tip)
    if _number(default):
        return Spec(path, "score", label, tip=tip)
    return Spec(path, "names", label, tip=tip or "用 、 分隔")


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# -- presets ---------------------------------------------------------------------------------------
def preset_of(values: Mapping[tuple, object], presets: Mapping[str, dict]) -> str | None:
    """The preset whose values are those shown ({path: value}), None when none is (自定义)."""
    missing = object()
    return next((name for name, part in presets.items()
                 if all(value_at(part, path, missing) == value for path, value in values.items())), None)
