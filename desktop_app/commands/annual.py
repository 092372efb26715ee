"""kaoping annual template|import — 年度考核数据: the year's inputs of every team and cadre from a workbook.

template writes a row for each team and cadre assessed in the year (--units for some units only);
import: without --skip-invalid any bad row means nothing is written (exit 3); --dry-run checks only.
"""

from desktop_app.commands._common import open_office_database, print_json
from desktop_app.core.annual_import import apply_inputs_import, read_inputs, write_inputs_template
from desktop_app.core.errors import KaopingError
from desktop_app.core.store import RecordStore
from desktop_app.core.units import unit_id_named

EXIT_REJECTED = 3


def register(subparsers) -> None:
    parser = subparsers.add_parser("annual", help="年度考核数据：民主测评、民意调查、责任制考核的模板与导入")
    actions = parser.add_subparsers(dest="annual_action", metavar="操作", required=True)
    template = actions.add_parser("template", help="导出年度考核数据填写模板（列出各单位领导班子和干部）")
    _year(template)
    template.add_argument("file", metavar="年度考核数据.xlsx", help="要保存的 Excel 文件")
    template.add_argument("--units", nargs="+", metavar="单位名称", help="只列这些单位")
    template.set_defaults(run=run_template)
    importer = actions.add_parser("import", help="从 Excel（本软件导出的模板）导入年度考核数据")
    _year(importer)
    importer.add_argument("file", metavar="年度考核数据.xlsx", help="Excel 文件（.xlsx）")
    importer.add_argument("--dry-run", action="store_true", help="只检查并显示将会发生的变化，不写入")
    importer.add_argument("--skip-invalid", action="store_true", help="跳过有问题的行，只导入无误的行")
    importer.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    importer.set_defaults(run=run_import)


def _year(parser) -> None:
    parser.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    parser.add_argument("--year", type=int, required=True, metavar="年份", help="考核年度，如 2025")


def run_template(args) -> int:
    db = open_office_database(args.db)
    try:
        unit_ids = [_unit(db, name) for name in args.units] if args.units else None
        path = write_inputs_template(db, args.file, args.year, unit_ids)
    finally:
        db.close()
    print(f"已保存{args.year}年度考核数据模板：{path}")
    return 0


def _unit(db, name: str) -> str:
    unit_id = unit_id_named(db, name)
    if unit_id is None:
        raise KaopingError(f"找不到单位“{name}”。")
    return unit_id


def run_import(args) -> int:
    db = open_office_database(args.db)
    try:
        plan = read_inputs(db, args.file, args.year)
        blocked = bool(plan.problems) and not args.skip_invalid
        if not (args.dry_run or blocked):
            apply_inputs_import(RecordStore(db), plan, skip_invalid=args.skip_invalid)
    finally:
        db.close()
    if args.json:
        print_json(plan.as_json())
    else:
        _print_plan(plan, args.dry_run, blocked)
    return EXIT_REJECTED if blocked else 0


def _print_plan(plan, dry_run: bool, blocked: bool) -> None:
    for rows in plan.by_unit().values():
        print(f"{rows[0].subject.unit_name}：{len(rows)} 项")
    for problem in plan.problems:
        print(f"  第{problem.row}行{' ' + problem.name if problem.name else ''}：{problem.reason}")
    if dry_run:
        print("试运行，未写入任何数据。")
    elif blocked:
        print("有问题的行未改正前，整个文件都不会导入（未写入任何数据）。请改正后重新导入，或加 --skip-invalid 只导入无误的行。")
    else:
        print(f"导入完成：{plan.year}年度 {plan.count} 项年度考核数据。")
