"""干部考核档案: one cadre across the years, as plain data (no Qt, no reportlab).

Who the cadre is, the posts held over time (任职经历), the monthly completion grade of every
month (月度实绩), the quarterly score of every quarter evaluated (季度评议), the annual grade of
every year assessed — proposed, decided, and why (年度考核) — the supervised tasks with their
yellow and red cards (督办事项、黄牌红牌), talks (谈话), written inquiries (函询), sanctions (处分)
and notices of criticism (通报批评). Scores are computed, never stored: a quarter from its raw
tallies (core.quarter_scores), a year by core.assessment; `DossierSources` keeps what was
computed, so the dossiers of a whole county compute each year and each session once.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from desktop_app.core.annual.composite import score_text
from desktop_app.core.annual.settings import RULE_NAMES
from desktop_app.core.clock import today_iso
from desktop_app.core.dossier_records import (
    CriticismNotice,
    Inquiry,
    MonthMark,
    Sanction,
    SupervisedTask,
    Talk,
    YearCards,
    criticism_notices,
    inquiries_of,
    month_marks,
    sanctions_of,
    supervised_tasks,
    talks_of,
    year_cards,
)
from desktop_app.core.errors import RecordNotFound
from desktop_app.core.masking import mask_id_number
from desktop_app.core.posts import posts_of
from desktop_app.core.quarter_scores import TallyError, display_score, session_scores

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Identity:
    """基本情况: the cadre's record."""

    cadre_id: str
    name: str
    gender: str = ""
    ethnicity: str = ""
    birth_month: str = ""
    id_number: str = ""
    political_status: str = ""
    education: str = ""
    status: str = ""

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


@dataclass(frozen=True)
class PostHeld:
    """任职经历: a post from `start_date` up to `end_date` (exclusive; None: still held)."""

    unit_id: str
    unit_name: str
    title: str
    post_type: str
    rank: str
    start_date: str
    end_date: str | None

    def held_in(self, year: int) -> bool:
        return (self.start_date or "0000") <= f"{year}-12-31" and (self.end_date or "9999") > f"{year}-01-01"


@dataclass(frozen=True)
class QuarterResult:
    """季度评议: the cadre's score, grade and rank in the unit's session of a quarter."""

    year: int
    quarter: int
    unit_name: str
    score: Fraction | None
    grade: str | None
    rank: int | None
    ranked: int  # cadres with a score in the session

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.quarter}季度"

    @property
    def score_text(self) -> str:
        return display_score(self.score)


@dataclass(frozen=True)
class YearResult:
    """年度考核: the proposal of the engine and the committee's decision, with every reason."""

    year: int
    unit_name: str
    post_type: str
    composite: object  # Fraction | int | None
    parts: Mapping[str, object]
    base_grade: str | None
    proposed: str | None
    final: str | None  # None while not decided
    override_reason: str = ""
    decided_by: str = ""
    decided_on: str = ""
    reasons: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    locked: bool = False
    changed_by: tuple[str, ...] = ()  # the rules that changed the grade, by name (民意调查, 等次比例)

    @property
    def grade(self) -> str | None:
        """The grade that stands: the decided one, else the proposed one."""
        return self.final or self.proposed

    @property
    def overridden(self) -> bool:
        return self.final is not None and self.final != self.proposed

    @property
    def composite_text(self) -> str:
        return score_text(self.composite)


@dataclass(frozen=True)
class Dossier:
    """干部考核档案 as of a day: everything the printed dossier shows, oldest first in each list."""

    identity: Identity
    as_of: str
    posts: tuple[PostHeld, ...] = ()
    months: tuple[MonthMark, ...] = ()
    quarters: tuple[QuarterResult, ...] = ()
    years: tuple[YearResult, ...] = ()
    tasks: tuple[SupervisedTask, ...] = ()
    cards: tuple[YearCards, ...] = ()
    talks: tuple[Talk, ...] = ()
    inquiries: tuple[Inquiry, ...] = ()
    sanctions: tuple[Sanction, ...] = ()
    notices: tuple[CriticismNotice, ...] = ()

    @property
    def name(self) -> str:
        return self.identity.name

    def current_posts(self) -> tuple[PostHeld, ...]:
        """Posts held on `as_of`."""
        return tuple(p for p in self.posts if (p.start_date or "0000") <= self.as_of < (p.end_date or "9999"))

    def month_grid(self) -> dict[int, list[str]]:
        """Year → the twelve months' marks (完成等次, 未报, 空洞…; "" where nothing is due), by year."""
        grid: dict[int, list[str]] = {}
        for mark in self.months:
            grid.setdefault(int(mark.month[:4]), [""] * 12)[int(mark.month[5:7]) - 1] = mark.mark
        return dict(sorted(grid.items()))


@dataclass
class DossierSources:
    """What dossiers share, computed once: each year's assessment and each session's scores.

    `as_of` is the day the dossiers are as of (default today); a year gone by is assessed as of the
    day after it ended (core.annual.year_facts.default_as_of).
    """

    db: object
    as_of: str = field(default_factory=today_iso)
    _years: dict = field(default_factory=dict, repr=False)
    _sessions: dict = field(default_factory=dict, repr=False)
    _assessed_years: list | None = field(default=None, repr=False)

    def assessment(self, year: int):
        """core.assessment.YearAssessment of `year` (None when nothing of the year is assessed)."""
        from desktop_app.core.annual.year_facts import default_as_of
        from desktop_app.core.assessment import assess_year, assessment_years

        if self._assessed_years is None:
            self._assessed_years = list(assessment_years(self.db, self.as_of))
        if year not in self._assessed_years:
            return None
        if year not in self._years:
            self._years[year] = assess_year(self.db, year, as_of=default_as_of(year, self.as_of))
        return self._years[year]

    def session(self, session_id: str):
        """The scores of a quarterly session (core.quarter_scores.UnitScores), None when its tallies do not fit."""
        if session_id not in self._sessions:
            try:
                self._sessions[session_id] = session_scores(self.db, session_id)
            except TallyError:
                self._sessions[session_id] = None
        return self._sessions[session_id]


# -- assembling ------------------------------------------------------------------------------------
def cadre_dossier(db, cadre_id: str, *, as_of: str | None = None, sources: DossierSources | None = None) -> Dossier:
    """The dossier of cadre `cadre_id` as of `as_of` (default today); RecordNotFound for an unknown id."""
    sources = sources or DossierSources(db, as_of or today_iso())
    as_of = as_of or sources.as_of
    identity = identity_of(db, cadre_id)
    posts = tuple(reversed([PostHeld(p["unit_id"], p["unit_name"], p["title"], p["post_type"], p["rank"],
                                     p["start_date"], p["end_date"]) for p in posts_of(db, cadre_id)]))
    tasks = supervised_tasks(db, cadre_id, as_of)
    return Dossier(identity, as_of, posts, month_marks(db, cadre_id, as_of), quarter_results(db, cadre_id, sources),
                   year_results(cadre_id, posts, sources), tasks, year_cards(db, tasks),
                   talks_of(db, cadre_id), inquiries_of(db, cadre_id, as_of), sanctions_of(db, cadre_id),
                   criticism_notices(db, cadre_id))


def identity_of(db, cadre_id: str) -> Identity:
    row = db.execute("SELECT id, name, gender, ethnicity, birth_month, id_number, political_status, education,"
                     " status FROM cadres WHERE id = ? AND deleted = 0", [cadre_id]).fetchone()
    if row is None:
        raise RecordNotFound("找不到该干部（可能已被删除）。")
    return Identity(*row)


def quarter_results(db, cadre_id: str, sources: DossierSources) -> tuple[QuarterResult, ...]:
    """Every quarter the cadre was evaluated in (listed on the ballot or tallied), oldest first."""
    sessions = db.execute(
        "SELECT s.id, s.year, s.quarter, u.name FROM evaluation_sessions s JOIN units u ON u.id = s.unit_id"
        " WHERE s.deleted = 0 AND (s.id IN (SELECT session_id FROM tallies WHERE cadre_id = ? AND deleted = 0)"
        " OR ? IN (SELECT value FROM json_each(s.cadre_ids))) ORDER BY s.year, s.quarter, u.sort_order",
        [cadre_id, cadre_id]).fetchall()
    found = []
    for session_id, year, quarter, unit_name in sessions:
        scores = sources.session(session_id)
        cadre = scores.cadre(cadre_id) if scores else None
        ranked = sum(1 for c in scores.cadres if c.score is not None) if scores else 0
        found.append(QuarterResult(year, quarter, unit_name, cadre.exact_score if cadre else None,
                                   cadre.grade if cadre else None, cadre.rank if cadre else None, ranked))
    return tuple(found)


def year_results(cadre_id: str, posts: tuple[PostHeld, ...], sources: DossierSources) -> tuple[YearResult, ...]:
    """The annual assessment of every year the cadre held a post in and was assessed, oldest first: the
    years ended by the dossier's day, and a year still running only once the committee decided it."""
    years = sorted({year for post in posts for year in _years_of(post, sources.as_of)})
    found = []
    for year in years:
        if f"{year}-12-31" >= sources.as_of and not _decided(sources.db, year, cadre_id):
            continue
        assessment = sources.assessment(year)
        assessed = assessment.cadre(cadre_id) if assessment is not None else None
        if assessed is not None:
            found.append(year_result(year, assessed, assessment.locked))
    return tuple(found)


def _decided(db, year: int, cadre_id: str) -> bool:
    return db.execute("SELECT 1 FROM annual_decisions WHERE year = ? AND kind = 'cadre' AND subject_id = ?"
                      " AND deleted = 0", [year, cadre_id]).fetchone() is not None


def _years_of(post: PostHeld, as_of: str) -> range:
    first = int((post.start_date or as_of)[:4])
    last = int(min(post.end_date or as_of, as_of)[:4])
    return range(first, last + 1)


def year_result(year: int, assessed, locked: bool) -> YearResult:
    """A YearResult from core.assessment.Assessed."""
    proposal, decision = assessed.proposal, assessed.decision or {}
    return YearResult(year, proposal.unit_name, proposal.post_type, proposal.composite, dict(assessed.parts),
                      proposal.base_grade, proposal.grade, assessed.final_grade,
                      decision.get("reason", "") or "", decision.get("decided_by", "") or "",
                      decision.get("decided_on", "") or "", tuple(assessed.reasons), tuple(proposal.follow_ups),
                      tuple(proposal.flags), locked,
                      tuple(dict.fromkeys(RULE_NAMES.get(s.rule, str(s.rule)) for s in proposal.steps if s.changed)))


# -- finding a cadre --------------------------------------------------------------------------------
@dataclass(frozen=True)
class CadreMatch:
    """A cadre a name or number found, with what tells namesakes apart."""

    cadre_id: str
    name: str
    unit_name: str
    title: str
    id_number: str
    status: str

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


def find_cadres(db, text: str) -> list[CadreMatch]:
    """The cadres `text` names — a record id (or its first 8+ characters), an ID number, or a name —
    by name, then unit (namesakes side by side, to tell apart by unit and ID number)."""
    text = (text or "").strip()
    if not text:
        return []
    rows = db.execute(
        "SELECT c.id, c.name, c.id_number, c.status, c.name_pinyin FROM cadres c WHERE c.deleted = 0 AND"
        " (c.name = ? OR upper(c.id_number) = upper(?) OR (length(?) >= 8 AND c.id LIKE ? || '%'))",
        [text, text, text, text.lower()]).fetchall()
    found = [(pinyin, CadreMatch(cadre_id, name, *_latest_post(db, cadre_id), id_number, status))
             for cadre_id, name, id_number, status, pinyin in rows]
    return [match for _pinyin, match in sorted(found, key=lambda f: (f[0], f[1].unit_name, f[1].cadre_id))]


def _latest_post(db, cadre_id: str) -> tuple[str, str]:
    posts = posts_of(db, cadre_id)
    held = [p for p in posts if p["end_date"] is None] or posts
    return (held[0]["unit_name"], held[0]["title"]) if held else ("", "")


def dossier_cadre_ids(db, unit_id: str | None = None) -> list[str]:
    """The cadres whose dossiers a batch prints: every live cadre with a post (in `unit_id`), by unit and name."""
    rows = db.execute(
        "SELECT c.id FROM cadres c JOIN posts p ON p.cadre_id = c.id AND p.deleted = 0 JOIN units u ON u.id = p.unit_id"
        " WHERE c.deleted = 0 AND (? IS NULL OR p.unit_id = ?)"
        " GROUP BY c.id ORDER BY MIN(u.sort_order), c.name_pinyin, c.id", [unit_id, unit_id]).fetchall()
    return [row[0] for row in rows]


def county_dossiers(db, cadre_ids: list[str], *, as_of: str | None = None,
                    progress: Progress | None = None) -> list[Dossier]:
    """The dossiers of many cadres, each year and session computed once; `progress(done, total, text)`."""
    sources = DossierSources(db, as_of or today_iso())
    found = []
    for index, cadre_id in enumerate(cadre_ids, start=1):
        found.append(cadre_dossier(db, cadre_id, sources=sources))
        if progress is not None:
            progress(index, len(cadre_ids), f"正在汇集考核档案：第 {index} / {len(cadre_ids)} 人")
    return found


__all__ = ["Identity", "PostHeld", "QuarterResult", "YearResult", "Dossier", "DossierSources", "CadreMatch",
           "MonthMark", "SupervisedTask", "YearCards", "Talk", "Inquiry", "Sanction", "CriticismNotice",
           "cadre_dossier", "identity_of", "quarter_results", "year_results", "year_result", "find_cadres",
           "dossier_cadre_ids", "county_dossiers"]
