"""A year of the demo's annual assessment run in memory before its inputs are written (彩排).

The year's facts are read once from the database (core.annual.year_facts: the reports, the
quarters, the registers), with none of the year's annual inputs written yet; the demo's inputs,
still in memory, are put into the facts the way year_facts would read them from the database, and
the engine is run. So the demo can place the tie at the quota line, pick the cadres whose rule
really lowers a top grade, and give the 2024 committee the very proposals core.assessment will
show — at the cost of one reading of the year, whatever the number of runs.
"""

from dataclasses import replace
from fractions import Fraction

from desktop_app.core.annual.composite import composite_score, mean_points, team_parts
from desktop_app.core.annual.engine import CADRE, TEAM, AnnualResult, propose_grades
from desktop_app.core.annual.facts import Evaluation, Survey
from desktop_app.core.annual.year_facts import year_facts
from desktop_app.core.annual_inputs import decoded
from desktop_app.core.assessment import Assessed

EVALUATION = "年度测评"


class Rehearsal:
    """The year's facts, and the engine over them with the inputs given (cleaned, not yet written)."""

    def __init__(self, db, rules, year: int, as_of: str):
        self.rules = rules
        self.facts, self.details = year_facts(db, year, as_of, rules=rules)
        self.extra_cards: dict[str, int] = {}  # cadre id → yellow cards of tasks not yet written

    def cadre_composite(self, cadre_id: str, inputs: dict) -> Fraction | None:
        """The cadre's composite score with these inputs."""
        return composite_score(self._cadre_parts(cadre_id, decoded(inputs)), self.rules.composite.cadre_weights)

    def run(self, teams: dict[str, dict], cadres: dict[str, dict]) -> AnnualResult:
        """The engine's proposals with the teams' (unit id →) and cadres' (cadre id →) inputs."""
        return propose_grades(replace(
            self.facts, teams=tuple(self._team(t, decoded(teams[t.unit_id])) for t in self.facts.teams),
            cadres=tuple(self._cadre(c, decoded(cadres[c.cadre_id])) for c in self.facts.cadres)), self.rules)

    def assessed(self, result: AnnualResult, teams: dict[str, dict], cadres: dict[str, dict]) -> list[Assessed]:
        """The proposals as core.assessment.assess_year will show them (undecided), in display order."""
        found = []
        for p in result.teams + result.cadres:
            parts = (self._team_parts(decoded(teams[p.subject_id])) if p.kind == TEAM
                     else self._cadre_parts(p.subject_id, decoded(cadres[p.subject_id])))
            found.append(Assessed(p, parts))
        return sorted(found, key=lambda s: self.details[(s.kind, s.subject_id)].order)

    # -- the facts as year_facts reads them --------------------------------------------------------------
    def _team(self, team, inputs: dict):
        parts = self._team_parts(inputs)
        return replace(team, composite=composite_score(parts, self.rules.composite.team_weights),
                       responsibility_score=parts["责任制考核"], responsibility_grade=inputs["responsibility_grade"] or None,
                       survey=_survey(inputs), evaluation=_evaluation(inputs))

    def _team_parts(self, inputs: dict) -> dict:
        return team_parts(self.rules.composite, responsibility_score=Fraction(inputs["responsibility_score"]),
                          evaluation=_votes(inputs["evaluation"]), survey=_votes(inputs["survey"]))

    def _cadre(self, cadre, inputs: dict):
        parts = self._cadre_parts(cadre.cadre_id, inputs)
        return replace(cadre, composite=composite_score(parts, self.rules.composite.cadre_weights),
                       survey=_survey(inputs), evaluation=_evaluation(inputs),
                       yellow_cards=cadre.yellow_cards + self.extra_cards.get(cadre.cadre_id, 0))

    def _cadre_parts(self, cadre_id: str, inputs: dict) -> dict:
        points = self.rules.composite.cadre_evaluation_points
        return {**self.details[(CADRE, cadre_id)].parts, EVALUATION: mean_points(_votes(inputs["evaluation"]), points)}


def _votes(value: dict) -> dict:
    return {grade: n for grade, n in (value.get("counts") or {}).items() if n}


def _evaluation(inputs: dict) -> Evaluation | None:
    value = inputs["evaluation"]
    return Evaluation(_votes(value), value["valid"]) if value else None


def _survey(inputs: dict) -> Survey | None:
    value = inputs["survey"]
    return Survey(_votes(value).get("不满意", 0), value["valid"], inputs["survey_confirmed"]) if value else None


__all__ = ["Rehearsal"]
