"""The canonical form of a record: which columns are its content, and its version hash.

Every record table has the stamp columns (id, created_at, updated_at, office_id,
deleted, version_id) and content columns. A version's id is the SHA-256 of the table,
the record id, the parent version ids, the content and the deleted flag — so the same
edit made from the same parents is the same version everywhere (see the merge design in
shared/docs/architecture.md).
"""

import hashlib
import json
from collections.abc import Iterable, Mapping

# Content columns per record table, in schema order. Derived columns (pinyin) are
# content too: they are a pure function of the name and travel with it.
RECORD_TABLES: dict[str, tuple[str, ...]] = {
    "units": ("name", "kind", "sort_order"),
    "cadres": (
        "name", "gender", "ethnicity", "birth_month", "id_number", "political_status",
        "education", "phone", "status", "name_pinyin", "name_initials",
    ),
    "posts": ("cadre_id", "unit_id", "title", "post_type", "rank", "start_date", "end_date"),
    "reports": ("cadre_id", "unit_id", "month", "state", "plans", "items", "self_grade", "submitted_on",
                "truthful", "completion_grade", "hollow", "review_remarks", "reviewed_on", "signed_by",
                "signed_on"),
    "report_excuses": ("cadre_id", "month", "reason", "note", "accepted_by"),
    "calendar_days": ("day", "kind", "name"),
    "notices": ("kind", "title", "unit_ids", "basis", "columns", "entries", "start_date", "workdays",
                "end_date", "channels", "issuer", "issued_on", "state", "closed_on"),
    "objections": ("notice_id", "cadre_id", "received_on", "channel", "complainant", "content",
                   "within_period", "state", "findings", "handler", "closed_on"),
    "rule_sets": ("year", "name", "rules"),
    "evaluation_sessions": ("unit_id", "year", "quarter", "meeting_date", "expected", "present", "issued",
                            "returned", "valid", "categories", "valid_by_category", "cadre_ids", "note"),
    "tallies": ("session_id", "cadre_id", "counts"),
    "annual_inputs": ("year", "unit_id", "cadre_id", "evaluation", "survey", "survey_confirmed", "investigation",
                      "responsibility_score", "responsibility_grade", "key_projects", "note"),
    "supervision_notices": ("unit_id", "cadre_id", "issued_on", "kind", "text", "issuer"),
    "sanctions": ("cadre_id", "decided_on", "category", "measure", "text", "decided_by"),
    "supervised_tasks": ("cadre_id", "unit_id", "title", "assigned_on", "deadline", "done_on", "excused", "note"),
    "talks": ("cadre_id", "talked_on", "kind", "talker", "summary", "reason"),
    "inquiries": ("cadre_id", "sent_on", "issue", "reply_due", "replied_on", "reply", "outcome"),
    "annual_decisions": ("year", "kind", "subject_id", "unit_id", "proposed_grade", "final_grade", "reason",
                         "decided_by", "decided_on"),
    "year_locks": ("year", "locked", "locked_by", "locked_on", "reopened_by", "reopened_on", "reason"),
}

# office_id of versions a merge derives (a fold's tombstone, a post following a folded unit):
# written by no person, identical in every office that derives them (see core.store._prepare).
DERIVED_OFFICE = "自动合并"

STAMP_COLUMNS = ("id", "created_at", "updated_at", "office_id", "deleted", "version_id")

# Chinese names of tables, for the audit log and messages.
TABLE_LABELS = {"units": "单位", "cadres": "干部", "posts": "任职经历", "reports": "实绩报告",
                "report_excuses": "未报说明", "calendar_days": "工作日历", "notices": "公示", "objections": "异议",
                "rule_sets": "规则方案", "evaluation_sessions": "测评会", "tallies": "计票",
                "annual_inputs": "年度考核数据", "supervision_notices": "通报批评", "sanctions": "处分",
                "supervised_tasks": "督办事项", "talks": "谈话", "inquiries": "函询", "annual_decisions": "审定等次",
                "year_locks": "年度锁定"}


def content_of(table: str, row: Mapping) -> dict:
    """The content columns of `row` (a dict or sqlite3.Row), in canonical order."""
    return {column: row[column] for column in RECORD_TABLES[table]}


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def version_id(table: str, record_id: str, parents: Iterable[str], content: Mapping, deleted: bool,
               derived: bool = False) -> str:
    """The hash naming a version. A derived one (a merge's, office DERIVED_OFFICE) hashes a
    marker too, so it never shares its id with the same change made by a person: a person's
    deletion and a fold's tombstone of the same version stay two versions."""
    fields = {"t": table, "r": record_id, "p": sorted(parents), "c": dict(content), "d": int(bool(deleted))}
    if derived:
        fields["m"] = DERIVED_OFFICE
    payload = canonical_json(fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
