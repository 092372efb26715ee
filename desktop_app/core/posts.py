"""Posts held over time (任职经历). A post is held on day d when start_date <= d < end_date
(end_date is exclusive; NULL means still held). Assessments attach to the post held then."""

from desktop_app.core.errors import ValidationError
from desktop_app.core.normalize import clean_text, parse_day
from desktop_app.core.vocabulary import POST_TYPES

# SQL condition: post `p` is held on the day bound as :today.
HELD_ON_SQL = "p.deleted = 0 AND p.start_date <= :today AND (p.end_date IS NULL OR p.end_date > :today)"

POST_TYPE_ORDER_SQL = "CASE p.post_type WHEN '正职' THEN 0 WHEN '副职' THEN 1 WHEN '班子成员' THEN 2 ELSE 3 END"


def validate_post(values: dict, unit_exists) -> dict:
    """Cleaned post values (unit_id, title, post_type, rank, start_date, end_date)."""
    problems = {}
    unit_id = values.get("unit_id") or ""
    if not unit_id or not unit_exists(unit_id):
        problems["unit_id"] = "请选择单位"
    title = clean_text(values.get("title"))
    if not title:
        problems["title"] = "请填写职务"
    post_type = clean_text(values.get("post_type")) or "其他"
    if post_type not in POST_TYPES:
        problems["post_type"] = f"岗位类别须为：{'、'.join(POST_TYPES)}"
    start_date = _optional_day(values.get("start_date"), "start_date", "任职时间", problems)
    end_date = _optional_day(values.get("end_date"), "end_date", "离任时间", problems) or None
    if start_date and end_date and end_date < start_date:
        problems["end_date"] = "离任时间不能早于任职时间"
    if problems:
        raise ValidationError(problems)
    return {"unit_id": unit_id, "title": title, "post_type": post_type,
            "rank": clean_text(values.get("rank")), "start_date": start_date, "end_date": end_date}


def _optional_day(value, field: str, label: str, problems: dict) -> str:
    if value in (None, ""):
        return ""
    day = parse_day(value)
    if day is None:
        problems[field] = f"{label}格式不对（例：2021-03-01 或 2021.03）"
        return ""
    return day


def posts_of(db, cadre_id: str) -> list[dict]:
    """A cadre's posts, newest first, with unit names."""
    rows = db.execute(
        """SELECT p.id, p.unit_id, u.name, p.title, p.post_type, p.rank, p.start_date, p.end_date
             FROM posts p JOIN units u ON u.id = p.unit_id
            WHERE p.cadre_id = ? AND p.deleted = 0
            ORDER BY p.start_date DESC, p.end_date IS NULL DESC""",
        [cadre_id],
    ).fetchall()
    keys = ("id", "unit_id", "unit_name", "title", "post_type", "rank", "start_date", "end_date")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def held_posts(db, cadre_id: str, today: str) -> list[dict]:
    return [p for p in posts_of(db, cadre_id) if p["start_date"] <= today and (p["end_date"] or "9") > today]
