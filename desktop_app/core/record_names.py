"""How a record is called in messages and lists (记录的称呼): 名称 / 姓名 / 职务 / 标题; a monthly
report or excuse by its cadre and month, a calendar day by its date, an objection by its date
and first words."""

from collections.abc import Mapping

from desktop_app.core.months import month_label


def record_name(db, table: str, values: Mapping) -> str:
    if values.get("cadre_id") and values.get("month"):
        row = db.execute("SELECT name FROM cadres WHERE id = ?", [values["cadre_id"]]).fetchone()
        return f"{row[0] if row else ''} {month_label(values['month'])}".strip()
    if table == "objections":
        return f"{values.get('received_on', '')} {str(values.get('content', ''))[:12]}".strip()
    return str(values.get("name") or values.get("title") or values.get("day") or str(values.get("id", ""))[:8])


__all__ = ["record_name"]
