"""季度评议量化评分: hand-computed scores, the divisor rule, ranks, grades, rounding, tally checks,
summaries, scoring from the database with the rules of the quarter's year, and properties."""

import random
from fractions import Fraction

import pytest
from conftest import id_number
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core import cadres, units
from desktop_app.core.natural_ids import session_id, tally_id
from desktop_app.core.quarter_scores import (
    NO_VOTES,
    Ballots,
    Tally,
    TallyError,
    check_tally,
    county_summary,
    display_rate,
    display_score,
    quarter_summary,
    score_cadre,
    score_unit,
    session_scores,
)
from desktop_app.core.rule_sets import (
    DEFAULT_RULES,
    default_quarter_rules,
    parse_quarter_rules,
    preset_rules,
    save_rule_set,
)

RULES = default_quarter_rules()  # 好/较好/一般/差 = 100/80/60/40; 领导 30, 同级 30, 干部职工 40; 90/80/65/0
BALLOTS = Ballots(35, {"领导": 5, "同级": 10, "干部职工": 20})

# 张三, every number worked by hand:
ZHANG = Tally("z", "张三", {
    "领导": [[5, 0, 0, 0], [4, 1, 0, 0], [3, 2, 0, 0]],
    "同级": [[6, 4, 0, 0], [5, 5, 0, 0], [4, 4, 2, 0]],
    "干部职工": [[10, 6, 4, 0], [8, 8, 3, 1], [6, 8, 4, 1]],  # one 干部职工 abstained on 工作实绩
})
# 思路措施: 领导 500/5 = 100; 同级 (600+320)/10 = 92; 干部职工 (1000+480+240)/20 = 86
#           → (30×100 + 30×92 + 40×86) / (30+30+40) = (3000 + 2760 + 3440) / 100 = 92
# 作风纪律: 领导 (400+80)/5 = 96; 同级 (500+400)/10 = 90; 干部职工 (800+640+180+40)/20 = 83
#           → (2880 + 2700 + 3320) / 100 = 89
# 工作实绩: 领导 (300+160)/5 = 92; 同级 (400+320+120)/10 = 84; 干部职工 (600+640+240+40)/19 = 1520/19 = 80
#           → (2760 + 2520 + 3200) / 100 = 84.8
# 综合: (92 + 89 + 84.8) / 3 = 265.8 / 3 = 88.6 → 较好 (80 ≤ 88.6 < 90)
# 好: 5+6+10 + 4+5+8 + 3+4+6 = 51 of 35 ballots × 3 aspects = 105 → 51/105
# 较好: 0+4+6 + 1+5+8 + 2+4+8 = 38 → 好及较好 89/105

# 李四: the 领导 did not vote on him at all (an empty row and no row at all are the same)
LI = Tally("l", "李四", {"领导": [[0, 0, 0, 0]] * 3, "同级": [[10, 0, 0, 0]] * 3, "干部职工": [[20, 0, 0, 0]] * 3})


def test_a_score_worked_by_hand():
    score = score_cadre(RULES, ZHANG, BALLOTS)
    assert score.aspect_scores == (92, 89, 84.8)
    assert score.exact_score == Fraction(886, 10) and score.score == pytest.approx(88.6)
    assert (score.score_text, score.grade) == ("88.60", "较好")
    assert score.good_rate == 51 / 105 and score.good_or_better_rate == 89 / 105
    assert display_rate(score.good_rate) == "48.6%" and display_rate(score.good_or_better_rate) == "84.8%"
    assert score.abstentions == (0, 0, 1) and score.valid == 35
    assert score.counts == ZHANG.counts  # the raw counts are kept


def test_a_category_that_did_not_vote_is_left_out_of_the_divisor_not_counted_as_zero():
    score = score_cadre(RULES, LI, BALLOTS)
    # (30×100 + 40×100) / (30 + 40) = 100; the forgetful system gives (30×100 + 40×100) / 100 = 70
    assert score.exact_score == 100 and score.aspect_scores == (100, 100, 100) and score.grade == "好"
    without_row = Tally("l", "李四", {"同级": [[10, 0, 0, 0]] * 3, "干部职工": [[20, 0, 0, 0]] * 3})
    assert score_cadre(RULES, without_row, BALLOTS).exact_score == 100
    assert score.abstentions == (5, 5, 5)  # the five 领导 ballots left him blank
    assert score.good_rate == 90 / 105  # rates count every valid ballot, abstentions included


def test_without_voter_categories_the_aspect_is_the_plain_average():
    tally = Tally("w", "王五", {"": [[6, 3, 1, 0], [2, 2, 2, 2], [0, 0, 0, 0]]})
    score = score_cadre(RULES, tally, Ballots(12))
    # 思路措施 (600+240+60)/10 = 90; 作风纪律 (200+160+120+80)/8 = 70; 工作实绩: no vote, left out
    # 综合 (90 + 70) / 2 = 80 → 较好
    assert score.aspect_scores == (90, 70, None) and score.exact_score == 80 and score.grade == "较好"
    assert score.abstentions == (2, 4, 12) and score.good_rate == 8 / 36


def test_aspect_weights_weigh_the_overall_score():
    rules = DEFAULT_RULES | {"quarterly": DEFAULT_RULES["quarterly"] | {"aspects": [
        {"name": "甲", "weight": 1}, {"name": "乙", "weight": 1}, {"name": "丙", "weight": 2}]}}
    tally = Tally("w", "王五", {"": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]]})
    # (1×100 + 1×80 + 2×40) / 4 = 260 / 4 = 65 → 一般 (exactly at its threshold)
    score = score_cadre(parse_quarter_rules(rules), tally, Ballots(1))
    assert score.exact_score == 65 and score.grade == "一般"


def test_no_vote_at_all_gives_no_score_no_grade_and_no_rank():
    score = score_cadre(RULES, Tally("n", "赵六", {"领导": [[0, 0, 0, 0]] * 3}), BALLOTS)
    assert (score.score, score.grade, score.aspect_scores) == (None, None, (None, None, None))
    assert (score.score_text, score.grade_text, score.abstentions) == (NO_VOTES, NO_VOTES, (35, 35, 35))
    assert score.good_rate == 0
    assert score_cadre(RULES, Tally("n", "赵六"), Ballots(0)).good_rate is None  # no valid ballot: no rate
    unit = score_unit(RULES, [Tally("n", "赵六"), LI], BALLOTS)
    assert [(c.name, c.rank) for c in unit.cadres] == [("李四", 1), ("赵六", None)] and unit.unscored == 1


def one_aspect(name: str, row: list[int]) -> Tally:
    return Tally(name, name, {"": [row, [0, 0, 0, 0], [0, 0, 0, 0]]})


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    tallies = [one_aspect("丁", [0, 1, 0, 0]),      # 80
               one_aspect("甲", [1, 0, 0, 0]),      # 100
               one_aspect("丙", [1, 1, 0, 0]),      # 90
               one_aspect("乙", [2, 0, 2, 0]),      # (200 + 120)/4 = 80
               one_aspect("戊", [1, 2, 0, 3])]      # (100 + 160 + 120)/6 = 63.33
    unit = score_unit(RULES, tallies, Ballots(6), unit_id="u", unit_name="丹江镇")
    assert [(c.name, c.rank) for c in unit.cadres] == [("甲", 1), ("丙", 2), ("丁", 3), ("乙", 3), ("戊", 5)]
    ties = score_unit(RULES, [one_aspect(n, [1, 1, 0, 0]) for n in "ABC"] + [one_aspect("D", [1, 0, 0, 0])],
                      Ballots(2))
    assert [c.rank for c in ties.cadres] == [1, 2, 2, 2]
    assert [c.rank for c in score_unit(RULES, [one_aspect(n, r) for n, r in
                                               zip("ABCD", ([1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0], [0, 1, 0, 0]),
                                                   strict=True)], Ballots(2)).cadres] == [1, 2, 2, 4]


def test_thresholds_are_reached_exactly_even_where_floats_fall_short():
    # 90 exactly: (100 + 80)/2 = 90 → 好;  89: (900 + 880)/20 = 89 → 较好;  65: (80 + 180)/4 = 65 → 一般
    for row, grade in (([1, 1, 0, 0], "好"), ([9, 11, 0, 0], "较好"), ([0, 1, 3, 0], "一般"), ([0, 0, 1, 3], "差")):
        assert score_cadre(RULES, one_aspect("甲", row), Ballots(20)).grade == grade
    # 领导 [0,1,0,0] = 80; 同级 [3,2,3,1] = 680/9; 干部职工 [2,3,1,0] = 500/6 = 250/3
    # (30×80 + 30×680/9 + 40×250/3) / 100 = (2400 + 6800/3 + 10000/3) / 100 = (2400 + 5600) / 100 = 80
    # in floats the same sum is 79.99999999999999, which would be 一般
    tally = Tally("t", "孙七", {"领导": [[0, 1, 0, 0]] * 3, "同级": [[3, 2, 3, 1]] * 3, "干部职工": [[2, 3, 1, 0]] * 3})
    score = score_cadre(RULES, tally, BALLOTS)
    assert (30 * 80 + 30 * (680 / 9) + 40 * (500 / 6)) / 100 < 80
    assert score.exact_score == 80 and score.grade == "较好" and score.score_text == "80.00"


def test_scores_are_rounded_half_up_only_when_shown():
    # 思路措施 [3,0,0,1]: (300 + 40)/4 = 85; 作风纪律 [10,3,1,2]: (1000 + 240 + 60 + 80)/16 = 86.25;
    # 工作实绩: no vote.  综合 (85 + 86.25)/2 = 85.625 → "85.63" (round() would give 85.62)
    tally = Tally("r", "周八", {"": [[3, 0, 0, 1], [10, 3, 1, 2], [0, 0, 0, 0]]})
    score = score_cadre(RULES, tally, Ballots(16))
    assert score.score == 85.625 and round(score.score, 2) == 85.62 and score.score_text == "85.63"
    assert [display_score(v) for v in (Fraction(1, 3) * 100, 0, 99.995, None)] == ["33.33", "0.00", "100.00", NO_VOTES]
    assert display_score(Fraction(2, 3) * 100, places=1) == "66.7" and display_rate(None) == "—"


def test_counts_that_do_not_fit_the_ballots_are_refused_naming_cadre_aspect_and_numbers():
    bad = Tally("z", "张三", {"领导": [[5, 1, 0, 0], [1, 1, -1, 0], [0, 0, 0, 0.5]],
                             "同级": [[11, 0, 0, 0], [True, 0, 0, 0], [1, 2, 3]]})
    with pytest.raises(TallyError) as caught:
        score_unit(RULES, [bad, LI], BALLOTS, unit_name="丹江镇")
    assert list(caught.value.problems.values()) == [
        "丹江镇 张三「思路措施」领导类票数合计 6 超过领导类有效票 5",
        "丹江镇 张三「作风纪律」领导类「一般」的票数须为不小于 0 的整数（现为 -1）",
        "丹江镇 张三「工作实绩」领导类「差」的票数须为不小于 0 的整数（现为 0.5）",
        "丹江镇 张三「思路措施」同级类票数合计 11 超过同级类有效票 10",
        "丹江镇 张三「作风纪律」同级类「好」的票数须为不小于 0 的整数（现为 True）",
        "丹江镇 张三「工作实绩」同级类须有 4 个等次（好、较好、一般、差）的票数",
    ]
    assert str(caught.value).startswith("丹江镇 张三「思路措施」领导类票数合计 6 超过领导类有效票 5；")
    with pytest.raises(TallyError, match="^王五「作风纪律」票数合计 13 超过有效票 12$"):  # without categories
        check_tally(RULES, Tally("w", "王五", {"": [[1, 0, 0, 0], [13, 0, 0, 0], [0, 0, 0, 0]]}), Ballots(12))


def test_categories_must_be_the_rules_and_the_sessions():
    def problem(counts, ballots=BALLOTS):
        with pytest.raises(TallyError) as caught:
            check_tally(RULES, Tally("z", "张三", counts), ballots)
        return str(caught.value)

    assert problem({"服务对象": [[1, 0, 0, 0]] * 3}) == \
        "张三的计票中「服务对象」不是规则方案中的投票类别（现有：领导、同级、干部职工）"
    assert problem({"领导": [[1, 0, 0, 0]] * 3}, Ballots(5)) == "张三的计票有「领导」类，但测评会没有登记该类的有效票数"
    assert problem({"": [[1, 0, 0, 0]] * 3}) == "张三的计票未分投票类别，但本次测评按类别（领导、同级、干部职工）计票"
    assert problem({"领导": [[1, 0, 0, 0]] * 2}) == "张三领导类的计票须有 3 项评议内容的票数"


def test_unit_and_county_summaries():
    town = score_unit(RULES, [ZHANG, LI, Tally("n", "赵六")], BALLOTS, unit_id="t", unit_name="丹江镇")
    # (88.6 + 100) / 2 = 94.3; 赵六 has no vote
    assert town.exact_average == Fraction(943, 10) and town.average_text == "94.30"
    assert town.grade_counts == {"好": 1, "较好": 1, "一般": 0, "差": 0} and town.unscored == 1
    assert town.source == "默认规则方案" and town.cadre("z").rank == 2 and town.cadre("x") is None
    office = score_unit(RULES, [one_aspect("甲", [0, 0, 1, 1])], Ballots(2), unit_id="o", unit_name="县财政局")
    # 甲: (60 + 40)/2 = 50 → 差
    county = county_summary(RULES, [town, office], 2026, 1)
    # the county average is over cadres, not over unit averages: (88.6 + 100 + 50) / 3 = 238.6 / 3
    assert county.exact_average == Fraction(2386, 30) and county.average_text == "79.53"
    assert county.grade_counts == {"好": 1, "较好": 1, "一般": 0, "差": 1}
    assert (county.cadre_count, county.unscored, county.year, county.quarter) == (4, 1, 2026, 1)
    empty = county_summary(RULES, [], 2026, 2)
    assert (empty.average, empty.average_text, empty.cadre_count) == (None, NO_VOTES, 0)


# -- from the database -----------------------------------------------------------------------

@pytest.fixture
def town(store):
    unit_id, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    people = {name: cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=f"{n}23")},
                                     {"unit_id": unit_id, "title": "副镇长", "post_type": "副职",
                                      "start_date": "2024-01-01"}).record_id
              for n, name in enumerate(["张三", "李四", "赵六"])}
    return unit_id, people


def hold_session(store, unit_id: str, year: int, quarter: int, people: dict, counts: dict) -> str:
    """A session and its tallies written as records (the evaluation services will do this)."""
    import json

    session = session_id(unit_id, year, quarter)
    store.put("evaluation_sessions", session, {
        "unit_id": unit_id, "year": year, "quarter": quarter, "valid": 35,
        "categories": json.dumps(["领导", "同级", "干部职工"], ensure_ascii=False),
        "valid_by_category": json.dumps(BALLOTS.by_category, ensure_ascii=False),
        "cadre_ids": json.dumps(sorted(people.values()))})
    for name, tally_counts in counts.items():
        store.put("tallies", tally_id(session, people[name]), {
            "session_id": session, "cadre_id": people[name], "counts": json.dumps(tally_counts, ensure_ascii=False)})
    return session


def test_a_quarter_is_recomputed_with_the_rules_of_its_own_year(store, town):
    unit_id, people = town
    save_rule_set(store, 2026, DEFAULT_RULES)
    counts = {"张三": ZHANG.counts, "李四": LI.counts}
    q2026 = hold_session(store, unit_id, 2026, 1, people, counts)
    q2027 = hold_session(store, unit_id, 2027, 1, people, counts)
    before = session_scores(store.db, q2026)
    assert [(c.name, c.score_text, c.rank) for c in before.cadres] == [
        ("李四", "100.00", 1), ("张三", "88.60", 2), ("赵六", NO_VOTES, None)]  # 赵六 listed, no tally
    assert session_scores(store.db, q2027).source == "沿用2026年规则方案"

    save_rule_set(store, 2027, preset_rules("95/85/75/60"))
    assert session_scores(store.db, q2026) == before  # 2027's rules leave 2026 as it was
    later = session_scores(store.db, q2027)
    assert later.source == "2027年规则方案" and later.cadre(people["李四"]).exact_score == 95
    # 张三 with 95/85/75/60: 思路措施 领导 95, 同级 (570+340)/10 = 91, 干部职工 (950+510+300)/20 = 88
    # → (2850 + 2730 + 3520)/100 = 91: each points map is linear in the grade, so the score is too
    assert later.cadre(people["张三"]).aspect_scores[0] == 91

    summary = quarter_summary(store.db, 2026, 1)
    assert [u.unit_name for u in summary.units] == ["丹江镇"] and summary.units[0] == before
    assert summary.grade_counts == {"好": 1, "较好": 1, "一般": 0, "差": 0} and summary.source == "2026年规则方案"
    assert quarter_summary(store.db, 2026, 2).units == ()


def test_a_stored_tally_that_exceeds_the_ballots_is_reported_with_its_unit(store, town):
    unit_id, people = town
    session = hold_session(store, unit_id, 2026, 1, people, {"张三": {"领导": [[6, 0, 0, 0]] * 3}})
    with pytest.raises(TallyError, match="^丹江镇 张三「思路措施」领导类票数合计 6 超过领导类有效票 5"):
        session_scores(store.db, session)


# -- properties ----------------------------------------------------------------------------------
@st.composite
def rules_and_tallies(draw):
    """Random points (falling), weights and voters; each voter grades each aspect or abstains."""
    points = sorted(draw(st.lists(st.integers(0, 100), min_size=4, max_size=4)), reverse=True)
    names = ["领导", "同级", "干部职工", "服务对象"][:draw(st.integers(1, 4))]
    categories = [{"name": n, "weight": draw(st.integers(1, 50))} for n in names]
    aspects = [{"name": f"内容{i}", "weight": draw(st.integers(1, 5))} for i in range(draw(st.integers(1, 4)))]
    quarterly = DEFAULT_RULES["quarterly"] | {"points": dict(zip(["好", "较好", "一般", "差"], points, strict=True)),
                                             "categories": categories, "aspects": aspects}
    rules = parse_quarter_rules({"quarterly": quarterly})
    valid = {n: draw(st.integers(0, 8)) for n in names}
    tallies = []
    for number in range(draw(st.integers(1, 5))):
        counts = {}
        for n in draw(st.lists(st.sampled_from(names), unique=True)):
            counts[n] = [_row(draw(st.lists(st.sampled_from([0, 1, 2, 3, None]), min_size=valid[n],
                                            max_size=valid[n]))) for _aspect in aspects]
        tallies.append(Tally(f"c{number}", f"干部{number}", counts))
    return rules, tallies, Ballots(sum(valid.values()), valid)


def _row(ballots: list) -> list[int]:
    """Votes per grade from each voter's choice (None: abstained)."""
    return [ballots.count(grade) for grade in range(4)]


@settings(max_examples=150, deadline=None)
@given(rules_and_tallies())
def test_a_score_lies_between_the_lowest_and_the_highest_points(case):
    rules, tallies, ballots = case
    for score in score_unit(rules, tallies, ballots).cadres:
        for value in [score.exact_score, *score.aspect_scores]:
            assert value is None or min(rules.points) <= value <= max(rules.points)
        assert (score.exact_score is None) == (score.grade is None)


@settings(max_examples=150, deadline=None)
@given(rules_and_tallies(), st.randoms(use_true_random=False))
def test_one_more_vote_of_the_best_grade_never_lowers_a_score(case, rnd):
    rules, tallies, ballots = case
    tally = tallies[0]
    open_slots = [(c, a) for c in ballots.by_category for a in range(len(rules.aspects))
                  if sum(tally.counts.get(c, [[0] * 4] * len(rules.aspects))[a]) < ballots.of(c)]
    if not open_slots:
        return
    category, aspect = rnd.choice(open_slots)
    counts = {c: [list(row) for row in rows] for c, rows in tally.counts.items()}
    counts.setdefault(category, [[0, 0, 0, 0] for _ in rules.aspects])[aspect][0] += 1
    before = score_cadre(rules, tally, ballots).exact_score
    after = score_cadre(rules, Tally(tally.cadre_id, tally.name, counts), ballots).exact_score
    assert after is not None and (before is None or after >= before)


@settings(max_examples=150, deadline=None)
@given(rules_and_tallies(), st.randoms(use_true_random=False))
def test_the_order_of_categories_and_cadres_changes_nothing(case, rnd: random.Random):
    rules, tallies, ballots = case
    shuffled_rules = parse_quarter_rules({"quarterly": rules.to_json() | {
        "categories": rnd.sample(rules.to_json()["categories"], len(rules.categories))}})

    def shuffled(tally: Tally) -> Tally:
        keys = rnd.sample(list(tally.counts), len(tally.counts))
        return Tally(tally.cadre_id, tally.name, {k: tally.counts[k] for k in keys})

    again = score_unit(shuffled_rules, [shuffled(t) for t in rnd.sample(tallies, len(tallies))],
                       Ballots(ballots.valid, dict(rnd.sample(list(ballots.by_category.items()), len(ballots.by_category)))))
    assert again == score_unit(rules, tallies, ballots)
