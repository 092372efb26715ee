"""The demo's annual assessment (年度考核): 2024 assessed, decided by the committee and locked;
2025's inputs and registers entered and left to the committee (待审定), built so every grade rule
of the engine bites (annual_cast.py says who plays which part).

Each year: the registers (通报批评, 处分, 督办事项; supervision.py), then every team's and cadre's
annual inputs (annual_values.py), rehearsed in memory before they are written (annual_rehearsal.py:
the year's facts read once) so that the top-grade quota line falls between two teams with the very
same inputs (a tie for the committee, rule 1), and in 2025 the rules meant to take a top grade
away find one to take. 2024's committee then decides and locks the year (annual_committee.py);
talks and inquiries of both years come last (they follow from the grades and the registers).
"""

from desktop_app.core.annual.engine import TEAM
from desktop_app.core.annual.year_facts import default_as_of
from desktop_app.core.annual_inputs import annual_rules_of_year, validate_inputs
from desktop_app.core.demo.annual_cast import Roll, pick_cast, stars
from desktop_app.core.demo.annual_committee import decide_year
from desktop_app.core.demo.annual_rehearsal import Rehearsal
from desktop_app.core.demo.annual_values import (
    CADRE_GRADES,
    QUALITY,
    SURVEY_COMPLAINT,
    cadre_values,
    team_values,
    top,
)
from desktop_app.core.demo.people import weighted
from desktop_app.core.demo.supervision import (
    RED_CARD_LATE,
    Words,
    add_people_registers,
    add_red_card,
    add_year_registers,
)
from desktop_app.core.natural_ids import annual_input_id
from desktop_app.core.report_gaps import report_flags

YEARS = (2024, 2025)


def add_annual_assessment(store, rng, facts) -> None:
    db, words = store.db, Words.of(facts.scale)
    rules = annual_rules_of_year(db, YEARS[0])  # the demo keeps the default rules (no rule set of its own)
    rolls = {year: Roll.of(db, year) for year in YEARS}
    as_of = {year: default_as_of(year, facts.as_of.isoformat()) for year in YEARS}
    active = {person.id for person in facts.people if person.status == "在职"}
    flagged = [flag.cadre_id for flag in report_flags(db, 2025, as_of[2025])]
    cast = pick_cast(rng, rolls, flagged, facts.standing, active)
    quality = {unit_id: int(weighted(rng, QUALITY)) for unit_id in facts.unit_ids}
    finals = {}
    for year in YEARS:
        add_year_registers(store, rng, facts, rolls[year], cast, words)
        candidates = stars(cast, rolls[year], flagged, active) if year == 2025 else None
        proposals, quotas = _year(store, rng, facts, rules, rolls[year], cast, quality, as_of[year], candidates)
        if year == 2024:
            finals = decide_year(store, facts, year, proposals, quotas, rules, cast)
    add_people_registers(store, rng, facts, rolls, cast, finals, words)


def _year(store, rng, facts, rules, roll: Roll, cast, quality: dict, as_of: str, candidates) -> tuple:
    """Every team's and cadre's inputs of the year, rehearsed, then written. Returns the year's
    proposals as core.assessment.assess_year will find them (undecided), and the quotas."""
    year = roll.year
    valid = {team.unit_id: rng.randint(25, 70) for team in roll.teams}  # one annual meeting per unit
    values = {c.cadre_id: cadre_values(rng, year, c.cadre_id, valid[c.unit_id], cast, facts.standing.get(c.cadre_id, 1))
              for c in roll.cadres}
    if year == 2025:  # the criticised unit's principal would be 优秀 but for rule 5
        values |= {p.cadre_id: {"evaluation": top(CADRE_GRADES, valid[p.unit_id])} for p in roll.principals(cast.criticised)}
    cadres = {cadre_id: validate_inputs(rules, v, team=False) for cadre_id, v in values.items()}
    teams = {t.unit_id: validate_inputs(rules, team_values(rng, year, t.unit_id, valid[t.unit_id], cast,
                                                            quality[t.unit_id]), team=True) for t in roll.teams}
    rehearsal = Rehearsal(store.db, rules, year, as_of)
    if candidates is not None:
        _cast_stars(rng, rehearsal, roll, cast, candidates, (values, cadres), teams, valid, rules)
    _tie_at_the_line(rehearsal.run(teams, cadres), rules, teams)
    result = rehearsal.run(teams, cadres)
    for cadre in roll.cadres:
        _write_inputs(store, facts, year, cadre.unit_id, cadre.cadre_id, cadres[cadre.cadre_id])
    for team in roll.teams:
        _write_inputs(store, facts, year, team.unit_id, None, teams[team.unit_id])
    if candidates is not None and cast.red_card:
        add_red_card(store, rng, facts, roll.cadre[cast.red_card])
    facts.progress.advance(len(roll.cadres) + len(roll.teams), "正在生成年度考核数据")
    return rehearsal.assessed(result, teams, cadres), result.quotas


def _cast_stars(rng, rehearsal: Rehearsal, roll: Roll, cast, candidates: list[str], cadre_inputs: tuple,
                teams: dict, valid: dict, rules) -> None:
    """2025's parts drawn from the rehearsal: the sanctioned unit's member who would be 优秀 with a
    top evaluation (rule 2 takes it away), and two cadres proposed 优秀 — one gets two late tasks
    (rule 9), the other a confirmed survey complaint (rule 4)."""
    values, cadres = cadre_inputs
    members = [s for s in roll.members.get(cast.sanctioned, []) if s.cadre_id != cast.sanctioned_principal]
    if members:
        best = {s.cadre_id: {"evaluation": top(CADRE_GRADES, valid[s.unit_id])} for s in members}
        clean = {cadre_id: validate_inputs(rules, v, team=False) for cadre_id, v in best.items()}
        star = max(members, key=lambda s: rehearsal.cadre_composite(s.cadre_id, clean[s.cadre_id]) or 0).cadre_id
        cast.star, values[star], cadres[star] = star, best[star], clean[star]
    result = rehearsal.run(teams, cadres)
    at_top = {p.subject_id for p in result.cadres if p.grade == rules.cadre.top and not p.flags}
    fit = [cadre_id for cadre_id in candidates if cadre_id in at_top]
    cast.red_card, cast.surveyed = (rng.sample(fit, min(2, len(fit))) + [None, None])[:2]
    if cast.red_card:
        rehearsal.extra_cards[cast.red_card] = RED_CARD_LATE  # its tasks are written with the inputs
    if cast.surveyed:
        values[cast.surveyed] |= SURVEY_COMPLAINT
        cadres[cast.surveyed] = validate_inputs(rules, values[cast.surveyed], team=False)


def _tie_at_the_line(result, rules, teams: dict[str, dict]) -> None:
    """Give the first team below the 好 quota line the inputs of the last team on it (its own key
    projects and note kept), so the two straddle the line with equal composite scores: the engine
    flags them for the committee. Nothing is done when too few teams are at the top for a line."""
    usage = result.quota(TEAM)
    at_top = [p for p in result.teams if p.grade == rules.team.top or any(step.rule == 1 for step in p.steps)]
    if usage is None or not 0 < usage.allowed < len(at_top):
        return
    ranked = sorted(at_top, key=lambda p: (-p.composite, p.subject_id))
    last_in, first_out = ranked[usage.allowed - 1].subject_id, ranked[usage.allowed].subject_id
    teams[first_out] = {**teams[last_in], **{k: teams[first_out][k] for k in ("key_projects", "note")}}


def _write_inputs(store, facts, year: int, unit_id: str, cadre_id: str | None, clean: dict) -> None:
    store.insert("annual_inputs", {"year": year, "unit_id": unit_id, "cadre_id": cadre_id, **clean},
                 record_id=annual_input_id(year, unit_id, cadre_id))
    facts.written["annual_inputs"] += 1


__all__ = ["YEARS", "add_annual_assessment"]
