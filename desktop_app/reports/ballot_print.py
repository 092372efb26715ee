"""Printing a unit's ballots (民主测评表) for a quarter's meeting: who is on them, how many copies,
one set per voter category when the meeting splits its ballots. Used by the 季度评议 page and
`kaoping quarter ballots`."""

from pathlib import Path

from desktop_app.core.evaluations import default_evaluated, evaluated_of, get_session
from desktop_app.core.rule_sets import rules_for_year
from desktop_app.reports.ballot_pdf import Ballot, build_ballots_pdf, build_category_ballots_pdf
from desktop_app.reports.layout import written


def build_ballots(target, unit: str, year: int, quarter: int, people: list[tuple[str, str]], aspects: list[str],
                  shorts: list[str], grades, meeting_date: str, copies) -> Path:
    """The ballots as one PDF — `copies` a number, or copies per voter category."""
    def ballot(category: str = "", categories: tuple[str, ...] = ()) -> Ballot:
        return Ballot(unit=unit, year=year, quarter=quarter, cadres=people, aspects=aspects, grades=grades,
                      aspect_labels=shorts, meeting_date=meeting_date or None, category=category,
                      categories=categories)

    if isinstance(copies, dict):
        names = tuple(copies)
        build_category_ballots_pdf({name: ballot(name, names) for name in names}, target, copies)
    else:
        build_ballots_pdf(ballot(), target, copies)
    return written(target)


def write_ballots(db, unit_id: str, year: int, quarter: int, target, *, copies: int | None = None) -> tuple[Path, int]:
    """The unit's ballots for the quarter: the session's list (or the team members in post), as many
    copies as ballots were issued (per category when split) unless `copies` is given."""
    session = get_session(db, unit_id, year, quarter)
    people = evaluated_of(db, session) if session else default_evaluated(db, unit_id, year, quarter)
    unit = db.execute("SELECT name FROM units WHERE id = ?", [unit_id]).fetchone()[0]
    rules = rules_for_year(db, year)
    if session and session["categories"] and copies is None:
        count = {name: max(1, int(session["valid_by_category"].get(name, 1))) for name in session["categories"]}
    else:
        count = copies or (session["issued"] if session and session["issued"] else 1)
    path = build_ballots(target, unit, year, quarter, [(p.name, p.title) for p in people],
                         [a.name for a in rules.aspects], [a.short for a in rules.aspects], tuple(rules.grades),
                         session["meeting_date"] if session else "", count)
    return path, sum(count.values()) if isinstance(count, dict) else count


__all__ = ["build_ballots", "write_ballots"]
