"""处分 (sanctions): a party disciplinary sanction (党纪处分), an administrative one (政务处分) or an
organisational measure (组织处理) decided on a cadre, with the measure taken. Rule 6 reads the
党纪处分 of a unit's principal in the year (the year of the decision date, which also locks it).
"""

from collections.abc import Mapping

from desktop_app.core import registers as r
from desktop_app.core.cadres import Created
from desktop_app.core.store import Changes, RecordStore

PARTY, GOVERNMENT, ORGANISATIONAL = "党纪处分", "政务处分", "组织处理"
MEASURES = {
    PARTY: ("警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍"),
    GOVERNMENT: ("警告", "记过", "记大过", "降级", "撤职", "开除"),
    ORGANISATIONAL: ("诫勉", "停职检查", "调整职务", "责令辞职", "免职", "降职"),
}
CATEGORIES = tuple(MEASURES)
SANCTIONS = r.Register("sanctions", "decided_on")


def validate_sanction(db, values: Mapping) -> dict:
    problems: dict[str, str] = {}
    category = r.choice(values, "category", "处分类别", CATEGORIES, problems)
    clean = {"cadre_id": r.cadre(db, values, problems), "decided_on": r.day(values, "decided_on", "处分日期", problems),
             "category": category,
             "measure": r.choice(values, "measure", f"{category}的处分种类", MEASURES.get(category, ()), problems)
             if category in MEASURES else r.text(values, "measure", "处分种类", problems),
             "text": r.text(values, "text", "处分事由", problems),
             "decided_by": r.text(values, "decided_by", "决定机关", problems)}
    return r.finish(problems, clean)


def add_sanction(store: RecordStore, values: Mapping) -> Created:
    return r.add_record(store, SANCTIONS, validate_sanction(store.db, values))


def update_sanction(store: RecordStore, sanction_id: str, values: Mapping) -> Changes:
    clean = validate_sanction(store.db, {**r.current(store, SANCTIONS, sanction_id), **values})
    return r.update_record(store, SANCTIONS, sanction_id, clean)


def delete_sanction(store: RecordStore, sanction_id: str) -> Changes:
    return r.delete_record(store, SANCTIONS, sanction_id)


def sanctions(db, *, year: int | None = None, unit_id: str | None = None, cadre_id: str | None = None,
              category: str | None = None) -> list[dict]:
    """The sanctions by decision date (with cadre_name), filtered by year, unit (a post held there on
    the day), cadre and category."""
    where, params = ("r.category = :category", {"category": category}) if category else ("", {})
    return r.list_records(db, SANCTIONS, year=year, unit_id=unit_id, cadre_id=cadre_id, where=where, params=params)


__all__ = ["PARTY", "GOVERNMENT", "ORGANISATIONAL", "MEASURES", "CATEGORIES", "SANCTIONS", "validate_sanction",
           "add_sanction", "update_sanction", "delete_sanction", "sanctions"]
