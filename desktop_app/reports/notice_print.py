"""Printing a notice kept in the database (公示打印): the glue between core.notices and the PDF.

The GUI's 打印/导出 PDF button runs `write_notice_pdf(db, notice_id, target)` on its worker
(gui/pages/notice_printing.py finds this module by name). The verification code is computed
from the notice's stored content, so the same notice always prints the same code.
"""

from pathlib import Path

from desktop_app.reports.layout import written
from desktop_app.reports.notice_pdf import NoticeDocument, build_notice_pdf
from desktop_app.reports.verification import normalise_code


def notice_document(notice: dict) -> NoticeDocument:
    """The printable document of a notice as `core.notices.get_notice` returns it."""
    return NoticeDocument(
        title=notice["title"],
        basis=[line.strip() for line in (notice.get("basis") or "").splitlines() if line.strip()],
        columns=list(notice["columns"]),
        rows=[[str(cell) for cell in entry.get("cells", [])] for entry in notice["entries"]],
        start=notice["start_date"], end=notice["end_date"], workdays=int(notice["workdays"]),
        channels={key: value for key, value in (notice.get("channels") or {}).items() if value},
        issuer=notice.get("issuer") or "", issued_on=notice.get("issued_on") or None,
    )


def find_notice_by_code(db, code: str) -> dict | None:
    """The notice whose content gives verification code `code` (核验), or None: a posted copy
    whose code finds nothing was not printed from this database, or its notice was changed since."""
    from desktop_app.core.notices import list_notices

    wanted = normalise_code(code)
    if wanted is None:
        return None
    return next((notice for notice in list_notices(db) if notice_document(notice).verification() == wanted), None)


def write_notice_pdf(db, notice_id: str, target) -> Path:
    """Write notice `notice_id` to `target` (a path); the path written."""
    from desktop_app.core.notices import get_notice

    build_notice_pdf(notice_document(get_notice(db, notice_id)), target)
    return written(target)
