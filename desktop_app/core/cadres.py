"""Cadres (干部) and their moves: add, edit, transfer (调动), retire (退休/离任), delete."""

import re
from dataclasses import dataclass

from desktop_app.core.errors import RecordNotFound, RuleViolation, ValidationError
from desktop_app.core.idcard import InvalidIdNumber, parse_id_number
from desktop_app.core.normalize import clean_compact, clean_text, parse_day, parse_month
from desktop_app.core.pinyin import name_pinyin
from desktop_app.core.posts import held_posts, validate_post
from desktop_app.core.store import Changes, RecordStore
from desktop_app.core.vocabulary import CADRE_STATUSES, GENDERS

NAME_PATTERN = re.compile(r"^[\u3400-\u9fff\U00020000-\U0002ffff·•A-Za-z]{2,20}$")
PHONE_PATTERN = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}|\d{7,8})$")

FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "ethnicity": "民族", "birth_month": "出生年月", "id_number": "身份证号",
    "political_status": "政治面貌", "education": "学历", "phone": "联系电话", "status": "状态",
    "unit_id": "单位", "title": "职务", "post_type": "岗位类别", "rank": "职级", "start_date": "任职时间",
    "end_date": "离任时间", "kind": "单位类别", "sort_order": "排序号",
}


@dataclass(frozen=True)
class Created:
    record_id: str
    changes: Changes


def validate_cadre(values: dict) -> dict:
    """Cleaned cadre values; gender and birth month filled from a valid ID number.

    Raises ValidationError with a Chinese message per bad field, including a gender or
    birth month that contradicts the ID number.
    """
    problems: dict[str, str] = {}
    clean = {
        "name": clean_compact(values.get("name")).replace("•", "·"),
        "gender": clean_compact(values.get("gender")),
        "ethnicity": clean_compact(values.get("ethnicity")),
        "birth_month": "",
        "id_number": clean_compact(values.get("id_number")).upper(),
        "political_status": clean_text(values.get("political_status")),
        "education": clean_text(values.get("education")),
        "phone": clean_compact(values.get("phone")),
        "status": clean_compact(values.get("status")) or "在职",
    }
    if not clean["name"]:
        problems["name"] = "请填写姓名"
    elif not NAME_PATTERN.match(clean["name"]):
        problems["name"] = "姓名应为2至20个汉字（少数民族姓名可含“·”）"
    if clean["gender"] not in ("", *GENDERS):
        problems["gender"] = "性别须为“男”或“女”"
    raw_birth = values.get("birth_month")
    if raw_birth not in (None, ""):
        clean["birth_month"] = parse_month(raw_birth) or ""
        if not clean["birth_month"]:
            problems["birth_month"] = "出生年月格式不对（例：1975.03、1975-03、1975年3月）"
    if clean["status"] not in CADRE_STATUSES:
        problems["status"] = f"状态须为：{'、'.join(CADRE_STATUSES)}"
    if clean["phone"] and not PHONE_PATTERN.match(clean["phone"]):
        problems["phone"] = "联系电话应为11位手机号或带区号的固定电话"
    if clean["id_number"]:
        _check_id_number(clean, problems)
    if problems:
        raise ValidationError(problems)
    clean["name_pinyin"], clean["name_initials"] = name_pinyin(clean["name"])
    return clean


def _check_id_number(clean: dict, problems: dict) -> None:
    try:
        parsed = parse_id_number(clean["id_number"])
    except InvalidIdNumber as error:
        problems["id_number"] = str(error)
        return
    clean["id_number"] = parsed.number
    if clean["gender"] and clean["gender"] != parsed.gender:
        problems["gender"] = f"性别“{clean['gender']}”与身份证号（{parsed.gender}）不符"
    if clean["birth_month"] and clean["birth_month"] != parsed.birth_month:
        problems["birth_month"] = f"出生年月 {clean['birth_month']} 与身份证号（{parsed.birth_month}）不符"
    clean["gender"] = clean["gender"] or parsed.gender
    clean["birth_month"] = clean["birth_month"] or parsed.birth_month


def cadre_record(db, cadre_id: str) -> dict:
    """The live cadre row as a dict (for the edit dialog), or RecordNotFound."""
    cursor = db.execute("SELECT * FROM cadres WHERE id = ? AND deleted = 0", [cadre_id])
    row = cursor.fetchone()
    if row is None:
        raise RecordNotFound("找不到该干部（可能已被删除）。")
    return dict(zip([c[0] for c in cursor.description], row, strict=True))


def cadre_id_by_id_number(db, id_number: str) -> str | None:
    if not id_number:
        return None
    # `id_number <> ''` lets SQLite use the partial unique index (else it scans the table).
    row = db.execute(
        "SELECT id FROM cadres WHERE id_number = ? AND deleted = 0 AND id_number <> ''", [id_number]
    ).fetchone()
    return row[0] if row else None


def _require_unique_id_number(store: RecordStore, clean: dict, own_id: str | None = None) -> None:
    existing = cadre_id_by_id_number(store.db, clean["id_number"])
    if existing and existing != own_id:
        other = store.get("cadres", existing)
        raise ValidationError({"id_number": f"该身份证号已登记给{other['name']}，同一人不能重复录入"})


def _unit_exists(store: RecordStore):
    return lambda unit_id: bool(
        store.db.execute("SELECT 1 FROM units WHERE id = ? AND deleted = 0", [unit_id]).fetchone()
    )


def add_cadre(store: RecordStore, values: dict, post: dict | None = None) -> Created:
    """New cadre, with the first post when given, as one action."""
    clean = validate_cadre(values)
    clean_post = validate_post(post, _unit_exists(store)) if post else None
    with store.batch(f"新增干部 {clean['name']}") as batch:
        _require_unique_id_number(store, clean)
        cadre = store.insert("cadres", clean)
        if clean_post:
            store.insert("posts", {**clean_post, "cadre_id": cadre["id"]})
    return Created(cadre["id"], batch.changes())


def update_cadre(store: RecordStore, cadre_id: str, values: dict) -> Changes:
    current = store.get("cadres", cadre_id)
    clean = validate_cadre({**current, **values})
    with store.batch(f"修改干部 {clean['name']}") as batch:
        _require_unique_id_number(store, clean, cadre_id)
        store.update("cadres", cadre_id, clean)
    return batch.changes()


def add_post(store: RecordStore, cadre_id: str, post: dict) -> Changes:
    cadre = store.get("cadres", cadre_id)
    clean_post = validate_post(post, _unit_exists(store))
    with store.batch(f"增加任职 {cadre['name']}") as batch:
        store.insert("posts", {**clean_post, "cadre_id": cadre_id})
    return batch.changes()


def update_post(store: RecordStore, post_id: str, values: dict) -> Changes:
    current = store.get("posts", post_id)
    clean_post = validate_post({**current, **values}, _unit_exists(store))
    cadre = store.get("cadres", current["cadre_id"])
    with store.batch(f"修改任职 {cadre['name']}") as batch:
        store.update("posts", post_id, clean_post)
    return batch.changes()


def delete_post(store: RecordStore, post_id: str) -> Changes:
    current = store.get("posts", post_id)
    cadre = store.get("cadres", current["cadre_id"])
    with store.batch(f"删除任职 {cadre['name']}") as batch:
        store.delete("posts", post_id)
    return batch.changes()


def transfer_cadre(store: RecordStore, cadre_id: str, new_post: dict, on: str) -> Changes:
    """调动: the posts held on `on` end that day, the new post starts that day."""
    day = _required_day(on, "调动日期")
    cadre = store.get("cadres", cadre_id)
    clean_post = validate_post({**new_post, "start_date": day, "end_date": None}, _unit_exists(store))
    with store.batch(f"调动 {cadre['name']}") as batch:
        for post in held_posts(store.db, cadre_id, day):
            if post["start_date"] == day:
                raise RuleViolation(f"{cadre['name']}在{day}已有新任职，请检查调动日期。")
            store.update("posts", post["id"], {"end_date": day})
        store.insert("posts", {**clean_post, "cadre_id": cadre_id})
        if cadre["status"] != "在职":
            store.update("cadres", cadre_id, {"status": "在职"})
    return batch.changes()


def retire_cadre(store: RecordStore, cadre_id: str, on: str, status: str = "退休") -> Changes:
    """退休 / 调离: the posts held on `on` end that day and the status changes."""
    day = _required_day(on, "离任日期")
    if status not in CADRE_STATUSES or status == "在职":
        raise ValidationError({"status": "离任后的状态须为：退休、调离或其他"})
    cadre = store.get("cadres", cadre_id)
    with store.batch(f"{status} {cadre['name']}") as batch:
        for post in held_posts(store.db, cadre_id, day):
            store.update("posts", post["id"], {"end_date": max(day, post["start_date"])})
        store.update("cadres", cadre_id, {"status": status})
    return batch.changes()


def delete_cadre(store: RecordStore, cadre_id: str) -> Changes:
    """删除 (a tombstone, with the cadre's posts); undoable."""
    cadre = store.get("cadres", cadre_id)
    with store.batch(f"删除干部 {cadre['name']}") as batch:
        for (post_id,) in store.db.execute(
            "SELECT id FROM posts WHERE cadre_id = ? AND deleted = 0", [cadre_id]
        ).fetchall():
            store.delete("posts", post_id)
        store.delete("cadres", cadre_id)
    return batch.changes()


def _required_day(value, label: str) -> str:
    day = parse_day(value)
    if day is None:
        raise ValidationError({"date": f"请填写正确的{label}（例：2024-03-01）"})
    return day
