"""Printing a unit's quarterly results (季度评议结果): the glue between the scores, the meeting,
the rule set, a chart of the unit's scores and the results PDF."""

from pathlib import Path

from desktop_app.core.evaluations import evaluated_of, get_session, quarter_label
from desktop_app.core.quarter_scores import session_scores
from desktop_app.core.rule_sets import rules_for_year
from desktop_app.reports.layout import written
from desktop_app.reports.quarter_results_pdf import (
    MeetingFacts,
    QuarterResultsDocument,
    ResultRow,
    build_quarter_results_pdf,
)


def quarter_results_document(db, unit_id: str, year: int, quarter: int, *, issuer: str = "",
                             issued_on=None) -> QuarterResultsDocument:
    session = get_session(db, unit_id, year, quarter)
    if session is None:
        from desktop_app.core.errors import RecordNotFound

        raise RecordNotFound(f"该单位{quarter_label(year, quarter)}还没有登记测评会。")
    rules = rules_for_year(db, year)
    scores = session_scores(db, session["id"], rules)
    titles = {e.cadre_id: e.title for e in evaluated_of(db, session)}
    rows = [ResultRow(name=c.name, post=titles.get(c.cadre_id, ""), rank=c.rank, aspect_scores=list(c.aspect_scores),
                      score=c.score, good_rate=c.good_rate, good_or_fair_rate=c.good_or_better_rate,
                      grade=c.grade or "", counts=_total(c.counts, len(rules.aspects)),
                      category_counts={k: v for k, v in c.counts.items() if k} if session["categories"] else {})
            for c in scores.cadres]
    facts = MeetingFacts(session["meeting_date"] or None, session["expected"], session["present"], session["issued"],
                         session["returned"], session["valid"], dict(session["valid_by_category"]))
    return QuarterResultsDocument(
        unit=scores.unit_name, year=year, quarter=quarter, rows=rows, facts=facts,
        aspects=[a.name for a in rules.aspects], aspect_labels=[a.short for a in rules.aspects],
        grades=tuple(rules.grades), notes=[f"计分依据：{rules.source}；各等次分值 "
                                            + "、".join(f"{g}{p}" for g, p in rules.points_by_grade.items()) + "。"],
        issuer=issuer or scores.unit_name, issued_on=issued_on)


def _total(counts: dict, aspects: int) -> list[list[int]]:
    """Each aspect's votes per grade over all voter categories."""
    total = [[0, 0, 0, 0] for _ in range(aspects)]
    for rows in counts.values():
        for a, row in enumerate(rows[:aspects]):
            total[a] = [x + y for x, y in zip(total[a], row, strict=False)]
    return total


def scores_chart_png(document: QuarterResultsDocument, db, year: int) -> bytes | None:
    """The unit's scores as a histogram with the grade lines (None when nobody has a score)."""
    from desktop_app.charts.export import png_bytes
    from desktop_app.charts.scores import score_histogram

    scores = [row.score for row in document.rows if row.score is not None]
    if not scores:
        return None
    rules = rules_for_year(db, year)
    thresholds = {t.grade: float(t.min_score) for t in rules.thresholds if t.min_score > 0}  # no line at 0
    figure = score_histogram(scores, thresholds=thresholds, grades=rules.grades,
                             subtitle=f"{document.unit} {quarter_label(document.year, document.quarter)}")
    return png_bytes(figure)


def write_quarter_results(db, unit_id: str, year: int, quarter: int, target, *, chart: bool = True,
                          issuer: str = "", issued_on=None) -> Path:
    document = quarter_results_document(db, unit_id, year, quarter, issuer=issuer, issued_on=issued_on)
    png = scores_chart_png(document, db, year) if chart else None
    build_quarter_results_pdf(document, target, chart_png=png, chart_caption="本单位综合得分分布" if png else "")
    return written(target)


__all__ = ["quarter_results_document", "write_quarter_results", "scores_chart_png"]
