"""谈话 (talks register): daily (日常), appointment (任职), warning (警示), admonishment (诫勉),
follow-up visit (回访) and reminder (提醒) talks — when, who talked, with whom, why and what was
said. A register that goes on: never locked with a year (core.year_locks).
"""

from collections.abc import Mapping

from desktop_app.core import registers as r
from desktop_app.core.cadres import Created
from desktop_app.core.store import Changes, RecordStore

TALK_KINDS = ("日常", "任职", "警示", "诫勉", "回访", "提醒")
TALKS = r.Register("talks", "talked_on")


def validate_talk(db, values: Mapping) -> dict:
    problems: dict[str, str] = {}
    clean = {"cadre_id": r.cadre(db, values, problems), "talked_on": r.day(values, "talked_on", "谈话日期", problems),
             "kind": r.choice(values, "kind", "谈话类型", TALK_KINDS, problems),
             "talker": r.text(values, "talker", "谈话人", problems),
             "summary": r.text(values, "summary", "谈话内容", problems),
             "reason": r.text(values, "reason", "谈话事由", problems)}
    return r.finish(problems, clean)


def add_talk(store: RecordStore, values: Mapping) -> Created:
    return r.add_record(store, TALKS, validate_talk(store.db, values))


def update_talk(store: RecordStore, talk_id: str, values: Mapping) -> Changes:
    return r.update_record(store, TALKS, talk_id, validate_talk(store.db, {**r.current(store, TALKS, talk_id), **values}))


def delete_talk(store: RecordStore, talk_id: str) -> Changes:
    return r.delete_record(store, TALKS, talk_id)


def talks(db, *, year: int | None = None, unit_id: str | None = None, cadre_id: str | None = None,
          kind: str | None = None) -> list[dict]:
    """The talks by date (with cadre_name), filtered by year, unit (a post held there on the day), cadre, kind."""
    where, params = ("r.kind = :kind", {"kind": kind}) if kind else ("", {})
    return r.list_records(db, TALKS, year=year, unit_id=unit_id, cadre_id=cadre_id, where=where, params=params)


__all__ = ["TALK_KINDS", "TALKS", "validate_talk", "add_talk", "update_talk", "delete_talk", "talks"]
