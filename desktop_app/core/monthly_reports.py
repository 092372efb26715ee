"""月度实绩报告 (《实绩报告登记表》): a cadre's report for a month, from draft to archive.

A report is one record per cadre and month (its id is natural: core.natural_ids.report_id),
holding the month's planned tasks (本月计划), the completed items (工作事项 / 完成情况 /
佐证材料), the cadre's self-grade, the team's review and the principal's sign-off. Its
state moves 草稿 → 已提交 → 已审核 → 已公示 → 归档; every move is a recorded edit (全程记实),
and a submitted or reviewed report can be sent back (退回) to draft.
"""

import json
from dataclasses import dataclass

from desktop_app.core.errors import RecordNotFound, RuleViolation, ValidationError
from desktop_app.core.months import month_label, previous_month, validate_month
from desktop_app.core.natural_ids import excuse_id, report_id
from desktop_app.core.normalize import clean_prose, clean_text, parse_day
from desktop_app.core.posts import POST_TYPE_ORDER_SQL
from desktop_app.core.store import Changes, RecordStore

GRADES = ("好", "较好", "一般", "差")
STATES = ("草稿", "已提交", "已审核", "已公示", "归档")
TRUTHFUL_CHOICES = ("属实", "不属实")
EXCUSE_REASONS = ("请假", "病假", "产假", "培训", "借调", "其他")
ITEM_FIELDS = ("task", "result", "evidence")  # 工作事项 / 完成情况 / 佐证材料或备注
MAX_ITEMS = 50
_JSON_FIELDS = ("plans", "items")


@dataclass(frozen=True)
class ReportKey:
    cadre_id: str
    month: str

    @property
    def id(self) -> str:
        return report_id(self.cadre_id, self.month)


# -- reading ---------------------------------------------------------------------------------
def get_report(db, cadre_id: str, month: str) -> dict | None:
    """The live report of a cadre for a month, with plans and items decoded; None if none."""
    cursor = db.execute("SELECT * FROM reports WHERE id = ? AND deleted = 0", [report_id(cadre_id, month)])
    row = cursor.fetchone()
    if row is None:
        return None
    report = dict(zip([c[0] for c in cursor.description], row, strict=True))
    return {**report, **{field: json.loads(report[field]) for field in _JSON_FIELDS}}


def report_unit(db, cadre_id: str, month: str) -> str | None:
    """The unit the cadre reports to for `month`: of the posts held during the month, the
    principal one (正职 before 副职…), then the latest."""
    first, last = f"{month}-01", f"{month}-31"
    row = db.execute(
        f"""SELECT p.unit_id FROM posts p WHERE p.cadre_id = ? AND p.deleted = 0
              AND p.start_date <= ? AND (p.end_date IS NULL OR p.end_date > ?)
            ORDER BY {POST_TYPE_ORDER_SQL}, p.start_date DESC LIMIT 1""", [cadre_id, last, first]).fetchone()
    return row[0] if row else None


def post_title(db, cadre_id: str, unit_id: str) -> str:
    """The cadre's title (职务) in the unit: of the latest post held there."""
    row = db.execute("SELECT title FROM posts WHERE cadre_id = ? AND unit_id = ? AND deleted = 0"
                     " ORDER BY start_date DESC LIMIT 1", [cadre_id, unit_id]).fetchone()
    return row[0] if row else ""


def last_month_plans(db, cadre_id: str, month: str) -> list[str]:
    """The plans of the cadre's previous report (上月计划), to start this month's from."""
    previous = get_report(db, cadre_id, previous_month(month))
    return list(previous["plans"]) if previous else []


def get_excuse(db, cadre_id: str, month: str) -> dict | None:
    """The live accepted reason (未报说明) of a cadre for a month: reason, note, accepted_by; None if none."""
    cursor = db.execute("SELECT * FROM report_excuses WHERE id = ? AND deleted = 0", [excuse_id(cadre_id, month)])
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None


def report_month_span(db) -> tuple[str, str] | None:
    """The first and last month any live report is for, or None when there is none yet."""
    first, last = db.execute("SELECT MIN(month), MAX(month) FROM reports WHERE deleted = 0").fetchone()
    return (first, last) if first else None


# -- writing a draft ---------------------------------------------------------------------------
def save_draft(store: RecordStore, cadre_id: str, month: str, *, plans=(), items=(), self_grade: str = "",
               unit_id: str | None = None) -> Changes:
    """Create or change the cadre's draft for `month` (only a draft can be changed)."""
    month = validate_month(month)
    cadre = store.get("cadres", cadre_id)
    clean = _clean_draft(plans, items, self_grade)
    unit_id = unit_id or report_unit(store.db, cadre_id, month)
    if not unit_id:
        raise RuleViolation(f"{cadre['name']} 在{month_label(month)}没有任职记录，无法确定报告所属单位。请先补充任职经历。")
    current = get_report(store.db, cadre_id, month)
    if current and current["state"] != "草稿":
        raise RuleViolation(f"{cadre['name']} {month_label(month)}的报告为「{current['state']}」，不能再修改；"
                            "如需修改请先退回。")
    values = {"cadre_id": cadre_id, "unit_id": unit_id, "month": month, "state": "草稿",
              "plans": _json(clean["plans"]), "items": _json(clean["items"]), "self_grade": clean["self_grade"]}
    if current is None:
        values |= {"submitted_on": "", "truthful": "", "completion_grade": "", "hollow": 0, "review_remarks": "",
                   "reviewed_on": "", "signed_by": "", "signed_on": ""}
    with store.batch(f"{'填写' if current is None else '修改'}实绩报告 {cadre['name']} {month_label(month)}") as batch:
        store.put("reports", report_id(cadre_id, month), values)
    return batch.changes()


def _clean_draft(plans, items, self_grade: str) -> dict:
    problems = {}
    clean_plans = [clean_prose(plan) for plan in plans if clean_prose(plan)]
    clean_items = []
    for number, item in enumerate(items, start=1):
        row = {field: clean_prose(item.get(field)) for field in ITEM_FIELDS}
        if not any(row.values()):
            continue  # an empty row of the grid
        if not row["task"]:
            problems[f"items.{number}"] = f"第 {number} 项没有填写工作事项"
        clean_items.append(row)
    if len(clean_items) > MAX_ITEMS:
        problems["items"] = f"完成事项最多 {MAX_ITEMS} 项，请合并相近的事项"
    self_grade = clean_text(self_grade)
    if self_grade and self_grade not in GRADES:
        problems["self_grade"] = f"自评等次须为：{'、'.join(GRADES)}"
    if problems:
        raise ValidationError(problems)
    return {"plans": clean_plans, "items": clean_items, "self_grade": self_grade}


def delete_draft(store: RecordStore, cadre_id: str, month: str) -> Changes:
    report = _require(store, cadre_id, month, "草稿", "删除")
    with store.batch(f"删除实绩报告 {_who(store, cadre_id)} {month_label(month)}") as batch:
        store.delete("reports", report["id"])
    return batch.changes()


# -- moving between states ---------------------------------------------------------------------
def submit_report(store: RecordStore, cadre_id: str, month: str, on: str) -> Changes:
    """草稿 → 已提交, dated `on` (lateness is judged by this date)."""
    report = _require(store, cadre_id, month, "草稿", "提交")
    problems = submission_problems(report["items"], report["self_grade"])
    if problems:
        raise ValidationError(problems)
    return _move(store, report, "提交", {"state": "已提交", "submitted_on": _day(on, "提交日期")})


def submission_problems(items, self_grade: str) -> dict[str, str]:
    """What a draft lacks before it can be submitted (at least one item, a self-grade); {} if nothing."""
    problems = {}
    if not [item for item in items if any(clean_text(item.get(field)) for field in ITEM_FIELDS)]:
        problems["items"] = "请至少填写一项完成事项再提交"
    if not clean_text(self_grade):
        problems["self_grade"] = "请选择自评等次再提交"
    return problems


def review_report(store: RecordStore, cadre_id: str, month: str, *, truthful: str, completion_grade: str,
                  on: str, remarks: str = "", hollow: bool = False, signed_by: str = "",
                  signed_on: str = "") -> Changes:
    """已提交 → 已审核: the team's review (是否属实、完成等次、审核意见、空洞) and the principal's sign-off."""
    report = _require(store, cadre_id, month, "已提交", "审核")
    problems = {}
    if truthful not in TRUTHFUL_CHOICES:
        problems["truthful"] = "请选择报告是否属实"
    if completion_grade not in GRADES:
        problems["completion_grade"] = f"完成等次须为：{'、'.join(GRADES)}"
    if problems:
        raise ValidationError(problems)
    return _move(store, report, "审核", {
        "state": "已审核", "truthful": truthful, "completion_grade": completion_grade,
        "review_remarks": clean_prose(remarks), "hollow": int(bool(hollow)), "reviewed_on": _day(on, "审核日期"),
        "signed_by": clean_text(signed_by), "signed_on": _day(signed_on, "签字日期") if signed_on else ""})


def return_report(store: RecordStore, cadre_id: str, month: str, reason: str) -> Changes:
    """已提交 / 已审核 → 草稿 (退回修改), with the reason kept in the review remarks."""
    report = get_report(store.db, cadre_id, month)
    if report is None or report["state"] not in ("已提交", "已审核"):
        raise RuleViolation("只有已提交或已审核（尚未公示）的报告可以退回。")
    reason = clean_prose(reason)
    if not reason:
        raise ValidationError({"reason": "请填写退回的原因"})
    return _move(store, report, "退回", {"state": "草稿", "submitted_on": "", "truthful": "", "completion_grade": "",
                                         "hollow": 0, "reviewed_on": "", "signed_by": "", "signed_on": "",
                                         "review_remarks": f"退回：{reason}"})


def mark_posted(store: RecordStore, ids: list[str]) -> None:
    """已审核 → 已公示, for the reports a notice lists (inside the notice's batch)."""
    for report in _reports_by_id(store, ids):
        if report["state"] == "已审核":
            store.update("reports", report["id"], {"state": "已公示"})


def archive_reports(store: RecordStore, ids: list[str]) -> None:
    """已公示 → 归档, when the notice listing them closes (inside its batch)."""
    for report in _reports_by_id(store, ids):
        if report["state"] == "已公示":
            store.update("reports", report["id"], {"state": "归档"})


def _move(store: RecordStore, report: dict, verb: str, values: dict) -> Changes:
    with store.batch(f"{verb}实绩报告 {_who(store, report['cadre_id'])} {month_label(report['month'])}") as batch:
        store.update("reports", report["id"], values)
    return batch.changes()


def _require(store: RecordStore, cadre_id: str, month: str, state: str, verb: str) -> dict:
    report = get_report(store.db, cadre_id, validate_month(month))
    if report is None:
        raise RecordNotFound(f"{_who(store, cadre_id)} {month_label(month)}还没有实绩报告。")
    if report["state"] != state:
        raise RuleViolation(f"{_who(store, cadre_id)} {month_label(month)}的报告为「{report['state']}」，"
                            f"只有{state}的报告可以{verb}。")
    return report


def _reports_by_id(store: RecordStore, ids: list[str]) -> list[dict]:
    rows = store.db.execute("SELECT id, state FROM reports WHERE deleted = 0 AND id IN (SELECT value FROM json_each(?))",
                            [json.dumps(sorted(ids))]).fetchall()
    return [{"id": row[0], "state": row[1]} for row in rows]


# -- accepted reasons for a month without a report (未报说明) ---------------------------------
def excuse_month(store: RecordStore, cadre_id: str, month: str, reason: str, note: str = "",
                 accepted_by: str = "") -> Changes:
    """Record an accepted reason (请假、病假、培训…) for a month the cadre did not report."""
    month = validate_month(month)
    if reason not in EXCUSE_REASONS:
        raise ValidationError({"reason": f"理由须为：{'、'.join(EXCUSE_REASONS)}"})
    if reason == "其他" and not clean_text(note):
        raise ValidationError({"note": "理由为“其他”时请写明情况"})
    with store.batch(f"登记未报说明 {_who(store, cadre_id)} {month_label(month)}（{reason}）") as batch:
        store.put("report_excuses", excuse_id(cadre_id, month), {
            "cadre_id": cadre_id, "month": month, "reason": reason, "note": clean_prose(note),
            "accepted_by": clean_text(accepted_by)})
    return batch.changes()


def withdraw_excuse(store: RecordStore, cadre_id: str, month: str) -> Changes:
    with store.batch(f"撤销未报说明 {_who(store, cadre_id)} {month_label(month)}") as batch:
        store.delete("report_excuses", excuse_id(cadre_id, validate_month(month)))
    return batch.changes()


# -- helpers -------------------------------------------------------------------------------------
def _who(store: RecordStore, cadre_id: str) -> str:
    row = store.db.execute("SELECT name FROM cadres WHERE id = ?", [cadre_id]).fetchone()
    return row[0] if row else cadre_id[:8]


def _day(value, label: str) -> str:
    day = parse_day(value)
    if day is None:
        raise ValidationError({"date": f"{label}格式不对（例：2026-03-31）"})
    return day


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = ["GRADES", "STATES", "TRUTHFUL_CHOICES", "EXCUSE_REASONS", "ITEM_FIELDS", "get_report", "report_unit",
           "last_month_plans", "post_title", "save_draft", "delete_draft", "submit_report",
           "review_report", "return_report", "mark_posted", "archive_reports", "excuse_month", "withdraw_excuse",
           "get_excuse", "report_month_span", "submission_problems"]
