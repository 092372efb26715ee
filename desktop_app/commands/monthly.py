"""kaoping monthly import|template|gaps|flags — 月度实绩: items from workbooks, missing reports, rule 8.

import: without --skip-invalid, any row with a problem means nothing is written (exit 3);
--dry-run writes nothing and says what would happen; --json prints the plan
{"file", "reports": [{"name", "month", "action", "plans", "items", "problem"}], "problems": [{"row", …}]}.
"""

from desktop_app.commands._common import (
    add_operator_options,
    open_office_database,
    operator_store,
    print_json,
)
from desktop_app.core.clock import today_iso
from desktop_app.core.errors import KaopingError
from desktop_app.core.months import month_label, validate_month
from desktop_app.core.report_gaps import STATUSES, due_date, due_day_setting, gaps_by_unit, report_flags
from desktop_app.core.report_items_import import apply_report_import, read_report_items, write_report_template
from desktop_app.core.units import unit_id_named

EXIT_REJECTED = 3


def register(subparsers) -> None:
    parser = subparsers.add_parser("monthly", help="月度实绩：导入实绩事项、缺报统计、连续缺报")
    actions = parser.add_subparsers(dest="monthly_action", metavar="操作", required=True)
    importer = actions.add_parser("import", help="从 Excel（本软件导出的模板）导入实绩报告的计划与完成事项")
    importer.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    importer.add_argument("file", metavar="实绩事项.xlsx", help="Excel 文件（.xlsx）")
    importer.add_argument("--dry-run", action="store_true", help="只检查并显示将会发生的变化，不写入")
    importer.add_argument("--skip-invalid", action="store_true", help="跳过有问题的行，只导入无误的行")
    importer.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    add_operator_options(importer)
    importer.set_defaults(run=run_import)
    template = actions.add_parser("template", help="导出实绩事项填写模板（列出当月应报的干部）")
    template.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    template.add_argument("file", metavar="模板.xlsx", help="要保存的 Excel 文件")
    template.add_argument("--month", required=True, metavar="月份", help="如 2026-03")
    template.add_argument("--unit", metavar="单位名称", help="只列出这个单位的干部")
    template.set_defaults(run=run_template)
    gaps = actions.add_parser("gaps", help="某月各单位按时、逾期、未报、空洞、说明的人数")
    gaps.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    gaps.add_argument("--month", required=True, metavar="月份", help="如 2026-03")
    gaps.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    gaps.set_defaults(run=run_gaps)
    flags = actions.add_parser("flags", help="连续两个月未报或内容空洞的干部（年度考核规则 8）")
    flags.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    flags.add_argument("--year", required=True, type=int, metavar="年份", help="如 2026")
    flags.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    flags.set_defaults(run=run_flags)


def run_import(args) -> int:
    db = open_office_database(args.db)
    try:
        store = None if args.dry_run else operator_store(db, args)
        plan = read_report_items(db, args.file)
        blocked = bool(plan.problems) and not args.skip_invalid
        if args.dry_run or blocked:
            _report(args, plan, "试运行，未写入任何数据。" if args.dry_run else "有问题的行未改正前，整个文件都不会导入"
                    "（未写入任何数据）。请改正后重新导入，或加 --skip-invalid 只导入无误的行。")
            return EXIT_REJECTED if blocked else 0
        apply_report_import(store, plan, skip_invalid=args.skip_invalid)
        _report(args, plan, f"导入完成：{len(plan.ready)} 份报告草稿已写入。")
        return 0
    finally:
        db.close()


def _report(args, plan, verdict: str) -> None:
    if args.json:
        print_json(plan.as_json())
        return
    print(f"读取：{plan.filename}")
    for group in plan.groups:
        if not group.problem:
            print(f"  {group.name} {month_label(group.month)}：{group.action}（计划 {len(group.plans)} 项，"
                  f"完成事项 {len(group.items)} 项）")
    if plan.problems:
        print(f"发现 {len(plan.problems)} 行有问题：")
        for problem in plan.problems:
            print(f"  第{problem.row}行{' ' + problem.name if problem.name else ''}：{problem.reason}")
    print(verdict)


def run_template(args) -> int:
    db = open_office_database(args.db)
    try:
        unit_id = None
        if args.unit:
            unit_id = unit_id_named(db, args.unit)
            if unit_id is None:
                raise KaopingError(f"找不到单位“{args.unit}”。")
        path = write_report_template(db, args.file, month=validate_month(args.month), today=today_iso(),
                                     unit_id=unit_id)
    finally:
        db.close()
    print(f"已保存模板：{path}")
    return 0


def run_gaps(args) -> int:
    month = validate_month(args.month)
    db = open_office_database(args.db)
    try:
        rows = gaps_by_unit(db, month, today_iso())
        due = due_date(month, due_day_setting(db))
    finally:
        db.close()
    if args.json:
        print_json({"month": month, "due_date": due,
                    "units": [{"unit": g.unit_name, "expected": g.expected, **g.counts} for g in rows]})
        return 0
    print(f"{month_label(month)}（截止日期 {due}），共 {len(rows)} 个单位：")
    print("单位\t应报\t" + "\t".join(STATUSES))
    for gaps in rows:
        print(f"{gaps.unit_name}\t{gaps.expected}\t" + "\t".join(str(gaps.counts[s]) for s in STATUSES))
    return 0


def run_flags(args) -> int:
    db = open_office_database(args.db)
    try:
        flags = report_flags(db, args.year, today_iso())
    finally:
        db.close()
    if args.json:
        print_json([{"cadre_id": f.cadre_id, "name": f.name, "months": list(f.months),
                     "statuses": list(f.statuses), "reason": f.reason} for f in flags])
        return 0
    if not flags:
        print(f"{args.year} 年没有连续两个月未报或内容空洞的干部。")
    for flag in flags:
        print(f"{flag.name}：{flag.reason}")
    return 0
