"""Editing the working-day calendar table (工作日历录入): one day at a time, or a year's
schedule imported from a small file (.xlsx or .csv with columns 日期 / 类型 / 名称).

Each day is a record with a natural id (calendar_day_id), written through the one write
path; each operator action — setting a day, clearing it, importing a file — is one batch:
one transaction, one undo step. An import is read → planned (the preview, with a Chinese
reason for each bad row) → applied; with bad rows nothing is written unless the caller
asks to skip them.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.core.calendar_files import ScheduleFile, read_schedule
from desktop_app.core.clock import format_date_cn
from desktop_app.core.errors import ValidationError
from desktop_app.core.natural_ids import calendar_day_id
from desktop_app.core.normalize import clean_compact, clean_text
from desktop_app.core.store import Changes, RecordStore
from desktop_app.core.workdays import DAY_OFF, WORKING_DAY, TableDay, as_day, date_range_cn, read_table_days

MAX_NAME = 20
KIND_ALIASES = {
    **dict.fromkeys(("休", "休息", "休息日", "放假", "节假日", "假"), DAY_OFF),
    **dict.fromkeys(("班", "上班", "工作日", "调休上班", "补班"), WORKING_DAY),
}
KIND_HINT = "请填“休”（休息日）或“班”（工作日）"


# -- one day ---------------------------------------------------------------------------------
def parse_kind(value) -> str | None:
    """'休' / '休息日' / '放假' → 休息日; '班' / '工作日' / '上班' → 工作日; None if neither."""
    return KIND_ALIASES.get(clean_compact(value))


def validate_day(day, kind, name="") -> TableDay:
    """A calendar entry from what the operator typed, or ValidationError naming each bad field."""
    problems: dict[str, str] = {}
    parsed_day = parsed_kind = None
    if not isinstance(day, date) and not clean_text(day):
        problems["day"] = "缺少日期"
    else:
        try:
            parsed_day = as_day(day)
        except ValidationError as error:
            problems.update(error.problems)
    if not clean_text(kind):
        problems["kind"] = f"缺少类型，{KIND_HINT}"
    elif (parsed_kind := parse_kind(kind)) is None:
        problems["kind"] = f"类型「{clean_text(kind)}」无法识别，{KIND_HINT}"
    name = clean_text(name)
    if len(name) > MAX_NAME:
        problems["name"] = f"名称过长（最多{MAX_NAME}字）"
    if problems:
        raise ValidationError(problems)
    return TableDay(parsed_day, parsed_kind, name)


def set_day(store: RecordStore, day, kind, name="") -> Changes:
    """Make `day` a day off or a working day in the table (录入一天), e.g. 2027-10-01 休息日 国庆节."""
    return set_days(store, [day], kind, name)


def clear_day(store: RecordStore, day) -> Changes:
    """Remove `day` from the table: the official schedule (or the weekend rule) applies again."""
    return clear_days(store, [day])


def set_days(store: RecordStore, days, kind, name="") -> Changes:
    """Make each of `days` a day off or a working day in one batch (one undo step), e.g. the
    seven days of 国庆节 at once; nothing is written unless every day is valid."""
    entries = list({entry.day: entry for entry in (validate_day(day, kind, name) for day in days)}.values())
    if not entries:
        raise ValidationError({"day": "缺少日期"})
    first, last = min(e.day for e in entries), max(e.day for e in entries)
    named = f"（{entries[0].name}）" if entries[0].name else ""
    with store.batch(f"工作日历：{_days_cn(first, last, len(entries))}设为{entries[0].kind}{named}") as batch:
        for entry in entries:
            _put(store, entry)
    return batch.changes()


def clear_days(store: RecordStore, days) -> Changes:
    """Remove each of `days` from the table in one batch (one undo step); days not in it are passed over."""
    parsed = sorted({as_day(day) for day in days})
    if not parsed:
        raise ValidationError({"day": "缺少日期"})
    with store.batch(f"工作日历：清除{_days_cn(parsed[0], parsed[-1], len(parsed))}的录入") as batch:
        for day in parsed:
            record_id = calendar_day_id(day.isoformat())
            if _live(store, record_id):
                store.delete("calendar_days", record_id)
    return batch.changes()


def _days_cn(first: date, last: date, count: int) -> str:
    """'2027年10月1日', '2027年10月1日至10月7日', or '2027年10月1日等3天' when not one run of days."""
    if first == last:
        return format_date_cn(first)
    if (last - first).days + 1 == count:
        return date_range_cn(first, last)
    return f"{format_date_cn(first)}等{count}天"


def list_days(db, year: int) -> list[TableDay]:
    """The days of `year` typed into the table, in date order."""
    return read_table_days(db, year)


def _put(store: RecordStore, entry: TableDay) -> None:
    store.put("calendar_days", calendar_day_id(entry.day.isoformat()),
              {"day": entry.day.isoformat(), "kind": entry.kind, "name": entry.name})


def _live(store: RecordStore, record_id: str) -> bool:
    row = store.db.execute("SELECT deleted FROM calendar_days WHERE id = ?", [record_id]).fetchone()
    return row is not None and not row[0]


# -- importing a schedule ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PlannedDay:
    row: int  # the row number in the file, as the operator sees it
    action: str  # create | update | unchanged | reject
    entry: TableDay | None = None
    reason: str = ""  # why a row is rejected, or what an update changes

    def as_json(self) -> dict:
        found = self.entry.as_json() if self.entry else {}
        return {"row": self.row, "action": self.action, **found, "reason": self.reason}


@dataclass(frozen=True)
class SchedulePlan:
    """What importing a schedule file would do, row by row (the preview)."""

    filename: str
    rows: tuple[PlannedDay, ...]

    @property
    def rejected(self) -> tuple[PlannedDay, ...]:
        return tuple(row for row in self.rows if row.action == "reject")

    @property
    def to_write(self) -> tuple[PlannedDay, ...]:
        return tuple(row for row in self.rows if row.action in ("create", "update"))

    @property
    def counts(self) -> dict[str, int]:
        actions = [row.action for row in self.rows]
        return {action: actions.count(action) for action in ("create", "update", "unchanged", "reject")}

    def rejected_json(self) -> list[dict]:
        return [{"row": row.row, "reason": row.reason} for row in self.rejected]


@dataclass(frozen=True)
class ScheduleImport:
    """The outcome of `import_schedule`: the plan, and whether (and what) it wrote."""

    plan: SchedulePlan
    written: bool
    blocked: bool = False  # bad rows, not to be skipped: the whole file kept out (exit 3)
    dry_run: bool = False
    changes: Changes = Changes()

    def as_json(self) -> dict:
        """Counts of what was written (of what would be, on a dry run; 0 when blocked), bad rows, rows."""
        counts = {} if self.blocked and not self.dry_run else self.plan.counts
        return {"created": counts.get("create", 0), "updated": counts.get("update", 0),
                "unchanged": self.plan.counts["unchanged"], "written": self.written, "dry_run": self.dry_run,
                "rejected": self.plan.rejected_json(), "batch_id": self.changes.batch_id,
                "rows": [row.as_json() for row in self.plan.rows]}


def plan_schedule(db, schedule: ScheduleFile) -> SchedulePlan:
    """Decide, per row and without writing, what importing `schedule` into `db` would do."""
    existing = {entry.day: entry for entry in read_table_days(db)}
    first_row_of: dict[date, int] = {}
    planned = []
    for row in schedule.rows:
        try:
            entry = validate_day(row.day, row.kind, row.name)
        except ValidationError as error:
            planned.append(PlannedDay(row.row, "reject", reason="；".join(error.problems.values())))
            continue
        if entry.day in first_row_of:
            planned.append(PlannedDay(row.row, "reject", entry,
                                      f"日期{format_date_cn(entry.day)}与第{first_row_of[entry.day]}行重复"))
            continue
        first_row_of[entry.day] = row.row
        planned.append(_compare(row.row, entry, existing.get(entry.day)))
    return SchedulePlan(schedule.filename, tuple(planned))


def _compare(row: int, entry: TableDay, before: TableDay | None) -> PlannedDay:
    if before is None:
        return PlannedDay(row, "create", entry)
    if before == entry:
        return PlannedDay(row, "unchanged", entry)
    was = before.kind + (f"（{before.name}）" if before.name else "")
    return PlannedDay(row, "update", entry, f"原为{was}")


def apply_schedule(store: RecordStore, plan: SchedulePlan) -> Changes:
    """Write the plan's new and changed days in one batch (one undo step); bad rows are left out."""
    work = plan.to_write
    with store.batch(f"导入工作日历 {plan.filename}（{len(work)}天）") as batch:
        for row in work:
            _put(store, row.entry)
    return batch.changes()


def import_schedule(store: RecordStore, path, *, dry_run: bool = False,
                    skip_invalid: bool = False) -> ScheduleImport:
    """Read, plan and (unless `dry_run`, or bad rows without `skip_invalid`) apply a schedule file."""
    plan = plan_schedule(store.db, read_schedule(path))
    blocked = bool(plan.rejected) and not skip_invalid
    if dry_run or blocked:
        return ScheduleImport(plan, written=False, blocked=blocked, dry_run=dry_run)
    return ScheduleImport(plan, written=True, changes=apply_schedule(store, plan))


def export_template(path) -> Path:
    """Write an .xlsx template to fill in: the header 日期 / 类型 / 名称 and example rows."""
    from desktop_app.core.calendar_files import write_template

    return write_template(Path(path))


__all__ = [
    "KIND_ALIASES", "parse_kind", "validate_day", "set_day", "clear_day", "set_days", "clear_days", "list_days",
    "PlannedDay", "SchedulePlan", "ScheduleImport", "plan_schedule", "apply_schedule", "import_schedule", "export_template",
]
