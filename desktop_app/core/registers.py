"""The supervision registers' common ground (监督登记簿): 通报批评, 处分, 督办事项, 谈话, 函询.

Each register is a record table dated by one column (`Register.day`: its year is the year the
record belongs to — core.year_locks locks the first three by it, talks and inquiries never). A
register module validates its fields with the helpers here (Chinese message per field), writes
through the store (add → Created, update/delete → Changes, one undo step each) and lists its
records with `list_records`, filtered by year, unit and cadre. A register without a unit column
(处分, 谈话, 函询) finds a unit's records by the cadre's post there on the record's day.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from db.records import RECORD_TABLES, TABLE_LABELS, content_of
from desktop_app.core.annual_subjects import year_span
from desktop_app.core.cadres import Created
from desktop_app.core.errors import ValidationError
from desktop_app.core.normalize import clean_prose, clean_text, parse_day
from desktop_app.core.record_names import record_name
from desktop_app.core.store import Changes, RecordStore

DAY_EXAMPLE = "例：2026-03-05"


@dataclass(frozen=True)
class Register:
    table: str
    day: str  # the column that dates a record

    @property
    def label(self) -> str:
        return TABLE_LABELS[self.table]

    @property
    def has_unit(self) -> bool:
        return "unit_id" in RECORD_TABLES[self.table]


# -- validation helpers (each adds its problem to `problems` and returns the clean value) -------------
def day(values: Mapping, field: str, label: str, problems: dict, *, required: bool = True) -> str:
    """A date as YYYY-MM-DD ("" when optional and blank)."""
    value = values.get(field)
    if value in (None, "") or clean_text(value) == "":
        if required:
            problems[field] = f"请填写{label}"
        return ""
    found = parse_day(value)
    if found is None:
        problems[field] = f"{label}格式不对（{DAY_EXAMPLE}）"
        return ""
    return found


def text(values: Mapping, field: str, label: str, problems: dict, *, required: bool = False) -> str:
    """Prose as typed (Chinese punctuation and paragraphs kept)."""
    found = clean_prose(values.get(field))
    if required and not found:
        problems[field] = f"请填写{label}"
    return found


def choice(values: Mapping, field: str, label: str, choices: Iterable[str], problems: dict) -> str:
    found = clean_text(values.get(field))
    choices = tuple(choices)
    if found not in choices:
        problems[field] = f"{label}须为 {'、'.join(choices)} 之一" + (f"（现为 {found}）" if found else "")
    return found


def not_before(later: str, earlier: str, later_label: str, earlier_label: str, clean: Mapping, problems: dict) -> None:
    """`later` may not be before `earlier` (both dates, when given)."""
    if clean.get(later) and clean.get(earlier) and clean[later] < clean[earlier] and later not in problems:
        problems[later] = f"{later_label}（{clean[later]}）不能早于{earlier_label}（{clean[earlier]}）"


def cadre(db, values: Mapping, problems: dict, *, required: bool = True) -> str | None:
    """A live cadre's id (None when optional and not given)."""
    cadre_id = values.get("cadre_id") or None
    if cadre_id is None:
        if required:
            problems["cadre_id"] = "请选择干部"
        return None
    if not db.execute("SELECT 1 FROM cadres WHERE id = ? AND deleted = 0", [cadre_id]).fetchone():
        problems["cadre_id"] = "找不到该干部（可能已被删除）"
    return cadre_id


def unit(db, values: Mapping, problems: dict, *, required: bool = True) -> str | None:
    """A live unit's id (None when optional and not given)."""
    unit_id = values.get("unit_id") or None
    if unit_id is None:
        if required:
            problems["unit_id"] = "请选择单位"
        return None
    if not db.execute("SELECT 1 FROM units WHERE id = ? AND deleted = 0", [unit_id]).fetchone():
        problems["unit_id"] = "找不到该单位（可能已被删除）"
    return unit_id


def finish(problems: dict, clean: dict) -> dict:
    if problems:
        raise ValidationError(problems)
    return clean


# -- writing ---------------------------------------------------------------------------------------
def add_record(store: RecordStore, register: Register, clean: Mapping, verb: str = "登记") -> Created:
    """Insert a validated record (one undo step), noted "登记谈话：张三 2026-03-05 诫勉谈话"."""
    with store.batch(f"{verb}{register.label}：{record_name(store.db, register.table, clean)}") as batch:
        row = store.insert(register.table, clean)
    return Created(row["id"], batch.changes())


def current(store: RecordStore, register: Register, record_id: str) -> dict:
    """The record's content columns as now saved (RecordNotFound when deleted)."""
    return content_of(register.table, store.get(register.table, record_id))


def update_record(store: RecordStore, register: Register, record_id: str, clean: Mapping,
                  verb: str = "修改") -> Changes:
    with store.batch(f"{verb}{register.label}：{record_name(store.db, register.table, clean)}") as batch:
        store.update(register.table, record_id, clean)
    return batch.changes()


def delete_record(store: RecordStore, register: Register, record_id: str) -> Changes:
    record = store.get(register.table, record_id)
    with store.batch(f"删除{register.label}：{record_name(store.db, register.table, record)}") as batch:
        store.delete(register.table, record_id)
    return batch.changes()


# -- reading ---------------------------------------------------------------------------------------
def list_records(db, register: Register, *, year: int | None = None, unit_id: str | None = None,
                 cadre_id: str | None = None, where: str = "", params: Mapping | None = None) -> list[dict]:
    """The live records, oldest first (by day, then cadre name), each with `cadre_name` and
    `unit_name` ("" when none); `where` (SQL on alias r) and `params` narrow it further."""
    table, day_column = register.table, f"r.{register.day}"
    conditions, bound = ["r.deleted = 0"], dict(params or {})
    if year is not None:
        conditions.append(f"{day_column} >= :first AND {day_column} < :after")
        bound["first"], bound["after"] = year_span(int(year))
    if cadre_id is not None:
        conditions.append("r.cadre_id = :cadre")
        bound["cadre"] = cadre_id
    if unit_id is not None:
        conditions.append("r.unit_id = :unit" if register.has_unit else _HELD_THEN.format(day=day_column))
        bound["unit"] = unit_id
    if where:
        conditions.append(where)
    unit_join = "r.unit_id" if register.has_unit else "NULL"
    cursor = db.execute(
        f"""SELECT r.*, COALESCE(c.name, '') AS cadre_name, COALESCE(u.name, '') AS unit_name
              FROM {table} r LEFT JOIN cadres c ON c.id = r.cadre_id LEFT JOIN units u ON u.id = {unit_join}
             WHERE {' AND '.join(conditions)} ORDER BY {day_column}, cadre_name, r.id""", bound)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


# the cadre held a post in the unit on the record's day
_HELD_THEN = ("EXISTS (SELECT 1 FROM posts p WHERE p.cadre_id = r.cadre_id AND p.unit_id = :unit AND p.deleted = 0"
              " AND p.start_date <= {day} AND (p.end_date IS NULL OR p.end_date = '' OR p.end_date > {day}))")


def get_record(db, register: Register, record_id: str) -> dict | None:
    """One live record as list_records gives it, None when there is none."""
    found = list_records(db, register, where="r.id = :id", params={"id": record_id})
    return found[0] if found else None


__all__ = ["Register", "day", "text", "choice", "not_before", "cadre", "unit", "finish", "add_record", "current",
           "update_record", "delete_record", "list_records", "get_record"]
