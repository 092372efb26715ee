"""Due dates, missing and late reports (缺报、迟报), and the two-months flag (domain rule 8).

A month's report is due by the configured day of the month (default the 30th; the last day
in February). As of a day, each cadre expected to report for a month has one status:
按时 / 逾期 (submitted after the due day) / 未报 (nothing submitted and the due day passed) /
说明 (an accepted reason was recorded) / 空洞 (the reviewer found it empty) / 草稿 or 未到期
(not yet due). Two consecutive months 未报 or 空洞 without an accepted reason flag the cadre
for that year's annual assessment (不称职, rule 8).

Who is expected: every live cadre holding a leadership-team post (正职、副职、班子成员 — the
科级 cadres the monthly reports are for) at some time in the month, counted in the unit of the
report when there is one, else of the principal post held (正职 first).
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.core.clock import Clock, system_clock
from desktop_app.core.duplicates import folded_into
from desktop_app.core.errors import PermissionDenied, ValidationError
from desktop_app.core.meta_settings import SettingChange, put_setting, setting_change
from desktop_app.core.months import last_day, month_label, months_between, previous_month
from desktop_app.core.operators import has_operators
from desktop_app.core.permissions import Operator, require
from desktop_app.core.posts import POST_TYPE_ORDER_SQL

DEFAULT_DUE_DAY = 30
BAD_STATUSES = ("未报", "空洞")
STATUSES = ("按时", "逾期", "未报", "空洞", "说明", "草稿", "未到期")
REPORTING_POST_TYPES = ("正职", "副职", "班子成员")


@dataclass(frozen=True)
class CadreMonth:
    """One cadre's report status for one month (as of a day)."""

    cadre_id: str
    name: str
    unit_id: str
    unit_name: str
    month: str
    status: str
    report_state: str = ""  # 草稿 / 已提交 / … when there is a report
    submitted_on: str = ""
    excuse: str = ""


@dataclass(frozen=True)
class UnitGaps:
    """A unit's month at a glance (缺报、迟报统计)."""

    unit_id: str
    unit_name: str
    month: str
    counts: dict[str, int]

    @property
    def expected(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ReportFlag:
    """Two consecutive months 未报/空洞 without an accepted reason (rule 8)."""

    cadre_id: str
    name: str
    months: tuple[str, str]
    statuses: tuple[str, str]
    unit_id: str = ""  # the unit of the second month (where the cadre reported, or should have)
    unit_name: str = ""

    @property
    def reason(self) -> str:
        first, second = self.months
        return (f"{month_label(first)}{self.statuses[0]}、{month_label(second)}{self.statuses[1]}，"
                "连续两个月未报或内容空洞且无正当理由（年度考核不称职，规则 8）")


# -- the due day (报送截止日) -------------------------------------------------------------------
DUE_DAY_KEY = "report_due_day"
DUE_DAY_ACTION = "修改规则方案"  # the due day decides 按时/逾期/未报 and rule 8: 管理员, as the rules


def due_day_setting(db) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [DUE_DAY_KEY]).fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else DEFAULT_DUE_DAY


def set_due_day(db, day: int, by: Operator | None = None, clock: Clock = system_clock) -> None:
    """Store the due day of the month (1–31; later than a month's last day means its last day), and
    who set it and when beside it (core.meta_settings). `by`: the signed-in operator, who must
    be allowed to change the rules (修改规则方案, 管理员); None only while the database has no
    operator accounts (PermissionDenied once it has)."""
    if by is None:
        if has_operators(db):
            raise PermissionDenied("本数据库已设置操作员账户，须以管理员身份登录后才能修改报送截止日。")
    else:
        require(by, DUE_DAY_ACTION, "报送截止日")
    if not isinstance(day, int) or not 1 <= day <= 31:
        raise ValidationError({"due_day": "报送截止日须为 1 到 31 之间的整数"})
    put_setting(db, DUE_DAY_KEY, str(day), by.name if by is not None else "", clock=clock)


def due_day_change(db) -> SettingChange:
    """Who last set the due day and when (empty while the default holds or in an older file)."""
    return setting_change(db, DUE_DAY_KEY)


def due_date(month: str, due_day: int = DEFAULT_DUE_DAY) -> str:
    """The day `month`'s report is due: the due day, or the month's last day if shorter (二月)."""
    return f"{month}-{min(due_day, last_day(month)):02d}"


# -- statuses ------------------------------------------------------------------------------------
def month_statuses(db, month: str, today: str, due_day: int | None = None) -> list[CadreMonth]:
    """Every cadre expected to report for `month`, with the status as of `today`, by unit and name."""
    due = due_date(month, due_day or due_day_setting(db))
    folded = folded_into(db, "cadres")  # a duplicate merged away: its reports count for the record kept
    reports = _by_kept_cadre(db.execute(
        "SELECT cadre_id, unit_id, state, submitted_on, hollow FROM reports WHERE month = ? AND deleted = 0", [month]),
        folded)
    excuses = {cadre: row[0] for cadre, row in _by_kept_cadre(db.execute(
        "SELECT cadre_id, reason FROM report_excuses WHERE month = ? AND deleted = 0", [month]), folded).items()}
    units = dict(db.execute("SELECT id, name FROM units"))
    found = []
    for cadre_id, name, post_unit in _expected(db, month):
        unit_id, state, submitted_on, hollow = reports.get(cadre_id, (post_unit, "", "", 0))
        status = _status(state, submitted_on, hollow, cadre_id in excuses, due, today)
        found.append(CadreMonth(cadre_id, name, unit_id, units.get(unit_id, ""), month, status, state,
                                submitted_on, excuses.get(cadre_id, "")))
    return sorted(found, key=lambda c: (c.unit_name, c.name, c.cadre_id))


def _by_kept_cadre(rows, folded: dict[str, str]) -> dict[str, tuple]:
    """cadre id → the rest of the row; rows of a folded duplicate under the record kept, which
    wins when both have one."""
    found: dict[str, tuple] = {}
    for cadre_id, *rest in sorted(rows, key=lambda row: row[0] in folded):
        found.setdefault(folded.get(cadre_id, cadre_id), tuple(rest))
    return found


def _status(state: str, submitted_on: str, hollow: int, excused: bool, due: str, today: str) -> str:
    if hollow:
        return "空洞"
    if state and state != "草稿":
        return "按时" if submitted_on <= due else "逾期"
    if excused:
        return "说明"
    if today > due:
        return "未报"
    return "草稿" if state else "未到期"


def _expected(db, month: str) -> list[tuple[str, str, str]]:
    """(cadre id, name, unit of the principal post held in the month) of every cadre expected."""
    first, last = f"{month}-01", f"{month}-{last_day(month):02d}"
    return db.execute(
        f"""SELECT cadre_id, name, unit_id FROM (
              SELECT c.id AS cadre_id, c.name AS name, p.unit_id AS unit_id,
                     ROW_NUMBER() OVER (PARTITION BY c.id ORDER BY {POST_TYPE_ORDER_SQL}, p.start_date DESC) AS n
                FROM posts p JOIN cadres c ON c.id = p.cadre_id
               WHERE p.deleted = 0 AND c.deleted = 0 AND p.start_date <= ?
                 AND (p.end_date IS NULL OR p.end_date > ?)
                 AND p.post_type IN (SELECT value FROM json_each(?)))
            WHERE n = 1""", [last, first, json.dumps(REPORTING_POST_TYPES)]).fetchall()


def gaps_by_unit(db, month: str, today: str, due_day: int | None = None) -> list[UnitGaps]:
    """Per unit: how many cadres are 按时 / 逾期 / 未报 / 空洞 / 说明 / 草稿 / 未到期 for `month`."""
    by_unit: dict[str, UnitGaps] = {}
    for entry in month_statuses(db, month, today, due_day):
        gaps = by_unit.setdefault(entry.unit_id, UnitGaps(entry.unit_id, entry.unit_name, month,
                                                          dict.fromkeys(STATUSES, 0)))
        gaps.counts[entry.status] += 1
    return sorted(by_unit.values(), key=lambda g: g.unit_name)


# -- the flag (rule 8) ---------------------------------------------------------------------------
def report_flags(db, year: int, today: str, due_day: int | None = None, *,
                 known: Mapping[str, list[CadreMonth]] | None = None) -> list[ReportFlag]:
    """Cadres with two consecutive months 未报/空洞 (the second month in `year`), first pair each.
    Months before the first report in the database are not judged: the office was not collecting
    reports yet (a county starting in June does not flag everyone for January and February).
    `known`: month_statuses already computed for some months (same today and due day), reused."""
    due_day = due_day or due_day_setting(db)
    months = months_between(previous_month(f"{year}-01"), f"{year}-12")
    first = db.execute("SELECT MIN(month) FROM reports WHERE deleted = 0").fetchone()[0]
    months = [m for m in months if first and m >= first]  # months before reporting began are not judged
    statuses: dict[str, dict[str, CadreMonth]] = {}
    for month in months:
        if due_date(month, due_day) >= today:
            break
        entries = known[month] if known is not None and month in known else month_statuses(db, month, today, due_day)
        for entry in entries:
            statuses.setdefault(entry.cadre_id, {})[month] = entry
    flags = []
    for cadre_id, by_month in statuses.items():
        for first, second in zip(months, months[1:], strict=False):
            a, b = by_month.get(first), by_month.get(second)
            if a and b and a.status in BAD_STATUSES and b.status in BAD_STATUSES:
                flags.append(ReportFlag(cadre_id, b.name, (first, second), (a.status, b.status), b.unit_id, b.unit_name))
                break
    return sorted(flags, key=lambda f: (f.name, f.cadre_id))


__all__ = ["CadreMonth", "UnitGaps", "ReportFlag", "STATUSES", "DEFAULT_DUE_DAY", "due_day_setting", "set_due_day",
           "due_day_change", "due_date", "month_statuses", "gaps_by_unit", "report_flags"]
