"""The permission matrix (权限): one representative call of every core service that writes, made by
each role on a copy of one prepared office database — allowed, or refused with PermissionDenied
and nothing written. The expected least role of each call is written out here, not read from
core.permissions, so the test holds the rules and not merely the code."""

import shutil
from pathlib import Path

import pytest
from conftest import StepClock, id_number
from roster_workbooks import person, write_roster

from db import open_database
from desktop_app.core import cadres, units
from desktop_app.core.annual_inputs import save_cadre_inputs, save_team_inputs
from desktop_app.core.assessment import (
    accept_proposals,
    assess_year,
    clear_decision,
    decide,
    lock_assessment,
    reopen_assessment,
)
from desktop_app.core.calendar_days import set_day
from desktop_app.core.clock import today_iso
from desktop_app.core.errors import PermissionDenied
from desktop_app.core.evaluations import get_session, save_session, save_tallies
from desktop_app.core.inquiries import send_inquiry
from desktop_app.core.monthly_reports import (
    excuse_month,
    return_report,
    review_report,
    save_draft,
    submit_report,
)
from desktop_app.core.notices import (
    close_notice,
    delete_draft_notice,
    draft_notice,
    monthly_entries,
    publish_notice,
)
from desktop_app.core.objections import conclude, log_objection, start_check
from desktop_app.core.operators import add_operator, create_first_admin
from desktop_app.core.permissions import ROLES, Operator, may, require
from desktop_app.core.roster_import import apply_import, plan_import, read_roster
from desktop_app.core.rule_sets import get_rule_set, save_rule_set
from desktop_app.core.sanctions import add_sanction
from desktop_app.core.store import RecordStore
from desktop_app.core.supervised_tasks import add_task
from desktop_app.core.supervision_notices import add_supervision_notice
from desktop_app.core.talks import add_talk
from desktop_app.core.workdays import load_calendar
from desktop_app.core.year_locks import lock_year

PASSPHRASE = "交换口令2026abc"
ITEMS = [{"task": "完成验收", "result": "已完成"}]


# -- the prepared office database ---------------------------------------------------------------
def prepare(store: RecordStore) -> dict:
    """Units, three cadres, reports in each state, notices (draft, posted, posted with an open
    objection), 2026's quarterly and annual inputs decided in full, 2024 locked."""
    ids = {}
    ids["town"], _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    ids["bureau"], _ = units.add_unit(store, {"name": "县教育局", "kind": "县直部门"})
    for n, (name, title, kind) in enumerate([("张三", "镇长", "正职"), ("李四", "副镇长", "副职"),
                                             ("王五", "武装部长", "班子成员")]):
        ids[name] = cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n}23")},
                                     {"unit_id": ids["town"], "title": title, "post_type": kind,
                                      "start_date": "2024-01-01"}).record_id
    _reports(store, ids)
    _notices(store, ids)
    save_session(store, ids["town"], 2026, 1, {
        "meeting_date": "2026-03-28", "expected": 40, "present": 38, "issued": 38, "returned": 37, "valid": 35,
        "cadre_ids": [ids["张三"], ids["李四"]], "categories": ["领导", "同级", "干部职工"],
        "valid_by_category": {"领导": 5, "同级": 10, "干部职工": 20}})
    save_tallies(store, get_session(store.db, ids["town"], 2026, 1), _tallies(ids, 0))
    save_team_inputs(store, 2026, ids["town"], {"evaluation": {"valid": 40, "counts": {"好": 30, "较好": 10}}})
    accept_proposals(store, 2026)
    for subject in assess_year(store.db, 2026).undecided:
        decide(store, 2026, subject.kind, subject.subject_id, subject.proposed or "称职", "审定委员会议定")
    lock_year(store, 2024)
    return ids


def _reports(store: RecordStore, ids: dict) -> None:
    """张三 2026-01 草稿, 2026-02 已提交; 李四 2026-02 已审核."""
    save_draft(store, ids["张三"], "2026-01", items=ITEMS, self_grade="好")
    for name in ("张三", "李四"):
        save_draft(store, ids[name], "2026-02", items=ITEMS, self_grade="好")
        submit_report(store, ids[name], "2026-02", "2026-02-27")
    review_report(store, ids["李四"], "2026-02", truthful="属实", completion_grade="较好", on="2026-03-02")


def _notices(store: RecordStore, ids: dict) -> None:
    calendar = load_calendar(store.db)
    columns, entries = monthly_entries(store.db, [ids["town"]], "2026-02")
    ids["draft notice"] = draft_notice(store, calendar, {
        "kind": "月度实绩", "title": "丹江镇2026年2月干部工作实绩公示", "unit_ids": [ids["town"]],
        "columns": columns, "entries": entries, "start_date": "2026-03-03", "workdays": 7})
    for key in ("posted notice", "contested notice"):
        ids[key] = draft_notice(store, calendar, _typed_notice(ids, key))
        publish_notice(store, ids[key])
    ids["objection"] = log_objection(store, {"notice_id": ids["contested notice"], "received_on": "2026-03-05",
                                             "channel": "电话", "content": "反映验收里程不实"})


def _typed_notice(ids: dict, title: str) -> dict:
    return {"kind": "其他", "title": title, "unit_ids": [ids["town"]], "columns": ["序号", "姓名"],
            "entries": [{"cells": ["1", "张三"]}], "start_date": "2026-03-03", "workdays": 7}


def _tallies(ids: dict, shift: int) -> dict:
    return {ids["张三"]: {"领导": [[5, 0, 0, 0]] * 3, "同级": [[8 - shift, 2 + shift, 0, 0]] * 3,
                         "干部职工": [[15, 4, 1, 0]] * 3},
            ids["李四"]: {"领导": [[3, 2, 0, 0]] * 3, "同级": [[6, 3, 1, 0]] * 3, "干部职工": [[10, 6, 3, 1]] * 3}}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """The prepared database (copied by every test), its ids, a roster workbook and a transfer file
    from another office."""
    folder = tmp_path_factory.mktemp("permissions")
    path = folder / "office.kpdb"
    db = open_database(path, create=True, office_name="雷山县委组织部")
    try:
        ids = prepare(RecordStore(db, operator="管理员", clock=StepClock()))
    finally:
        db.close()
    roster = write_roster(folder / "名册.xlsx", [person("赵六", id_number("19850101", "321"), title="副镇长",
                                                        岗位类别="副职")])
    return {"path": path, "ids": ids, "roster": roster, "package": _other_office_package(folder)}


def _other_office_package(folder: Path) -> Path:
    from desktop_app.transfer.package import export_package

    path = folder / "other.kpdb"
    db = open_database(path, create=True, office_name="丹寨县委组织部")
    try:
        units.add_unit(RecordStore(db, operator="乙", clock=StepClock()), {"name": "龙泉镇", "kind": "乡镇"})
    finally:
        db.close()
    package = folder / "乙.kpx"
    export_package(path, package, passphrase=PASSPHRASE)
    return package


# -- the calls: what → (least role, call(store of the role, ctx), setup(administrator's store, ctx)) -------
class Ctx:
    """What a call needs: the prepared ids (ctx["张三"]), files, and what its setup returned (`given`)."""

    def __init__(self, prepared: dict, folder: Path):
        self.ids, self.roster, self.package, self.backups = prepared["ids"], prepared["roster"], prepared["package"], \
            folder / "备份"
        self.given = None

    def __getitem__(self, key: str) -> str:
        return self.ids[key]


def _changed_rules(db) -> dict:
    rules = get_rule_set(db, 2026).rules
    rules["quarterly"]["thresholds"][0]["min_score"] = 91
    return rules


def _import_roster(store, c):
    apply_import(store, plan_import(store.db, read_roster(c.roster), today_iso()))


def _import_transfer(store, c):
    from desktop_app.transfer.exchange import import_package

    import_package(store, c.package, backups_dir=c.backups, passphrase=PASSPHRASE)


def _accepted_subject(db) -> tuple[str, str]:
    subject = next(s for s in assess_year(db, 2026).subjects if s.final_grade == s.proposed and not s.tied)
    return subject.kind, subject.subject_id


def _decide(store, c):
    subject = assess_year(store.db, 2026).subject("cadre", c["张三"])
    other = next(g for g in ("称职", "基本称职") if g != subject.final_grade)
    decide(store, 2026, "cadre", c["张三"], other, "审定委员会议定")


def _undo(store, c):
    store.undo(c.given.batch_id)


def _session(year: int, quarter: int):
    return lambda s, c: save_session(s, c["town"], year, quarter, {
        "meeting_date": f"{year}-0{quarter * 3}-28", "expected": 40, "present": 38, "issued": 38, "returned": 37,
        "valid": 35, "cadre_ids": [c["张三"]], "categories": ["领导"], "valid_by_category": {"领导": 35}})


def _review(s, c):
    return review_report(s, c["张三"], "2026-02", truthful="属实", completion_grade="好", on="2026-03-03")


def _submit(s, c):
    return submit_report(s, c["张三"], "2026-01", "2026-02-05")


ENTRY, REVIEW, ADMIN = "录入员", "审核员", "管理员"
CALLS = {
    "新增单位": (ENTRY, lambda s, c: units.add_unit(s, {"name": "县财政局", "kind": "县直部门"})),
    "修改单位": (ENTRY, lambda s, c: units.update_unit(s, c["bureau"], {"name": "县教育体育局"})),
    "新增干部": (ENTRY, lambda s, c: cadres.add_cadre(s, {"name": "赵六", "id_number": id_number(sequence="551")}, {
        "unit_id": c["town"], "title": "副镇长", "post_type": "副职", "start_date": "2026-03-01"})),
    "修改干部": (ENTRY, lambda s, c: cadres.update_cadre(s, c["王五"], {"phone": "13800000009"})),
    "新增任职经历": (ENTRY, lambda s, c: cadres.add_post(s, c["王五"], {
        "unit_id": c["bureau"], "title": "副局长", "post_type": "副职", "start_date": "2026-04-01"})),
    "保存报告草稿": (ENTRY, lambda s, c: save_draft(s, c["王五"], "2026-03", items=ITEMS, self_grade="好")),
    "提交报告": (ENTRY, _submit),
    "撤销提交": (ENTRY, _undo, _submit),
    "审核报告": (REVIEW, _review),
    "退回报告": (REVIEW, lambda s, c: return_report(s, c["张三"], "2026-02", "事项写得不具体")),
    "撤销审核": (REVIEW, _undo, _review),
    "登记未报说明": (ENTRY, lambda s, c: excuse_month(s, c["王五"], "2026-01", "病假")),
    "设置工作日历": (ENTRY, lambda s, c: set_day(s, "2027-10-02", "休息日", "国庆节")),
    "起草公示": (ENTRY, lambda s, c: draft_notice(s, load_calendar(s.db), _typed_notice(c.ids, "新公示"))),
    "删除公示草稿": (ENTRY, lambda s, c: delete_draft_notice(s, c["draft notice"])),
    "发布公示": (REVIEW, lambda s, c: publish_notice(s, c["draft notice"])),
    "结束公示": (REVIEW, lambda s, c: close_notice(s, c["posted notice"], "2026-03-13")),
    "登记异议": (ENTRY, lambda s, c: log_objection(s, {"cadre_id": c["李四"], "received_on": "2026-03-06",
                                                   "channel": "来信", "content": "反映工作作风"})),
    "异议转入核查": (ENTRY, lambda s, c: start_check(s, c["objection"], "小王")),
    "异议办结": (REVIEW, lambda s, c: conclude(s, c["objection"], finding="不属实", findings="经核查，里程属实",
                                             handler="小王", closed_on="2026-03-10")),
    "登记测评会": (ENTRY, _session(2026, 2)),
    "新年度测评会（规则随之固定）": (ENTRY, _session(2027, 1)),
    "修改计票": (ENTRY, lambda s, c: save_tallies(s, get_session(s.db, c["town"], 2026, 1), _tallies(c.ids, 1))),
    "修改规则方案": (ADMIN, lambda s, c: save_rule_set(s, 2026, _changed_rules(s.db))),
    "新建不同的规则方案": (ADMIN, lambda s, c: save_rule_set(s, 2028, _changed_rules(s.db))),
    "年度考核数据": (ENTRY, lambda s, c: save_cadre_inputs(s, 2026, c["town"], c["李四"], {
        "evaluation": {"valid": 40, "counts": {"优秀": 20, "称职": 20}}})),
    "通报批评": (ENTRY, lambda s, c: add_supervision_notice(s, {
        "unit_id": c["town"], "cadre_id": c["李四"], "issued_on": "2026-04-10", "kind": "效能",
        "text": "窗口服务超时办结", "issuer": "县效能办"})),
    "处分": (ENTRY, lambda s, c: add_sanction(s, {
        "cadre_id": c["王五"], "decided_on": "2026-05-06", "category": "党纪处分", "measure": "警告",
        "text": "违规操办宴席", "decided_by": "县纪委"})),
    "督办事项": (ENTRY, lambda s, c: add_task(s, {"cadre_id": c["李四"], "title": "危桥改造",
                                               "assigned_on": "2026-03-01", "deadline": "2026-06-30"})),
    "谈话": (ENTRY, lambda s, c: add_talk(s, {"cadre_id": c["王五"], "talked_on": "2026-05-20", "kind": "提醒",
                                           "talker": "县委副书记", "reason": "工作拖拉", "summary": "提出要求"})),
    "函询": (ENTRY, lambda s, c: send_inquiry(s, {"cadre_id": c["张三"], "sent_on": "2026-06-01",
                                               "issue": "反映亲属承揽工程", "reply_due": "2026-06-15"})),
    "审定等次": (REVIEW, _decide),
    "采纳拟定等次": (REVIEW, lambda s, c: accept_proposals(s, 2026),
                   lambda a, c: clear_decision(a, 2026, *_accepted_subject(a.db))),
    "撤销审定": (REVIEW, lambda s, c: clear_decision(s, 2026, *_accepted_subject(s.db))),
    "锁定年度": (REVIEW, lambda s, c: lock_assessment(s, 2026)),
    "重新开放年度": (ADMIN, lambda s, c: reopen_assessment(s, 2024, "复核需要")),
    "导入名册": (ENTRY, _import_roster),
    "导入交换文件": (REVIEW, _import_transfer),
}
RANK = {role: len(ROLES) - n for n, role in enumerate(ROLES)}
NEEDED = {ENTRY: "录入员、审核员或管理员", REVIEW: "审核员或管理员", ADMIN: "管理员"}


def audit_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("what", CALLS)
def test_permission_matrix(what, role, prepared, tmp_path):
    least, call, *setup = CALLS[what]
    path = tmp_path / "office.kpdb"
    shutil.copyfile(prepared["path"], path)
    db = open_database(path)
    try:
        c = Ctx(prepared, tmp_path)
        if setup:
            c.given = setup[0](RecordStore(db, operator="管理员", clock=StepClock(), role="管理员"), c)
        store = RecordStore(db, operator=f"某{role}", clock=StepClock(), role=role)
        before = audit_count(db)
        if RANK[role] >= RANK[least]:
            call(store, c)
            assert audit_count(db) > before  # it really wrote, so the permission was judged
        else:
            with pytest.raises(PermissionDenied, match=f"角色是{role}，无权") as refused:
                call(store, c)
            assert refused.value.message.endswith(f"须由{NEEDED[least]}操作。")
            assert audit_count(db) == before  # nothing of the refused call was written
    finally:
        db.close()


def test_every_role_of_the_matrix_is_named_in_the_refusal():
    """The message names the roles that may: 录入员、审核员或管理员 / 审核员或管理员 / 管理员."""
    for action, needed in (("录入", "录入员、审核员或管理员"), ("审定", "审核员或管理员"), ("修改规则方案", "管理员")):
        with pytest.raises(PermissionDenied, match=f"须由{needed}操作"):
            require(Operator("小赵", "只读"), action)
    assert may("管理员", "管理操作员") and not may("审核员", "管理操作员") and may("只读", "查看")
    with pytest.raises(ValueError):
        may("管理员", "没有这种操作")


def test_every_record_table_has_a_rule():
    """A table added later without a rule would be a write nobody judged."""
    from db.records import RECORD_TABLES
    from desktop_app.core.permissions import ACTIONS, WRITE_RULES

    assert set(WRITE_RULES) == set(RECORD_TABLES)
    assert set(ACTIONS.values()) <= set(ROLES)


def test_a_refused_write_leaves_the_whole_batch_unwritten(store):
    """Refused mid-batch (a unit is fine for 录入员, a decision is not): nothing of the batch stays."""
    entry = RecordStore(store.db, operator="小李", clock=StepClock(), role="录入员")
    before = audit_count(store.db)
    with pytest.raises(PermissionDenied), entry.batch("录入单位并审定"):
        units.add_unit(entry, {"name": "县财政局", "kind": "县直部门"})
        entry.put("annual_decisions", "x", {"year": 2026, "kind": "team", "subject_id": "x", "final_grade": "好"})
    assert audit_count(store.db) == before
    assert store.db.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 0


def test_once_an_account_exists_every_write_needs_a_signed_in_operator(store):
    """No accounts: the store without a role has full rights (as before). Once the first
    administrator exists, a store nobody signed in to writes nothing; signed-in ones write by role."""
    units.add_unit(RecordStore(store.db), {"name": "县财政局", "kind": "县直部门"})
    admin = create_first_admin(store.db, "老王", "abc12345")
    add_operator(store.db, admin, "小李", "录入员", "abc12345")
    with pytest.raises(PermissionDenied, match="须以操作员身份登录"):
        units.add_unit(RecordStore(store.db), {"name": "县审计局", "kind": "县直部门"})
    with pytest.raises(PermissionDenied, match="须以操作员身份登录"):
        RecordStore(store.db).require("导入交换文件")
    units.add_unit(RecordStore(store.db, operator="小李", role="录入员"), {"name": "县审计局", "kind": "县直部门"})
    with pytest.raises(PermissionDenied, match="须由审核员或管理员操作"):
        RecordStore(store.db, operator="小李", role="录入员").require("导入交换文件")
    row = store.db.execute("SELECT operator FROM audit_log WHERE table_name = 'units' ORDER BY seq DESC").fetchone()
    assert row[0] == "小李"


def test_a_dry_run_of_a_transfer_import_needs_no_more_than_reading(prepared, tmp_path):
    from desktop_app.transfer.exchange import import_package

    path = tmp_path / "office.kpdb"
    shutil.copyfile(prepared["path"], path)
    db = open_database(path)
    try:
        store = RecordStore(db, operator="小周", role="只读")
        outcome = import_package(store, prepared["package"], backups_dir=tmp_path / "备份", passphrase=PASSPHRASE,
                                 dry_run=True)
        assert outcome.dry_run and outcome.report.as_json()["tables"]["units"]
    finally:
        db.close()
