"""年度考核数据: the year's inputs of each team (领导班子) and cadre assessed in a unit.

One record per team or cadre and year (natural id annual_input_id): the annual democratic
evaluation (年度民主测评: raw counts per grade of the year's scale — teams 好/较好/一般/差, cadres
优秀/称职/基本称职/不称职 — and the valid ballots), the opinion survey (民意调查: 满意/基本满意/不满意),
whether a special investigation confirmed the complaints (专项调查属实) and what it found, the
responsibility-assessment score (责任制考核得分, 0–100, kept as exact text) and grade, the key
projects (重点项目) and a note. Counts are kept raw, never as rates; a category's votes can not
exceed its valid ballots (the rest are abstentions). The scales are the year's annual rules'.

Who is assessed where: core.annual_subjects (re-exported here).
"""

import json
import re
from collections.abc import Mapping
from decimal import Decimal

from desktop_app.core.annual.settings import AnnualRules, parse_annual_rules
from desktop_app.core.annual_subjects import Subject, assessed_cadres, unit_subjects, year_subjects
from desktop_app.core.cadres import Created
from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.natural_ids import annual_input_id
from desktop_app.core.normalize import clean_prose, clean_text
from desktop_app.core.rule_sets import fix_rules_for_year, validate_year
from desktop_app.core.store import Changes, RecordStore

SURVEY_GRADES = ("满意", "基本满意", "不满意")
EVALUATION_LABEL, SURVEY_LABEL = "民主测评", "民意调查"
YES, NO = ("是", "属实", "完成", "已完成", "true", "1", "y", "yes"), ("否", "不属实", "未完成", "false", "0", "n", "no")
_SCORE = re.compile(r"^\d{1,3}(\.\d+)?$")
EMPTY = {"evaluation": {}, "survey": {}, "survey_confirmed": False, "investigation": "", "responsibility_score": "",
         "responsibility_grade": "", "key_projects": [], "note": ""}
FIELDS = tuple(EMPTY)


# -- the year's scales -----------------------------------------------------------------------------
def annual_rules_of_year(db, year: int) -> AnnualRules:
    """The annual rules of `year`: its own rule set's, else the latest earlier year's (沿用, as the
    quarterly rules), else the defaults. A stored annual part that is wrong → RuleViolation."""
    row = db.execute("SELECT year, rules FROM rule_sets WHERE deleted = 0 AND year <= ? ORDER BY year DESC LIMIT 1",
                     [validate_year(year)]).fetchone()
    try:
        return parse_annual_rules(json.loads(row[1]) if row else None)
    except (ValueError, ValidationError) as error:
        raise RuleViolation(f"{row[0]}年规则方案的年度考核部分有误：{error}。请在规则方案中改正后再试。") from error


def evaluation_grades(rules: AnnualRules, *, team: bool) -> tuple[str, ...]:
    """The grades a team's (好/较好/一般/差) or a cadre's (优秀/称职/基本称职/不称职) evaluation counts."""
    return rules.team.grades if team else rules.cadre.grades


# -- validation ------------------------------------------------------------------------------------
def validate_inputs(rules: AnnualRules, values: Mapping, *, team: bool) -> dict:
    """The inputs cleaned as stored (JSON as text); ValidationError mapping each bad field
    (evaluation.valid, evaluation.counts.好, survey, responsibility_score…) to a Chinese message."""
    problems: dict[str, str] = {}
    evaluation = _votes(values.get("evaluation"), evaluation_grades(rules, team=team), "evaluation",
                        EVALUATION_LABEL, problems)
    survey = _votes(values.get("survey"), SURVEY_GRADES, "survey", SURVEY_LABEL, problems)
    confirmed = _flag(values.get("survey_confirmed"), "survey_confirmed", "专项调查属实", problems)
    if confirmed and not survey and "survey" not in problems:
        problems["survey_confirmed"] = "专项调查属实须先录入民意调查票数"
    grade = clean_text(values.get("responsibility_grade"))
    if grade and grade not in rules.team.grades:
        problems["responsibility_grade"] = f"责任制考核等次须为 {'、'.join(rules.team.grades)} 之一（现为 {grade}）"
    clean = {"evaluation": _json(evaluation), "survey": _json(survey), "survey_confirmed": int(bool(confirmed)),
             "investigation": clean_prose(values.get("investigation")),
             "responsibility_score": score_text(values.get("responsibility_score"), problems),
             "responsibility_grade": grade, "key_projects": _json(_projects(values.get("key_projects"), problems)),
             "note": clean_prose(values.get("note"))}
    if problems:
        raise ValidationError(problems)
    return clean


def _votes(value, grades, field: str, label: str, problems: dict) -> dict:
    """{"valid": n, "counts": {grade: n}} for every grade of the scale; {} when nothing was entered."""
    value = value if isinstance(value, Mapping) else {}
    counts = value.get("counts") if isinstance(value.get("counts"), Mapping) else {}
    if _blank(value.get("valid")) and all(_blank(n) for n in counts.values()):
        return {}
    unknown = [str(g) for g in counts if g not in grades and not _blank(counts[g])]
    if unknown:
        problems[f"{field}.counts"] = f"“{'、'.join(unknown)}”不是{label}的等次（应为 {'、'.join(grades)}）"
    if _blank(value.get("valid")):
        problems[f"{field}.valid"] = f"请填写{label}有效票"
    valid = _count(value.get("valid"), f"{field}.valid", f"{label}有效票", problems)
    clean = {g: _count(counts.get(g), f"{field}.counts.{g}", f"{label}“{g}”票数", problems) for g in grades}
    if f"{field}.valid" not in problems and valid == 0:
        problems[f"{field}.valid"] = f"{label}有效票须大于 0"
    elif not any(key == field or key.startswith(f"{field}.") for key in problems) and sum(clean.values()) > valid:
        problems[field] = f"{label}各等次票数合计 {sum(clean.values())} 超过有效票 {valid}"
    return {"valid": valid, "counts": clean}


def _count(value, key: str, label: str, problems: dict) -> int:
    if _blank(value):
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    if isinstance(value, bool) or not re.fullmatch(r"-?\d+", text):
        problems[key] = f"{label}须为整数（现为 {text}）"
        return 0
    if int(text) < 0:
        problems[key] = f"{label}不能为负数"
        return 0
    return int(text)


def score_text(value, problems: dict, key: str = "responsibility_score") -> str:
    """A score 0–100 as exact text ("86.5", "90"; "" when blank): floats from Excel by their shortest
    form, never the binary value next to them."""
    if _blank(value):
        return ""
    text = repr(value) if isinstance(value, float) else clean_text(value)
    if isinstance(value, bool) or not _SCORE.match(text) or Decimal(text) > 100:
        problems[key] = f"责任制考核得分须为 0–100 之间的数（如 86.5；现为 {clean_text(value)}）"
        return ""
    exact = Decimal(text)
    return format(exact.quantize(Decimal(1)) if exact == exact.to_integral() else exact.normalize(), "f")


def _flag(value, key: str, label: str, problems: dict) -> bool:
    if isinstance(value, bool | int) and value in (0, 1):
        return bool(value)
    text = clean_text(value).lower()
    if text in YES:
        return True
    if text and text not in NO:
        problems[key] = f"{label}须填“是”或“否”（现为 {clean_text(value)}）"
    return False


def _projects(value, problems: dict) -> list[dict]:
    """重点项目: [{"name", "done", "note"}], each named."""
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple):
        problems["key_projects"] = "重点项目须为列表"
        return []
    found = []
    for n, item in enumerate(value, start=1):
        item = item if isinstance(item, Mapping) else {"name": item}
        name = clean_text(item.get("name"))
        if not name:
            problems[f"key_projects.{n}"] = f"第 {n} 个重点项目须填写名称"
        found.append({"name": name, "done": _flag(item.get("done"), f"key_projects.{n}.done", f"重点项目“{name}”是否完成",
                                                  problems), "note": clean_prose(item.get("note"))})
    return found


def _blank(value) -> bool:
    return value is None or clean_text(value) == ""


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# -- reading -----------------------------------------------------------------------------------------
def year_inputs(db, year: int) -> dict[tuple[str, str | None], dict]:
    """(unit id, cadre id or None for the team) → the decoded inputs of every team and cadre of `year`."""
    cursor = db.execute("SELECT * FROM annual_inputs WHERE year = ? AND deleted = 0", [year])
    columns = [c[0] for c in cursor.description]
    rows = [decoded(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]
    return {(row["unit_id"], row["cadre_id"]): row for row in rows}


def get_inputs(db, year: int, unit_id: str, cadre_id: str | None = None) -> dict | None:
    """The decoded inputs of a team (no cadre) or a cadre, None when none are saved."""
    cursor = db.execute("SELECT * FROM annual_inputs WHERE id = ? AND deleted = 0",
                        [annual_input_id(year, unit_id, cadre_id)])
    row = cursor.fetchone()
    return decoded(dict(zip([c[0] for c in cursor.description], row, strict=True))) if row else None


def decoded(row: Mapping) -> dict:
    """A stored row with its JSON read: evaluation and survey dicts, key_projects a list, survey_confirmed a bool."""
    found = dict(row)
    for field, empty in (("evaluation", {}), ("survey", {}), ("key_projects", [])):
        try:
            found[field] = json.loads(found.get(field) or "null") or empty
        except ValueError:
            found[field] = empty
    found["survey_confirmed"] = bool(found.get("survey_confirmed"))
    return found


def is_empty(values: Mapping) -> bool:
    """Nothing entered (all the fields of a decoded or cleaned record blank)."""
    return all(values.get(f) in (None, "", 0, False, {}, [], "{}", "[]") for f in FIELDS)


# -- writing -----------------------------------------------------------------------------------------
def save_team_inputs(store: RecordStore, year: int, unit_id: str, values: Mapping) -> Created:
    """Save a unit's team inputs of `year` (one undo step); fields not in `values` keep what was saved,
    and inputs saved empty are removed."""
    return _save_one(store, year, unit_id, None, values)


def save_cadre_inputs(store: RecordStore, year: int, unit_id: str, cadre_id: str, values: Mapping) -> Created:
    """Save a cadre's inputs of `year` in the unit where the cadre is assessed (one undo step)."""
    if not cadre_id:
        raise ValidationError({"cadre_id": "请选择干部"})
    return _save_one(store, year, unit_id, cadre_id, values)


def _save_one(store: RecordStore, year: int, unit_id: str, cadre_id: str | None, values: Mapping) -> Created:
    year = validate_year(year)
    subject = _subject(store.db, year, unit_id, cadre_id)
    clean = validate_inputs(annual_rules_of_year(store.db, year), _merged(store.db, year, subject, values),
                            team=subject.is_team)
    record_id = annual_input_id(year, unit_id, cadre_id)
    with store.batch(f"录入年度考核数据：{subject.label} {year}年度") as batch:
        _write(store, year, subject, clean)
    return Created(record_id, batch.changes())


def save_inputs_grid(store: RecordStore, year: int, unit_id: str, rows: Mapping[str | None, Mapping],
                     cleared=()) -> Changes:
    """The entry grid's 保存 for one unit: `rows` (cadre id, or None for the team → values) saved and
    the saved inputs of the `cleared` rows removed, all in one undo step; nothing is saved when any
    row is wrong (ValidationError keyed "<cadre id or team>.<field>", each message naming the row)."""
    year = validate_year(year)
    subjects = {s.cadre_id: s for s in unit_subjects(store.db, unit_id, year)}
    rules = annual_rules_of_year(store.db, year)
    problems: dict[str, str] = {}
    cleaned = {}
    for cadre_id, values in rows.items():
        subject = subjects.get(cadre_id)
        if subject is None:
            problems[f"{cadre_id}.cadre_id"] = f"{_cadre_name(store.db, cadre_id)}{year}年度不在{subjects[None].unit_name}参加考核"
            continue
        try:
            cleaned[cadre_id] = validate_inputs(rules, _merged(store.db, year, subject, values), team=subject.is_team)
        except ValidationError as error:
            problems |= {f"{cadre_id or 'team'}.{k}": f"{subject.name}：{v}" for k, v in error.problems.items()}
    if problems:
        raise ValidationError(problems)
    gone = [c for c in cleared if c not in rows and get_inputs(store.db, year, unit_id, c) is not None]
    if not cleaned and not gone:
        return Changes()
    with store.batch(f"录入年度考核数据：{subjects[None].unit_name} {year}年度（{len(cleaned) + len(gone)} 项）") as batch:
        for cadre_id, clean in cleaned.items():
            _write(store, year, subjects[cadre_id], clean)
        for cadre_id in gone:
            store.delete("annual_inputs", annual_input_id(year, unit_id, cadre_id))
    return batch.changes()


def delete_inputs(store: RecordStore, year: int, unit_id: str, cadre_id: str | None = None) -> Changes:
    """Remove a team's or cadre's inputs of `year` (one undo step)."""
    subject = _subject(store.db, validate_year(year), unit_id, cadre_id, assessed=False)
    with store.batch(f"删除年度考核数据：{subject.label} {year}年度") as batch:
        store.delete("annual_inputs", annual_input_id(year, unit_id, cadre_id))
    return batch.changes()


def _write(store: RecordStore, year: int, subject: Subject, clean: dict) -> None:
    """Put the record (fixing the year's rule set first, as a quarter's first meeting does), or
    remove it when everything was cleared."""
    record_id = annual_input_id(year, subject.unit_id, subject.cadre_id)
    if is_empty(clean):
        if get_inputs(store.db, year, subject.unit_id, subject.cadre_id) is not None:
            store.delete("annual_inputs", record_id)
        return
    fix_rules_for_year(store, year)
    store.put("annual_inputs", record_id, {"year": year, "unit_id": subject.unit_id, "cadre_id": subject.cadre_id,
                                           **clean})


def _merged(db, year: int, subject: Subject, values: Mapping) -> dict:
    saved = get_inputs(db, year, subject.unit_id, subject.cadre_id) or EMPTY
    return {**{f: saved[f] for f in FIELDS}, **{k: v for k, v in values.items() if k in FIELDS}}


def _subject(db, year: int, unit_id: str, cadre_id: str | None, *, assessed: bool = True) -> Subject:
    """The team or cadre as assessed in the unit; ValidationError when the cadre is assessed elsewhere
    (or not at all) that year."""
    unit = db.execute("SELECT name FROM units WHERE id = ? AND deleted = 0", [unit_id]).fetchone()
    if unit is None:
        raise ValidationError({"unit_id": "请选择单位（该单位不存在或已删除）"})
    if cadre_id is None:
        return Subject(unit_id, unit[0])
    found = assessed_cadres(db, year, unit_id=unit_id).get(cadre_id)
    if found is not None and found.unit_id == unit_id:
        return found
    if not assessed:
        return Subject(unit_id, unit[0], cadre_id, _cadre_name(db, cadre_id))
    where = f"，在{found.unit_name}参加考核" if found else "，没有担任班子职务"
    raise ValidationError({"cadre_id": f"{_cadre_name(db, cadre_id)}{year}年度不在{unit[0]}参加考核{where}"})


def _cadre_name(db, cadre_id) -> str:
    row = db.execute("SELECT name FROM cadres WHERE id = ?", [cadre_id]).fetchone()
    return row[0] if row else "该干部"


__all__ = ["SURVEY_GRADES", "Subject", "annual_rules_of_year", "evaluation_grades", "validate_inputs", "score_text",
           "year_inputs", "get_inputs", "decoded", "is_empty", "save_team_inputs", "save_cadre_inputs",
           "save_inputs_grid", "delete_inputs", "unit_subjects", "year_subjects", "assessed_cadres"]
