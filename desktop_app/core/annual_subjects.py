"""Who is assessed in a year, and where (年度考核对象): each unit's leadership team (领导班子) and
the cadres holding a team post (正职、副职、班子成员) at some time in the year.

A cadre is assessed once, in one unit: the unit where the cadre held team posts the most days
in the year (the days of several posts in the same unit add up); on equal days, the unit held
latest (the later last day, then the later start). The title and post type shown are those of
the post held last in that unit during the year (a 副职 made 正职 in November is assessed as
正职). A post is held from its start date up to, not including, its end date (core.posts), so a
post ended on 1 January was not held in that year. Deleted cadres and units are never assessed.
"""

import json
from dataclasses import dataclass
from datetime import date

from desktop_app.core.report_gaps import REPORTING_POST_TYPES

TEAM_NAME = "领导班子"
_POST_ORDER = {kind: n for n, kind in enumerate(REPORTING_POST_TYPES)}


@dataclass(frozen=True)
class Subject:
    """A team or a cadre assessed in a unit in a year (`cadre_id` None: the unit's leadership team)."""

    unit_id: str
    unit_name: str
    cadre_id: str | None = None
    name: str = TEAM_NAME
    title: str = ""
    post_type: str = ""
    id_number: str = ""
    start_date: str = ""  # of the post shown (ordering)

    @property
    def is_team(self) -> bool:
        return self.cadre_id is None

    @property
    def kind(self) -> str:
        return "team" if self.is_team else "cadre"

    @property
    def key(self) -> tuple[str, str | None]:
        return self.unit_id, self.cadre_id

    @property
    def label(self) -> str:
        """丹江镇领导班子 / 张三（丹江镇）."""
        return f"{self.unit_name}{TEAM_NAME}" if self.is_team else f"{self.name}（{self.unit_name}）"


def year_span(year: int) -> tuple[str, str]:
    """The first day of `year` and the first day of the next (the end, excluded)."""
    return f"{year:04d}-01-01", f"{year + 1:04d}-01-01"


def assessed_cadres(db, year: int, *, unit_id: str | None = None) -> dict[str, Subject]:
    """Cadre id → the cadre as assessed in `year` (in the unit chosen as the module says); with
    `unit_id`, only cadres who held a team post in that unit in the year are looked at (they may
    still be assessed elsewhere)."""
    by_cadre: dict[str, list[tuple]] = {}
    for row in _team_posts(db, year, unit_id):
        by_cadre.setdefault(row[0], []).append(row)
    return {cadre_id: _assessed(posts, year) for cadre_id, posts in by_cadre.items()}


def unit_subjects(db, unit_id: str, year: int) -> list[Subject]:
    """The unit's team, then the cadres assessed in the unit in `year`: 正职, 副职, 班子成员, each by
    the start of the post, then name."""
    unit_name = db.execute("SELECT name FROM units WHERE id = ?", [unit_id]).fetchone()
    cadres = [s for s in assessed_cadres(db, year, unit_id=unit_id).values() if s.unit_id == unit_id]
    return [Subject(unit_id, unit_name[0] if unit_name else "")] + sorted(cadres, key=_order)


def year_subjects(db, year: int) -> list[Subject]:
    """Every team and cadre assessed in `year`, unit by unit (units in display order): the units
    where a cadre is assessed, and those whose team has inputs saved for the year."""
    cadres = assessed_cadres(db, year)
    by_unit: dict[str, list[Subject]] = {}
    for subject in cadres.values():
        by_unit.setdefault(subject.unit_id, []).append(subject)
    with_inputs = {row[0] for row in db.execute(
        "SELECT unit_id FROM annual_inputs WHERE year = ? AND cadre_id IS NULL AND deleted = 0", [year])}
    found = []
    for unit_id, name in db.execute("SELECT id, name FROM units WHERE deleted = 0 ORDER BY sort_order, name"):
        if unit_id in by_unit or unit_id in with_inputs:
            found.append(Subject(unit_id, name))
            found.extend(sorted(by_unit.get(unit_id, []), key=_order))
    return found


def _order(subject: Subject) -> tuple:
    return _POST_ORDER.get(subject.post_type, 9), subject.start_date, subject.name, subject.cadre_id or ""


def _team_posts(db, year: int, unit_id: str | None) -> list[tuple]:
    first, after = year_span(year)
    in_unit = ("AND p.cadre_id IN (SELECT q.cadre_id FROM posts q WHERE q.unit_id = :unit AND q.deleted = 0"
               " AND q.start_date < :after AND (q.end_date IS NULL OR q.end_date = '' OR q.end_date > :first)"
               " AND q.post_type IN (SELECT value FROM json_each(:types)))") if unit_id else ""
    return db.execute(
        f"""SELECT p.cadre_id, c.name, c.id_number, p.unit_id, u.name, p.title, p.post_type, p.start_date,
                   p.end_date
              FROM posts p JOIN cadres c ON c.id = p.cadre_id JOIN units u ON u.id = p.unit_id
             WHERE p.deleted = 0 AND c.deleted = 0 AND u.deleted = 0 AND p.start_date < :after
               AND (p.end_date IS NULL OR p.end_date = '' OR p.end_date > :first)
               AND p.post_type IN (SELECT value FROM json_each(:types)) {in_unit}""",
        {"first": first, "after": after, "types": json.dumps(REPORTING_POST_TYPES), "unit": unit_id}).fetchall()


def _assessed(posts: list[tuple], year: int) -> Subject:
    """The cadre in the unit of the most days (then held latest), with the post held last there."""
    first, after = (date.fromisoformat(day) for day in year_span(year))
    days: dict[str, int] = {}
    last: dict[str, tuple] = {}
    for post in posts:
        start = max(_day(post[7], first), first)
        end = min(_day(post[8], after), after)
        unit = post[3]
        days[unit] = days.get(unit, 0) + max((end - start).days, 0)
        held = (end, start, -_POST_ORDER.get(post[6], 9))
        if unit not in last or held > last[unit][0]:
            last[unit] = (held, post)
    unit = max(days, key=lambda u: (days[u], last[u][0], u))
    cadre_id, name, id_number, unit_id, unit_name, title, post_type, start_date, _end = last[unit][1]
    return Subject(unit_id, unit_name, cadre_id, name, title, post_type, id_number, start_date or "")


def _day(text, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


__all__ = ["TEAM_NAME", "Subject", "year_span", "assessed_cadres", "unit_subjects", "year_subjects"]
