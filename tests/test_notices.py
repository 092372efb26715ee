"""公示 and 异议: a month's notice drafted from reviewed reports, published, objected to, closed."""

import pytest
from conftest import id_number
from test_monthly_reports import ITEMS

from db.integrity import check_database
from desktop_app.core import cadres, units
from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.monthly_reports import get_report, review_report, save_draft, submit_report
from desktop_app.core.notices import (
    MONTHLY_COLUMNS,
    board,
    close_notice,
    delete_draft_notice,
    draft_notice,
    get_notice,
    monthly_entries,
    monthly_title,
    publish_notice,
)
from desktop_app.core.objections import (
    conclude,
    log_objection,
    objections_list,
    start_check,
    substantiated_objections,
)
from desktop_app.core.workdays import load_calendar

CHANNELS = {"phone": "0855-3331234、12380", "mailbox": "lsxzzb@example.cn", "address": "雷山县委组织部 302 室",
            "hours": "工作日 9:00—17:00"}


@pytest.fixture
def month_reviewed(store):
    return reviewed_month(store)


def reviewed_month(store) -> tuple[dict[str, str], dict[str, str]]:
    """丹江镇 and 西江镇, two cadres each, March 2026 reports reviewed (one of 西江镇's still a draft).

    Returns (unit ids, cadre ids) by name: 丹甲, 丹乙, 西甲 and 西乙 (the draft)."""
    people, unit_ids = {}, {}
    for u, town in enumerate(("丹江镇", "西江镇")):
        unit_ids[town], _ = units.add_unit(store, {"name": town, "kind": "乡镇"})
        for n, name in enumerate((f"{town[:1]}甲", f"{town[:1]}乙")):
            people[name] = cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{u}{n}5")},
                                            {"unit_id": unit_ids[town], "title": "副镇长", "post_type": "副职",
                                             "start_date": "2024-01-01"}).record_id
            save_draft(store, people[name], "2026-03", plans=["计划"], items=ITEMS, self_grade="好")
            if name != "西乙":
                submit_report(store, people[name], "2026-03", "2026-03-28")
                review_report(store, people[name], "2026-03", truthful="属实", completion_grade="较好",
                              on="2026-03-31")
    return unit_ids, people


@pytest.fixture
def calendar(store):
    return load_calendar(store.db)


def monthly_values(db, unit_ids, **extra):
    columns, entries = monthly_entries(db, unit_ids, "2026-03")
    return {"kind": "月度实绩", "title": monthly_title(db, unit_ids, "2026-03"), "unit_ids": unit_ids,
            "basis": "根据《干部工作实绩月报告制度》，现将2026年3月干部工作实绩予以公示。", "columns": columns,
            "entries": entries, "start_date": "2026-04-01", "workdays": 7, "channels": CHANNELS,
            "issuer": "中共雷山县委组织部", "issued_on": "2026-04-01"} | extra


def test_a_monthly_notice_lists_the_reviewed_reports_and_ends_on_the_seventh_working_day(store, month_reviewed,
                                                                                             calendar):
    unit_ids, people = month_reviewed
    both = list(unit_ids.values())
    columns, entries = monthly_entries(store.db, both, "2026-03")
    assert columns == MONTHLY_COLUMNS
    assert [e["cells"][:3] for e in entries] == [["1", "丹江镇", "丹甲"], ["2", "丹江镇", "丹乙"], ["3", "西江镇", "西甲"]]
    assert entries[0]["cells"][3:] == ["副镇长", "好", "较好", "属实"]
    assert monthly_title(store.db, both, "2026-03") == "丹江镇等2个单位2026年3月干部工作实绩公示"
    notice_id = draft_notice(store, calendar, monthly_values(store.db, both))
    notice = get_notice(store.db, notice_id)
    # 4 月 4–6 日清明节放假: 1, 2, 3, 7, 8, 9, 10 are the seven working days
    assert (notice["state"], notice["start_date"], notice["end_date"]) == ("草稿", "2026-04-01", "2026-04-10")
    assert notice["channels"]["phone"] == CHANNELS["phone"] and notice["entries"] == entries
    publish_notice(store, notice_id)
    assert get_report(store.db, people["丹甲"], "2026-03")["state"] == "已公示"
    assert get_report(store.db, people["西乙"], "2026-03")["state"] == "草稿"  # not listed
    with pytest.raises(RuleViolation, match="已发布"):
        draft_notice(store, calendar, monthly_values(store.db, both, title="改"), notice_id)
    [entry] = board(store.db, calendar, "2026-04-03")
    assert (entry.section, entry.workdays_left, entry.open_objections) == ("公示中", 5, 0)
    assert board(store.db, calendar, "2026-04-09")[0].section == "即将期满"
    assert board(store.db, calendar, "2026-04-13")[0].section == "期满待结束"
    close_notice(store, notice_id, "2026-04-13")
    assert get_notice(store.db, notice_id)["state"] == "已结束"
    assert get_report(store.db, people["丹甲"], "2026-03")["state"] == "归档"
    assert check_database(store.db.path).ok


def test_an_open_objection_blocks_closing_until_it_is_concluded(store, month_reviewed, calendar):
    unit_ids, people = month_reviewed
    notice_id = draft_notice(store, calendar, monthly_values(store.db, [unit_ids["丹江镇"]]))
    publish_notice(store, notice_id)
    in_time = log_objection(store, {"notice_id": notice_id, "cadre_id": people["丹甲"], "received_on": "2026-04-03",
                                    "channel": "电话", "content": "所报道路验收里程与实际不符", "complainant": "匿名"})
    late = log_objection(store, {"notice_id": notice_id, "cadre_id": people["丹乙"], "received_on": "2026-04-15",
                                 "channel": "来信", "content": "反映出勤情况"})
    rows = {row.id: row for row in objections_list(store.db, notice_id=notice_id)}
    assert rows[in_time].within_period and not rows[late].within_period
    assert rows[in_time].cadre_name == "丹甲" and rows[in_time].state == "受理"
    assert board(store.db, calendar, "2026-04-08")[0].open_objections == 2
    with pytest.raises(RuleViolation, match="还有 2 件异议未办结"):
        close_notice(store, notice_id, "2026-04-13")
    start_check(store, in_time, handler="纪委 王某")
    with pytest.raises(RuleViolation):
        start_check(store, in_time)
    with pytest.raises(ValidationError) as error:
        conclude(store, in_time, finding="基本属实", findings="", handler="", closed_on="2026-04-01")
    assert set(error.value.problems) == {"finding", "findings", "handler", "closed_on"}
    conclude(store, in_time, finding="部分属实", findings="实际验收 2.8 公里，已责令更正", handler="王某",
             closed_on="2026-04-10")
    conclude(store, late, finding="不属实", findings="考勤记录完整", handler="王某", closed_on="2026-04-16")
    with pytest.raises(RuleViolation, match="已办结"):
        conclude(store, late, finding="属实", findings="x", handler="王某", closed_on="2026-04-16")
    assert objections_list(store.db, open_only=True) == []
    close_notice(store, notice_id, "2026-04-16")
    facts = substantiated_objections(store.db, 2026)
    assert [(f["cadre_id"], f["finding"]) for f in facts] == [(people["丹甲"], "部分属实")]


def test_notice_input_is_checked(store, month_reviewed, calendar):
    unit_ids, _people = month_reviewed
    with pytest.raises(ValidationError) as error:
        draft_notice(store, calendar, {"kind": "通知", "title": "", "start_date": "下周", "workdays": 0, "unit_ids": []})
    assert set(error.value.problems) == {"kind", "title", "start_date", "workdays", "unit_ids"}
    values = monthly_values(store.db, [unit_ids["丹江镇"]], entries=[{"cells": ["1", "丹江镇"]}])
    with pytest.raises(ValidationError, match="列数"):
        draft_notice(store, calendar, values)
    empty = draft_notice(store, calendar, monthly_values(store.db, [unit_ids["丹江镇"]], entries=[]))
    with pytest.raises(RuleViolation, match="名单是空的"):
        publish_notice(store, empty)
    delete_draft_notice(store, empty)
    assert board(store.db, calendar, "2026-04-01") == []
    with pytest.raises(ValidationError, match="请选择针对的公示或干部"):
        log_objection(store, {"received_on": "2026-04-02", "channel": "电话", "content": "x"})


def test_notice_text_keeps_chinese_punctuation_and_paragraphs(store, month_reviewed, calendar):
    unit_ids, _people = month_reviewed
    basis = "根据《干部工作实绩月报告制度》（试行），现予公示：\r\n\r\n  公示期间，欢迎监督。 "
    notice_id = draft_notice(store, calendar, monthly_values(store.db, [unit_ids["丹江镇"]], basis=basis,
                                                             title="丹江镇（第一批）实绩公示"))
    notice = get_notice(store.db, notice_id)
    assert notice["basis"] == "根据《干部工作实绩月报告制度》（试行），现予公示：\n公示期间，欢迎监督。"
    assert notice["title"] == "丹江镇（第一批）实绩公示"


def test_a_draft_is_not_published_once_a_listed_report_was_sent_back_or_reviewed_again(store, month_reviewed, calendar):
    from desktop_app.core.monthly_reports import return_report

    unit_ids, people = month_reviewed
    notice_id = draft_notice(store, calendar, monthly_values(store.db, [unit_ids["丹江镇"]]))
    return_report(store, people["丹甲"], "2026-03", "事项不实")
    submit_report(store, people["丹甲"], "2026-03", "2026-03-30")
    review_report(store, people["丹甲"], "2026-03", truthful="不属实", completion_grade="差", on="2026-03-31")
    with pytest.raises(RuleViolation, match="名单中丹甲的报告在起草后被退回或审核结果已改变"):
        publish_notice(store, notice_id)
    assert get_report(store.db, people["丹甲"], "2026-03")["state"] == "已审核"
    draft_notice(store, calendar, monthly_values(store.db, [unit_ids["丹江镇"]]), notice_id)  # list made again
    publish_notice(store, notice_id)
    assert get_notice(store.db, notice_id)["entries"][0]["cells"][4:] == ["好", "差", "不属实"]
