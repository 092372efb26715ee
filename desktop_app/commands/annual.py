"""kaoping annual template|import — 年度考核数据: the year's inputs of every team and cadre from a workbook.

template writes a row for each team and cadre assessed in the year (--units for some units only);
import: without --skip-invalid any bad row means nothing is written (exit 3); --dry-run checks only.
"""

from desktop_app.commands._common import (
    add_db_and_year,
    add_import_options,
    office_database,
    run_workbook_import,
    unit_named,
)
from desktop_app.core.annual_import import apply_inputs_import, read_inputs, write_inputs_template


def register(subparsers) -> None:
    parser = subparsers.add_parser("annual", help="年度考核数据：民主测评、民意调查、责任制考核的模板与导入")
    actions = parser.add_subparsers(dest="annual_action", metavar="操作", required=True)
    template = actions.add_parser("template", help="导出年度考核数据填写模板（列出各单位领导班子和干部）")
    add_db_and_year(template)
    template.add_argument("file", metavar="年度考核数据.xlsx", help="要保存的 Excel 文件")
    template.add_argument("--units", nargs="+", metavar="单位名称", help="只列这些单位")
    template.set_defaults(run=run_template)
    importer = actions.add_parser("import", help="从 Excel（本软件导出的模板）导入年度考核数据")
    add_db_and_year(importer)
    importer.add_argument("file", metavar="年度考核数据.xlsx", help="Excel 文件（.xlsx）")
    add_import_options(importer)
    importer.set_defaults(run=run_import)


def run_template(args) -> int:
    with office_database(args.db) as db:
        unit_ids = [unit_named(db, name) for name in args.units] if args.units else None
        path = write_inputs_template(db, args.file, args.year, unit_ids)
    print(f"已保存{args.year}年度考核数据模板：{path}")
    return 0


def run_import(args) -> int:
    return run_workbook_import(args, lambda db: read_inputs(db, args.file, args.year), apply_inputs_import, _described)


def _described(plan) -> tuple[list[str], str]:
    units = [f"{rows[0].subject.unit_name}：{len(rows)} 项" for rows in plan.by_unit().values()]
    return units, f"导入完成：{plan.year}年度 {plan.count} 项年度考核数据。"
