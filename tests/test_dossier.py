"""干部考核档案 as data: one cadre across the years — posts, months, quarters, years with reasons,
cards, talks, inquiries, sanctions and notices — and finding a cadre by name, ID number or id."""

from annual_county import annual, annual_template, county, decide_2025  # noqa: F401 — fixtures

from desktop_app.core.dossier import (
    DossierSources,
    cadre_dossier,
    county_dossiers,
    dossier_cadre_ids,
    find_cadres,
)

AS_OF = "2026-03-10"


def test_posts_months_and_quarters_of_a_cadre(annual):  # noqa: F811
    store, ids = annual
    dossier = cadre_dossier(store.db, ids["张三"], as_of=AS_OF)
    assert dossier.identity.name == "张三" and dossier.identity.birth_month == "1975-01"
    assert dossier.identity.masked_id_number.startswith("5226") and "*" in dossier.identity.masked_id_number
    assert [(p.unit_name, p.title, p.start_date, p.end_date) for p in dossier.posts] == [
        ("西江镇", "副镇长", "2019-03-01", "2023-01-01"), ("丹江镇", "党委书记", "2023-01-01", None)]
    assert [p.title for p in dossier.current_posts()] == ["党委书记"]
    grid = dossier.month_grid()
    assert grid[2025] == ["好", "好", "较好", "好", "一般", "较好"] * 2
    assert grid[2026] == ["未报", "未报"] + [""] * 10  # January's and February's due days have passed
    assert [(q.label, q.score_text, q.grade, q.rank, q.ranked) for q in dossier.quarters] == [
        ("2024年第4季度", "98.00", "好", 1, 3), ("2025年第1季度", "88.00", "较好", 2, 3),
        ("2025年第2季度", "98.00", "好", 1, 3), ("2025年第3季度", "88.00", "较好", 2, 3),
        ("2025年第4季度", "98.00", "好", 1, 3)]


def test_years_with_proposal_decision_and_reasons(annual):  # noqa: F811
    store, ids = annual
    # a year still running is left out until decided
    assert [y.year for y in cadre_dossier(store.db, ids["张三"], as_of="2025-06-30").years] == [2024]
    decide_2025(store, ids)
    assert [y.year for y in cadre_dossier(store.db, ids["张三"], as_of="2025-06-30").years] == [2024, 2025]
    zhang = cadre_dossier(store.db, ids["张三"], as_of=AS_OF)
    assert [(y.year, y.proposed, y.final, y.grade, y.composite_text) for y in zhang.years] == [
        (2024, "优秀", None, "优秀", "98.0"), (2025, "称职", "称职", "称职", "91.8")]
    latest = zhang.years[-1]
    assert latest.base_grade == "优秀" and latest.changed_by == ("通报批评",) and not latest.overridden
    assert latest.reasons == ("所在单位在作风监督（值班期间脱岗）中被通报批评，主要领导不得评为'优秀'",)
    assert set(latest.parts) == {"月度实绩", "季度评议", "年度测评"}
    li = cadre_dossier(store.db, ids["李四"], as_of=AS_OF).years[-1]
    assert li.overridden and li.final == "基本称职" and li.decided_by == "考核办"
    assert li.override_reason == "督办事项两次逾期，经考核委员会研究降为基本称职"


def test_registers_cards_talks_inquiries_sanctions_and_notices(annual):  # noqa: F811
    store, ids = annual
    li = cadre_dossier(store.db, ids["李四"], as_of=AS_OF)
    assert [(t.title, t.state, t.yellow) for t in li.tasks] == [("人居环境整治", "逾期办结", True),
                                                                 ("安全生产检查", "逾期未办结", True)]
    assert [(c.year, c.yellow, c.red, c.text) for c in li.cards] == [(2025, 2, True, "2025年黄牌提醒 2 次，红牌警告")]
    zhang = cadre_dossier(store.db, ids["张三"], as_of=AS_OF)
    assert [(t.talked_on, t.kind, t.talker) for t in zhang.talks] == [("2025-04-10", "提醒", "县委组织部王部长")]
    assert [(i.issue, i.state, i.outcome) for i in zhang.inquiries] == [("反映征地补偿不公开", "逾期回复", "予以了结")]
    # the unit's notice counts against its principal, not against a deputy
    assert [(n.issued_on, n.kind, n.unit_name, n.named) for n in zhang.notices] == [("2025-07-01", "作风", "丹江镇", False)]
    assert li.notices == () and zhang.sanctions == () and zhang.tasks == ()
    zhao = cadre_dossier(store.db, ids["赵六"], as_of=AS_OF)
    assert [(s.category, s.measure, s.decided_by) for s in zhao.sanctions] == [("党纪处分", "警告", "县纪委")]


def test_cadres_are_found_by_name_id_number_or_id(annual):  # noqa: F811
    store, ids = annual
    namesakes = find_cadres(store.db, "张三")
    assert [(m.name, m.unit_name, m.title, m.status) for m in namesakes] == [("张三", "丹江镇", "党委书记", "在职"),
                                                                             ("张三", "西江镇", "副镇长", "在职")]
    second = next(m for m in namesakes if m.unit_name == "西江镇")
    assert [m.cadre_id for m in find_cadres(store.db, second.id_number.lower())] == [ids["张三2"]]
    assert [m.cadre_id for m in find_cadres(store.db, ids["李四"][:8])] == [ids["李四"]]
    assert find_cadres(store.db, ids["李四"][:4]) == [] and find_cadres(store.db, " ") == []
    assert find_cadres(store.db, "不存在") == []


def test_a_whole_county_computes_each_year_once_and_reports_progress(annual):  # noqa: F811
    store, ids = annual
    everyone = dossier_cadre_ids(store.db)
    assert set(everyone) == {ids[k] for k in ("张三", "李四", "王五", "赵六", "张三2", "钱七")}
    assert dossier_cadre_ids(store.db, ids["西江镇"])[0] in (ids["张三"], ids["赵六"], ids["张三2"], ids["钱七"])
    assert set(dossier_cadre_ids(store.db, ids["西江镇"])) == {ids[k] for k in ("张三", "赵六", "张三2", "钱七")}
    heard = []
    found = county_dossiers(store.db, everyone, as_of=AS_OF, progress=lambda *a: heard.append(a))
    assert [d.identity.cadre_id for d in found] == everyone
    assert heard[-1] == (6, 6, "正在汇集考核档案：第 6 / 6 人") and len(heard) == 6
    sources = DossierSources(store.db, AS_OF)
    for cadre_id in everyone:
        cadre_dossier(store.db, cadre_id, sources=sources)
    assert sorted(sources._years) == [2024, 2025]
