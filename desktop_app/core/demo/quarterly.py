"""The demo's quarterly evaluations (季度评议): eight quarters (2024 Q1 – 2025 Q4) of every unit's
meeting and the tallies of its team members, one unit with ballots split by voter category.

Each cadre has a steady standing with colleagues (some better liked than others) that shapes
the votes, with the noise of real ballots: a few abstentions, meetings where not everyone
came, ballots spoiled. So per-unit distributions, trends and heat maps have something to show.
"""

import json
from datetime import date, timedelta

from desktop_app.core.evaluations import default_evaluated, quarter_span
from desktop_app.core.natural_ids import session_id, tally_id

QUARTERS = [(year, quarter) for year in (2024, 2025) for quarter in (1, 2, 3, 4)]
ASPECTS = 3
CATEGORIES = ("领导", "同级", "干部职工")
SPLIT_UNIT = 0  # the first unit (丹江镇) splits its ballots by voter category
GRADE_SHAPES = ((0.70, 0.22, 0.07), (0.50, 0.35, 0.12), (0.30, 0.40, 0.22), (0.15, 0.35, 0.35))  # 好, 较好, 一般 (差 the rest)


def add_quarterly_evaluations(store, rng, facts) -> None:
    standing = facts.standing  # cadre id → 0 (best liked) … 3, kept for the annual evaluation
    for year, quarter in QUARTERS:
        for index, unit_id in enumerate(facts.unit_ids):
            evaluated = default_evaluated(store.db, unit_id, year, quarter)
            if evaluated:
                _session(store, rng, facts, unit_id, year, quarter, [e.cadre_id for e in evaluated], standing,
                         split=index == SPLIT_UNIT)
        facts.progress.advance(len(facts.unit_ids), "正在生成季度评议")


def _session(store, rng, facts, unit_id: str, year: int, quarter: int, cadre_ids: list[str], standing: dict,
             *, split: bool) -> None:
    expected = rng.randint(25, 70)
    present = expected - rng.randint(0, max(1, expected // 10))
    returned = present - rng.randint(0, 2)
    valid = returned - rng.choice((0, 0, 0, 1, 2))
    by_category = _split(rng, valid) if split else {}
    sid = session_id(unit_id, year, quarter)
    store.insert("evaluation_sessions", {
        "unit_id": unit_id, "year": year, "quarter": quarter, "meeting_date": _meeting_day(year, quarter).isoformat(),
        "expected": expected, "present": present, "issued": present, "returned": returned, "valid": valid,
        "categories": _json(list(CATEGORIES) if split else []), "valid_by_category": _json(by_category),
        "cadre_ids": _json(cadre_ids), "note": ""}, record_id=sid)
    facts.written["evaluation_sessions"] += 1
    for cadre_id in cadre_ids:
        shape = GRADE_SHAPES[standing.setdefault(cadre_id, rng.choices(range(4), (30, 45, 20, 5))[0])]
        ballots = by_category or {"": valid}
        counts = {name: [_votes(rng, n, shape) for _ in range(ASPECTS)] for name, n in ballots.items()}
        store.insert("tallies", {"session_id": sid, "cadre_id": cadre_id, "counts": _json(counts)},
                     record_id=tally_id(sid, cadre_id))
        facts.written["tallies"] += 1


def _split(rng, valid: int) -> dict[str, int]:
    leaders = min(valid, rng.randint(3, 6))
    peers = min(valid - leaders, rng.randint(6, 12))
    return {"领导": leaders, "同级": peers, "干部职工": valid - leaders - peers}


def _votes(rng, ballots: int, shape: tuple[float, float, float]) -> list[int]:
    """[好, 较好, 一般, 差] from `ballots` voters, about one in fifty abstaining (弃权)."""
    counts = [0, 0, 0, 0]
    good, fair, average = shape
    for _ in range(ballots):
        roll = rng.random()
        if roll < 0.02:
            continue
        roll = rng.random()
        counts[0 if roll < good else 1 if roll < good + fair else 2 if roll < good + fair + average else 3] += 1
    return counts


def _meeting_day(year: int, quarter: int) -> date:
    """A weekday in the last week of the quarter."""
    day = date.fromisoformat(quarter_span(year, quarter)[1]) - timedelta(days=3)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = ["add_quarterly_evaluations", "QUARTERS", "CATEGORIES"]
