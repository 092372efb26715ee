"""What each register's dialogs ask and which core call writes them: 督办事项 (交办, 修改, 办结,
说明), 谈话, 函询 (发函, 修改, 登记回复), 通报批评 and 处分. Every dialog is a RecordDialog; its Alt
letters are its own.
"""

from desktop_app.core.inquiries import record_reply, send_inquiry, update_inquiry
from desktop_app.core.sanctions import CATEGORIES, MEASURES, add_sanction, update_sanction
from desktop_app.core.supervised_tasks import add_task, complete_task, excuse_task, update_task
from desktop_app.core.supervision_notices import (
    NOTICE_KINDS,
    add_supervision_notice,
    update_supervision_notice,
)
from desktop_app.core.talks import TALK_KINDS, add_talk, update_talk
from desktop_app.gui.dialogs.register_dialogs import Choices, DialogSpec, Field, RecordDialog

AUTO_UNIT = "（按交办日期的任职自动确定）"

TASK = DialogSpec("督办事项", (
    Field("cadre_id", "承办干部(&C)：", "cadre"),
    Field("unit_id", "单位(&U)：", "unit", blank=AUTO_UNIT),
    Field("title", "督办事项(&T)：", hint="交办的工作任务，如：完成人居环境整治"),
    Field("assigned_on", "交办日期(&A)：", "day"),
    Field("deadline", "办结时限(&D)：", "day", hint="例：2026-06-30（当天办结不算逾期）"),
    Field("done_on", "办结日期(&F)：", "day", hint="尚未办结的不填"),
    Field("excused", "情况说明(&E)：", "text", hint="逾期不计黄牌的理由，如经批准延期"),
    Field("note", "备注(&N)：", "text", height=48),
), add_task, update_task, note="办结时限已过仍未办结，或逾期办结的，计黄牌提醒一次；同一年度黄牌达到规则方案规定的次数（默认 2 次）即为红牌警告，"
   "当年不得评为优秀。")

TALK = DialogSpec("谈话", (
    Field("cadre_id", "谈话对象(&C)：", "cadre"),
    Field("talked_on", "谈话日期(&D)：", "day"),
    Field("kind", "谈话类型(&K)：", "choice", TALK_KINDS),
    Field("talker", "谈话人(&T)：", hint="如：县委组织部部长 王某"),
    Field("reason", "谈话事由(&R)：", "text", height=48),
    Field("summary", "谈话内容(&M)：", "text", height=96),
), add_talk, update_talk)

_INQUIRY_FIELDS = (
    Field("cadre_id", "函询对象(&C)：", "cadre"),
    Field("sent_on", "函询日期(&D)：", "day"),
    Field("issue", "函询事项(&I)：", "text", hint="请其说明的问题"),
    Field("reply_due", "回复期限(&L)：", "day", hint="例：2026-04-17（当天回复不算逾期）"),
)
_REPLY_FIELDS = (
    Field("replied_on", "回复日期(&P)：", "day"),
    Field("reply", "回复内容(&R)：", "text", height=80),
    Field("outcome", "处理结果(&O)：", "text", hint="如：予以了结、谈话提醒、诫勉", height=48),
)
INQUIRY = DialogSpec("函询", _INQUIRY_FIELDS, send_inquiry, update_inquiry, _INQUIRY_FIELDS + _REPLY_FIELDS,
                     "回复期限已过仍未回复的，列为「逾期未回复」。")

NOTICE = DialogSpec("通报批评", (
    Field("unit_id", "被通报单位(&U)：", "unit"),
    Field("cadre_id", "点名干部(&C)：", "cadre", blank="（未点名干部）"),
    Field("issued_on", "通报日期(&D)：", "day"),
    Field("kind", "通报类别(&K)：", "choice", NOTICE_KINDS, hint="执法、效能、作风监督中被通报的，班子和正职不得评为好"),
    Field("text", "通报内容(&T)：", "text", height=80),
    Field("issuer", "通报单位(&I)：", hint="如：县纪委监委"),
), add_supervision_notice, update_supervision_notice)

SANCTION = DialogSpec("处分", (
    Field("cadre_id", "受处分干部(&C)：", "cadre"),
    Field("decided_on", "处分日期(&D)：", "day"),
    Field("category", "处分类别(&K)：", "choice", CATEGORIES),
    Field("measure", "处分种类(&M)：", "choice", MEASURES, follows="category"),
    Field("text", "处分事由(&T)：", "text", height=80),
    Field("decided_by", "决定机关(&B)：", hint="如：县纪委"),
), add_sanction, update_sanction, note="正职当年受党纪处分的，班子和本人年度考核定为差。")


def new_record(ctx, spec: DialogSpec, choices: Choices, defaults: dict, parent=None) -> RecordDialog:
    """登记 a new record of the register `spec`."""
    verb = {"督办事项": "交办", "函询": "发函登记"}.get(spec.noun, "登记")
    return RecordDialog(ctx, f"{verb}{spec.noun}", spec.fields, defaults, spec.add, choices=choices, note=spec.note,
                        parent=parent)


def edit_record(ctx, spec: DialogSpec, choices: Choices, record: dict, parent=None) -> RecordDialog:
    """修改 a record of the register `spec`."""
    record_id, update = record["id"], spec.update
    return RecordDialog(ctx, f"修改{spec.noun}", spec.edit_fields or spec.fields, record,
                        lambda store, values: update(store, record_id, values), choices=choices, record_id=record_id,
                        note=spec.note, parent=parent)


def complete_dialog(ctx, task: dict, summary: str, parent=None) -> RecordDialog:
    """办结: the day the task was done."""
    task_id = task["id"]
    return RecordDialog(ctx, "督办事项办结", (Field("done_on", "办结日期(&D)：", "day"),),
                        {"done_on": task.get("done_on") or ctx.today()},
                        lambda store, values: complete_task(store, task_id, values["done_on"]), record_id=task_id,
                        summary=summary, note="办结日期晚于办结时限的，计黄牌提醒一次（有情况说明的除外）。",
                        accept_text="办结(&S)", parent=parent)


def excuse_dialog(ctx, task: dict, summary: str, parent=None) -> RecordDialog:
    """说明: why the task's lateness does not count (no yellow card)."""
    task_id = task["id"]
    return RecordDialog(ctx, "督办事项情况说明", (Field("excused", "不计黄牌的理由(&R)：", "text", height=80),),
                        {"excused": task.get("excused") or ""},
                        lambda store, values: excuse_task(store, task_id, values["excused"]), record_id=task_id,
                        summary=summary, note="写明逾期不计黄牌的理由（如经批准延期、因不可抗力停工），该事项即不再计黄牌。",
                        parent=parent)


def reply_dialog(ctx, inquiry: dict, summary: str, parent=None) -> RecordDialog:
    """登记回复: the cadre's reply, its day and what came of it."""
    inquiry_id = inquiry["id"]
    values = {"replied_on": inquiry.get("replied_on") or ctx.today(), "reply": inquiry.get("reply") or "",
              "outcome": inquiry.get("outcome") or ""}
    return RecordDialog(ctx, "登记函询回复", _REPLY_FIELDS, values,
                        lambda store, v: record_reply(store, inquiry_id, v["replied_on"], v["reply"], v["outcome"]),
                        record_id=inquiry_id, summary=summary, accept_text="登记回复(&S)", parent=parent)
