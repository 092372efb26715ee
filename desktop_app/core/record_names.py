"""How a record is called in messages and lists (记录的称呼): 名称 / 姓名 / 职务 / 标题; a monthly
report or excuse by its cadre and month, a calendar day by its date, an objection by its date
and first words; the annual inputs and decisions by their team or cadre and year, the
supervision registers by cadre (or unit), date and kind ("张三 2026-03-05 诫勉谈话")."""

from collections.abc import Mapping

from desktop_app.core.months import month_label


def record_name(db, table: str, values: Mapping) -> str:
    if table in _ANNUAL_NAMES:
        return " ".join(part for part in _ANNUAL_NAMES[table](db, values) if part)
    if values.get("cadre_id") and values.get("month"):
        return f"{_cadre(db, values['cadre_id'])} {month_label(values['month'])}".strip()
    if table == "objections":
        return f"{values.get('received_on', '')} {str(values.get('content', ''))[:12]}".strip()
    return str(values.get("name") or values.get("title") or values.get("day") or str(values.get("id", ""))[:8])


def _cadre(db, cadre_id) -> str:
    row = db.execute("SELECT name FROM cadres WHERE id = ?", [cadre_id]).fetchone() if cadre_id else None
    return row[0] if row else ""


def _unit(db, unit_id) -> str:
    row = db.execute("SELECT name FROM units WHERE id = ?", [unit_id]).fetchone() if unit_id else None
    return row[0] if row else ""


def _subject(db, values: Mapping) -> str:
    """丹江镇领导班子 for a team's record, the cadre's name for a cadre's."""
    if values.get("kind") == "cadre" or values.get("cadre_id"):
        return _cadre(db, values.get("cadre_id") or values.get("subject_id"))
    return f"{_unit(db, values.get('unit_id') or values.get('subject_id'))}领导班子"


def _year(values: Mapping) -> str:
    return f"{values.get('year')}年度" if values.get("year") else ""


def _notice(db, values: Mapping) -> tuple:
    who = _unit(db, values.get("unit_id")) + (f"（{_cadre(db, values['cadre_id'])}）" if values.get("cadre_id") else "")
    return who, values.get("issued_on", ""), values.get("kind", "")


_ANNUAL_NAMES = {
    "annual_inputs": lambda db, v: (_subject(db, v), _year(v)),
    "annual_decisions": lambda db, v: (_subject(db, v), _year(v)),
    "year_locks": lambda db, v: (_year(v),),
    "supervision_notices": _notice,
    "sanctions": lambda db, v: (_cadre(db, v.get("cadre_id")), v.get("decided_on", ""),
                                f"{v.get('category', '')}（{v.get('measure', '')}）"),
    "supervised_tasks": lambda db, v: (f"{_cadre(db, v.get('cadre_id'))}：{v.get('title', '')}",),
    "talks": lambda db, v: (_cadre(db, v.get("cadre_id")), v.get("talked_on", ""), f"{v.get('kind', '')}谈话"),
    "inquiries": lambda db, v: (_cadre(db, v.get("cadre_id")), v.get("sent_on", ""), "函询"),
}


__all__ = ["record_name"]
