"""Reading the roster (干部信息库) for lists: an index of ids with filter keys, rows by id."""

import json
from dataclasses import dataclass

from desktop_app.core.masking import mask_id_number, mask_phone
from desktop_app.core.pinyin import search_text
from desktop_app.core.posts import POST_TYPE_ORDER_SQL

# The post a list shows for a cadre: a post held today first (正职 before 副职 …), else the
# most recent one. Bound: :today. `{posts_filter}` narrows the posts ranked (all by default).
_SHOWN_POST_TEMPLATE = f"""
WITH shown AS (
  SELECT p.cadre_id, p.unit_id, p.title, p.post_type, p.rank, p.start_date,
         (p.start_date <= :today AND (p.end_date IS NULL OR p.end_date > :today)) AS held,
         ROW_NUMBER() OVER (
           PARTITION BY p.cadre_id
           ORDER BY (p.start_date <= :today AND (p.end_date IS NULL OR p.end_date > :today)) DESC,
                    {POST_TYPE_ORDER_SQL}, p.start_date DESC, p.id) AS n
    FROM posts p WHERE p.deleted = 0 {{posts_filter}}
)
"""
SHOWN_POST_CTE = _SHOWN_POST_TEMPLATE.format(posts_filter="")

ROSTER_COLUMNS = ("name", "gender", "birth_month", "id_number", "unit_name", "title", "post_type", "rank",
                  "status", "phone")
ROSTER_HEADERS = ("姓名", "性别", "出生年月", "身份证号", "单位", "职务", "岗位类别", "职级", "状态", "联系电话")

_SORT_SQL = {
    "name": "c.name_pinyin", "gender": "c.gender", "birth_month": "c.birth_month", "id_number": "c.id_number",
    "unit_name": "u.sort_order, u.name", "title": "s.title", "post_type": "s.post_type", "rank": "s.rank",
    "status": "c.status", "phone": "c.phone",
}


@dataclass(frozen=True)
class RosterKey:
    """What a roster filter needs of one cadre, loaded for all cadres at once."""

    id: str
    search: str  # name, full pinyin, initials, ID number — lower case
    unit_id: str | None
    post_type: str
    status: str


@dataclass(frozen=True)
class RosterRow:
    id: str
    name: str
    gender: str
    birth_month: str
    id_number: str
    unit_name: str
    title: str
    post_type: str
    rank: str
    status: str
    phone: str
    holds_post: bool

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


def roster_keys(db, today: str, sort: str = "unit_name", descending: bool = False) -> list[RosterKey]:
    """Every live cadre, sorted by a roster column (ties by unit order, then name)."""
    order = _SORT_SQL[sort]
    direction = "DESC" if descending else "ASC"
    order_sql = ", ".join(f"{part} {direction}" for part in order.split(", "))
    rows = db.execute(
        SHOWN_POST_CTE
        + f"""SELECT c.id, c.name, c.name_pinyin, c.name_initials, c.id_number, s.unit_id,
                     COALESCE(s.post_type, ''), c.status
                FROM cadres c
                LEFT JOIN shown s ON s.cadre_id = c.id AND s.n = 1
                LEFT JOIN units u ON u.id = s.unit_id
               WHERE c.deleted = 0
               ORDER BY {order_sql}, u.sort_order, c.name_pinyin, c.id""",
        {"today": today},
    ).fetchall()
    return [
        RosterKey(cid, search_text(name, pinyin, initials, id_number), unit_id, post_type, status)
        for cid, name, pinyin, initials, id_number, unit_id, post_type, status in rows
    ]


def roster_rows(db, ids: list[str], today: str) -> dict[str, RosterRow]:
    """The display rows of the given cadres (missing ids are simply absent)."""
    result: dict[str, RosterRow] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        params = {"today": today} | {f"id{n}": cid for n, cid in enumerate(chunk)}
        marks = ", ".join(f":id{n}" for n in range(len(chunk)))
        rows = db.execute(
            _SHOWN_POST_TEMPLATE.format(posts_filter=f"AND p.cadre_id IN ({marks})")
            + f"""SELECT c.id, c.name, c.gender, c.birth_month, c.id_number, COALESCE(u.name, ''),
                         COALESCE(s.title, ''), COALESCE(s.post_type, ''), COALESCE(s.rank, ''), c.status,
                         c.phone, COALESCE(s.held, 0)
                    FROM cadres c
                    LEFT JOIN shown s ON s.cadre_id = c.id AND s.n = 1
                    LEFT JOIN units u ON u.id = s.unit_id
                   WHERE c.deleted = 0 AND c.id IN ({marks})""",
            params,
        ).fetchall()
        for row in rows:
            result[row[0]] = RosterRow(*row[:11], holds_post=bool(row[11]))
    return result


def name_pinyin_of(db, ids: list[str]) -> dict[str, tuple[str, str]]:
    """(full pinyin, initials) of each cadre's name as stored, for lists that search or sort by name."""
    rows = db.execute("SELECT id, name_pinyin, name_initials FROM cadres WHERE id IN (SELECT value FROM json_each(?))",
                      [json.dumps(list(ids))]).fetchall()
    return {cadre_id: (pinyin or "", initials or "") for cadre_id, pinyin, initials in rows}


def cadre_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM cadres WHERE deleted = 0").fetchone()[0]
