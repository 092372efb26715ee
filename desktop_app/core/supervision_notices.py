"""通报批评 (notices of criticism): a unit — and the person named in it, if any — criticised in a
supervision of law enforcement (执法), efficiency (效能) or conduct (作风), or otherwise (其他).
Rule 5 reads them: a unit criticised in the first three kinds has its team and principal kept
from the top grade that year (the year of the issue date, which also locks it).
"""

import json
from collections.abc import Mapping

from desktop_app.core import registers as r
from desktop_app.core.cadres import Created
from desktop_app.core.store import Changes, RecordStore

NOTICE_KINDS = ("执法", "效能", "作风", "其他")
SUPERVISION_NOTICES = r.Register("supervision_notices", "issued_on")


def validate_supervision_notice(db, values: Mapping) -> dict:
    problems: dict[str, str] = {}
    clean = {"unit_id": r.unit(db, values, problems), "cadre_id": r.cadre(db, values, problems, required=False),
             "issued_on": r.day(values, "issued_on", "通报日期", problems),
             "kind": r.choice(values, "kind", "通报类别", NOTICE_KINDS, problems),
             "text": r.text(values, "text", "通报内容", problems, required=True),
             "issuer": r.text(values, "issuer", "通报单位", problems)}
    return r.finish(problems, clean)


def add_supervision_notice(store: RecordStore, values: Mapping) -> Created:
    return r.add_record(store, SUPERVISION_NOTICES, validate_supervision_notice(store.db, values))


def update_supervision_notice(store: RecordStore, notice_id: str, values: Mapping) -> Changes:
    saved = r.current(store, SUPERVISION_NOTICES, notice_id)
    clean = validate_supervision_notice(store.db, {**saved, **values})
    return r.update_record(store, SUPERVISION_NOTICES, notice_id, clean)


def delete_supervision_notice(store: RecordStore, notice_id: str) -> Changes:
    return r.delete_record(store, SUPERVISION_NOTICES, notice_id)


def supervision_notices(db, *, year: int | None = None, unit_id: str | None = None,
                        cadre_id: str | None = None, kinds=None) -> list[dict]:
    """The notices by issue date (with unit_name, cadre_name), filtered by year, unit, cadre named, kinds."""
    where, params = "", {}
    if kinds is not None:
        where, params = "r.kind IN (SELECT value FROM json_each(:kinds))", {"kinds": json.dumps(list(kinds), ensure_ascii=False)}
    return r.list_records(db, SUPERVISION_NOTICES, year=year, unit_id=unit_id, cadre_id=cadre_id,
                          where=where, params=params)


__all__ = ["NOTICE_KINDS", "SUPERVISION_NOTICES", "validate_supervision_notice", "add_supervision_notice",
           "update_supervision_notice", "delete_supervision_notice", "supervision_notices"]
