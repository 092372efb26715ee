"""季度评议结果公示: the list a quarter's results notice posts, from the scores of the units' sessions.

The notice itself is drafted, published and closed like any other (core.notices); its rows are
fixed when it is drafted, so what is posted is what the scores were then.
"""

from desktop_app.core.evaluations import quarter_label
from desktop_app.core.notices import units_phrase
from desktop_app.core.quarter_scores import display_score, quarter_summary

QUARTER_COLUMNS = ["序号", "单位", "姓名", "职务", "综合得分", "季度等次", "单位内名次"]
QUARTER_KIND = "季度评议结果"


def quarter_entries(db, unit_ids: list[str], year: int, quarter: int) -> tuple[list[str], list[dict]]:
    """Columns and rows of a results notice: the scored cadres of those units, unit by unit, by rank."""
    titles = _titles(db)
    entries = []
    for unit in quarter_summary(db, year, quarter).units:
        if unit.unit_id not in unit_ids:
            continue
        for cadre in unit.cadres:
            if cadre.grade is None:
                continue  # 无有效票: nothing to post
            entries.append({"cadre_id": cadre.cadre_id, "cells": [
                str(len(entries) + 1), unit.unit_name, cadre.name, titles.get((cadre.cadre_id, unit.unit_id), ""),
                display_score(cadre.exact_score), cadre.grade, str(cadre.rank)]})
    return list(QUARTER_COLUMNS), entries


def quarter_title(db, unit_ids: list[str], year: int, quarter: int) -> str:
    return f"{units_phrase(db, unit_ids)}{quarter_label(year, quarter)}干部民主评议结果公示"


def quarter_basis(year: int, quarter: int) -> str:
    return (f"根据季度民主评议办法，{quarter_label(year, quarter)}各单位召开干部职工大会，对班子成员进行了民主测评，"
            "现将量化评分结果予以公示。")


def _titles(db) -> dict[tuple[str, str], str]:
    """(cadre, unit) → the title of the latest post held there."""
    found = {}
    for cadre_id, unit_id, title in db.execute(
            "SELECT cadre_id, unit_id, title FROM posts WHERE deleted = 0 ORDER BY start_date"):
        found[(cadre_id, unit_id)] = title
    return found


__all__ = ["QUARTER_COLUMNS", "QUARTER_KIND", "quarter_entries", "quarter_title", "quarter_basis"]
