"""Printing the month's report forms (《实绩报告登记表》): filled from the database, or blank
with each expected cadre's unit, name and post for hand-filling. The glue between
core.monthly_reports / core.report_gaps and the PDF builder."""

from collections.abc import Callable
from pathlib import Path

from desktop_app.core.monthly_reports import get_report, post_title
from desktop_app.core.report_gaps import month_statuses
from desktop_app.reports.layout import written
from desktop_app.reports.report_form_pdf import ReportForm, ReportItem, build_report_forms_pdf


def report_forms(db, month: str, today: str, *, unit_id: str | None = None, blank: bool = False,
                 cadre_ids: list[str] | None = None) -> list[ReportForm]:
    """One form per cadre expected to report for `month` (of one unit, or the chosen cadres)."""
    forms = []
    for entry in month_statuses(db, month, today):
        if (unit_id and entry.unit_id != unit_id) or (cadre_ids is not None and entry.cadre_id not in cadre_ids):
            continue
        header = {"unit": entry.unit_name, "name": entry.name, "post": post_title(db, entry.cadre_id, entry.unit_id),
                  "month": month}
        report = None if blank else get_report(db, entry.cadre_id, month)
        forms.append(ReportForm(**header) if report is None else _filled(header, report))
    return forms


def _filled(header: dict, report: dict) -> ReportForm:
    return ReportForm(**header, planned=list(report["plans"]),
                      items=[ReportItem(i["task"], i["result"], i["evidence"]) for i in report["items"]],
                      self_grade=report["self_grade"], truthful=report["truthful"],
                      review_grade=report["completion_grade"], review_opinion=report["review_remarks"],
                      principal=report["signed_by"], signed_on=report["signed_on"] or None)


def write_report_forms(db, target, month: str, today: str, *, unit_id: str | None = None, blank: bool = False,
                       cadre_ids: list[str] | None = None,
                       progress: Callable[[int, int, str], None] | None = None) -> Path:
    """The forms as one PDF (a single blank form when nobody is expected); `progress(done, total, text)`
    hears of each form laid out."""
    forms = report_forms(db, month, today, unit_id=unit_id, blank=blank, cadre_ids=cadre_ids) or [ReportForm(month=month)]
    build_report_forms_pdf(forms, target, progress=progress)
    return written(target)


__all__ = ["report_forms", "write_report_forms"]
