"""Printing cadre dossiers (干部考核档案): the glue between core.dossier, the trend chart
(desktop_app.charts.trend) and the PDF (dossier_pdf).

`write_dossier` prints one cadre; `write_dossiers` a unit's or the whole county's cadres in one
file, each year's assessment and each quarterly session computed once, with `progress(done,
total, text)` as the data is gathered, the charts are drawn and the pages are laid out — for the
GUI's worker, which shows it and stays responsive.
"""

from collections.abc import Callable, Sequence
from pathlib import Path

from desktop_app.core.dossier import Dossier, cadre_dossier, county_dossiers, dossier_cadre_ids
from desktop_app.core.errors import RecordNotFound

Progress = Callable[[int, int, str], None]
CHART_WIDTH_IN = 6.0


def trend_png(dossier: Dossier) -> bytes | None:
    """The cadre's quarterly and annual scores over time (PNG, 200 dpi); None when there is no score."""
    quarters = [(q.year, q.quarter, float(q.score)) for q in dossier.quarters if q.score is not None]
    years = [(y.year, float(y.composite), y.grade or "") for y in dossier.years if y.composite is not None]
    if not quarters and not years:
        return None
    from desktop_app.charts.export import png_bytes
    from desktop_app.charts.trend import cadre_trend

    return png_bytes(cadre_trend(quarters, years, subtitle=dossier.name, width=CHART_WIDTH_IN))


def write_dossier(db, cadre_id: str, target, *, as_of: str | None = None, chart: bool = True,
                  full_id_number: bool = False) -> Path:
    """One cadre's dossier as a PDF at `target`; the path written."""
    from desktop_app.reports.dossier_pdf import build_dossiers_pdf
    from desktop_app.reports.layout import written

    dossier = cadre_dossier(db, cadre_id, as_of=as_of)
    build_dossiers_pdf([dossier], target, charts=[trend_png(dossier) if chart else None],
                       full_id_number=full_id_number)
    return written(target)


def write_dossiers(db, target, *, cadre_ids: Sequence[str] | None = None, unit_id: str | None = None,
                   as_of: str | None = None, chart: bool = True, full_id_number: bool = False,
                   progress: Progress | None = None) -> tuple[Path, int]:
    """The dossiers of `cadre_ids` (default: every cadre with a post, of `unit_id` when given) in one
    PDF at `target`; (the path, how many dossiers). Progress runs through three stages: 汇集, 绘图, 排版.
    A `progress` that raises (the operator cancelled) stops the work and leaves no file behind."""
    from desktop_app.reports.dossier_pdf import build_dossiers_pdf
    from desktop_app.reports.layout import written

    ids = list(cadre_ids) if cadre_ids is not None else dossier_cadre_ids(db, unit_id)
    if not ids:
        raise RecordNotFound("没有可以打印考核档案的干部。")
    total = 3 * len(ids)
    report = progress or (lambda done, total, text: None)
    dossiers = county_dossiers(db, ids, as_of=as_of, progress=lambda done, _n, text: report(done, total, text))
    charts = []
    for index, dossier in enumerate(dossiers, start=1):
        charts.append(trend_png(dossier) if chart else None)
        report(len(ids) + index, total, f"正在绘制得分走势图：第 {index} / {len(ids)} 人")
    build_dossiers_pdf(dossiers, target, charts=charts, full_id_number=full_id_number,
                       progress=lambda done, _n, text: report(2 * len(ids) + done, total, text))
    return written(target), len(dossiers)


__all__ = ["trend_png", "write_dossier", "write_dossiers"]
