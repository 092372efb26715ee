"""函询 (written inquiries): a letter asks a cadre to explain a reported issue by a due day; the
reply is recorded with its date and what came of it. As of a day an inquiry is 待回复 (no reply,
not yet due), 逾期未回复 (no reply, past the due day), 已回复 or 逾期回复 (replied after the due
day). The due day itself is not late. A register that goes on: never locked with a year.
"""

from collections.abc import Mapping

from desktop_app.core import registers as r
from desktop_app.core.cadres import Created
from desktop_app.core.errors import ValidationError
from desktop_app.core.store import Changes, RecordStore

WAITING, OVERDUE, REPLIED, REPLIED_LATE = "待回复", "逾期未回复", "已回复", "逾期回复"
INQUIRY_STATES = (WAITING, OVERDUE, REPLIED, REPLIED_LATE)
INQUIRIES = r.Register("inquiries", "sent_on")


def inquiry_state(inquiry: Mapping, as_of: str) -> str:
    """待回复 / 逾期未回复 / 已回复 / 逾期回复 as of the day `as_of` (a reply after it is not yet seen)."""
    replied = inquiry.get("replied_on") or ""
    if replied and replied <= as_of:
        return REPLIED_LATE if replied > inquiry["reply_due"] else REPLIED
    return OVERDUE if as_of > inquiry["reply_due"] else WAITING


def validate_inquiry(db, values: Mapping) -> dict:
    problems: dict[str, str] = {}
    clean = {"cadre_id": r.cadre(db, values, problems), "sent_on": r.day(values, "sent_on", "函询日期", problems),
             "issue": r.text(values, "issue", "函询事项", problems, required=True),
             "reply_due": r.day(values, "reply_due", "回复期限", problems),
             "replied_on": r.day(values, "replied_on", "回复日期", problems, required=False),
             "reply": r.text(values, "reply", "回复内容", problems),
             "outcome": r.text(values, "outcome", "处理结果", problems)}
    r.not_before("reply_due", "sent_on", "回复期限", "函询日期", clean, problems)
    r.not_before("replied_on", "sent_on", "回复日期", "函询日期", clean, problems)
    if (clean["reply"] or clean["outcome"]) and not clean["replied_on"] and "replied_on" not in problems:
        problems["replied_on"] = "请填写回复日期"
    return r.finish(problems, clean)


def send_inquiry(store: RecordStore, values: Mapping) -> Created:
    """发函: a new inquiry (cadre, sent_on, issue, reply_due)."""
    return r.add_record(store, INQUIRIES, validate_inquiry(store.db, values), "发出")


def record_reply(store: RecordStore, inquiry_id: str, replied_on, reply: str, outcome: str = "") -> Changes:
    """回复: the cadre's reply, its date and what came of it (处理结果)."""
    problems: dict[str, str] = {}
    r.day({"replied_on": replied_on}, "replied_on", "回复日期", problems)
    r.text({"reply": reply}, "reply", "回复内容", problems, required=True)
    if problems:
        raise ValidationError(problems)
    saved = r.current(store, INQUIRIES, inquiry_id)
    clean = validate_inquiry(store.db, {**saved, "replied_on": replied_on, "reply": reply, "outcome": outcome})
    return r.update_record(store, INQUIRIES, inquiry_id, clean, "登记回复")


def update_inquiry(store: RecordStore, inquiry_id: str, values: Mapping) -> Changes:
    clean = validate_inquiry(store.db, {**r.current(store, INQUIRIES, inquiry_id), **values})
    return r.update_record(store, INQUIRIES, inquiry_id, clean)


def delete_inquiry(store: RecordStore, inquiry_id: str) -> Changes:
    return r.delete_record(store, INQUIRIES, inquiry_id)


def inquiries(db, *, year: int | None = None, unit_id: str | None = None, cadre_id: str | None = None) -> list[dict]:
    """The inquiries by date sent (with cadre_name), filtered by year sent, unit (a post held then), cadre."""
    return r.list_records(db, INQUIRIES, year=year, unit_id=unit_id, cadre_id=cadre_id)


def overdue_inquiries(db, as_of: str) -> list[dict]:
    """逾期未回复: the inquiries without a reply by `as_of` whose due day has passed, oldest first."""
    return r.list_records(db, INQUIRIES, where="r.reply_due < :as_of AND (r.replied_on = '' OR r.replied_on > :as_of)",
                          params={"as_of": as_of})


__all__ = ["WAITING", "OVERDUE", "REPLIED", "REPLIED_LATE", "INQUIRY_STATES", "INQUIRIES", "inquiry_state",
           "validate_inquiry", "send_inquiry", "record_reply", "update_inquiry", "delete_inquiry", "inquiries",
           "overdue_inquiries"]
