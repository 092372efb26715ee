"""The year's facts read from the database (年度考核事实), for the rules engine and the committee.

Who: core.annual_subjects.year_subjects — every unit with a cadre assessed there or team inputs,
and every cadre who held a team post (正职、副职、班子成员) in the year, once, in one unit.
What, per team and cadre:
- the composite score (annual/composite.py) from the monthly reports' completion grades (as
  core.report_gaps judges each month), the quarter scores (core.quarter_scores) and the annual
  inputs (民主测评, 民意调查, 责任制考核; core.annual_inputs);
- 通报批评 of the year on the unit (rule 5); a cadre named in one is told to the committee;
- each unit's principals of the year: all who held its 正职 post at some time in it (rules 3, 5,
  6, 11 — a principal demoted or moved after a sanction still counts);
- 党纪处分 decided in the year on a day the cadre was a principal (rule 6); other sanctions are
  told to the committee;
- report_gaps.report_flags (rule 8), the yellow and red cards (rule 9, annual/cards.py);
- last year's final grade (rule 11) from the committee's decisions of the year before.
Substantiated objections (异议属实、部分属实, core.objections) change no grade — no rule of
domain.md names them — and are listed for the committee with the findings, as are special
investigations, unfinished key projects and reports not yet reviewed (left out of 月度实绩).
Records of a duplicate folded away by a merge (core.duplicates) count for the record kept.
A stored value the year's scales no longer know (a renamed grade) is left out and said so.
"""

import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from desktop_app.core.annual.cards import Cards, year_cards
from desktop_app.core.annual.composite import (
    ZERO_MONTHS,
    cadre_parts,
    composite_score,
    team_parts,
)
from desktop_app.core.annual.engine import AnnualResult, propose_grades
from desktop_app.core.annual.facts import CadreFacts, Evaluation, Notice, Survey, TeamFacts, YearFacts
from desktop_app.core.annual.settings import AnnualRules
from desktop_app.core.annual_inputs import annual_rules_of_year, year_inputs
from desktop_app.core.annual_subjects import Subject, year_subjects
from desktop_app.core.clock import format_date_cn, today_iso
from desktop_app.core.duplicates import folded_into
from desktop_app.core.months import months_between
from desktop_app.core.objections import substantiated_objections
from desktop_app.core.quarter_scores import quarter_summary
from desktop_app.core.report_gaps import due_date, due_day_setting, month_statuses, report_flags
from desktop_app.core.rule_sets import rules_for_year

PARTY_DISCIPLINE = "党纪处分"
REVIEWED = ("已审核", "已公示", "归档")
Key = tuple[str, str]  # (kind, subject id): ("team", unit id) or ("cadre", cadre id)


@dataclass(frozen=True)
class SubjectDetails:
    """What the committee sees beside the engine's proposal for one team or cadre."""

    parts: Mapping[str, Fraction | None]  # the composite's parts (None: no data that year)
    notes: tuple[str, ...] = ()  # committee information, not grade rules
    title: str = ""  # a cadre's 职务 (of the post held last in the unit that year)
    order: int = 0  # place in the year's list: units in display order, each team then its cadres


def default_as_of(year: int, today: str | None = None) -> str:
    """The day a year's facts are read on: today, or for a year gone by the day after it ended (a
    deadline of 31 December has passed by then; nothing later changes the year's facts)."""
    return min(today or today_iso(), f"{year + 1}-01-01")


def year_facts(db, year: int, as_of: str | None = None, *, rules: AnnualRules | None = None
               ) -> tuple[YearFacts, dict[Key, SubjectDetails]]:
    """The facts of `year` as of `as_of` (default_as_of), and the details of every subject."""
    rules = rules or annual_rules_of_year(db, year)
    reader = _Reader(db, year, as_of or default_as_of(year), rules)
    teams, cadres, details = [], [], {}
    for order, subject in enumerate(year_subjects(db, year)):
        if subject.is_team:
            fact, detail = reader.team_facts(subject)
            teams.append(fact)
            details[("team", subject.unit_id)] = replace(detail, order=order)
        else:
            fact, detail = reader.cadre_facts(subject)
            cadres.append(fact)
            details[("cadre", subject.cadre_id)] = replace(detail, order=order)
    assessed = {c.cadre_id for c in cadres}  # every 正职 of the year is; never let one stop the year
    teams = [replace(t, principal_ids=tuple(i for i in t.principal_ids if i in assessed)) for t in teams]
    return YearFacts(year, tuple(teams), tuple(cadres)), details


class _Reader:
    """Reads each kind of fact of the year once, by kept unit and cadre ids."""

    def __init__(self, db, year: int, as_of: str, rules: AnnualRules):
        self.db, self.year, self.as_of, self.rules = db, year, as_of, rules
        self.units, self.cadres_folded = folded_into(db, "units"), folded_into(db, "cadres")
        self.inputs = {(self.kept_unit(u), self.kept_cadre(c)): row for (u, c), row in year_inputs(db, year).items()}
        self.inputs_of_cadre = {c: row for (_u, c), row in self.inputs.items() if c}
        self.notices: dict[str, list[tuple]] = {}  # unit → (day, kind, text) of its notices
        self.named: dict[str, list[tuple]] = {}  # cadre → (day, kind, text) of the notices naming the cadre
        for unit_id, cadre_id, *notice in self._rows(
                "SELECT unit_id, cadre_id, issued_on, kind, text FROM supervision_notices"
                " WHERE deleted = 0 AND issued_on >= ? AND issued_on < ? ORDER BY issued_on, id"):
            self.notices.setdefault(self.kept_unit(unit_id), []).append(notice)
            if cadre_id:
                self.named.setdefault(self.kept_cadre(cadre_id), []).append(notice)
        self.sanctions: dict[str, list[tuple]] = {}  # cadre → (day, category, measure, text)
        for cadre_id, *sanction in self._rows(
                "SELECT cadre_id, decided_on, category, measure, text FROM sanctions"
                " WHERE deleted = 0 AND decided_on >= ? AND decided_on < ? ORDER BY decided_on, id"):
            self.sanctions.setdefault(self.kept_cadre(cadre_id), []).append(sanction)
        self.principal_posts: dict[str, list[tuple]] = {}  # cadre → (unit, unit name, title, start, end) 正职 posts
        for cadre_id, unit_id, *post in self._rows(
                "SELECT p.cadre_id, p.unit_id, u.name, p.title, p.start_date, p.end_date FROM posts p"
                " JOIN cadres c ON c.id = p.cadre_id JOIN units u ON u.id = p.unit_id"
                " WHERE p.deleted = 0 AND c.deleted = 0 AND u.deleted = 0 AND p.post_type = '正职'"
                " AND p.start_date < ?2 AND (p.end_date IS NULL OR p.end_date = '' OR p.end_date > ?1)"):
            self.principal_posts.setdefault(cadre_id, []).append((self.kept_unit(unit_id), *post))
        self.principal_ids: dict[str, set[str]] = {}  # unit → its principals of the year
        for cadre_id, posts in self.principal_posts.items():
            for post in posts:
                self.principal_ids.setdefault(post[0], set()).add(cadre_id)
        self.cards = year_cards(db, year, as_of, (rules.rules.get("cards") or {}).get("yellow_for_red", 2))
        self.objections: dict[str, list[dict]] = {}
        for row in substantiated_objections(db, year):
            if row["cadre_id"]:
                self.objections.setdefault(self.kept_cadre(row["cadre_id"]), []).append(row)
        self.last_year = self._last_year()
        self.month_entries: dict[str, list] = {}  # month → report_gaps.month_statuses, read once for both uses
        self.months, self.unreviewed = self._months()
        self.flags = {f.cadre_id: f.reason for f in report_flags(db, year, as_of, known=self.month_entries)}
        self.quarters, self.quarter_problems = self._quarters()

    def kept_unit(self, unit_id):
        return self.units.get(unit_id, unit_id)

    def kept_cadre(self, cadre_id):
        return self.cadres_folded.get(cadre_id, cadre_id) if cadre_id else cadre_id

    def _rows(self, sql: str) -> list[tuple]:
        return self.db.execute(sql, [f"{self.year}-01-01", f"{self.year + 1}-01-01"]).fetchall()

    # -- reading -----------------------------------------------------------------------------------
    def _last_year(self) -> dict[Key, str]:
        found = {}
        for kind, subject_id, grade in self.db.execute(
                "SELECT kind, subject_id, final_grade FROM annual_decisions WHERE year = ? AND deleted = 0"
                " ORDER BY subject_id IN (SELECT id FROM units WHERE deleted = 1"
                " UNION SELECT id FROM cadres WHERE deleted = 1)", [self.year - 1]):
            kept = self.kept_unit(subject_id) if kind == "team" else self.kept_cadre(subject_id)
            found.setdefault((kind, kept), grade)  # the record kept wins over a folded one
        return found

    def _months(self) -> tuple[dict[str, list[str]], dict[str, int]]:
        """Per cadre, each month judged: its completion grade, or 未报/空洞; and how many months
        were submitted but not yet reviewed (left out). From the first month anyone reported."""
        first = self.db.execute("SELECT MIN(month) FROM reports WHERE deleted = 0").fetchone()[0]
        due_day = due_day_setting(self.db)
        months = [m for m in months_between(f"{self.year}-01", f"{self.year}-12")
                  if first and m >= first and due_date(m, due_day) < self.as_of]
        reviewed: dict[tuple[str, str], str] = {}
        for cadre_id, month, state, grade in sorted(self.db.execute(
                "SELECT cadre_id, month, state, completion_grade FROM reports WHERE deleted = 0 AND month >= ?"
                " AND month <= ?", [f"{self.year}-01", f"{self.year}-12"]), key=lambda r: r[0] in self.cadres_folded):
            reviewed.setdefault((self.kept_cadre(cadre_id), month), grade if state in REVIEWED else "")
        points = self.rules.composite.monthly_points
        found: dict[str, list[str]] = {}
        waiting: dict[str, int] = {}
        for month in months:
            self.month_entries[month] = month_statuses(self.db, month, self.as_of, due_day)
            for entry in self.month_entries[month]:
                grade = reviewed.get((entry.cadre_id, month), "")
                if entry.status in ZERO_MONTHS:
                    found.setdefault(entry.cadre_id, []).append(entry.status)
                elif entry.status in ("按时", "逾期") and grade in points:
                    found.setdefault(entry.cadre_id, []).append(grade)
                elif entry.status in ("按时", "逾期"):
                    waiting[entry.cadre_id] = waiting.get(entry.cadre_id, 0) + 1
        return found, waiting

    def _quarters(self) -> tuple[dict[str, dict[int, list]], dict[str, list[str]]]:
        """Per cadre, the scores of each quarter of the year; per unit, the quarters that could not
        be scored (计票有误)."""
        scores: dict[str, dict[int, list]] = {}
        problems: dict[str, list[str]] = {}
        for quarter in (1, 2, 3, 4):
            for unit in quarter_summary(self.db, self.year, quarter).units:
                if unit.problem:
                    problems.setdefault(self.kept_unit(unit.unit_id), []).append(f"第{quarter}季度{unit.problem}，未计入季度评议")
                for score in unit.cadres:
                    if score.exact_score is not None:
                        scores.setdefault(self.kept_cadre(score.cadre_id), {}).setdefault(quarter, []).append(
                            score.exact_score)
        return scores, problems

    # -- a team ---------------------------------------------------------------------------------------
    def team_facts(self, subject: Subject) -> tuple[TeamFacts, SubjectDetails]:
        unit_id, notes = subject.unit_id, []
        inputs = self.inputs.get((unit_id, None)) or {}
        evaluation, votes = _evaluation(inputs.get("evaluation"), self.rules.team.grades, notes)
        survey, opinions = _survey(inputs, notes)
        score = _score(inputs.get("responsibility_score"), notes)
        grade = _in_scale(inputs.get("responsibility_grade"), self.rules.team.grades, "责任制考核等次", notes)
        parts = team_parts(self.rules.composite, responsibility_score=score, evaluation=votes, survey=opinions)
        notices = tuple(Notice(kind, text or "") for _day, kind, text in self.notices.get(unit_id, []))
        notes += self._other_notices(unit_id) + self.quarter_problems.get(unit_id, []) + _inquiry_notes(inputs)
        facts = TeamFacts(unit_id, subject.unit_name, composite_score(parts, self.rules.composite.team_weights),
                          responsibility_score=score, responsibility_grade=grade, notices=notices, survey=survey,
                          evaluation=evaluation, last_year_grade=self._last(("team", unit_id), self.rules.team.grades),
                          principal_ids=tuple(sorted(self.principal_ids.get(unit_id, ()))))
        return facts, SubjectDetails(parts, tuple(notes))

    def _other_notices(self, unit_id: str) -> list[str]:
        """Notices of kinds rule 5 does not name (all of them when rule 5 is off)."""
        kinds = (self.rules.part("supervision") or {}).get("kinds", ())
        return [f"{format_date_cn(day)}通报批评（{kind}）{'：' + text if text else ''}（规则 5 不涉及此类通报）"
                for day, kind, text in self.notices.get(unit_id, []) if kind not in kinds]

    def _last(self, key: Key, grades) -> str | None:
        grade = self.last_year.get(key)
        return grade if grade in grades else None

    # -- a cadre -------------------------------------------------------------------------------------
    def cadre_facts(self, subject: Subject) -> tuple[CadreFacts, SubjectDetails]:
        cadre_id, notes = subject.cadre_id, []
        inputs = self.inputs.get((subject.unit_id, cadre_id)) or self.inputs_of_cadre.get(cadre_id) or {}
        if inputs and self.kept_unit(inputs["unit_id"]) != subject.unit_id:
            notes.append("年度考核数据录入在其他单位（任职变动前），已按本单位计入")
        evaluation, votes = _evaluation(inputs.get("evaluation"), self.rules.cadre.grades, notes)
        survey, _opinions = _survey(inputs, notes)
        grade = _in_scale(inputs.get("responsibility_grade"), self.rules.team.grades, "责任制考核等次", notes)
        quarters = self.quarters.get(cadre_id, {})
        parts = cadre_parts(self.rules.composite, months=self.months.get(cadre_id, ()), evaluation=votes,
                            quarter_scores=[sum(s) / len(s) for s in quarters.values()])
        if self.unreviewed.get(cadre_id):
            notes.append(f"{self.unreviewed[cadre_id]} 个月的实绩报告已提交、尚未审核，未计入月度实绩")
        sanction = self._sanctions(subject, notes)
        cards: Cards | None = self.cards.get(cadre_id)
        if cards:
            notes.append(cards.text)
        notes += self._named_notices(cadre_id) + self._objections(cadre_id) + _inquiry_notes(inputs)
        facts = CadreFacts(cadre_id, subject.name, subject.unit_id, subject.post_type,
                           composite_score(parts, self.rules.composite.cadre_weights), responsibility_grade=grade,
                           sanction=sanction, missing_reports=self.flags.get(cadre_id, ""),
                           yellow_cards=cards.count if cards else 0, survey=survey, evaluation=evaluation,
                           last_year_grade=self._last(("cadre", cadre_id), self.rules.cadre.grades))
        return facts, SubjectDetails(parts, tuple(notes), subject.title)

    def _sanctions(self, subject: Subject, notes: list) -> str:
        """The 党纪处分 of the year as rule 6 reads them: decided on a day the cadre held a 正职 post
        ("2025年5月12日严重警告", with "，时任…" when that is not the post shown); every sanction rule 6
        does not read (other categories; a party sanction of a cadre not a principal that day) noted."""
        party = []
        for day, category, measure, text in self.sanctions.get(subject.cadre_id, []):
            held = [p for p in self.principal_posts.get(subject.cadre_id, [])
                    if (p[3] or "") <= day and (not p[4] or day < p[4])]
            if category == PARTY_DISCIPLINE and held:
                unit_id, unit_name, title = held[0][:3]
                where = "" if unit_id == subject.unit_id else unit_name
                shown = not where and title == subject.title
                party.append(f"{format_date_cn(day)}{measure}" + ("" if shown else f"，时任{where}{title}"))
            else:
                notes.append(f"{format_date_cn(day)}受到{category}（{measure}）{'：' + text if text else ''}")
        return "、".join(party)

    def _named_notices(self, cadre_id: str) -> list[str]:
        return [f"{format_date_cn(day)}在{kind}监督中被点名通报批评{'：' + text if text else ''}"
                for day, kind, text in self.named.get(cadre_id, [])]

    def _objections(self, cadre_id: str) -> list[str]:
        return [f"公示异议经核查{o['finding']}（{format_date_cn(o['closed_on'])}办结）"
                f"{'：' + o['findings'] if o['findings'] else ''}" for o in self.objections.get(cadre_id, [])]


# -- the proposals, kept while the facts stay the same ---------------------------------------------------
# Every write goes through the store and leaves a version (core.store), so the latest version of any
# table but the decisions and locks — with last year's decisions (rule 11) and the due day (a
# setting) — tells whether a year's facts may have changed. Deciding one subject, and showing the
# year again after it, then costs no reassessment of the year (≈13 s for 20,000 cadres).
@dataclass(frozen=True)
class YearProposals:
    rules: AnnualRules
    details: Mapping[Key, SubjectDetails]
    result: AnnualResult
    source: str  # the rule set used: 2025年规则方案 / 沿用2024年规则方案 / 默认规则方案

    def __iter__(self):
        return iter((self.rules, self.details, self.result, self.source))


_KEPT: dict[tuple, tuple] = {}
_KEPT_LOCK = threading.Lock()
_KEEP = 8


def year_proposals(db, year: int, as_of: str) -> YearProposals:
    """The engine's proposals for `year` as of `as_of`, with the details; computed again only when
    the facts may have changed since the last call for the same database, year and day."""
    key, state = (id(db), year, as_of), _facts_state(db, year)
    with _KEPT_LOCK:
        kept = _KEPT.get(key)
    if kept and kept[0] == state:
        return kept[1]
    rules = annual_rules_of_year(db, year)
    facts, details = year_facts(db, year, as_of, rules=rules)
    found = YearProposals(rules, details, propose_grades(facts, rules), rules_for_year(db, year).source)
    with _KEPT_LOCK:
        if len(_KEPT) >= _KEEP:
            _KEPT.clear()
        _KEPT[key] = (state, found)
    return found


def _facts_state(db, year: int) -> tuple:
    latest = db.execute("SELECT rowid, id FROM versions WHERE table_name NOT IN ('annual_decisions', 'year_locks')"
                        " ORDER BY rowid DESC LIMIT 1").fetchone()
    last_year = db.execute("SELECT group_concat(version_id) FROM (SELECT version_id FROM annual_decisions"
                           " WHERE year = ? ORDER BY id)", [year - 1]).fetchone()
    return str(getattr(db, "path", "")), latest, last_year, due_day_setting(db)


def _evaluation(value, grades, notes: list) -> tuple[Evaluation | None, dict | None]:
    """民主测评 as the engine reads it and the counts the composite scores (known grades only)."""
    if not isinstance(value, Mapping) or not isinstance(value.get("counts"), Mapping) or not value.get("valid"):
        return None, None
    counts = {g: int(n) for g, n in value["counts"].items() if g in grades and n}
    unknown = sorted(g for g, n in value["counts"].items() if g not in grades and n)
    if unknown:
        notes.append(f"民主测评中「{'、'.join(unknown)}」不是本年度的等次，未计入")
    if sum(counts.values()) > int(value["valid"]):
        notes.append(f"民主测评票数合计 {sum(counts.values())} 超过有效票 {value['valid']}，未采用")
        return None, None
    return Evaluation(counts, int(value["valid"])), counts


def _survey(inputs: Mapping, notes: list) -> tuple[Survey | None, dict | None]:
    """民意调查: 不满意 of the valid ballots, confirmed or not by the special investigation."""
    value = inputs.get("survey")
    if not isinstance(value, Mapping) or not isinstance(value.get("counts"), Mapping) or not value.get("valid"):
        return None, None
    counts, valid = {g: int(n) for g, n in value["counts"].items() if n}, int(value["valid"])
    if sum(counts.values()) > valid:
        notes.append(f"民意调查票数合计 {sum(counts.values())} 超过有效票 {valid}，未采用")
        return None, None
    return Survey(counts.get("不满意", 0), valid, bool(inputs.get("survey_confirmed"))), counts


def _score(text, notes: list) -> Fraction | None:
    if text in (None, ""):
        return None
    try:
        score = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        score = None
    if score is None or not 0 <= score <= 100:
        notes.append(f"责任制考核得分「{text}」不是 0–100 之间的数，未采用")
        return None
    return score


def _in_scale(grade, grades, what: str, notes: list) -> str | None:
    if not grade:
        return None
    if grade not in grades:
        notes.append(f"{what}「{grade}」不是 {'、'.join(grades)} 之一，未采用")
        return None
    return grade


def _inquiry_notes(inputs: Mapping) -> list[str]:
    """专项调查 findings and key projects not done (重点项目未完成)."""
    notes = [f"专项调查：{inputs['investigation']}"] if inputs.get("investigation") else []
    undone = [p.get("name", "") for p in inputs.get("key_projects") or [] if isinstance(p, Mapping) and not p.get("done")]
    if undone:
        notes.append(f"重点项目未完成：{'、'.join(undone)}")
    return notes


__all__ = ["Key", "SubjectDetails", "YearProposals", "default_as_of", "year_facts", "year_proposals"]
