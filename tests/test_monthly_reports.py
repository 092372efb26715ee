"""月度实绩报告: drafts, the states 草稿 → 已提交 → 已审核 → 已公示 → 归档, lateness, gaps and rule 8."""

import pytest
from conftest import id_number

from db.integrity import check_database
from desktop_app.core import cadres, units
from desktop_app.core.audit import record_history
from desktop_app.core.errors import RecordNotFound, RuleViolation, ValidationError
from desktop_app.core.monthly_reports import (
    archive_reports,
    delete_draft,
    excuse_month,
    get_report,
    last_month_plans,
    mark_posted,
    return_report,
    review_report,
    save_draft,
    submit_report,
    withdraw_excuse,
)
from desktop_app.core.months import month_label, months_between, next_month, previous_month, validate_month
from desktop_app.core.natural_ids import report_id
from desktop_app.core.report_gaps import due_date, gaps_by_unit, month_statuses, report_flags, set_due_day

ITEMS = [{"task": "完成村道硬化验收", "result": "已验收 3.2 公里", "evidence": "验收单"},
         {"task": "", "result": "", "evidence": ""}]



@pytest.fixture
def town(store):
    unit_id, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    people = {}
    for n, (name, title, kind) in enumerate([("张三", "镇长", "正职"), ("李四", "副镇长", "副职"),
                                              ("王五", "武装部长", "班子成员")]):
        people[name] = cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n}23")},
                                        {"unit_id": unit_id, "title": title, "post_type": kind,
                                         "start_date": "2024-01-01"}).record_id
    return unit_id, people


def submitted(store, cadre_id, month, on):
    save_draft(store, cadre_id, month, plans=["推进项目"], items=ITEMS, self_grade="好")
    submit_report(store, cadre_id, month, on)


def test_months_are_read_in_the_ways_operators_write_them():
    assert [validate_month(v) for v in ("2026-03", "2026.3", "2026年3月", "2026/12")] == [
        "2026-03", "2026-03", "2026-03", "2026-12"]
    for bad in ("2026-13", "03-2026", "", "1999-01"):
        with pytest.raises(ValidationError, match="月份格式不对"):
            validate_month(bad)
    assert (month_label("2026-03"), previous_month("2026-01"), next_month("2026-12")) == ("2026年3月", "2025-12", "2027-01")
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_a_report_goes_from_draft_to_archive_and_every_step_is_recorded(store, town):
    _unit, people = town
    zhang = people["张三"]
    save_draft(store, zhang, "2026-03", plans=["推进项目", " "], items=ITEMS, self_grade="较好")
    report = get_report(store.db, zhang, "2026-03")
    assert report["id"] == report_id(zhang, "2026-03") and report["state"] == "草稿"
    assert report["plans"] == ["推进项目"] and report["items"] == ITEMS[:1]  # empty rows dropped
    save_draft(store, zhang, "2026-03", plans=["推进项目"], items=ITEMS, self_grade="好")
    submit_report(store, zhang, "2026-03", "2026-03-28")
    with pytest.raises(RuleViolation, match="为「已提交」，不能再修改"):
        save_draft(store, zhang, "2026-03", items=ITEMS, self_grade="好")
    review_report(store, zhang, "2026-03", truthful="属实", completion_grade="好", on="2026-04-02",
                  remarks="按计划完成", signed_by="杨书记", signed_on="2026-04-02")
    mark_posted(store, [report["id"]])
    archive_reports(store, [report["id"]])
    final = get_report(store.db, zhang, "2026-03")
    assert (final["state"], final["truthful"], final["completion_grade"], final["signed_by"]) == (
        "归档", "属实", "好", "杨书记")
    notes = [entry.summary for entry in record_history(store.db, "reports", report["id"])]
    assert len(notes) == 6  # 填写, 修改, 提交, 审核, 公示, 归档
    assert check_database(store.db.path).ok


def test_submitting_and_reviewing_need_their_fields_and_the_right_state(store, town):
    _unit, people = town
    li = people["李四"]
    with pytest.raises(RecordNotFound):
        submit_report(store, li, "2026-03", "2026-03-20")
    save_draft(store, li, "2026-03", items=[])
    with pytest.raises(ValidationError) as error:
        submit_report(store, li, "2026-03", "2026-03-20")
    assert set(error.value.problems) == {"items", "self_grade"}
    with pytest.raises(ValidationError, match="第 1 项没有填写工作事项"):
        save_draft(store, li, "2026-03", items=[{"task": "", "result": "做了"}])
    with pytest.raises(ValidationError, match="自评等次"):
        save_draft(store, li, "2026-03", items=ITEMS, self_grade="优秀")
    with pytest.raises(RuleViolation, match="只有已提交的报告可以审核"):
        review_report(store, li, "2026-03", truthful="属实", completion_grade="好", on="2026-04-01")
    submitted(store, li, "2026-04", "2026-04-29")
    with pytest.raises(ValidationError):
        review_report(store, li, "2026-04", truthful="", completion_grade="很好", on="2026-05-01")


def test_a_report_sent_back_is_a_draft_again_with_the_reason(store, town):
    _unit, people = town
    wang = people["王五"]
    submitted(store, wang, "2026-03", "2026-03-30")
    with pytest.raises(ValidationError, match="原因"):
        return_report(store, wang, "2026-03", " ")
    return_report(store, wang, "2026-03", "佐证材料不全")
    report = get_report(store.db, wang, "2026-03")
    assert (report["state"], report["submitted_on"], report["review_remarks"]) == ("草稿", "", "退回：佐证材料不全")
    delete_draft(store, wang, "2026-03")
    assert get_report(store.db, wang, "2026-03") is None
    save_draft(store, wang, "2026-03", items=ITEMS, self_grade="好")  # a deleted report comes back
    assert get_report(store.db, wang, "2026-03")["state"] == "草稿"
    assert check_database(store.db.path).ok


def test_last_months_plans_start_the_next(store, town):
    _unit, people = town
    save_draft(store, people["张三"], "2026-02", plans=["计划甲", "计划乙"], items=ITEMS, self_grade="好")
    assert last_month_plans(store.db, people["张三"], "2026-03") == ["计划甲", "计划乙"]
    assert last_month_plans(store.db, people["张三"], "2026-02") == []


def test_a_cadre_without_a_post_that_month_cannot_report(store, town):
    _unit, people = town
    with pytest.raises(RuleViolation, match="没有任职记录"):
        save_draft(store, people["张三"], "2023-06", items=ITEMS)


def test_due_dates_take_the_last_day_of_short_months(office_db):
    assert due_date("2026-03") == "2026-03-30"
    assert due_date("2026-02") == "2026-02-28" and due_date("2028-02") == "2028-02-29"
    assert due_date("2026-04", 31) == "2026-04-30"
    set_due_day(office_db, 25)
    with pytest.raises(ValidationError):
        set_due_day(office_db, 0)


def test_statuses_on_time_late_missing_excused_hollow(store, town):
    unit_id, people = town
    submitted(store, people["张三"], "2026-03", "2026-03-30")  # on the due day: on time
    submitted(store, people["李四"], "2026-03", "2026-03-31")  # a day late
    before = {c.name: c.status for c in month_statuses(store.db, "2026-03", "2026-03-15")}
    assert before == {"张三": "按时", "李四": "逾期", "王五": "未到期"}
    after = {c.name: c.status for c in month_statuses(store.db, "2026-03", "2026-04-05")}
    assert after["王五"] == "未报"
    excuse_month(store, people["王五"], "2026-03", "病假", "住院", accepted_by="杨书记")
    assert {c.name: c.status for c in month_statuses(store.db, "2026-03", "2026-04-05")}["王五"] == "说明"
    review_report(store, people["李四"], "2026-03", truthful="属实", completion_grade="一般", on="2026-04-02",
                  hollow=True)
    [gaps] = gaps_by_unit(store.db, "2026-03", "2026-04-05")
    assert (gaps.unit_id, gaps.unit_name, gaps.expected) == (unit_id, "丹江镇", 3)
    assert {k: v for k, v in gaps.counts.items() if v} == {"按时": 1, "空洞": 1, "说明": 1}
    with pytest.raises(ValidationError, match="其他"):
        excuse_month(store, people["王五"], "2026-04", "其他")


def test_two_consecutive_months_missing_or_hollow_flag_the_cadre_unless_excused(store, town):
    _unit, people = town
    for month in ("2026-01", "2026-02", "2026-03", "2026-04"):
        submitted(store, people["张三"], month, f"{month}-10")
    submitted(store, people["李四"], "2026-01", "2026-01-10")
    submitted(store, people["李四"], "2026-02", "2026-02-10")
    review_report(store, people["李四"], "2026-02", truthful="不属实", completion_grade="差", on="2026-03-01",
                  hollow=True)
    # 李四: 2025-12 未报, 2026-01 按时, 2026-02 空洞, 2026-03 未报 → flagged for 2026-02/03.
    # 王五 (in post since 2024): 2025-12 未报, 2026-01 说明, 2026-02 未报, 2026-03 说明 → never two in a row.
    excuse_month(store, people["王五"], "2026-01", "培训")
    excuse_month(store, people["王五"], "2026-03", "借调")
    flags = {f.name: f for f in report_flags(store.db, 2026, "2026-04-10")}
    assert set(flags) == {"李四"}
    assert flags["李四"].months == ("2026-02", "2026-03") and flags["李四"].statuses == ("空洞", "未报")
    assert "2026年2月空洞、2026年3月未报，连续两个月" in flags["李四"].reason
    withdraw_excuse(store, people["王五"], "2026-01")  # the reason was not accepted after all
    flags = {f.name: f for f in report_flags(store.db, 2026, "2026-04-10")}
    assert flags["王五"].months == ("2026-01", "2026-02") and flags["王五"].statuses == ("未报", "未报")
    # reporting began in 2026-01 (the first report in the file): 2025 and before are not judged
    assert report_flags(store.db, 2025, "2026-04-10") == []


def test_sending_back_drops_the_signature_and_the_reads_the_report_form_uses(store, town):
    from desktop_app.core.monthly_reports import get_excuse, report_month_span, submission_problems
    from desktop_app.core.roster import name_pinyin_of

    unit_id, people = town
    zhang = people["张三"]
    assert report_month_span(store.db) is None
    submitted(store, zhang, "2026-03", "2026-03-28")
    review_report(store, zhang, "2026-03", truthful="属实", completion_grade="好", on="2026-04-02",
                  signed_by="杨书记", signed_on="2026-04-02")
    return_report(store, zhang, "2026-03", "佐证材料不全")
    report = get_report(store.db, zhang, "2026-03")
    assert (report["signed_by"], report["signed_on"]) == ("", "")  # the sign-off belonged to the review undone
    assert report_month_span(store.db) == ("2026-03", "2026-03")
    assert submission_problems([{"task": " ", "result": ""}], "") == {
        "items": "请至少填写一项完成事项再提交", "self_grade": "请选择自评等次再提交"}
    assert submission_problems(ITEMS, "好") == {}
    excuse_month(store, people["李四"], "2026-03", "培训", "省委党校", accepted_by="杨书记")
    assert get_excuse(store.db, people["李四"], "2026-03")["note"] == "省委党校"
    assert get_excuse(store.db, zhang, "2026-03") is None
    assert name_pinyin_of(store.db, [zhang]) == {zhang: ("zhangsan", "zs")}
    [flag] = [f for f in report_flags(store.db, 2026, "2026-05-05") if f.cadre_id == people["王五"]]
    assert (flag.unit_id, flag.unit_name) == (unit_id, "丹江镇")


def test_a_post_ending_on_the_first_of_a_month_is_not_held_that_month(store, town):
    """End dates are exclusive (core.posts): who left on 03-01 reports February, not March, and is
    not on the March meeting's list."""
    from desktop_app.core.evaluations import default_evaluated
    from desktop_app.core.monthly_reports import report_unit

    unit_id, people = town
    cadres.add_cadre(store, {"name": "钱七", "id_number": id_number(sequence="923")},
                     {"unit_id": unit_id, "title": "副镇长", "post_type": "副职", "start_date": "2024-01-01",
                      "end_date": "2026-03-01"})
    qian = next(c.cadre_id for c in month_statuses(store.db, "2026-02", "2026-03-15") if c.name == "钱七")
    assert "钱七" not in {c.name for c in month_statuses(store.db, "2026-03", "2026-04-15")}
    assert report_unit(store.db, qian, "2026-02") == unit_id and report_unit(store.db, qian, "2026-03") is None
    assert "钱七" in {e.name for e in default_evaluated(store.db, unit_id, 2026, 1)}
    assert "钱七" not in {e.name for e in default_evaluated(store.db, unit_id, 2026, 2)}
