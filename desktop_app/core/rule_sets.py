"""规则方案 (rule sets): the numbers of the assessment that a county sets, year by year.

One rule set per year, stored in the database (record table rule_sets, natural id
rule_set_id(year)) so that it travels with the file to the other offices. Its `rules` JSON
holds a part per assessment; this module knows the quarterly one (季度评议: grades, points
per grade, aspects, voter categories and their weights, the score thresholds of the quarter
grade) and keeps every other key as it is, for the parts later issues add (the annual one).

A year without a rule set of its own uses the latest earlier year's (沿用), else the defaults;
its first evaluation meeting gives it a copy of those as its own (fix_rules_for_year). A quarter
is thus always scored with the rules of its own year: changing another year's rules never
changes it (only editing that year's own rule set does, and the dialog says so).
"""

import copy
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.natural_ids import rule_set_id
from desktop_app.core.normalize import clean_text
from desktop_app.core.store import Changes, RecordStore

QUARTERLY = "quarterly"
ANNUAL = "annual"
DEFAULT_SOURCE = "默认规则方案"
GRADE_COUNT = (4, 4)  # tallies, ballots and templates hold four grades (好、较好、一般、差 or renamed)
ASPECT_COUNT = (1, 6)
MAX_CATEGORIES = 8
MAX_NAME = 60
MAX_SHORT = 10
YEARS = (2000, 2100)

_ASPECTS = [
    {"name": "学习研究、工作思路、工作安排、工作措施", "short": "思路措施", "weight": 1},
    {"name": "工作责任心、联系群众、团结同志、遵纪守法、严格管理、勤奋敬业、出勤情况", "short": "作风纪律", "weight": 1},
    {"name": "工作数量、质量、效率、解决实际问题、业务工作推进、取得总体绩效", "short": "工作实绩", "weight": 1},
]
_CATEGORIES = [{"name": "领导", "weight": 30}, {"name": "同级", "weight": 30}, {"name": "干部职工", "weight": 40}]
_THRESHOLDS = [{"grade": "好", "min_score": 90}, {"grade": "较好", "min_score": 80},
               {"grade": "一般", "min_score": 65}, {"grade": "差", "min_score": 0}]


def _quarterly(points: list[int]) -> dict:
    grades = ["好", "较好", "一般", "差"]
    return {"grades": grades, "points": dict(zip(grades, points, strict=True)), "aspects": _ASPECTS,
            "categories": _CATEGORIES, "thresholds": _THRESHOLDS}


# The defaults (domain.md, 001: three aspects graded 好/较好/一般/差). Copy before changing.
DEFAULT_RULES: dict = {QUARTERLY: _quarterly([100, 80, 60, 40])}
DEFAULT_PRESET = "100/80/60/40"
# Points per grade seen in practice (domain.md "Ballots and tallies"); a county picks one and adjusts it.
PRESETS: dict[str, dict] = {DEFAULT_PRESET: DEFAULT_RULES, "95/85/75/60": {QUARTERLY: _quarterly([95, 85, 75, 60])}}


@dataclass(frozen=True)
class Aspect:
    """评议内容: an aspect the ballot grades, its short name (表头) and weight in the overall score."""

    name: str
    short: str
    weight: int | float = 1


@dataclass(frozen=True)
class Category:
    """投票类别: a group of voters (领导 / 同级 / 干部职工) and the weight of its average."""

    name: str
    weight: int | float = 1


@dataclass(frozen=True)
class Threshold:
    """分数线: the lowest score (inclusive) that earns `grade` as the quarter grade."""

    grade: str
    min_score: int | float


@dataclass(frozen=True)
class QuarterRules:
    """The quarterly part of a rule set (季度评议规则), with where it came from (`source`)."""

    grades: tuple[str, ...]
    points: tuple[int | float, ...]  # per grade, in the order of `grades`
    aspects: tuple[Aspect, ...]
    categories: tuple[Category, ...]
    thresholds: tuple[Threshold, ...]  # from the highest score down; the last is 0
    source: str = DEFAULT_SOURCE  # 2026年规则方案 / 沿用2025年规则方案 / 默认规则方案
    year: int | None = None  # the year of the rule set used; None for the defaults
    name: str = ""
    extra: Mapping = field(default_factory=dict, compare=False, hash=False)  # keys this version does not know

    @property
    def points_by_grade(self) -> dict[str, int | float]:
        return dict(zip(self.grades, self.points, strict=True))

    def category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name == name), None)

    def grade_for(self, score) -> str:
        """The quarter grade (季度等次) of `score`: the first threshold it reaches (90 reaches 90)."""
        exact = exact_number(score)
        return next(t.grade for t in self.thresholds if exact >= exact_number(t.min_score))

    def to_json(self) -> dict:
        """The quarterly part as stored in `rules` (unknown keys included)."""
        return {**self.extra, "grades": list(self.grades), "points": self.points_by_grade,
                "aspects": [{"name": a.name, "short": a.short, "weight": a.weight} for a in self.aspects],
                "categories": [{"name": c.name, "weight": c.weight} for c in self.categories],
                "thresholds": [{"grade": t.grade, "min_score": t.min_score} for t in self.thresholds]}


@dataclass(frozen=True)
class RuleSet:
    """A stored rule set (规则方案) as the editor shows it: the whole `rules` JSON."""

    year: int
    name: str
    rules: dict

    @property
    def quarterly(self) -> QuarterRules:
        return parse_quarter_rules(self.rules, year=self.year, name=self.name, source=f"{self.year}年规则方案")


def exact_number(value) -> int | Fraction:
    """A number as the scoring uses it: exact (89.9 is 899/10, never the float next to it)."""
    if isinstance(value, int | Fraction):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


# -- reading ---------------------------------------------------------------------------------------
def default_quarter_rules() -> QuarterRules:
    return parse_quarter_rules(DEFAULT_RULES)


def rules_for_year(db, year: int) -> QuarterRules:
    """The quarterly rules of `year`: its own rule set, else the latest earlier year's, else the defaults."""
    year = validate_year(year)
    row = db.execute("SELECT year, name, rules FROM rule_sets WHERE deleted = 0 AND year <= ?"
                     " ORDER BY year DESC LIMIT 1", [year]).fetchone()
    if row is None:
        return default_quarter_rules()
    found, name, text = row
    source = f"{found}年规则方案" if found == year else f"沿用{found}年规则方案"
    source += f"（{name}）" if name and found == year and name.startswith("按") else ""
    try:
        return parse_quarter_rules(json.loads(text), year=found, name=name, source=source)
    except (ValueError, ValidationError) as error:
        raise RuleViolation(f"{found}年规则方案有误，无法计分：{error}。请在规则方案中改正后再试。") from error


def get_rule_set(db, year: int) -> RuleSet | None:
    """The rule set stored for `year` itself (no fallback); None when the year has none."""
    row = db.execute("SELECT year, name, rules FROM rule_sets WHERE id = ? AND deleted = 0",
                     [rule_set_id(validate_year(year))]).fetchone()
    return RuleSet(row[0], row[1], json.loads(row[2])) if row else None


def rule_set_years(db) -> list[int]:
    """The years that have a rule set of their own, in order."""
    return [row[0] for row in db.execute("SELECT year FROM rule_sets WHERE deleted = 0 ORDER BY year")]


def preset_rules(name: str = DEFAULT_PRESET) -> dict:
    """A copy of the preset `name` (预设方案), to save as is or adjust first."""
    if name not in PRESETS:
        raise ValidationError({"preset": f"没有名为「{name}」的预设方案（可选：{'、'.join(PRESETS)}）"})
    return copy.deepcopy(PRESETS[name])


# -- writing ---------------------------------------------------------------------------------------
def save_rule_set(store: RecordStore, year: int, rules, name: str = "") -> Changes:
    """Create or replace the rule set of `year` (one undo step); ValidationError naming each bad field
    (of the quarterly part and of the annual part, when there is one)."""
    year = validate_year(year)
    clean = validate_rule_set(rules)
    values = {"year": year, "name": clean_text(name), "rules": _json(clean)}
    with store.batch(f"保存{year}年规则方案") as batch:
        store.put("rule_sets", rule_set_id(year), values)
    return batch.changes()


def fix_rules_for_year(store: RecordStore, year: int) -> None:
    """Give `year` a rule set of its own when it only follows an earlier year's (or the defaults):
    done when the year's first evaluation meeting is entered, so later edits of an earlier year's
    rules never rescore this year's quarters (inside the caller's batch)."""
    year = validate_year(year)
    if get_rule_set(store.db, year) is not None:
        return
    found, rules = _inherited(store.db, year)
    origin = f"按{found}年方案" if found else "按默认值"
    store.put("rule_sets", rule_set_id(year), {"year": year, "name": origin, "rules": _json(rules)})


def inherited_rules(db, year: int) -> dict:
    """The rules `year` follows when it has no rule set of its own (沿用): the latest earlier year's,
    else the defaults. A copy of them changes nothing, so 录入员 may make it (core.permissions)."""
    return _inherited(db, year)[1]


def _inherited(db, year: int) -> tuple[int | None, dict]:
    row = db.execute("SELECT year, rules FROM rule_sets WHERE deleted = 0 AND year < ?"
                     " ORDER BY year DESC LIMIT 1", [year]).fetchone()
    return (row[0], json.loads(row[1])) if row else (None, copy.deepcopy(DEFAULT_RULES))


def delete_rule_set(store: RecordStore, year: int) -> Changes:
    """Remove the year's own rule set: the year then uses the latest earlier one (沿用) or the defaults."""
    year = validate_year(year)
    with store.batch(f"删除{year}年规则方案") as batch:
        store.delete("rule_sets", rule_set_id(year))
    return batch.changes()


def validate_year(year) -> int:
    """The year (年度) as a number; ValidationError unless a whole year between 2000 and 2100."""
    text = str(year).strip()
    if isinstance(year, bool) or not text.isdigit() or not YEARS[0] <= int(text) <= YEARS[1]:
        raise ValidationError({"year": f"年度须为 {YEARS[0]}–{YEARS[1]} 之间的整数（现为 {year}）"})
    return int(text)


def validate_rules(rules) -> dict:
    """The `rules` JSON cleaned (names trimmed, numbers as numbers), unknown keys kept as they are;
    ValidationError mapping each bad field (quarterly.points.好, quarterly.aspects.2.weight…) to a message."""
    if isinstance(rules, str):
        try:
            rules = json.loads(rules)
        except ValueError:
            raise ValidationError({"rules": "规则方案不是有效的 JSON"}) from None
    if not isinstance(rules, Mapping):
        raise ValidationError({"rules": "规则方案须为 JSON 对象"})
    if not isinstance(rules.get(QUARTERLY), Mapping):
        raise ValidationError({QUARTERLY: "规则方案缺少季度评议部分（quarterly）"})
    problems: dict[str, str] = {}
    quarterly = _clean_quarterly(rules[QUARTERLY], problems)
    if problems:
        raise ValidationError(problems)
    return {**copy.deepcopy(dict(rules)), QUARTERLY: quarterly}


def validate_rule_set(rules) -> dict:
    """What save_rule_set stores: validate_rules, and the annual part checked too when there is one
    (annual/settings.validate_annual_rules; kept as given, the engine cleans it when reading). One
    ValidationError naming every bad field of both parts."""
    problems: dict[str, str] = {}
    try:
        clean = validate_rules(rules)
    except ValidationError as error:
        if not isinstance(rules, Mapping):
            raise
        clean, problems = dict(rules), dict(error.problems)
    if ANNUAL in clean:
        from desktop_app.core.annual.settings import validate_annual_rules  # it imports this module

        try:
            validate_annual_rules(clean[ANNUAL])
        except ValidationError as error:
            problems.update(error.problems)
    if problems:
        raise ValidationError(problems)
    return clean


def parse_quarter_rules(rules, *, year: int | None = None, name: str = "",
                        source: str = DEFAULT_SOURCE) -> QuarterRules:
    """QuarterRules from a whole `rules` JSON (validated as validate_rules does)."""
    q = validate_rules(rules)[QUARTERLY]
    known = {"grades", "points", "aspects", "categories", "thresholds"}
    return QuarterRules(
        grades=tuple(q["grades"]), points=tuple(q["points"][g] for g in q["grades"]),
        aspects=tuple(Aspect(a["name"], a["short"], a["weight"]) for a in q["aspects"]),
        categories=tuple(Category(c["name"], c["weight"]) for c in q["categories"]),
        thresholds=tuple(Threshold(t["grade"], t["min_score"]) for t in q["thresholds"]),
        source=source, year=year, name=name, extra={k: v for k, v in q.items() if k not in known})


# -- validation of the quarterly part ---------------------------------------------------------
def _clean_quarterly(q: Mapping, problems: dict) -> dict:
    grades = _clean_grades(q.get("grades"), problems)
    clean = {**copy.deepcopy(dict(q)), "grades": grades, "aspects": _clean_aspects(q.get("aspects"), problems),
             "categories": _clean_categories(q.get("categories", []), problems)}
    if grades:  # points and thresholds are per grade: judged once the grades are right
        clean["points"] = _clean_points(q.get("points"), grades, problems)
        clean["thresholds"] = _clean_thresholds(q.get("thresholds"), grades, problems)
    return clean


def _clean_grades(value, problems: dict) -> list[str]:
    low, high = GRADE_COUNT
    grades = [clean_text(g) for g in value] if isinstance(value, list) else []
    if not low <= len(grades) <= high or not all(grades) or len(set(grades)) < len(grades):
        problems["quarterly.grades"] = (f"等次须为 {low} 个不重复的名称（如 好、较好、一般、差）" if low == high
                                        else f"等次须为 {low}–{high} 个不重复的名称（如 好、较好、一般、差）")
        return []
    return grades


def _clean_points(value, grades: list[str], problems: dict) -> dict:
    value = value if isinstance(value, Mapping) else {}
    points = {}
    for grade in grades:
        number = _number(value.get(grade))
        if number is None or not 0 <= number <= 100:
            shown = "未填写" if grade not in value else f"现为 {value[grade]}"
            problems[f"quarterly.points.{grade}"] = f"等次「{grade}」的分值须是 0–100 之间的数（{shown}）"
        points[grade] = number
    for other in set(value) - set(grades):
        problems[f"quarterly.points.{other}"] = f"分值中的「{other}」不是本方案的等次"
    numbers = [points[g] for g in grades]
    if None not in numbers and any(a < b for a, b in zip(numbers, numbers[1:], strict=False)):
        problems["quarterly.points"] = f"分值须按等次从好到差排列，不能升高（{' ≥ '.join(grades)}）"
    return points


def _clean_aspects(value, problems: dict) -> list[dict]:
    low, high = ASPECT_COUNT
    if not isinstance(value, list) or not low <= len(value) <= high:
        problems["quarterly.aspects"] = f"评议内容须有 {low}–{high} 项"
        return []
    aspects = []
    for number, item in enumerate(value, start=1):
        item = item if isinstance(item, Mapping) else {}
        name = clean_text(item.get("name"))
        short = clean_text(item.get("short")) or name[:MAX_SHORT]
        if not name or len(name) > MAX_NAME:
            problems[f"quarterly.aspects.{number}.name"] = f"第 {number} 项评议内容须填写名称（最多{MAX_NAME}字）"
        elif len(short) > MAX_SHORT:
            problems[f"quarterly.aspects.{number}.short"] = f"第 {number} 项评议内容的简称最多{MAX_SHORT}字"
        weight = _weight(item, f"quarterly.aspects.{number}.weight", f"第 {number} 项评议内容", problems)
        aspects.append({**item, "name": name, "short": short, "weight": weight})
    _require_unique([a["name"] for a in aspects], "quarterly.aspects", "评议内容的名称", problems)
    _require_unique([a["short"] for a in aspects], "quarterly.aspects.short", "评议内容的简称", problems)
    return aspects


def _clean_categories(value, problems: dict) -> list[dict]:
    if not isinstance(value, list) or len(value) > MAX_CATEGORIES:
        problems["quarterly.categories"] = f"投票类别最多 {MAX_CATEGORIES} 个（不分类别时留空）"
        return []
    categories = []
    for number, item in enumerate(value, start=1):
        item = item if isinstance(item, Mapping) else {}
        name = clean_text(item.get("name"))
        if not name or len(name) > MAX_SHORT:
            problems[f"quarterly.categories.{number}.name"] = f"第 {number} 个投票类别须填写名称（最多{MAX_SHORT}字）"
        weight = _weight(item, f"quarterly.categories.{number}.weight", f"投票类别「{name}」", problems)
        categories.append({**item, "name": name, "weight": weight})
    _require_unique([c["name"] for c in categories], "quarterly.categories", "投票类别的名称", problems)
    return categories


def _clean_thresholds(value, grades: list[str], problems: dict) -> list[dict]:
    if not isinstance(value, list) or not value:
        problems["quarterly.thresholds"] = "请填写各等次的分数线"
        return []
    thresholds = []
    for number, item in enumerate(value, start=1):
        item = item if isinstance(item, Mapping) else {}
        grade, score = clean_text(item.get("grade")), _number(item.get("min_score"))
        if grade not in grades:
            problems[f"quarterly.thresholds.{number}.grade"] = f"第 {number} 条分数线的等次「{grade}」不是本方案的等次"
        if score is None or not 0 <= score <= 100:
            problems[f"quarterly.thresholds.{number}.min_score"] = f"等次「{grade}」的最低分须是 0–100 之间的数"
        thresholds.append({**item, "grade": grade, "min_score": score})
    if not any(key.startswith("quarterly.thresholds.") for key in problems):
        _check_threshold_order(thresholds, grades, problems)
    return thresholds


def _check_threshold_order(thresholds: list[dict], grades: list[str], problems: dict) -> None:
    scores = [t["min_score"] for t in thresholds]
    places = [grades.index(t["grade"]) for t in thresholds]
    if any(a <= b for a, b in zip(scores, scores[1:], strict=False)):
        problems["quarterly.thresholds"] = "分数线须从高到低排列，且各档最低分不能相同"
    elif any(a >= b for a, b in zip(places, places[1:], strict=False)):
        problems["quarterly.thresholds"] = f"分数线的等次须按 {'、'.join(grades)} 的顺序从好到差排列，且不重复"
    elif scores[-1] != 0:
        problems["quarterly.thresholds"] = f"分数线须覆盖 0 分：最后一档「{thresholds[-1]['grade']}」的最低分应为 0"


def _weight(item: Mapping, key: str, what: str, problems: dict):
    weight = _number(item.get("weight", 1))
    if weight is None or weight <= 0:
        problems[key] = f"{what}的权重须是大于 0 的数（现为 {item.get('weight')}）"
    return weight


def _require_unique(names: list[str], key: str, what: str, problems: dict) -> None:
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        problems[key] = f"{what}不能重复：{'、'.join(repeated)}"


def _number(value) -> int | float | None:
    """A finite number (100.0 kept as 100), or None: text, booleans and NaN are not numbers here."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = ["QUARTERLY", "DEFAULT_RULES", "DEFAULT_PRESET", "DEFAULT_SOURCE", "PRESETS", "Aspect", "Category",
           "Threshold", "QuarterRules", "RuleSet", "exact_number", "default_quarter_rules", "rules_for_year",
           "get_rule_set", "rule_set_years", "preset_rules", "fix_rules_for_year", "inherited_rules", "save_rule_set", "delete_rule_set", "validate_year",
           "validate_rules", "validate_rule_set", "parse_quarter_rules"]
