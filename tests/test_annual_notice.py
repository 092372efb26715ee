"""年度考核结果公示: the list is made from the committee's final grades only, team first, and goes
through the notice board and its PDF (with its verification code) like any other notice."""

import pdfplumber
import pytest
from annual_county import annual, annual_template, county, decide_2025  # noqa: F401 — fixtures

from desktop_app.core.annual_notice import (
    ANNUAL_COLUMNS,
    ANNUAL_KIND,
    annual_basis,
    annual_entries,
    annual_title,
    draft_annual_notice,
)
from desktop_app.core.assessment import assess_year, clear_decision
from desktop_app.core.errors import RuleViolation
from desktop_app.core.notices import get_notice, publish_notice
from desktop_app.core.workdays import load_calendar
from desktop_app.reports.notice_print import find_notice_by_code, notice_document, write_notice_pdf

VALUES = {"start_date": "2026-03-02", "workdays": 5, "issuer": "中共雷山县委组织部",
          "channels": {"phone": "0855-12380", "address": "县委组织部干部监督科"}}


def test_no_list_while_a_subject_is_undecided(annual):  # noqa: F811
    store, ids = annual
    with pytest.raises(RuleViolation) as error:
        annual_entries(store.db, [ids["丹江镇"], ids["西江镇"]], 2025)
    assert error.value.message == ("所选单位2025年度还有 8 个考核对象未审定等次（领导班子 2 个、干部 6 名），"
                                   "全部审定后才能生成年度考核结果公示。")


def test_a_unit_decided_can_be_noticed_while_another_is_not(annual):  # noqa: F811
    store, ids = annual
    decide_2025(store, ids)
    clear_decision(store, 2025, "cadre", ids["钱七"])
    columns, entries = annual_entries(store.db, [ids["丹江镇"]], 2025)
    assert columns == ANNUAL_COLUMNS == ["序号", "单位", "姓名", "职务", "等次"]
    assert [e["cells"] for e in entries] == [
        ["1", "丹江镇", "领导班子", "", "较好"], ["2", "丹江镇", "张三", "党委书记", "称职"],
        ["3", "丹江镇", "李四", "副镇长", "基本称职"], ["4", "丹江镇", "王五", "武装部长", "称职"]]
    assert entries[0]["kind"] == "team" and "cadre_id" not in entries[0]
    assert entries[2]["cadre_id"] == ids["李四"]
    with pytest.raises(RuleViolation, match="还有 1 个考核对象未审定等次（干部 1 名）"):
        annual_entries(store.db, [ids["西江镇"]], 2025)
    with pytest.raises(RuleViolation, match="没有考核对象"):
        annual_entries(store.db, [ids["丹江镇"]], 2020)


def test_the_notice_is_drafted_published_and_printed_with_its_code(annual, tmp_path):  # noqa: F811
    store, ids = annual
    decide_2025(store, ids)
    units = [ids["丹江镇"], ids["西江镇"]]
    assessment = assess_year(store.db, 2025)
    created = draft_annual_notice(store, load_calendar(store.db), 2025, units, VALUES, assessment=assessment)
    assert created.changes.note.startswith("起草公示「丹江镇等2个单位2025年度考核结果公示」")
    notice = get_notice(store.db, created.record_id)
    assert notice["kind"] == ANNUAL_KIND and notice["title"] == annual_title(store.db, units, 2025)
    assert notice["basis"] == annual_basis(2025) and len(notice["entries"]) == 8
    publish_notice(store, created.record_id)
    path = write_notice_pdf(store.db, created.record_id, tmp_path / "公示.pdf")
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    code = notice_document(get_notice(store.db, created.record_id)).verification()
    assert "丹江镇等2个单位2025年度考核结果公示" in text and f"核验码：{code}" in text
    assert "1 丹江镇 领导班子 较好" in text and "5 西江镇 领导班子 差" in text
    assert "3 丹江镇 李四 副镇长 基本称职" in text and "8 西江镇 钱七 党委委员、组织委员 称职" in text
    assert "2026年3月2日至3月6日（5个工作日）" in text
    assert find_notice_by_code(store.db, code)["id"] == created.record_id
