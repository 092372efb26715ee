"""Record ids derived from what the record is about (自然编号).

A cadre's report for a month, an excuse for a month, a day of the working-day calendar: each
exists at most once. Their id is a UUID5 of the table and those parts, so two offices that
enter the same one independently hold one record — their entries are versions of it, and
differing ones meet as a conflict when files are merged, instead of clashing on a unique key.
"""

import uuid

NAMESPACE = uuid.UUID("6b2f1c9e-4d0a-5c53-9a57-6b61f0d3a1e4")  # 考评台, fixed forever


def natural_id(table: str, *parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join((table, *parts))))


def report_id(cadre_id: str, month: str) -> str:
    """The id of a cadre's monthly report (实绩报告) for `month` (YYYY-MM)."""
    return natural_id("reports", cadre_id, month)


def excuse_id(cadre_id: str, month: str) -> str:
    """The id of the accepted reason (未报说明) for a cadre's month without a report."""
    return natural_id("report_excuses", cadre_id, month)


def calendar_day_id(day: str) -> str:
    """The id of a day (YYYY-MM-DD) in the working-day calendar (工作日历)."""
    return natural_id("calendar_days", day)


def rule_set_id(year: int) -> str:
    """The id of the rule set (规则方案) of `year`."""
    return natural_id("rule_sets", str(year))


def session_id(unit_id: str, year: int, quarter: int) -> str:
    """The id of a unit's evaluation session (测评会) of a quarter."""
    return natural_id("evaluation_sessions", unit_id, str(year), str(quarter))


def tally_id(session: str, cadre_id: str) -> str:
    """The id of a cadre's tally (计票) in a session."""
    return natural_id("tallies", session, cadre_id)


def annual_input_id(year: int, unit_id: str, cadre_id: str | None = None) -> str:
    """The id of a team's (no cadre) or a cadre's inputs (年度考核数据) of `year` in a unit."""
    return natural_id("annual_inputs", str(year), unit_id, cadre_id or "")


def decision_id(year: int, kind: str, subject_id: str) -> str:
    """The id of the committee's decision (审定等次) of `year` for a team (kind team, unit id) or a
    cadre (kind cadre, cadre id)."""
    return natural_id("annual_decisions", str(year), kind, subject_id)


def year_lock_id(year: int) -> str:
    """The id of `year`'s lock (年度锁定)."""
    return natural_id("year_locks", str(year))


__all__ = ["natural_id", "report_id", "excuse_id", "calendar_day_id", "rule_set_id", "session_id", "tally_id",
           "annual_input_id", "decision_id", "year_lock_id"]
