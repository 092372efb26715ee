"""季度评议的测评会与计票: a unit's evaluation session of a quarter and the tallies entered from it.

A session (测评会) records the meeting — date, 应到/实到, ballots 发出/收回/有效 (per voter
category when ballots were split by category) — and who was evaluated (by default the unit's
team members holding posts in the quarter). A tally (计票) holds one cadre's raw counts:
{category or "": [[好, 较好, 一般, 差] per aspect]}. Nothing inconsistent is saved: the meeting
numbers must nest (实到 ≤ 应到, 收回 ≤ 发出, 有效 ≤ 收回) and a cadre's votes on an aspect can
not exceed the valid ballots of the category (the rest are abstentions, 弃权).
"""

import json
from dataclasses import dataclass

from desktop_app.core.cadres import Created
from desktop_app.core.errors import RecordNotFound, RuleViolation, ValidationError
from desktop_app.core.natural_ids import session_id, tally_id
from desktop_app.core.normalize import clean_prose, parse_day
from desktop_app.core.posts import POST_TYPE_ORDER_SQL
from desktop_app.core.report_gaps import REPORTING_POST_TYPES
from desktop_app.core.rule_sets import fix_rules_for_year, rules_for_year
from desktop_app.core.store import Changes, RecordStore

GRADE_COUNT = 4
MEETING_FIELDS = ("expected", "present", "issued", "returned", "valid")
MEETING_LABELS = {"expected": "应到", "present": "实到", "issued": "发出", "returned": "收回", "valid": "有效"}
_JSON_FIELDS = {"categories": [], "valid_by_category": {}, "cadre_ids": []}


@dataclass(frozen=True)
class Evaluated:
    """A cadre on a session's ballot."""

    cadre_id: str
    name: str
    title: str


def quarter_span(year: int, quarter: int) -> tuple[str, str]:
    """First and last day of a quarter: (2026-04-01, 2026-06-30) for 2026 Q2."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": "季度须为 1 到 4"})
    last_month = quarter * 3
    last_day = {3: 31, 6: 30, 9: 30, 12: 31}[last_month]
    return f"{year:04d}-{last_month - 2:02d}-01", f"{year:04d}-{last_month:02d}-{last_day}"


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}年第{quarter}季度"


# -- reading -------------------------------------------------------------------------------------
def default_evaluated(db, unit_id: str, year: int, quarter: int) -> list[Evaluated]:
    """The unit's team members (正职、副职、班子成员) holding posts there during the quarter."""
    first, last = quarter_span(year, quarter)
    rows = db.execute(
        f"""SELECT c.id, c.name, p.title FROM posts p JOIN cadres c ON c.id = p.cadre_id
             WHERE p.unit_id = ? AND p.deleted = 0 AND c.deleted = 0 AND p.start_date <= ?
               AND (p.end_date IS NULL OR p.end_date > ?) AND p.post_type IN (SELECT value FROM json_each(?))
             ORDER BY {POST_TYPE_ORDER_SQL}, p.start_date, c.name""",
        [unit_id, last, first, json.dumps(REPORTING_POST_TYPES)]).fetchall()
    seen, found = set(), []
    for cadre_id, name, title in rows:
        if cadre_id not in seen:
            seen.add(cadre_id)
            found.append(Evaluated(cadre_id, name, title))
    return found


def get_session(db, unit_id: str, year: int, quarter: int) -> dict | None:
    cursor = db.execute("SELECT * FROM evaluation_sessions WHERE id = ? AND deleted = 0",
                        [session_id(unit_id, year, quarter)])
    row = cursor.fetchone()
    return _decoded(dict(zip([c[0] for c in cursor.description], row, strict=True))) if row else None


def sessions_of_quarter(db, year: int, quarter: int) -> list[dict]:
    cursor = db.execute("SELECT s.* FROM evaluation_sessions s JOIN units u ON u.id = s.unit_id"
                        " WHERE s.deleted = 0 AND s.year = ? AND s.quarter = ? ORDER BY u.sort_order, u.name",
                        [year, quarter])
    columns = [c[0] for c in cursor.description]
    return [_decoded(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]


def tallies_of(db, session: str) -> dict[str, dict]:
    """cadre id → counts of every tally entered for the session."""
    return {cadre_id: json.loads(counts) for cadre_id, counts in db.execute(
        "SELECT cadre_id, counts FROM tallies WHERE session_id = ? AND deleted = 0", [session])}


def evaluated_of(db, session: dict) -> list[Evaluated]:
    """The cadres on the session's ballot, in its order, with their titles in the unit."""
    rows = {row[0]: row for row in db.execute(
        "SELECT c.id, c.name, COALESCE((SELECT p.title FROM posts p WHERE p.cadre_id = c.id AND p.unit_id = ?"
        " AND p.deleted = 0 ORDER BY p.start_date DESC LIMIT 1), '') FROM cadres c"
        " WHERE c.id IN (SELECT value FROM json_each(?))", [session["unit_id"], json.dumps(session["cadre_ids"])])}
    return [Evaluated(*rows[cadre_id]) for cadre_id in session["cadre_ids"] if cadre_id in rows]


def unit_cadres(db, unit_id: str, year: int, quarter: int) -> list[Evaluated]:
    """Everyone holding a post in the unit during the quarter (any post type): who may be added to
    a ballot beside the default team members, 正职 first."""
    first, last = quarter_span(year, quarter)
    rows = db.execute(
        f"""SELECT c.id, c.name, p.title FROM posts p JOIN cadres c ON c.id = p.cadre_id
             WHERE p.unit_id = ? AND p.deleted = 0 AND c.deleted = 0 AND p.start_date <= ?
               AND (p.end_date IS NULL OR p.end_date > ?)
             ORDER BY {POST_TYPE_ORDER_SQL}, p.start_date, c.name""", [unit_id, last, first]).fetchall()
    seen: set[str] = set()
    return [Evaluated(*row) for row in rows if row[0] not in seen and not seen.add(row[0])]


def tally_progress(db, year: int, quarter: int) -> dict[str, dict[str, list[str]]]:
    """Session id → cadre id → the voter categories ("" when none) whose counts were entered, for
    every session of the quarter: how far the entry of its tallies has come (录入进度)."""
    found: dict[str, dict[str, list[str]]] = {}
    for sid, cadre_id, counts in db.execute(
            "SELECT t.session_id, t.cadre_id, t.counts FROM tallies t JOIN evaluation_sessions s ON s.id = t.session_id"
            " WHERE t.deleted = 0 AND s.deleted = 0 AND s.year = ? AND s.quarter = ?", [year, quarter]):
        try:
            categories = list(json.loads(counts or "{}"))
        except ValueError:
            categories = []
        found.setdefault(sid, {})[cadre_id] = categories
    return found


def session_quarters(db) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The first and the last (year, quarter) that has a session; None when there is none."""
    row = db.execute("SELECT MIN(year * 4 + quarter - 1), MAX(year * 4 + quarter - 1) FROM evaluation_sessions"
                     " WHERE deleted = 0").fetchone()
    if row is None or row[0] is None:
        return None
    return (row[0] // 4, row[0] % 4 + 1), (row[1] // 4, row[1] % 4 + 1)


def _decoded(session: dict) -> dict:
    return {**session, **{field: json.loads(session[field] or json.dumps(empty))
                          for field, empty in _JSON_FIELDS.items()}}


# -- sessions ------------------------------------------------------------------------------------
def save_session(store: RecordStore, unit_id: str, year: int, quarter: int, values: dict, *,
                 accept_misfits: bool = False) -> Created:
    """Create or change the unit's session of the quarter (one undo step). Changing the numbers
    or categories so that tallies already entered no longer fit is refused, naming them, unless
    the operator accepted it (`accept_misfits`: the unit then shows 计票有误 until they are fixed)."""
    unit = store.get("units", unit_id)
    clean = validate_session(store.db, unit_id, year, quarter, values)
    sid = session_id(unit_id, year, quarter)
    existing = get_session(store.db, unit_id, year, quarter)
    if existing and not accept_misfits:
        _require_tallies_fit(store.db, existing, clean, unit["name"])
    verb = "修改" if existing else "登记"
    with store.batch(f"{verb}测评会：{unit['name']} {quarter_label(year, quarter)}") as batch:
        fix_rules_for_year(store, year)
        store.put("evaluation_sessions", sid, clean)
    return Created(sid, batch.changes())


def _require_tallies_fit(db, existing: dict, clean: dict, unit_name: str) -> None:
    changed = _decoded({**existing, **clean})
    rules = rules_for_year(db, changed["year"])
    names = {e.cadre_id: e.name for e in evaluated_of(db, existing)}
    misfits = [f"{names.get(cadre_id, '')}：{found[0]}" for cadre_id, counts in tallies_of(db, existing["id"]).items()
               if (found := tally_problems(changed, counts, rules))]
    if misfits:
        raise RuleViolation(f"{unit_name}按修改后的票数，已录入的 {len(misfits)} 人计票不再成立（如 {misfits[0]}）。"
                            "请先改正计票，或在界面中确认后保存。")


def validate_session(db, unit_id: str, year: int, quarter: int, values: dict) -> dict:
    problems: dict[str, str] = {}
    quarter_span(year, quarter)  # a valid quarter
    meeting = parse_day(values.get("meeting_date")) if values.get("meeting_date") else ""
    if meeting is None:
        problems["meeting_date"] = "会议日期格式不对（例：2026-03-28）"
    numbers = {field: _count(values.get(field, 0), field, problems) for field in MEETING_FIELDS}
    for smaller, larger in (("present", "expected"), ("returned", "issued"), ("valid", "returned")):
        if smaller not in problems and larger not in problems and numbers[smaller] > numbers[larger]:
            problems[smaller] = f"{MEETING_LABELS[smaller]}（{numbers[smaller]}）不能多于{MEETING_LABELS[larger]}（{numbers[larger]}）"
    categories = [str(c) for c in values.get("categories") or []]
    by_category = {str(k): _count(v, f"valid_by_category.{k}", problems)
                   for k, v in (values.get("valid_by_category") or {}).items()}
    if categories and set(by_category) != set(categories):
        problems["valid_by_category"] = "分类测评时请填写每一类的有效票数"
    elif categories and "valid" not in problems and sum(by_category.values()) != numbers["valid"]:
        problems["valid_by_category"] = f"各类有效票之和（{sum(by_category.values())}）应等于有效票（{numbers['valid']}）"
    cadre_ids = list(values.get("cadre_ids") or [c.cadre_id for c in default_evaluated(db, unit_id, year, quarter)])
    if not cadre_ids:
        problems["cadre_ids"] = "请选择参加测评的干部"
    if problems:
        raise ValidationError(problems)
    return {"unit_id": unit_id, "year": year, "quarter": quarter, "meeting_date": meeting, **numbers,
            "categories": _json(categories), "valid_by_category": _json(by_category if categories else {}),
            "cadre_ids": _json(cadre_ids), "note": clean_prose(values.get("note"))}


def delete_session(store: RecordStore, unit_id: str, year: int, quarter: int) -> Changes:
    """Delete a session with its tallies (one undo step)."""
    session = get_session(store.db, unit_id, year, quarter)
    if session is None:
        raise RecordNotFound("该单位这个季度还没有登记测评会。")
    unit = store.get("units", unit_id)
    with store.batch(f"删除测评会：{unit['name']} {quarter_label(year, quarter)}") as batch:
        for (tally,) in store.db.execute("SELECT id FROM tallies WHERE session_id = ? AND deleted = 0",
                                         [session["id"]]).fetchall():
            store.delete("tallies", tally)
        store.delete("evaluation_sessions", session["id"])
    return batch.changes()


# -- tallies -------------------------------------------------------------------------------------
def tally_problems(session: dict, counts: dict, rules) -> list[str]:
    """Why `counts` cannot be a tally of `session` ([] when it can), by the scoring's own check
    (quarter_scores.check_tally) with the year's `rules`: the rule set's and the session's voter
    categories, an aspect's row per aspect and a count per grade, no more votes than valid ballots."""
    from desktop_app.core.quarter_scores import Ballots, Tally, TallyError, check_tally

    by_category = {str(k): int(v) for k, v in session["valid_by_category"].items()} if session["categories"] else {}
    try:
        check_tally(rules, Tally("", "", counts), Ballots(int(session["valid"]), by_category))
    except TallyError as error:
        return list(error.problems.values())
    return []


def save_tallies(store: RecordStore, session: dict, counts_by_cadre: dict[str, dict]) -> Changes:
    """Save the tallies of several cadres of a session at once (the entry grid's 保存; one undo step),
    checked with the rule set of the session's year. Nothing is saved when any is inconsistent."""
    from desktop_app.core.rule_sets import rules_for_year

    rules = rules_for_year(store.db, session["year"])
    problems = {cadre_id: "；".join(found) for cadre_id, counts in counts_by_cadre.items()
                if (found := tally_problems(session, counts, rules))}
    unknown = set(counts_by_cadre) - set(session["cadre_ids"])
    problems |= {cadre_id: "不在本次测评名单中" for cadre_id in unknown}
    if problems:
        raise ValidationError(problems)
    unit = store.get("units", session["unit_id"])
    with store.batch(f"录入计票：{unit['name']} {quarter_label(session['year'], session['quarter'])}"
                     f"（{len(counts_by_cadre)} 人）") as batch:
        for cadre_id, counts in counts_by_cadre.items():
            store.put("tallies", tally_id(session["id"], cadre_id),
                      {"session_id": session["id"], "cadre_id": cadre_id, "counts": _json(counts)})
    return batch.changes()


def save_tally_grid(store: RecordStore, session: dict, counts_by_cadre: dict[str, dict],
                    cleared: list[str] | tuple[str, ...] = ()) -> Changes:
    """The entry grid's 保存: the rows filled in saved (as save_tallies: nothing when any is
    inconsistent) and the saved tallies of the rows emptied removed, all in one undo step."""
    saved = tallies_of(store.db, session["id"])
    gone = [cadre_id for cadre_id in cleared if cadre_id in saved and cadre_id not in counts_by_cadre]
    if not counts_by_cadre and not gone:
        return Changes()
    unit = store.get("units", session["unit_id"])
    with store.batch(f"录入计票：{unit['name']} {quarter_label(session['year'], session['quarter'])}"
                     f"（{len(counts_by_cadre) + len(gone)} 人）") as batch:
        if counts_by_cadre:
            save_tallies(store, session, counts_by_cadre)
        for cadre_id in gone:
            store.delete("tallies", tally_id(session["id"], cadre_id))
    return batch.changes()


def _count(value, field: str, problems: dict) -> int:
    try:
        number = int(str(value).strip() or 0)
    except ValueError:
        problems[field] = f"{MEETING_LABELS.get(field, '票数')}须为整数"
        return 0
    if number < 0:
        problems[field] = f"{MEETING_LABELS.get(field, '票数')}不能为负数"
    return number


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = ["Evaluated", "MEETING_FIELDS", "MEETING_LABELS", "quarter_span", "quarter_label", "default_evaluated",
           "get_session", "sessions_of_quarter", "tallies_of", "evaluated_of", "save_session", "validate_session",
           "delete_session", "tally_problems", "save_tallies", "save_tally_grid", "unit_cadres", "tally_progress",
           "session_quarters"]
