"""年度考核结果公示: the list an annual results notice posts, from the committee's final grades.

Only decided grades are posted: the list is made when every team and cadre of the chosen units
has a final grade (审定等次); otherwise a RuleViolation says how many are still undecided. Each
unit's leadership team comes first (姓名 "领导班子"), then its cadres in the assessment's order
(正职, 副职, 班子成员). The notice is drafted, published and closed like any other (core.notices);
its rows are fixed when it is drafted.
"""

from desktop_app.core.cadres import Created
from desktop_app.core.errors import RuleViolation
from desktop_app.core.notices import units_phrase, write_notice_draft
from desktop_app.core.store import RecordStore

ANNUAL_COLUMNS = ["序号", "单位", "姓名", "职务", "等次"]
ANNUAL_KIND = "年度考核结果"
TEAM_NAME = "领导班子"


def annual_entries(db, unit_ids: list[str], year: int, *, assessment=None) -> tuple[list[str], list[dict]]:
    """Columns and rows of the notice: each chosen unit's team, then its cadres, with the final grade.

    `assessment` is the year's core.assessment.YearAssessment when the caller has it. RuleViolation
    when a subject of those units is still undecided, or when the units have nobody assessed.
    """
    if assessment is None:
        from desktop_app.core.assessment import assess_year

        assessment = assess_year(db, year)
    chosen = [a for a in (*assessment.teams, *assessment.cadres) if a.unit_id in set(unit_ids)]
    require_decided(chosen, year)
    entries = []
    for unit_id in _unit_order(assessment, unit_ids):
        team = assessment.team(unit_id)
        subjects = ([team] if team is not None else []) + list(assessment.unit_cadres(unit_id))
        for subject in subjects:
            is_team = subject.kind == "team"
            entries.append({"kind": subject.kind, "subject_id": subject.subject_id, "unit_id": unit_id,
                            **({} if is_team else {"cadre_id": subject.subject_id}),
                            "cells": [str(len(entries) + 1), subject.unit_name, TEAM_NAME if is_team else subject.name,
                                      "" if is_team else subject.title,
                                      subject.final_grade]})
    return list(ANNUAL_COLUMNS), entries


def require_decided(subjects, year: int) -> None:
    """RuleViolation naming how many teams and cadres have no final grade yet; or none assessed at all."""
    if not subjects:
        raise RuleViolation(f"所选单位{year}年度没有考核对象，无法生成年度考核结果公示。")
    teams = sum(1 for s in subjects if s.final_grade is None and s.kind == "team")
    cadres = sum(1 for s in subjects if s.final_grade is None and s.kind != "team")
    if teams or cadres:
        parts = [f"领导班子 {teams} 个" if teams else "", f"干部 {cadres} 名" if cadres else ""]
        raise RuleViolation(f"所选单位{year}年度还有 {teams + cadres} 个考核对象未审定等次"
                            f"（{'、'.join(p for p in parts if p)}），全部审定后才能生成年度考核结果公示。")


def _unit_order(assessment, unit_ids: list[str]) -> list[str]:
    """The chosen units in the assessment's order (unit sort order), teams' units first seen."""
    order = list(dict.fromkeys([t.unit_id for t in assessment.teams] + [c.unit_id for c in assessment.cadres]))
    return [unit_id for unit_id in order if unit_id in set(unit_ids)]


def annual_title(db, unit_ids: list[str], year: int) -> str:
    return f"{units_phrase(db, unit_ids)}{year}年度考核结果公示"


def annual_basis(year: int) -> str:
    return (f"根据年度考核办法，经述职测评、民意调查、综合评定和考核委员会审定，{year}年度领导班子和干部"
            "考核等次已经确定，现予以公示。")


def draft_annual_notice(store: RecordStore, calendar, year: int, unit_ids: list[str], values: dict, *,
                        assessment=None) -> Created:
    """Draft the annual results notice of those units (公示栏草稿), one undo step; `values` gives the
    start date, working days, channels, issuer and issued date as core.notices.draft_notice takes them.
    RuleViolation while a subject of those units is undecided."""
    columns, entries = annual_entries(store.db, unit_ids, year, assessment=assessment)
    return write_notice_draft(store, calendar, {
        **values, "kind": ANNUAL_KIND, "title": values.get("title") or annual_title(store.db, unit_ids, year),
        "unit_ids": list(unit_ids), "basis": values.get("basis") or annual_basis(year),
        "columns": columns, "entries": entries})


__all__ = ["ANNUAL_COLUMNS", "ANNUAL_KIND", "TEAM_NAME", "annual_entries", "require_decided", "annual_title",
           "annual_basis", "draft_annual_notice"]
