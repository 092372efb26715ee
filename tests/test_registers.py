"""The supervision registers: 通报批评, 处分, 督办事项 (states and cards), 谈话, 函询 — validation in
Chinese, lists by year, unit and cadre, one undo step each, and locked years (talks never)."""

import pytest
from test_annual_inputs import county  # noqa: F401 — the fixture

from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.inquiries import (
    inquiries,
    inquiry_state,
    overdue_inquiries,
    record_reply,
    send_inquiry,
    update_inquiry,
)
from desktop_app.core.sanctions import add_sanction, delete_sanction, sanctions, update_sanction
from desktop_app.core.supervised_tasks import (
    add_task,
    cadre_cards,
    complete_task,
    delete_task,
    excuse_task,
    supervised_tasks,
    task_state,
    tasks_of_year,
    update_task,
)
from desktop_app.core.supervision_notices import (
    add_supervision_notice,
    delete_supervision_notice,
    supervision_notices,
    update_supervision_notice,
)
from desktop_app.core.talks import add_talk, delete_talk, talks, update_talk
from desktop_app.core.year_locks import lock_year, reopen_year


def test_notices_of_criticism(store, county):  # noqa: F811
    town, west = county["丹江镇"], county["西江镇"]
    with pytest.raises(ValidationError) as error:
        add_supervision_notice(store, {"unit_id": town, "issued_on": "2025-13-01", "kind": "纪律"})
    assert error.value.problems == {"issued_on": "通报日期格式不对（例：2026-03-05）",
                                    "kind": "通报类别须为 执法、效能、作风、其他 之一（现为 纪律）",
                                    "text": "请填写通报内容"}
    created = add_supervision_notice(store, {"unit_id": town, "cadre_id": county["张三"], "issued_on": "2025.3.5",
                                             "kind": "作风", "text": "违规公款吃喝", "issuer": "县纪委"})
    assert created.changes.note == "登记通报批评：丹江镇（张三） 2025-03-05 作风"
    add_supervision_notice(store, {"unit_id": west, "issued_on": "2026-01-10", "kind": "其他", "text": "会议迟到"})
    assert [(n["unit_name"], n["cadre_name"], n["issued_on"]) for n in supervision_notices(store.db, year=2025)] == [
        ("丹江镇", "张三", "2025-03-05")]
    assert len(supervision_notices(store.db, unit_id=west)) == 1
    assert supervision_notices(store.db, kinds=["执法", "效能", "作风"])[0]["id"] == created.record_id
    update_supervision_notice(store, created.record_id, {"kind": "效能"})
    assert supervision_notices(store.db, cadre_id=county["张三"])[0]["kind"] == "效能"
    changes = delete_supervision_notice(store, created.record_id)
    assert supervision_notices(store.db, year=2025) == []
    store.undo(changes.batch_id)
    assert len(supervision_notices(store.db, year=2025)) == 1


def test_sanctions_measures_fit_their_category_and_units_go_by_the_post_held(store, county):  # noqa: F811
    wang = county["王五"]  # 丹江镇 until 2025-05-01, then 西江镇
    with pytest.raises(ValidationError) as error:
        add_sanction(store, {"cadre_id": wang, "decided_on": "2025-03-01", "category": "党纪处分", "measure": "记过"})
    assert error.value.problems == {"measure": "党纪处分的处分种类须为 警告、严重警告、撤销党内职务、留党察看、开除党籍 之一（现为 记过）"}
    with pytest.raises(ValidationError, match="处分类别须为 党纪处分、政务处分、组织处理 之一"):
        add_sanction(store, {"cadre_id": wang, "decided_on": "2025-03-01", "category": "处分", "measure": "警告"})
    march = add_sanction(store, {"cadre_id": wang, "decided_on": "2025-03-01", "category": "党纪处分",
                                 "measure": "严重警告", "text": "违规发放补贴", "decided_by": "县纪委"})
    assert march.changes.note == "登记处分：王五 2025-03-01 党纪处分（严重警告）"
    add_sanction(store, {"cadre_id": wang, "decided_on": "2025-06-01", "category": "组织处理", "measure": "诫勉"})
    assert [s["measure"] for s in sanctions(store.db, unit_id=county["丹江镇"])] == ["严重警告"]
    assert [s["measure"] for s in sanctions(store.db, unit_id=county["西江镇"])] == ["诫勉"]
    assert [s["measure"] for s in sanctions(store.db, year=2025, category="党纪处分")] == ["严重警告"]
    update_sanction(store, march.record_id, {"measure": "警告"})
    assert sanctions(store.db, cadre_id=wang)[0]["measure"] == "警告"
    delete_sanction(store, march.record_id)
    assert [s["measure"] for s in sanctions(store.db, cadre_id=wang)] == ["诫勉"]


@pytest.mark.parametrize(("done_on", "excused", "as_of", "state"), [
    ("", "", "2025-06-30", "办理中"),  # the deadline's day itself is not late
    ("", "", "2025-07-01", "逾期未办结"),
    ("2025-06-30", "", "2025-12-31", "按期办结"),
    ("2025-07-05", "", "2025-12-31", "逾期办结"),
    ("2025-07-05", "经县委办批准延期至7月10日", "2025-12-31", "已说明"),
    ("", "防汛抢险，经批准延期", "2025-08-01", "已说明"),
])
def test_task_states(done_on, excused, as_of, state):
    assert task_state({"deadline": "2025-06-30", "done_on": done_on, "excused": excused}, as_of) == state


def test_supervised_tasks_and_their_cards(store, county):  # noqa: F811
    wang, zhang = county["王五"], county["张三"]
    with pytest.raises(ValidationError) as error:
        add_task(store, {"cadre_id": wang, "title": " ", "assigned_on": "2025-06-01", "deadline": "2025-05-01"})
    assert error.value.problems == {"title": "请填写督办事项", "deadline": "办结时限（2025-05-01）不能早于交办日期（2025-06-01）"}
    road = add_task(store, {"cadre_id": wang, "title": "修缮校舍", "assigned_on": "2025-06-01", "deadline": "2025-08-31"})
    assert road.changes.note == "交办督办事项：王五：修缮校舍"
    assert supervised_tasks(store.db, cadre_id=wang)[0]["unit_name"] == "西江镇"  # the post held on the day assigned
    bridge = add_task(store, {"cadre_id": wang, "title": "危桥改造", "deadline": "2025-10-31"}).record_id
    add_task(store, {"cadre_id": zhang, "title": "招商引资", "deadline": "2025-09-30", "done_on": "2025-09-30"})
    add_task(store, {"cadre_id": zhang, "title": "明年项目", "deadline": "2026-03-31"})
    assert [t["title"] for t in tasks_of_year(store.db, 2025)] == ["修缮校舍", "招商引资", "危桥改造"]
    assert [t["title"] for t in supervised_tasks(store.db, unit_id=county["丹江镇"])] == ["招商引资", "明年项目"]
    complete_task(store, road.record_id, "2025-09-15")  # 15 days late
    cards = cadre_cards(store.db, 2025, "2025-12-31")
    assert set(cards) == {wang} and cards[wang].count == 2 and cards[wang].red
    assert [t["title"] for t in cards[wang].yellow] == ["修缮校舍", "危桥改造"]
    assert cadre_cards(store.db, 2025, "2025-10-31")[wang].red is False  # 危桥改造 is due that very day
    excused = excuse_task(store, bridge, "因汛期停工，经县政府批准延期至次年")
    assert cadre_cards(store.db, 2025, "2025-12-31")[wang].count == 1
    store.undo(excused.batch_id)
    with pytest.raises(ValidationError, match="请填写不计黄牌的理由"):
        excuse_task(store, bridge, "")
    with pytest.raises(ValidationError, match="办结日期（2025-05-01）不能早于交办日期（2025-06-01）"):
        complete_task(store, road.record_id, "2025-05-01")
    update_task(store, bridge, {"deadline": "2025-12-31"})
    delete_task(store, road.record_id)
    assert cadre_cards(store.db, 2025, "2026-01-01")[wang].count == 1


def test_talks_by_cadre_year_and_kind(store, county):  # noqa: F811
    zhang, li = county["张三"], county["李四"]
    with pytest.raises(ValidationError) as error:
        add_talk(store, {"cadre_id": zhang, "kind": "谈心"})
    assert error.value.problems == {"talked_on": "请填写谈话日期",
                                    "kind": "谈话类型须为 日常、任职、警示、诫勉、回访、提醒 之一（现为 谈心）"}
    first = add_talk(store, {"cadre_id": zhang, "talked_on": "2025-04-02", "kind": "诫勉", "talker": "县委书记",
                             "reason": "年度考核一般", "summary": "指出问题，限期整改。"})
    assert first.changes.note == "登记谈话：张三 2025-04-02 诫勉谈话"
    add_talk(store, {"cadre_id": zhang, "talked_on": "2025-10-02", "kind": "回访", "talker": "组织部长"})
    add_talk(store, {"cadre_id": li, "talked_on": "2026-01-05", "kind": "任职"})
    assert [t["kind"] for t in talks(store.db, cadre_id=zhang)] == ["诫勉", "回访"]
    assert [t["cadre_name"] for t in talks(store.db, year=2025)] == ["张三", "张三"]
    assert [t["cadre_name"] for t in talks(store.db, year=2026, unit_id=county["丹江镇"])] == ["李四"]
    assert len(talks(store.db, kind="诫勉")) == 1
    update_talk(store, first.record_id, {"summary": "已整改。"})
    delete_talk(store, first.record_id)
    assert [t["kind"] for t in talks(store.db, cadre_id=zhang)] == ["回访"]


def test_inquiries_states_replies_and_overdue(store, county):  # noqa: F811
    zhang = county["张三"]
    assert [inquiry_state({"reply_due": "2025-05-15", "replied_on": replied}, as_of) for replied, as_of in (
        ("", "2025-05-15"), ("", "2025-05-16"), ("2025-05-10", "2025-06-01"), ("2025-05-20", "2025-06-01"),
        ("2025-05-20", "2025-05-18"))] == ["待回复", "逾期未回复", "已回复", "逾期回复", "逾期未回复"]
    with pytest.raises(ValidationError) as error:
        send_inquiry(store, {"cadre_id": zhang, "sent_on": "2025-05-01", "issue": "", "reply_due": "2025-04-01"})
    assert error.value.problems == {"issue": "请填写函询事项", "reply_due": "回复期限（2025-04-01）不能早于函询日期（2025-05-01）"}
    letter = send_inquiry(store, {"cadre_id": zhang, "sent_on": "2025-05-01", "issue": "反映其亲属承揽工程",
                                  "reply_due": "2025-05-15"})
    assert letter.changes.note == "发出函询：张三 2025-05-01 函询"
    other = send_inquiry(store, {"cadre_id": county["李四"], "sent_on": "2025-06-01", "issue": "反映公车私用",
                                 "reply_due": "2025-06-15"}).record_id
    assert [i["issue"] for i in overdue_inquiries(store.db, "2025-06-16")] == ["反映其亲属承揽工程", "反映公车私用"]
    with pytest.raises(ValidationError) as error:
        record_reply(store, letter.record_id, "", "")
    assert error.value.problems == {"replied_on": "请填写回复日期", "reply": "请填写回复内容"}
    record_reply(store, letter.record_id, "2025-05-20", "工程经公开招标，本人未干预。", "了结澄清")
    with pytest.raises(ValidationError, match="请填写回复日期"):
        update_inquiry(store, other, {"outcome": "了结"})
    assert [i["issue"] for i in overdue_inquiries(store.db, "2025-06-16")] == ["反映公车私用"]
    [answered] = inquiries(store.db, cadre_id=zhang, year=2025)
    assert inquiry_state(answered, "2025-06-16") == "逾期回复" and answered["outcome"] == "了结澄清"


def test_a_locked_year_refuses_its_sanctions_and_tasks_but_never_talks(store, county):  # noqa: F811
    zhang = county["张三"]
    task = add_task(store, {"cadre_id": zhang, "title": "招商引资", "deadline": "2026-03-31"}).record_id
    lock_year(store, 2025)
    locked = "2025年度考核已锁定，不能再修改该年度的数据（{}）"
    with pytest.raises(RuleViolation, match=locked.format("处分")):
        add_sanction(store, {"cadre_id": zhang, "decided_on": "2025-11-01", "category": "党纪处分", "measure": "警告"})
    with pytest.raises(RuleViolation, match=locked.format("督办事项")):
        add_task(store, {"cadre_id": zhang, "title": "危桥改造", "deadline": "2025-12-31"})
    with pytest.raises(RuleViolation, match=locked.format("督办事项")):
        update_task(store, task, {"deadline": "2025-12-31"})  # moving a task into the locked year
    with pytest.raises(RuleViolation, match=locked.format("通报批评")):
        add_supervision_notice(store, {"unit_id": county["丹江镇"], "issued_on": "2025-12-01", "kind": "效能",
                                       "text": "办事拖沓"})
    add_talk(store, {"cadre_id": zhang, "talked_on": "2025-12-20", "kind": "提醒"})
    send_inquiry(store, {"cadre_id": zhang, "sent_on": "2025-12-01", "issue": "反映作风问题", "reply_due": "2025-12-15"})
    add_sanction(store, {"cadre_id": zhang, "decided_on": "2026-01-05", "category": "政务处分", "measure": "记过"})
    assert sanctions(store.db, year=2025) == [] and tasks_of_year(store.db, 2025) == []
    assert len(talks(store.db, year=2025)) == 1 and len(inquiries(store.db, year=2025)) == 1
    reopen_year(store, 2025, "补录漏登的处分")
    add_sanction(store, {"cadre_id": zhang, "decided_on": "2025-11-01", "category": "党纪处分", "measure": "警告"})
    assert len(sanctions(store.db, year=2025)) == 1


def test_records_are_named_by_who_when_and_what(store, county):  # noqa: F811
    from desktop_app.core.record_names import record_name

    town, zhang = county["丹江镇"], county["张三"]
    assert record_name(store.db, "annual_inputs", {"year": 2025, "unit_id": town, "cadre_id": None}) == "丹江镇领导班子 2025年度"
    assert record_name(store.db, "annual_inputs", {"year": 2025, "unit_id": town, "cadre_id": zhang}) == "张三 2025年度"
    assert record_name(store.db, "annual_decisions", {"year": 2025, "kind": "team", "subject_id": town,
                                                      "unit_id": town}) == "丹江镇领导班子 2025年度"
    assert record_name(store.db, "annual_decisions", {"year": 2025, "kind": "cadre", "subject_id": zhang,
                                                      "unit_id": town}) == "张三 2025年度"
    assert record_name(store.db, "year_locks", {"year": 2025}) == "2025年度"
    assert record_name(store.db, "supervision_notices", {"unit_id": town, "cadre_id": None, "issued_on": "2025-03-05",
                                                         "kind": "执法"}) == "丹江镇 2025-03-05 执法"
