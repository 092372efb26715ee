"""The year as the 审定 tab shows it, read on the worker.

`read_review` runs core `assess_year` (about a second for a prefecture) and builds the table's
rows there, names spelled in pinyin off the GUI thread. `ReviewLoader` starts it and hands the
result back, dropping one that arrives for a year no longer chosen (or after a newer start).
"""

from dataclasses import dataclass

from desktop_app.core.assessment import YearAssessment, assess_year, quota_lines
from desktop_app.core.pinyin import name_pinyin, search_text
from desktop_app.gui.models.annual_review_models import TEAM_LABEL, ReviewRow, state_of
from desktop_app.gui.pages.latest_loader import LatestLoader


@dataclass(frozen=True)
class ReviewData:
    """A year's assessment and its rows, computed on the worker."""

    assessment: YearAssessment
    rows: tuple[ReviewRow, ...]
    quota_lines: tuple[tuple[str, str], ...]  # (text, OVER / PENDING / "")

    @property
    def year(self) -> int:
        return self.assessment.year

    @property
    def locked(self) -> bool:
        return self.assessment.locked

    @property
    def ready(self) -> int:
        """How many undecided have a proposed grade and no tie (what 按拟定等次审定其余 decides)."""
        return sum(1 for s in self.assessment.undecided if not s.needs_committee)

    @property
    def waiting(self) -> int:
        """How many undecided need the committee one by one (tied, or no proposed grade)."""
        return sum(1 for s in self.assessment.undecided if s.needs_committee)


OVER, PENDING = "over", "pending"


def quota_states(assessment: YearAssessment) -> dict[str, str]:
    """kind → OVER when the final grades decided exceed the top grade's quota, PENDING when only
    counting the proposed grades of the undecided (ties at the line) would, "" otherwise."""
    found = {}
    for usage in assessment.quotas:
        top = assessment.grades[usage.kind][0]
        subjects = assessment.teams if usage.kind == "team" else assessment.cadres
        decided = sum(1 for s in subjects if s.final_grade == top)
        found[usage.kind] = OVER if decided > usage.allowed else \
            PENDING if assessment.final_counts(usage.kind).get(top, 0) > usage.allowed else ""
    return found


def read_review(db, year: int) -> ReviewData:
    """The year's assessment and the table's rows (pinyin spelled here)."""
    assessment = assess_year(db, year)
    unit_order = {t.unit_id: n for n, t in enumerate(assessment.teams)}
    rows = []
    for order, subject in enumerate(assessment.subjects):
        unit_full, unit_initials = name_pinyin(subject.unit_name)
        name = TEAM_LABEL if subject.kind == "team" else subject.name
        full, initials = name_pinyin(name)
        rows.append(ReviewRow(subject, order, unit_order.get(subject.unit_id, len(unit_order)),
                              tuple(assessment.grades.get(subject.kind, ())), full,
                              search_text(subject.unit_name, unit_full, unit_initials, name, full, initials,
                                          subject.title, state_of(subject))))
    states = quota_states(assessment)
    lines = tuple((text, states.get(kind, ""))  # quota_lines: a line per kind, teams first
                  for kind, text in zip(("team", "cadre"), quota_lines(assessment), strict=False))
    return ReviewData(assessment, tuple(rows), lines)


class ReviewLoader(LatestLoader):
    """Assesses a year on the worker; keeps the last result until a newer one arrives."""

    data: ReviewData | None

    def load(self, year: int) -> None:
        """Assess `year` (again); a result of an earlier start is dropped when it arrives. A year
        shown for the first time shows progress; a year shown already is updated quietly (after a
        decision, the table stays usable while it is recomputed)."""
        db = self.ctx.db
        first = self.data is None or self.data.year != year
        self.start(lambda: read_review(db, year), f"正在计算{year}年度考核拟定等次…" if first else None)
