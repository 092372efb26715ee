"""kaoping roster import|export — 干部名册 Excel 导入导出.

import: without --skip-invalid, any row with a problem means nothing is written (exit 3);
--dry-run writes nothing and says what would happen; --json prints
{"created", "updated", "units_created", "rejected": [{"row", "reason"}]}.
"""

from desktop_app.commands._common import (
    add_full_id_option,
    add_operator_options,
    open_office_database,
    operator_store,
    print_json,
    shown_values,
)
from desktop_app.core.clock import today_iso
from desktop_app.core.roster_export import export_roster
from desktop_app.core.roster_import import apply_import, plan_import, read_roster

EXIT_REJECTED = 3
DETAIL_LINES = 30


def register(subparsers) -> None:
    parser = subparsers.add_parser("roster", help="干部名册 Excel 导入、导出")
    actions = parser.add_subparsers(dest="roster_action", metavar="操作", required=True)
    importer = actions.add_parser("import", help="从 Excel 名册（.xlsx）导入干部")
    importer.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    importer.add_argument("file", metavar="名册.xlsx", help="Excel 名册文件（.xlsx）")
    importer.add_argument("--dry-run", action="store_true", help="只检查并显示将会发生的变化，不写入")
    importer.add_argument("--skip-invalid", action="store_true", help="跳过有问题的行，只导入无误的行")
    importer.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    add_operator_options(importer)
    importer.set_defaults(run=run_import)
    exporter = actions.add_parser("export", help="把干部名册导出为 Excel（.xlsx）")
    exporter.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    exporter.add_argument("file", metavar="名册.xlsx", help="要保存的 Excel 文件（.xlsx）")
    add_full_id_option(exporter)
    exporter.set_defaults(run=run_export)


def run_import(args) -> int:
    sheet = read_roster(args.file)
    db = open_office_database(args.db)
    try:
        store = None if args.dry_run else operator_store(db, args)
        plan = plan_import(db, sheet, today_iso())
        blocked = bool(plan.rejected) and not args.skip_invalid
        if args.dry_run or blocked:
            report = plan.as_json() if args.dry_run else _nothing_written(plan)
            _show(args, report, lambda: _print_plan(sheet, plan, dry_run=args.dry_run, blocked=blocked))
            return EXIT_REJECTED if blocked else 0
        result = apply_import(store, plan)
        _show(args, result.as_json(), lambda: _print_result(sheet, plan, result))
        return 0
    finally:
        db.close()


def run_export(args) -> int:
    db = open_office_database(args.db)
    try:
        shown = shown_values(db, args)
        count = export_roster(db, args.file, today_iso(), shown)
    finally:
        db.close()
    kept = "含完整身份证号和电话，请妥善保管" if shown.full else "身份证号和电话已隐去中间位数；需要完整号码时加 --full-id"
    print(f"已导出 {count} 名干部到：{args.file}（{kept}）")
    return 0


def _nothing_written(plan) -> dict:
    return {"created": 0, "updated": 0, "units_created": 0, "rejected": plan.rejected_json()}


def _show(args, report: dict, print_text) -> None:
    if args.json:
        print_json(report)
    else:
        print_text()


def _print_sheet(sheet) -> None:
    print(f"读取：{sheet.filename}（工作表“{sheet.sheet_name}”，表头在第{sheet.header_row}行，"
          f"数据 {len(sheet.rows)} 行）")
    if sheet.ignored_headers:
        print(f"未使用的列：{'、'.join(sheet.ignored_headers)}")


def _print_plan(sheet, plan, *, dry_run: bool, blocked: bool) -> None:
    _print_sheet(sheet)
    counts = plan.counts
    if dry_run:
        print(f"试运行，未写入任何数据。导入将会：新增 {counts['create']} 人，更新 {counts['update']} 人，"
              f"无变化 {counts['unchanged']} 人，新建单位 {len(plan.units_to_create)} 个。")
        _print_units(plan.unit_kinds)
        _print_details(plan)
    _print_rejected(plan)
    if blocked:
        print("有问题的行未改正前，整个名册都不会导入（未写入任何数据）。"
              "请改正后重新导入，或加 --skip-invalid 只导入无误的行。")


def _print_result(sheet, plan, result) -> None:
    _print_sheet(sheet)
    print(f"导入完成：新增 {result.created} 人，更新 {result.updated} 人，无变化 {result.unchanged} 人，"
          f"新建单位 {result.units_created} 个。")
    _print_units(plan.unit_kinds)
    _print_details(plan)
    if result.rejected:
        print(f"已跳过 {len(result.rejected)} 行有问题的数据：")
        _print_rejected(plan, heading=False)


def _print_units(unit_kinds: dict[str, str]) -> None:
    if unit_kinds:
        print("新建单位：" + "、".join(f"{name}（{kind}）" for name, kind in unit_kinds.items()))


def _print_details(plan) -> None:
    noted = [row for row in plan.rows if row.action in ("create", "update") and row.note]
    for row in noted[:DETAIL_LINES]:
        print(f"  第{row.row}行 {row.name}：{row.note}")
    if len(noted) > DETAIL_LINES:
        print(f"  ……另有 {len(noted) - DETAIL_LINES} 行说明未列出")


def _print_rejected(plan, heading: bool = True) -> None:
    rejected = [row for row in plan.rows if row.action == "reject"]
    if rejected and heading:
        print(f"发现 {len(rejected)} 行有问题：")
    for row in rejected:
        print(f"  第{row.row}行{' ' + row.name if row.name else ''}：{row.reason}")
