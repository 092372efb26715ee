"""The annual rules engine (年度考核定等建议): from a year's facts and a rule set, the proposed grade
of every team (领导班子) and every cadre, each rule that changed or capped it with the reason,
committee flags, the rule-10 veto and the rule-11 follow-up actions.

Order of application (each stage over all subjects; rules only lower a grade, never raise it):
1. base grade: the grade given, else the composite score's threshold grade (no score → none;
   only a cap to the lowest grade then decides it);
2. caps from the facts, in rule order: 4 民意调查, 5 通报批评, 6 党纪处分, 7 责任制考核衔接,
   8 月报告缺报, 9 黄牌红牌 — and the rule-10 veto is recorded on the team;
3. cascades to a fixed point: 3 (principal 不称职 → team not 好) for every team, then 2 (team 差 →
   members not 优秀) for every cadre, repeated until nothing changes;
4. quotas (rule 1), teams then cadres, ranked by composite score; ties at the line flagged;
5. cascades again to a fixed point (a grade the quota lowered may trigger one; this only lowers,
   so no quota is exceeded);
6. follow-ups (rule 11) from the final grades.
A rule that applies is recorded even when the grade was already at or below its cap (the step's
before == after): the committee sees every bound. Units and cadres are processed in a sorted
order (unit id; unit id, post type, cadre id), so the input order never matters.
A unit's principals, for rules 3, 5, 6 and 11, are all who held its 正职 post in the year
(facts.TeamFacts.principal_ids), not only those still 正职 at its end.
"""

from dataclasses import dataclass, field

from desktop_app.core.annual import rules as r
from desktop_app.core.annual.facts import POST_TYPES, PRINCIPAL, CadreFacts, TeamFacts, YearFacts, check_facts
from desktop_app.core.annual.quota import QuotaUsage, apply_quota
from desktop_app.core.annual.settings import RULE_NAMES, AnnualRules, parse_annual_rules

TEAM, CADRE = "team", "cadre"
NO_GRADE_FLAG = "缺少综合得分和等次，无法拟定等次，需审定委员会决定"


@dataclass(frozen=True)
class RuleStep:
    """One rule applied to a subject: the grade before and after, and why (naming the facts)."""

    rule: int
    name: str
    before: str | None
    after: str | None
    reason: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Proposal:
    """拟定等次: a team's or a cadre's proposed annual grade and how it came about."""

    kind: str  # team / cadre
    subject_id: str  # unit id for a team, cadre id for a cadre
    name: str
    unit_id: str
    unit_name: str
    post_type: str  # "" for a team
    composite: object  # 综合得分 (Fraction | int | None)
    base_grade: str | None
    grade: str | None  # proposed
    steps: tuple[RuleStep, ...] = ()
    flags: tuple[str, ...] = ()  # for the committee (ties at the quota line, no grade)
    follow_ups: tuple[str, ...] = ()  # rule 11
    veto: str = ""  # rule 10, teams: the reason of the 一票否决

    @property
    def changed(self) -> bool:
        return self.grade != self.base_grade

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(s.reason for s in self.steps)


@dataclass(frozen=True)
class AnnualResult:
    year: int
    teams: tuple[Proposal, ...]  # by unit id
    cadres: tuple[Proposal, ...]  # by unit id, post type, cadre id
    quotas: tuple[QuotaUsage, ...] = ()  # per scale, when rule 1 is on

    def team(self, unit_id: str) -> Proposal | None:
        return next((p for p in self.teams if p.subject_id == unit_id), None)

    def cadre(self, cadre_id: str) -> Proposal | None:
        return next((p for p in self.cadres if p.subject_id == cadre_id), None)

    def quota(self, kind: str) -> QuotaUsage | None:
        return next((q for q in self.quotas if q.kind == kind), None)


@dataclass
class _Subject:
    """A subject while the rules run (mutable; frozen into a Proposal at the end)."""

    kind: str
    subject_id: str
    name: str
    unit_id: str
    unit_name: str
    post_type: str
    composite: object
    base: str | None
    lowest: str
    facts: object
    grade: str | None = None
    steps: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    veto: str = ""

    def lower(self, rule: int, name: str, cap: str, reason: str, worse=None) -> bool:
        """Apply a cap; record the step once. True when the grade changed."""
        before = self.grade
        if before is None:
            after = cap if cap == self.lowest else None
        else:
            after = worse(before, cap) if worse else cap
        if not any(s.rule == rule and s.reason == reason for s in self.steps) or after != before:
            self.steps.append(RuleStep(rule, name, before, after, reason))
        self.grade = after
        return after != before

    def proposal(self) -> Proposal:
        return Proposal(self.kind, self.subject_id, self.name, self.unit_id, self.unit_name, self.post_type,
                        self.composite, self.base, self.grade, tuple(self.steps), tuple(self.flags),
                        tuple(self.follow_ups), self.veto)


class _Run:
    def __init__(self, facts: YearFacts, rules: AnnualRules):
        self.rules = rules
        names = {t.unit_id: t.unit_name for t in facts.teams}
        self.teams = [self._team(t) for t in sorted(facts.teams, key=lambda t: t.unit_id)]
        self.cadres = [self._cadre(c, names.get(c.unit_id, "")) for c in sorted(
            facts.cadres, key=lambda c: (c.unit_id, POST_TYPES.index(c.post_type), c.cadre_id))]
        self.team_of = {t.unit_id: t for t in self.teams}
        self.principals = self._principals()
        self.principal_of: dict[str, list[_Subject]] = {}  # cadre id → the teams it was principal of
        for team in self.teams:
            for c in self.principals[team.unit_id]:
                self.principal_of.setdefault(c.subject_id, []).append(team)

    def _principals(self) -> dict[str, list[_Subject]]:
        """Unit id → its principals in the year (TeamFacts.principal_ids, else the cadres assessed
        there as 正职), in cadre order; in one pass over the cadres (20,000)."""
        found = {t.unit_id: [] for t in self.teams}
        listed: dict[str, list[str]] = {}  # cadre id → the units listing it
        for t in self.teams:
            for cadre_id in set(t.facts.principal_ids or ()):
                listed.setdefault(cadre_id, []).append(t.unit_id)
        for c in self.cadres:
            for unit_id in listed.get(c.subject_id, ()):
                found[unit_id].append(c)
            unit = self.team_of.get(c.unit_id)
            if unit and unit.facts.principal_ids is None and c.post_type == PRINCIPAL:
                found[c.unit_id].append(c)
        return found

    def is_principal(self, cadre: _Subject) -> bool:
        """Principal of some unit in the year; a cadre of a unit given no team facts, by its post type."""
        return cadre.subject_id in self.principal_of or (
            cadre.unit_id not in self.team_of and cadre.post_type == PRINCIPAL)

    def _team(self, t: TeamFacts) -> _Subject:
        scale = self.rules.team
        base = t.grade or scale.grade_for(t.composite)
        return _Subject(TEAM, t.unit_id, f"{t.unit_name}领导班子", t.unit_id, t.unit_name, "", t.composite, base,
                        scale.grades[-1], t, base)

    def _cadre(self, c: CadreFacts, unit_name: str) -> _Subject:
        scale = self.rules.cadre
        base = c.grade or scale.grade_for(c.composite)
        return _Subject(CADRE, c.cadre_id, c.name, c.unit_id, unit_name, c.post_type, c.composite, base,
                        scale.grades[-1], c, base)

    def cap(self, subject: _Subject, cap: r.Cap | None) -> bool:
        if cap is None:
            return False
        scale = self.rules.team if subject.kind == TEAM else self.rules.cadre
        return subject.lower(cap.rule, RULE_NAMES[cap.rule], cap.grade, cap.reason, scale.worse)

    # -- stage 2 --------------------------------------------------------------------------------
    def fact_caps(self) -> None:
        a, team, cadre = self.rules, self.rules.team, self.rules.cadre
        for s in self.teams:
            t, principals = s.facts, [c.facts for c in self.principals[s.unit_id]]
            if p := a.part("opinion_survey"):
                self.cap(s, r.opinion_survey(p, team, t.survey, "team_forbid"))
            if p := a.part("supervision"):
                self.cap(s, r.supervision(p, team, t.notices, "本单位", "领导班子", "team_forbid"))
            if p := a.part("discipline"):
                self.cap(s, r.discipline_team(p, team, principals))
            if p := a.part("responsibility_link"):
                self.cap(s, r.responsibility_team(p, team, t))
            if p := a.part("veto"):
                s.veto = r.veto(p, t)
        for s in self.cadres:
            c = s.facts
            if p := a.part("opinion_survey"):
                self.cap(s, r.opinion_survey(p, cadre, c.survey, "cadre_forbid"))
            if p := a.part("supervision"):
                for unit in self.principal_of.get(s.subject_id, []):  # each unit the cadre was principal of
                    where = "所在单位" if unit.unit_id == s.unit_id else unit.unit_name
                    self.cap(s, r.supervision(p, cadre, unit.facts.notices, where, "主要领导", "principal_forbid"))
            if (p := a.part("discipline")) and self.is_principal(s):
                self.cap(s, r.discipline_principal(p, cadre, c))
            if p := a.part("responsibility_link"):
                self.cap(s, r.responsibility_cadre(p, cadre, team, c))
            if p := a.part("missing_reports"):
                self.cap(s, r.missing_reports(p, cadre, c))
            if p := a.part("cards"):
                self.cap(s, r.cards(p, cadre, c))

    # -- stages 3 and 5 -------------------------------------------------------------------------
    def cascades(self) -> None:
        up, down = self.rules.part("cascade_up"), self.rules.part("cascade_down")
        changed = True
        while changed:  # grades only go down on a finite scale: this ends
            changed = False
            for s in self.teams if up else ():
                principals = [(c.name, c.grade) for c in self.principals[s.unit_id]]
                changed |= self.cap(s, r.cascade_up(up, self.rules.team, principals, self.rules.cadre))
            for s in self.cadres if down else ():
                unit = self.team_of.get(s.unit_id)
                if unit is not None:
                    changed |= self.cap(s, r.cascade_down(down, self.rules.cadre, unit.unit_name, unit.grade,
                                                          self.rules.team))

    # -- stage 4 ----------------------------------------------------------------------------------
    def quotas(self) -> list[QuotaUsage]:
        p = self.rules.part("quota")
        if not p:
            return []
        return [apply_quota(self.teams, self.rules.team, TEAM, p["team_fraction"], p["rounding"]),
                apply_quota(self.cadres, self.rules.cadre, CADRE, p["cadre_fraction"], p["rounding"])]

    # -- stage 6 -----------------------------------------------------------------------------------
    def follow_ups(self) -> None:
        p = self.rules.part("follow_ups")
        if not p:
            return
        to_cadre = self.rules.to_cadre_scale
        admonish_cadre = [to_cadre(g) for g in p["admonish_grades"]]
        repeat_team, repeat_cadre = p["repeat_grade"], to_cadre(p["repeat_grade"])
        for s in self.teams:
            s.follow_ups += r.admonish(p["admonish_grades"], s.grade)
            s.follow_ups += r.team_repeat(s.grade, s.facts.last_year_grade, repeat_team)
            s.follow_ups += r.evaluation_admonish(p, s.facts.evaluation)
        for s in self.cadres:
            s.follow_ups += r.admonish(admonish_cadre, s.grade)
            for unit in self.principal_of.get(s.subject_id, []):
                if r.team_repeat(unit.grade, unit.facts.last_year_grade, repeat_team):
                    s.follow_ups += r.principal_repeat(unit.unit_name, repeat_team)
            s.follow_ups += r.cadre_repeat(s.grade, s.facts.last_year_grade, repeat_cadre)
            s.follow_ups += r.evaluation_admonish(p, s.facts.evaluation)


def propose_grades(facts: YearFacts, rules=None) -> AnnualResult:
    """The year's proposed grades. `rules`: a whole rule-set JSON (its "annual" part is used; the
    defaults when it has none), the annual part itself, or AnnualRules. ValidationError (keyed by
    field) when the rules or the facts do not fit."""
    annual = parse_annual_rules(rules)
    check_facts(facts, annual)
    run = _Run(facts, annual)
    run.fact_caps()
    run.cascades()
    quotas = run.quotas()
    run.cascades()
    run.follow_ups()
    for s in run.teams + run.cadres:
        if s.grade is None:
            s.flags.append(NO_GRADE_FLAG)
    return AnnualResult(facts.year, tuple(s.proposal() for s in run.teams),
                        tuple(s.proposal() for s in run.cadres), tuple(quotas))
