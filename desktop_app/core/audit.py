"""Reading the audit trail (全程记实): per record history and the whole log, with filters."""

import json
from dataclasses import dataclass

from db.records import RECORD_TABLES, TABLE_LABELS
from desktop_app.core.cadres import FIELD_LABELS
from desktop_app.core.masking import Disclosure

ACTION_LABELS = {"create": "新增", "update": "修改", "delete": "删除", "restore": "恢复"}
_HIDDEN_FIELDS = {"name_pinyin", "name_initials", "cadre_id"}
_TABLE_FIELD_LABELS = {"units": {"name": "单位名称"}}  # where a field means something else than a cadre's


def field_label(table: str, field: str) -> str:
    """The Chinese label of `field` of a record of `table` (e.g. units.name → 单位名称)."""
    return _TABLE_FIELD_LABELS.get(table, {}).get(field) or FIELD_LABELS.get(field, field)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: object
    after: object


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    operator: str
    action: str  # 新增 / 修改 / 删除 / 恢复
    table: str  # 干部 / 单位 / 任职经历
    record_id: str
    record_name: str
    note: str
    batch_id: str
    changes: tuple[FieldChange, ...]

    def lines(self, *, full_id_numbers: bool = False) -> list[str]:
        """One line a field: '职级：副科 → 正科', or just '职级：副科' for a new record.

        ID numbers and phones are masked (5201**********123X, 138****0000) unless `full_id_numbers`.
        """
        def shown(change: FieldChange, value) -> str:
            return _show(Disclosure(full_id_numbers).field(change.field, value))

        if self.action == ACTION_LABELS["create"]:
            return [f"{c.label}：{shown(c, c.after)}" for c in self.changes]
        return [f"{c.label}：{shown(c, c.before)} → {shown(c, c.after)}" for c in self.changes]

    @property
    def change_lines(self) -> list[str]:
        return self.lines()

    @property
    def summary(self) -> str:
        return "；".join(self.lines())


def _show(value) -> str:
    return "（空）" if value in (None, "") else str(value)


_ENTRY_SQL = """
SELECT a.seq, a.at, a.operator, a.action, a.table_name, a.record_id, a.note, a.batch_id,
       v.content, pv.content
  FROM audit_log a
  JOIN versions v ON v.id = a.version_id
  LEFT JOIN versions pv ON pv.id = a.parent_version_id
"""


def _entry(row, names: "_Names") -> AuditEntry:
    seq, at, operator, action, table, record_id, note, batch_id, after_json, before_json = row
    after = _readable(json.loads(after_json), names.units)
    before = _readable(json.loads(before_json), names.units) if before_json else {}
    changes = tuple(
        FieldChange(field, field_label(table, field), before.get(field), after.get(field))
        for field in RECORD_TABLES.get(table, tuple(after))
        if field not in _HIDDEN_FIELDS and (before.get(field) or "") != (after.get(field) or "")
    )
    name = after.get("name") or ""
    if table == "posts":  # 欧旭超 · 党组成员
        name = " · ".join(part for part in (names.cadres.get(after.get("cadre_id")), after.get("title")) if part)
    return AuditEntry(seq, at, operator, ACTION_LABELS.get(action, action), TABLE_LABELS.get(table, table),
                      record_id, name, note, batch_id, changes)


def _readable(content: dict, unit_names: dict[str, str]) -> dict:
    if "unit_id" in content:
        content = content | {"unit_id": unit_names.get(content["unit_id"], content["unit_id"])}
    return content


@dataclass(frozen=True)
class _Names:
    """Names of units and cadres by id, deleted ones included, to make entries readable."""

    units: dict[str, str]
    cadres: dict[str, str]


def _names(db) -> _Names:
    return _Names(dict(db.execute("SELECT id, name FROM units").fetchall()),
                  dict(db.execute("SELECT id, name FROM cadres").fetchall()))


def cadre_history(db, cadre_id: str) -> list[AuditEntry]:
    """Every change of a cadre and of the cadre's posts, newest first (历史记录)."""
    rows = db.execute(
        _ENTRY_SQL
        + """ WHERE (a.table_name = 'cadres' AND a.record_id = :id)
                 OR (a.table_name = 'posts' AND a.record_id IN (SELECT id FROM posts WHERE cadre_id = :id))
              ORDER BY a.seq DESC""",
        {"id": cadre_id},
    ).fetchall()
    return [_entry(row, _names(db)) for row in rows]


def record_history(db, table: str, record_id: str) -> list[AuditEntry]:
    rows = db.execute(
        _ENTRY_SQL + " WHERE a.table_name = ? AND a.record_id = ? ORDER BY a.seq DESC", [table, record_id]
    ).fetchall()
    return [_entry(row, _names(db)) for row in rows]


def audit_log(db, *, table: str | None = None, operator: str | None = None, since: str | None = None,
              until: str | None = None, text: str | None = None, limit: int = 1000) -> list[AuditEntry]:
    """The whole log, newest first, filtered by table, operator, date range (YYYY-MM-DD) and text."""
    where, params = [], {}
    if table:
        where.append("a.table_name = :table")
        params["table"] = table
    if operator:
        where.append("a.operator = :operator")
        params["operator"] = operator
    if since:
        where.append("a.at >= :since")
        params["since"] = since
    if until:
        where.append("a.at < :until")
        params["until"] = until + "T99"
    if text:
        where.append("(v.content LIKE :text OR a.note LIKE :text)")
        params["text"] = f"%{text}%"
    sql = _ENTRY_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.seq DESC LIMIT :limit"
    names = _names(db)
    return [_entry(row, names) for row in db.execute(sql, params | {"limit": limit}).fetchall()]


def operators(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT DISTINCT operator FROM audit_log ORDER BY operator")]
