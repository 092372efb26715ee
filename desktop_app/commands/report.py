"""kaoping report dossier|dossiers|unit|county|table — 年度报表: a cadre's dossier, a unit's results,
the county summary for leaders, and the year's results table in Excel.

dossier takes a cadre's name, ID number or record id (its first 8 characters are enough); a name
that several cadres share prints them (unit, post, masked ID number, id) and exits 2 without
writing: run again with the ID number or the id. The PDFs are dated today unless --date is given
and signed by this office unless --issuer is given.
"""

import sys
from contextlib import contextmanager

from desktop_app.commands._common import (
    add_db_and_year,
    add_full_id_option,
    day_option,
    office_database,
    shown_values,
    unit_named,
    warn_if_not_begun,
)
from desktop_app.core.clock import today_iso
from desktop_app.core.errors import RecordNotFound

EXIT_AMBIGUOUS = 2


def register(subparsers) -> None:
    parser = subparsers.add_parser("report", help="年度报表：干部考核档案、单位考核结果、全县汇总、结果表（Excel）")
    actions = parser.add_subparsers(dest="report_action", metavar="报表", required=True)
    dossier = actions.add_parser("dossier", help="一名干部的考核档案 PDF（历年任职、月度、季度、年度、黄牌红牌、谈话…）")
    dossier.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    dossier.add_argument("cadre", metavar="姓名或身份证号", help="干部姓名、身份证号，或编号（前 8 位即可）")
    dossier.add_argument("file", metavar="档案.pdf", help="要保存的 PDF 文件")
    _dossier_options(dossier)
    dossier.set_defaults(run=run_dossier)
    dossiers = actions.add_parser("dossiers", help="全部（或一个单位）干部的考核档案，合为一个 PDF")
    dossiers.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    dossiers.add_argument("file", metavar="档案.pdf", help="要保存的 PDF 文件")
    dossiers.add_argument("--unit", metavar="单位名称", help="只打印在这个单位任过职的干部")
    _dossier_options(dossiers)
    dossiers.set_defaults(run=run_dossiers)
    unit = actions.add_parser("unit", help="一个单位的年度考核结果 PDF（班子和干部的得分、拟定等次、审定等次）")
    add_db_and_year(unit)
    unit.add_argument("--unit", required=True, metavar="单位名称", help="单位名称")
    unit.add_argument("file", metavar="结果.pdf", help="要保存的 PDF 文件")
    _signature(unit)
    unit.set_defaults(run=run_unit)
    county = actions.add_parser("county", help="全县年度考核情况汇总 PDF（供领导阅：等次分布图、限额使用、审定调整…）")
    add_db_and_year(county)
    county.add_argument("file", metavar="汇总.pdf", help="要保存的 PDF 文件")
    county.add_argument("--no-chart", action="store_true", help="不附等次分布图")
    _signature(county)
    county.set_defaults(run=run_county)
    table = actions.add_parser("table", help="年度考核结果表导出为 Excel（领导班子、干部、等次限额三张表）")
    add_db_and_year(table)
    table.add_argument("file", metavar="结果表.xlsx", help="要保存的 Excel 文件")
    table.set_defaults(run=run_table)


def _signature(parser) -> None:
    parser.add_argument("--issuer", metavar="落款单位", help="落款（默认为本单位名称）")
    parser.add_argument("--date", metavar="成文日期", help="成文日期，如 2026-01-20（默认为今天）")


def _dossier_options(parser) -> None:
    parser.add_argument("--as-of", metavar="日期", help="档案截至的日期，如 2026-01-20（默认为今天）")
    parser.add_argument("--no-chart", action="store_true", help="不附得分走势图")
    add_full_id_option(parser)


def _dossier_of(args) -> dict:
    """The options a dossier is printed with: --as-of (default today), --no-chart (--full-id: `shown_values`)."""
    return {"as_of": day_option(args.as_of, "截至日期") or today_iso(), "chart": not args.no_chart}


@contextmanager
def _signed(args):
    """The database of `args`, and the issuer and date a result is signed with (--issuer, --date:
    this office and today unless given); a bad --date is refused before the database is opened."""
    issued_on = day_option(args.date, "成文日期") or today_iso()
    with office_database(args.db) as db:
        yield db, {"issuer": args.issuer or db.office()["name"], "issued_on": issued_on}


def chosen_cadre(db, text: str) -> str | None:
    """The one cadre `text` names; None (the candidates printed on stderr) when several share it."""
    from desktop_app.core.dossier import find_cadres

    found = find_cadres(db, text)
    if not found:
        raise RecordNotFound(f"找不到干部“{text}”（可写姓名、身份证号或编号）。")
    if len(found) == 1:
        return found[0].cadre_id
    print(f"“{text}”对应 {len(found)} 名干部，请改用身份证号或编号指定：", file=sys.stderr)
    for match in found:
        post = " ".join(x for x in (match.unit_name, match.title) if x) or "无任职"
        print(f"  {match.name}　{post}　{match.masked_id_number or '无身份证号'}　编号 {match.cadre_id[:8]}",
              file=sys.stderr)
    return None


def run_dossier(args) -> int:
    from desktop_app.reports.dossier_print import write_dossier

    options = _dossier_of(args)
    with office_database(args.db) as db:
        full = shown_values(db, args).full
        cadre_id = chosen_cadre(db, args.cadre)
        if cadre_id is None:
            return EXIT_AMBIGUOUS
        path = write_dossier(db, cadre_id, args.file, full_id_number=full, **options)
        name = db.execute("SELECT name FROM cadres WHERE id = ?", [cadre_id]).fetchone()[0]
    print(f"已导出{name}的考核档案：{path}")
    return 0


def run_dossiers(args) -> int:
    from desktop_app.reports.dossier_print import write_dossiers

    options = _dossier_of(args)
    with office_database(args.db) as db, _progress_line() as progress:
        full = shown_values(db, args).full
        unit_id = unit_named(db, args.unit) if args.unit else None
        path, count = write_dossiers(db, args.file, unit_id=unit_id, progress=progress, full_id_number=full, **options)
    print(f"已导出 {count} 名干部的考核档案：{path}")
    return 0


@contextmanager
def _progress_line():
    """Progress as a line on stderr that rewrites itself, when stderr is a terminal (not in a pipe or
    log); the line is cleared when the block ends."""

    def progress(done: int, total: int, text: str) -> None:
        if sys.stderr.isatty():
            print(f"\r\033[K{text}（{done}/{total}）", end="", file=sys.stderr, flush=True)

    try:
        yield progress
    finally:
        if sys.stderr.isatty():
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def run_unit(args) -> int:
    from desktop_app.reports.annual_print import write_unit_results

    with _signed(args) as (db, signature):
        path = write_unit_results(db, args.year, unit_named(db, args.unit), args.file, **signature)
    print(f"已导出{args.unit}{args.year}年度考核结果：{path}")
    return warn_if_not_begun(args.year)


def run_county(args) -> int:
    from desktop_app.reports.annual_print import write_county_summary

    with _signed(args) as (db, signature), _progress_line() as progress:
        path = write_county_summary(db, args.year, args.file, charts=not args.no_chart, progress=progress,
                                    **signature)
    print(f"已导出{args.year}年度考核情况汇总：{path}")
    return warn_if_not_begun(args.year)


def run_table(args) -> int:
    from desktop_app.core.annual_table import export_annual_table

    with office_database(args.db) as db:
        path = export_annual_table(db, args.year, args.file)
    print(f"已导出{args.year}年度考核结果表：{path}")
    return warn_if_not_begun(args.year)
