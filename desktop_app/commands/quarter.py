"""kaoping quarter scores|import|template — 季度评议: quantified scores, tallies from workbooks.

scores prints every unit's cadres of a quarter by rank (--unit for one unit), computed from the
raw counts with the rule set of the quarter's year; --json gives the same as data.
import: without --skip-invalid any bad row means nothing is written (exit 3).
"""

from desktop_app.commands._common import (
    add_db_and_year,
    add_import_options,
    office_database,
    print_json,
    run_workbook_import,
    unit_named,
)
from desktop_app.core.errors import KaopingError
from desktop_app.core.evaluations import quarter_label, sessions_of_quarter
from desktop_app.core.quarter_scores import display_rate, display_score, quarter_summary
from desktop_app.core.rule_sets import rules_for_year
from desktop_app.core.tally_import import apply_tally_import, read_tallies, write_tally_template


def register(subparsers) -> None:
    parser = subparsers.add_parser("quarter", help="季度评议：量化评分、计票导入")
    actions = parser.add_subparsers(dest="quarter_action", metavar="操作", required=True)
    scores = actions.add_parser("scores", help="某季度各单位干部的评议得分、等次和名次")
    _period(scores)
    scores.add_argument("--unit", metavar="单位名称", help="只看这个单位")
    scores.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    scores.set_defaults(run=run_scores)
    template = actions.add_parser("template", help="导出计票填写模板（列出各单位测评名单）")
    _period(template)
    template.add_argument("file", metavar="计票模板.xlsx", help="要保存的 Excel 文件")
    template.set_defaults(run=run_template)
    pdf = actions.add_parser("pdf", help="某单位某季度的评议结果 PDF（含得分分布图）")
    _period(pdf)
    pdf.add_argument("--unit", required=True, metavar="单位名称", help="单位名称")
    pdf.add_argument("file", metavar="结果.pdf", help="要保存的 PDF 文件")
    pdf.add_argument("--no-chart", action="store_true", help="不附得分分布图")
    pdf.set_defaults(run=run_pdf)
    ballots = actions.add_parser("ballots", help="某单位某季度的民主测评表 PDF（打印后发给与会人员）")
    _period(ballots)
    ballots.add_argument("--unit", required=True, metavar="单位名称", help="单位名称")
    ballots.add_argument("file", metavar="测评表.pdf", help="要保存的 PDF 文件")
    ballots.add_argument("--copies", type=int, metavar="份数", help="份数（默认为发出票数，未登记测评会时 1 份）")
    ballots.set_defaults(run=run_ballots)
    importer = actions.add_parser("import", help="从 Excel（本软件导出的计票模板）导入计票")
    importer.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    importer.add_argument("file", metavar="计票.xlsx", help="Excel 文件（.xlsx）")
    add_import_options(importer)
    importer.set_defaults(run=run_import)


def _period(parser) -> None:
    add_db_and_year(parser, "如 2025")
    parser.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4), metavar="季度", help="1–4")


def run_scores(args) -> int:
    with office_database(args.db) as db:
        summary = quarter_summary(db, args.year, args.quarter)
    units = [u for u in summary.units if not args.unit or u.unit_name == args.unit]
    if args.unit and not units:
        raise KaopingError(f"“{args.unit}”{quarter_label(args.year, args.quarter)}没有测评会。")
    if args.json:
        print_json({"year": args.year, "quarter": args.quarter, "rules": summary.source,
                    "average": summary.average, "grade_counts": dict(summary.grade_counts),
                    "units": [_unit_json(u) for u in units]})
        return 0
    print(f"{quarter_label(args.year, args.quarter)}民主评议（{summary.source}）：{len(summary.units)} 个单位，"
          f"{summary.cadre_count} 人，平均 {summary.average_text} 分，"
          + "，".join(f"{g} {n} 人" for g, n in summary.grade_counts.items()))
    for unit in units:
        print(f"\n{unit.unit_name}（平均 {unit.average_text} 分）")
        if unit.problem:
            print(unit.problem)
        print("名次\t姓名\t综合得分\t等次\t好评率\t好及较好率")
        for cadre in unit.cadres:
            print(f"{cadre.rank or '—'}\t{cadre.name}\t{cadre.score_text}\t{cadre.grade_text}\t"
                  f"{display_rate(cadre.good_rate)}\t{display_rate(cadre.good_or_better_rate)}")
    return 0


def _unit_json(unit) -> dict:
    return {"unit": unit.unit_name, "average": unit.average, "grade_counts": dict(unit.grade_counts),
            "problem": unit.problem,
            "cadres": [{"cadre_id": c.cadre_id, "name": c.name, "rank": c.rank, "score": c.score,
                        "score_text": c.score_text, "grade": c.grade, "aspect_scores": list(c.aspect_scores),
                        "aspect_scores_text": [display_score(s) for s in c.aspect_scores],
                        "good_rate": c.good_rate, "good_or_better_rate": c.good_or_better_rate,
                        "abstentions": list(c.abstentions), "valid": c.valid, "counts": c.counts}
                       for c in unit.cadres]}


def run_pdf(args) -> int:
    from desktop_app.reports.quarter_results_print import write_quarter_results

    with office_database(args.db) as db:
        path = write_quarter_results(db, unit_named(db, args.unit), args.year, args.quarter, args.file,
                                     chart=not args.no_chart)
    print(f"已导出{args.unit}{quarter_label(args.year, args.quarter)}评议结果：{path}")
    return 0


def run_ballots(args) -> int:
    from desktop_app.reports.ballot_print import write_ballots

    with office_database(args.db) as db:
        path, copies = write_ballots(db, unit_named(db, args.unit), args.year, args.quarter, args.file,
                                     copies=args.copies)
    print(f"已导出{args.unit}{quarter_label(args.year, args.quarter)}民主测评表 {copies} 份：{path}")
    return 0


def run_template(args) -> int:
    with office_database(args.db) as db:
        sessions = sessions_of_quarter(db, args.year, args.quarter)
        if not sessions:
            raise KaopingError(f"{quarter_label(args.year, args.quarter)}还没有登记任何测评会，无法导出计票模板。")
        aspects = [a.short for a in rules_for_year(db, args.year).aspects]
        path = write_tally_template(db, args.file, sessions, aspects)
    print(f"已保存计票模板（{len(sessions)} 个单位）：{path}")
    return 0


def run_import(args) -> int:
    return run_workbook_import(args, lambda db: read_tallies(db, args.file, _aspects(db, args.file)),
                               apply_tally_import, _described)


def _aspects(db, path) -> list[str]:
    """The short names of the aspects of the latest year the workbook names (its columns follow them)."""
    years = _years_in(path)
    return [a.short for a in rules_for_year(db, max(years) if years else 2000).aspects]


def _described(plan) -> tuple[list[str], str]:
    return [f"{session.label}：{len(session.counts)} 人" for session in plan.sessions], \
        f"导入完成：{plan.tally_count} 人的计票。"


def _years_in(path) -> list[int]:
    """The years the workbook's rows name (its aspect columns follow that year's rule set)."""
    from desktop_app.core.workbook_tables import read_header_table

    table = read_header_table(path, {"year": ("年度",), "name": ("姓名",)}, ("year", "name"), what="计票")
    return sorted({int(row.values["year"]) for row in table.rows if str(row.values.get("year", "")).isdigit()})
