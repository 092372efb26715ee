"""The columns of the annual inputs grid, and a row's cells from its saved inputs.

Columns: 姓名, 职务; 年度民主测评 有效票, the votes per grade (as many as the longer of the two scales:
the team's grade above the cadres' in the header), 弃权 (computed); 民意调查 有效票, 满意, 基本满意,
不满意, 弃权; 专项调查 属实; 责任制考核 得分 and 等次; 重点项目 (a summary) and 备注. A problem the
core's validation names by field marks the cells `cells_of` says.
"""

from dataclasses import dataclass

from desktop_app.core.annual_inputs import SURVEY_GRADES, evaluation_grades

EVALUATION, SURVEY, INVESTIGATION, RESPONSIBILITY = "年度民主测评", "民意调查", "专项调查", "责任制考核"
COUNT_KINDS = ("eval_valid", "eval", "survey_valid", "survey")
# a problem's field (validate_inputs' key, before any grade) → the kinds of the cells it marks
_PROBLEM_CELLS = {"evaluation.valid": ("eval_valid",), "evaluation.counts": ("eval",), "evaluation": ("eval", "eval_abstain"),
                  "survey.valid": ("survey_valid",), "survey.counts": ("survey",), "survey": ("survey", "survey_abstain"),
                  "survey_confirmed": ("confirmed",), "responsibility_score": ("score",),
                  "responsibility_grade": ("grade",), "key_projects": ("projects",), "investigation": ("projects",)}


@dataclass(frozen=True)
class GridColumn:
    kind: str  # name, title, eval_valid, eval, eval_abstain, survey_valid, survey, survey_abstain, confirmed,
    # score, grade, projects, note
    label: str
    group: str = ""  # the header's upper band
    grade: int = 0  # the grade's place in its scale (eval, survey)
    tip: str = ""


def grid_columns(rules) -> tuple[GridColumn, ...]:
    """The grid's columns for the year's `rules` (AnnualRules): as many evaluation columns as the longer scale."""
    team, cadre = evaluation_grades(rules, team=True), evaluation_grades(rules, team=False)
    grades = []
    for place in range(max(len(team), len(cadre))):
        names = list(dict.fromkeys(scale[place] for scale in (team, cadre) if place < len(scale)))
        tip = "；".join(f"{who}：{scale[place]}" for who, scale in (("领导班子", team), ("干部", cadre))
                       if place < len(scale))
        grades.append(GridColumn("eval", "\n".join(names), EVALUATION, place, f"{tip}（上为班子的等次，下为干部的等次）"))
    return (GridColumn("name", "姓名"), GridColumn("title", "职务"),
            GridColumn("eval_valid", "有效票", EVALUATION, tip="年度民主测评有效票"), *grades,
            GridColumn("eval_abstain", "弃权", EVALUATION, tip="弃权 = 有效票 − 各等次票数之和，自动计算"),
            GridColumn("survey_valid", "有效票", SURVEY, tip="民意调查有效票"),
            *(GridColumn("survey", grade, SURVEY, place) for place, grade in enumerate(SURVEY_GRADES)),
            GridColumn("survey_abstain", "弃权", SURVEY, tip="弃权 = 有效票 − 满意、基本满意、不满意之和"),
            GridColumn("confirmed", "属实", INVESTIGATION, tip="专项调查证实群众反映属实（空格键勾选）；调查情况在下方填写"),
            GridColumn("score", "得分", RESPONSIBILITY, tip="单位（领导班子）的责任制考核得分，0–100"),
            GridColumn("grade", "等次", RESPONSIBILITY, tip=f"责任制考核等次：数字键 1–{len(team)} 依次为 {'、'.join(team)}"),
            GridColumn("projects", "重点项目", tip="重点项目完成情况：在下方的表中填写"),
            GridColumn("note", "备注"))


def entry_of(saved: dict | None, grades: tuple[str, ...]) -> dict:
    """A row's cells from its saved inputs (core decoded), or empty."""
    saved = saved or {}
    evaluation, survey = saved.get("evaluation") or {}, saved.get("survey") or {}
    return {"eval_valid": evaluation.get("valid"),
            "eval": [evaluation.get("counts", {}).get(g) if evaluation else None for g in grades],
            "survey_valid": survey.get("valid"),
            "survey": [survey.get("counts", {}).get(g) if survey else None for g in SURVEY_GRADES],
            "confirmed": bool(saved.get("survey_confirmed")), "score": saved.get("responsibility_score") or "",
            "grade": saved.get("responsibility_grade") or "", "note": saved.get("note") or "",
            "investigation": saved.get("investigation") or "",
            "projects": [dict(p) for p in saved.get("key_projects") or []]}


def cells_of(field: str) -> tuple[str, ...]:
    """The kinds of the cells a problem's field marks ("evaluation.counts.好" → the evaluation's votes)."""
    while field:
        if field in _PROBLEM_CELLS:
            return _PROBLEM_CELLS[field]
        field = field.rpartition(".")[0]
    return ("name",)
