"""Units (单位): townships, sub-districts, county departments."""

from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.normalize import clean_text
from desktop_app.core.posts import HELD_ON_SQL
from desktop_app.core.store import Changes, RecordStore
from desktop_app.core.vocabulary import UNIT_KINDS


def validate_unit(values: dict) -> dict:
    """Cleaned unit values, or ValidationError naming each bad field."""
    name = clean_text(values.get("name"))
    kind = clean_text(values.get("kind")) or "其他"
    problems = {}
    if not name:
        problems["name"] = "请填写单位名称"
    elif len(name) > 40:
        problems["name"] = "单位名称过长（最多40字）"
    if kind not in UNIT_KINDS:
        problems["kind"] = f"单位类别须为：{'、'.join(UNIT_KINDS)}"
    try:
        sort_order = int(values.get("sort_order") or 0)
    except (TypeError, ValueError):
        problems["sort_order"] = "排序号须为整数"
        sort_order = 0
    if problems:
        raise ValidationError(problems)
    return {"name": name, "kind": kind, "sort_order": sort_order}


def unit_id_by_name(store: RecordStore, name: str) -> str | None:
    return unit_id_named(store.db, name)


def unit_id_named(db, name: str) -> str | None:
    """The live unit called `name` (单位名称), if any."""
    row = db.execute("SELECT id FROM units WHERE name = ? AND deleted = 0", [clean_text(name)]).fetchone()
    return row[0] if row else None


def _require_unique_name(store: RecordStore, name: str, own_id: str | None = None) -> None:
    existing = unit_id_by_name(store, name)
    if existing and existing != own_id:
        raise ValidationError({"name": f"单位「{name}」已存在"})


def add_unit(store: RecordStore, values: dict) -> tuple[str, Changes]:
    clean = validate_unit(values)
    with store.batch(f"新增单位 {clean['name']}") as batch:
        _require_unique_name(store, clean["name"])
        if "sort_order" not in values or values.get("sort_order") in (None, ""):
            clean["sort_order"] = next_sort_order(store)
        row = store.insert("units", clean)
    return row["id"], batch.changes()


def next_sort_order(store: RecordStore) -> int:
    return store.db.execute("SELECT COALESCE(MAX(sort_order), 0) + 10 FROM units WHERE deleted = 0").fetchone()[0]


def update_unit(store: RecordStore, unit_id: str, values: dict) -> Changes:
    current = store.get("units", unit_id)
    clean = validate_unit({**current, **values})
    with store.batch(f"修改单位 {clean['name']}") as batch:
        _require_unique_name(store, clean["name"], unit_id)
        store.update("units", unit_id, clean)
    return batch.changes()


def delete_unit(store: RecordStore, unit_id: str, today: str) -> Changes:
    """Tombstone a unit; refused while any cadre holds a post in it (在任)."""
    unit = store.get("units", unit_id)
    holders = store.db.execute(
        f"SELECT COUNT(*) FROM posts p WHERE p.unit_id = :unit AND {HELD_ON_SQL}", {"unit": unit_id, "today": today}
    ).fetchone()[0]
    if holders:
        raise RuleViolation(f"单位「{unit['name']}」还有{holders}名干部在任，请先调动或办理离任后再删除。")
    with store.batch(f"删除单位 {unit['name']}") as batch:
        store.delete("units", unit_id)
    return batch.changes()


def list_units(db, today: str) -> list[dict]:
    """Live units in display order, each with its count of cadres in post on `today` (在任人数)."""
    rows = db.execute(
        f"""SELECT u.id, u.name, u.kind, u.sort_order,
                  (SELECT COUNT(DISTINCT p.cadre_id) FROM posts p
                    WHERE p.unit_id = u.id AND {HELD_ON_SQL}) AS cadre_count
             FROM units u WHERE u.deleted = 0 ORDER BY u.sort_order, u.name""",
        {"today": today},
    ).fetchall()
    return [dict(zip(("id", "name", "kind", "sort_order", "cadre_count"), row, strict=True)) for row in rows]
