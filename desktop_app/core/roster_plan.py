"""Planning a roster import (导入预览): what each Excel row would do, before anything is written.

Per row: create / update / unchanged, or reject with a Chinese reason and the Excel row
number. Cadres are matched by 身份证号; a row whose 单位+职务 is a post the cadre holds
edits that post in place, any other 单位+职务 is a move (调动). Unknown units are listed
to be created. Everything is decided from the database as loaded once (no query per row).

A roster exported masked (身份证号 5226**********123X, 电话 138****0000 — the default) imports
again: a masked number stands for the number of the one cadre of that name whose number masks
the same, and so changes nothing; one that matches no such cadre is a problem of the row.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop_app.core import cadres, units
from desktop_app.core.errors import ValidationError
from desktop_app.core.idcard import InvalidIdNumber, parse_id_number
from desktop_app.core.masking import MASK, is_masked_id_number, mask_id_number, mask_phone
from desktop_app.core.normalize import clean_compact
from desktop_app.core.posts import validate_post
from desktop_app.core.roster_columns import CADRE_FIELDS, COLUMNS, HEADERS, guess_unit_kind, match_key

if TYPE_CHECKING:
    from desktop_app.core.roster_import import RosterSheet

ACTION_LABELS = {"create": "新增", "update": "更新", "unchanged": "无变化", "reject": "有问题"}
MASKED_ID_PROBLEM = ("身份证号已隐去中间位数（名册导出时未显示完整号码），库中没有（或不止一名）同名且号码相符的干部；"
                     "请填写完整的身份证号")
MASKED_PHONE_PROBLEM = "联系电话已隐去中间位数，与库中该干部的电话对不上；请填写完整号码，或清空此格保留原号码"


@dataclass
class PlannedRow:
    """One Excel row of the plan."""

    row: int  # Excel row number
    name: str
    action: str  # create / update / unchanged / reject
    reason: str = ""  # why rejected (Chinese); '' when the row is fine
    values: dict = field(default_factory=dict)  # the row's cleaned values by field
    cadre_id: str | None = None  # the matched cadre (update / unchanged)
    cadre_changes: dict = field(default_factory=dict)  # create: every cadre field; update: changed ones
    post_action: str = ""  # new (with a new cadre) / edit / move (调动) / add / '' (post unchanged)
    post_id: str | None = None  # the post edited in place
    post_changes: dict = field(default_factory=dict)
    previous: dict = field(default_factory=dict)  # changed field → its value in the database now
    new_post: dict | None = None  # unit_id (or unit_name of a unit to create), title, post_type, rank, start_date
    move_date: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        """What will happen, in Chinese (e.g. 更新：联系电话；调动：… → …), for the preview."""
        return "；".join(self.notes)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class ImportPlan:
    filename: str
    today: str
    rows: list[PlannedRow]
    unit_kinds: dict[str, str]  # units to create: name → guessed kind, in the order first met

    @property
    def units_to_create(self) -> list[str]:
        return list(self.unit_kinds)

    @property
    def rejected(self) -> list[tuple[int, str]]:
        return [(r.row, r.reason) for r in self.rows if r.action == "reject"]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ACTION_LABELS, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def rejected_json(self) -> list[dict]:
        return [{"row": row, "reason": reason} for row, reason in self.rejected]

    def as_json(self) -> dict:
        """What applying would report (same shape as ImportResult.as_json)."""
        counts = self.counts
        return {"created": counts["create"], "updated": counts["update"],
                "units_created": len(self.unit_kinds), "rejected": self.rejected_json()}


def plan_import(db, sheet: "RosterSheet", today: str) -> ImportPlan:
    """What importing `sheet` would do, row by row (pure read: the GUI's preview)."""
    planner = _Planner(db, today)
    rows = [planner.plan(row.row, row.values, row.problems) for row in sheet.rows]
    return ImportPlan(sheet.filename, today, rows, dict(planner.new_units))


class _Planner:
    """Decides each row against the database as loaded once (no query per row)."""

    def __init__(self, db, today: str):
        self.today = today
        self.by_id_number: dict[str, dict] = {}
        self.without_id_number: dict[str, list[dict]] = {}
        self.by_masked_id: dict[tuple[str, str], list[dict]] = {}  # (name, masked ID number) → cadres
        for cadre in _rows(db, f"SELECT id, status, {', '.join(CADRE_FIELDS)} FROM cadres WHERE deleted = 0"):
            if cadre["id_number"]:
                self.by_id_number[cadre["id_number"]] = cadre
                self.by_masked_id.setdefault((cadre["name"], mask_id_number(cadre["id_number"])), []).append(cadre)
            else:
                self.without_id_number.setdefault(cadre["name"], []).append(cadre)
        self.posts: dict[str, list[dict]] = {}
        for post in _rows(db, _POSTS_SQL):
            self.posts.setdefault(post["cadre_id"], []).append(post)
        self.unit_ids = {match_key(name): uid for uid, name in db.execute(
            "SELECT id, name FROM units WHERE deleted = 0").fetchall()}
        self.new_units: dict[str, str] = {}  # name → guessed kind, in the order first met
        self.new_unit_names: dict[str, str] = {}  # match key → the spelling first met
        self.first_row_of: dict[str, int] = {}  # ID number → the row it first appeared in
        self.claimed: set[str] = set()

    def plan(self, row: int, values: dict[str, str], read_problems: dict[str, str]) -> PlannedRow:
        problems = dict(read_problems)
        values = self._unmasked(values, problems)
        clean = _clean_cadre(values, problems)
        post = _clean_post(values, problems)
        self._check_repeated_id_number(row, _id_number_of(values, clean), problems)
        cadre = self._match(clean, values) if clean else None
        self._check_required(values, cadre, problems)
        if not problems and cadre is not None:
            self._check_merged(cadre, clean, values, problems)
        shown = {**values, **{f: clean[f] for f in CADRE_FIELDS if f in clean},
                 "start_date": post.get("start_date", values.get("start_date", ""))}
        planned = PlannedRow(row, clean.get("name") or values.get("name", ""), "unchanged", values=shown)
        if not problems:
            self._decide(planned, values, clean, post, cadre, problems)
        if problems:
            return _rejected(planned, problems)
        if cadre is not None:
            self.claimed.add(cadre["id"])
        if planned.new_post and "unit_name" in planned.new_post:
            name = planned.new_post["unit_name"]
            self.new_units.setdefault(name, guess_unit_kind(name))
            self.new_unit_names.setdefault(match_key(name), name)
        return planned

    def _unmasked(self, values: dict, problems: dict) -> dict:
        """`values` with a masked ID number or phone replaced by the database's value it stands for;
        a masked value that stands for none is a problem of the row (left as it is)."""
        number, phone = clean_compact(values.get("id_number")).upper(), clean_compact(values.get("phone"))
        masked_id, masked_phone = is_masked_id_number(number), MASK in phone
        if not (masked_id or masked_phone):
            return values
        if masked_id:
            found = self.by_masked_id.get((clean_compact(values.get("name")), number), [])
            cadre = found[0] if len(found) == 1 else None
        else:
            cadre = self.by_id_number.get(_id_number_of(values, {}))
        values = dict(values)
        if masked_id and cadre is None:
            problems["id_number"] = MASKED_ID_PROBLEM
        elif masked_id:
            values["id_number"] = cadre["id_number"]
        if masked_phone:
            if cadre is not None and cadre["phone"] and mask_phone(cadre["phone"]) == phone:
                values["phone"] = cadre["phone"]
            else:
                problems["phone"] = MASKED_PHONE_PROBLEM
        return values

    def _check_repeated_id_number(self, row: int, id_number: str, problems: dict) -> None:
        if not id_number:
            return
        first = self.first_row_of.setdefault(id_number, row)
        if first != row:
            problems["id_number"] = f"身份证号与第{first}行重复（同一人在表中出现了两次）"

    def _match(self, clean: dict, values: dict) -> dict | None:
        """By ID number; else a cadre without one, same name and same post, if exactly one."""
        found = self.by_id_number.get(clean["id_number"]) if clean["id_number"] else None
        if found is not None:
            return found
        unit_key, title_key = match_key(values.get("unit_name", "")), match_key(values.get("title", ""))
        candidates = [
            cadre for cadre in self.without_id_number.get(clean["name"], [])
            if cadre["id"] not in self.claimed and (
                self._find_post(cadre["id"], unit_key, title_key) if unit_key or title_key
                else not self.posts.get(cadre["id"]))
        ]
        return candidates[0] if len(candidates) == 1 else None

    def _find_post(self, cadre_id: str, unit_key: str, title_key: str) -> dict | None:
        """The post with this unit and title among those held today (else among all, newest first)."""
        posts = self.posts.get(cadre_id, [])
        held = [p for p in posts if p["start_date"] <= self.today and (p["end_date"] or "9") > self.today]
        return next((p for p in held or posts
                     if match_key(p["unit_name"]) == unit_key and match_key(p["title"]) == title_key), None)

    def _check_required(self, values: dict, cadre: dict | None, problems: dict) -> None:
        """单位 and 职务 are needed, except both blank for a known cadre who holds no post at all."""
        if not values.get("unit_name") and not values.get("title") and cadre and not self.posts.get(cadre["id"]):
            return
        if not values.get("unit_name"):
            problems["unit_id"] = "请填写单位"
        elif match_key(values["unit_name"]) not in self.unit_ids:
            _collect(problems, units.validate_unit, {"name": values["unit_name"]})
        if not values.get("title"):
            problems["title"] = "请填写职务"

    def _check_merged(self, cadre: dict, clean: dict, values: dict, problems: dict) -> None:
        changes = _cadre_changes(cadre, clean, values)
        if changes:
            _collect(problems, cadres.validate_cadre, {**cadre, **changes})

    def _decide(self, planned: PlannedRow, values: dict, clean: dict, post: dict, cadre: dict | None,
                problems: dict) -> None:
        if cadre is None:
            planned.action, planned.post_action = "create", "new"
            planned.cadre_changes = {f: clean[f] for f in CADRE_FIELDS}
            planned.new_post = self._new_post(post)
            if not clean["id_number"]:
                planned.notes.append("无身份证号，未能与库中干部对上，按新干部录入")
            return
        planned.cadre_id = cadre["id"]
        if clean["id_number"] and not cadre["id_number"]:
            planned.notes.append("按姓名和职务对上库中未登记身份证号的干部，补登身份证号")
        planned.cadre_changes = _cadre_changes(cadre, clean, values)
        planned.previous = {f: cadre[f] for f in planned.cadre_changes}
        if values.get("unit_name"):
            self._decide_post(planned, values, post, cadre, problems)
        changed = [HEADERS[f] for f in (*planned.cadre_changes, *planned.post_changes)]
        if changed:
            planned.notes.insert(0, f"更新：{'、'.join(changed)}")
        if planned.cadre_changes or planned.post_action:
            planned.action = "update"

    def _decide_post(self, planned: PlannedRow, values: dict, post: dict, cadre: dict, problems: dict) -> None:
        posts = self.posts.get(cadre["id"], [])
        match = self._find_post(cadre["id"], match_key(post["unit_name"]), match_key(post["title"]))
        if match is not None:
            changes = {f: post[f] for f in ("post_type", "rank", "start_date")
                       if values.get(f) and post[f] != match[f]}
            if changes and _collect(problems, validate_post, {**match, **changes}, lambda _unit: True):
                planned.post_action, planned.post_id, planned.post_changes = "edit", match["id"], changes
                planned.previous.update({f: match[f] for f in changes})
            return
        planned.new_post = self._new_post(post)
        if not posts:
            planned.post_action = "add"
            planned.notes.append(f"增加任职：{post['unit_name']}{post['title']}")
            return
        self._plan_move(planned, post, cadre, posts, problems)

    def _plan_move(self, planned: PlannedRow, post: dict, cadre: dict, posts: list[dict], problems: dict) -> None:
        day = post["start_date"] or self.today
        later = next((p for p in posts if p["start_date"] >= day), None)
        if later is not None:
            problems["start_date"] = (f"任现职时间 {day} 不晚于库中已有任职（{later['unit_name']}{later['title']}，"
                                      f"{later['start_date']}起），无法按调动处理，请核对")
            return
        held = [p for p in posts if p["start_date"] <= self.today and (p["end_date"] or "9") > self.today]
        current = held[0] if held else posts[0]
        planned.post_action, planned.move_date = "move", day
        planned.notes.append(f"调动：{current['unit_name']}{current['title']} → {post['unit_name']}{post['title']}"
                             f"（{day}起）")
        if cadre["status"] != "在职":
            planned.notes.append(f"状态将由“{cadre['status']}”改为“在职”")

    def _new_post(self, post: dict) -> dict:
        key = match_key(post["unit_name"])
        unit_id = self.unit_ids.get(key)
        where = {"unit_id": unit_id} if unit_id else {"unit_name": self.new_unit_names.get(key, post["unit_name"])}
        return {**where, **{f: post[f] for f in ("title", "post_type", "rank", "start_date")}}


_POSTS_SQL = """SELECT p.id, p.cadre_id, p.unit_id, u.name AS unit_name, p.title, p.post_type, p.rank,
                       p.start_date, p.end_date
                  FROM posts p JOIN units u ON u.id = p.unit_id
                 WHERE p.deleted = 0 ORDER BY p.cadre_id, p.start_date DESC, p.id"""


def _rows(db, sql: str) -> list[dict]:
    cursor = db.execute(sql)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _collect(problems: dict, validate, *args):
    """Run a validator; its problems go into `problems`. The cleaned value, or None."""
    try:
        return validate(*args)
    except ValidationError as error:
        problems.update(error.problems)
        return None


def _clean_cadre(values: dict, problems: dict) -> dict:
    raw = {f: values.get(f, "") for f in CADRE_FIELDS if f not in problems}
    return _collect(problems, cadres.validate_cadre, raw) or {}


def _clean_post(values: dict, problems: dict) -> dict:
    raw = {f: values.get(f, "") for f in ("post_type", "rank", "start_date")}
    clean = _collect(problems, validate_post, {"unit_id": "?", "title": "?", **raw}, lambda _unit: True)
    if "start_date" in problems:  # the sheet's column is 任现职时间
        problems["start_date"] = problems["start_date"].replace("任职时间", "任现职时间")
    if clean is None:
        return {}
    return {**clean, "unit_name": values.get("unit_name", ""), "title": values.get("title", "")}


def _id_number_of(values: dict, clean: dict) -> str:
    """The row's ID number in standard form, even when another field of the row is wrong."""
    if clean:
        return clean["id_number"]
    try:
        return parse_id_number(clean_compact(values.get("id_number"))).number
    except InvalidIdNumber:
        return ""


def _cadre_changes(cadre: dict, clean: dict, values: dict) -> dict:
    """Fields the file gives (blank cells never erase) that differ from the database."""
    return {f: clean[f] for f in CADRE_FIELDS if values.get(f) and clean[f] != cadre[f]}


_PROBLEM_ORDER = {field: n for n, (field, _header) in enumerate(COLUMNS)} | {"unit_id": 7}


def _rejected(planned: PlannedRow, problems: dict) -> PlannedRow:
    planned.action = "reject"
    ordered = sorted(problems.items(), key=lambda item: _PROBLEM_ORDER.get(item[0], 99))
    planned.reason = "；".join(dict.fromkeys(message for _field, message in ordered))
    planned.cadre_changes, planned.post_changes, planned.new_post, planned.notes = {}, {}, None, []
    return planned
