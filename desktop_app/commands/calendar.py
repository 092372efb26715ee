"""kaoping calendar add-workdays|import|list|template — 工作日历.

add-workdays START N [--db 库] [--json]: the N-th working day from START (公示期截止日); without
--db the official schedule alone. When any year of the period has no official data, a
warning goes to stderr and the exit code is 4. --json prints
{"start", "first_day", "end", "workdays", "guessed_years", "warning"}.
import: without --skip-invalid, any bad row means nothing is written (exit 3); --dry-run
writes nothing and says what would happen.
"""

import sys

from desktop_app.commands._common import (
    add_operator_options,
    open_office_database,
    operator_store,
    print_json,
)
from desktop_app.core.calendar_days import export_template, import_schedule, list_days
from desktop_app.core.clock import format_date_cn, today_iso
from desktop_app.core.store import RecordStore
from desktop_app.core.workdays import WorkCalendar, day_cn, guess_warning, load_calendar

EXIT_REJECTED = 3
EXIT_GUESSED = 4
ACTION_WORDS = {"create": "新增", "update": "修改", "unchanged": "无变化"}


def register(subparsers) -> None:
    parser = subparsers.add_parser("calendar", help="工作日历：推算工作日、导入放假安排")
    actions = parser.add_subparsers(dest="calendar_action", metavar="操作", required=True)
    adder = actions.add_parser("add-workdays", help="从起始日期起数N个工作日，显示截止日期")
    adder.add_argument("start", metavar="起始日期", help="如 2025-09-26")
    adder.add_argument("workdays", metavar="工作日数", type=int, help="如 7")
    adder.add_argument("--db", metavar="数据库文件", help="同时使用该数据库中录入的工作日历")
    adder.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    adder.set_defaults(run=run_add_workdays)
    importer = actions.add_parser("import", help="从 .xlsx 或 .csv 文件导入放假安排（列：日期、类型、名称）")
    importer.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    importer.add_argument("file", metavar="安排文件", help="放假安排文件（.xlsx 或 .csv）")
    importer.add_argument("--dry-run", action="store_true", help="只检查并显示将会发生的变化，不写入")
    importer.add_argument("--skip-invalid", action="store_true", help="跳过有问题的行，只导入无误的行")
    importer.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    add_operator_options(importer)
    importer.set_defaults(run=run_import)
    lister = actions.add_parser("list", help="列出数据库中录入的某年工作日历")
    lister.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    lister.add_argument("--year", type=int, metavar="年份", help="年份，默认今年")
    lister.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    lister.set_defaults(run=run_list)
    template = actions.add_parser("template", help="保存放假安排的 Excel 模板")
    template.add_argument("file", metavar="模板.xlsx", help="要保存的 Excel 文件（.xlsx）")
    template.set_defaults(run=run_template)


# -- add-workdays -----------------------------------------------------------------------------
def run_add_workdays(args) -> int:
    calendar = _calendar(args.db)
    period = calendar.add_workdays(args.start, args.workdays)
    if args.json:
        print_json(period.as_json())
    else:
        _print_period(calendar, period)
    if period.guessed:
        print(f"警告：{period.warning}", file=sys.stderr)
        return EXIT_GUESSED
    return 0


def _calendar(db_path: str | None) -> WorkCalendar:
    if not db_path:
        return load_calendar()
    db = open_office_database(db_path)
    try:
        return load_calendar(db)
    finally:
        db.close()


def _print_period(calendar: WorkCalendar, period) -> None:
    print(f"起始日期：{day_cn(period.start, calendar.day_label(period.start))}")
    if period.first_day != period.start:
        print(f"第1个工作日：{day_cn(period.first_day, calendar.day_label(period.first_day))}")
    print(f"第{period.workdays}个工作日（截止）：{day_cn(period.end, calendar.day_label(period.end))}")
    print(f"期间：{period.text}")


# -- import -------------------------------------------------------------------------------------
def run_import(args) -> int:
    db = open_office_database(args.db)
    try:
        store = RecordStore(db) if args.dry_run else operator_store(db, args)
        outcome = import_schedule(store, args.file, dry_run=args.dry_run, skip_invalid=args.skip_invalid)
    finally:
        db.close()
    if args.json:
        print_json(outcome.as_json())
    else:
        _print_import(outcome, dry_run=args.dry_run)
    return EXIT_REJECTED if outcome.blocked else 0


def _print_import(outcome, *, dry_run: bool) -> None:
    plan = outcome.plan
    counts = plan.counts
    print(f"读取：{plan.filename}（{len(plan.rows)} 行）")
    summary = f"新增 {counts['create']} 天，修改 {counts['update']} 天，无变化 {counts['unchanged']} 天"
    if dry_run:
        print(f"试运行，未写入任何数据。导入将会：{summary}。")
    elif outcome.written:
        print(f"导入完成：{summary}。")
    for row in plan.rows:
        if row.action in ("create", "update"):
            entry = row.entry
            named = f"（{entry.name}）" if entry.name else ""
            note = f"，{row.reason}" if row.reason else ""
            print(f"  第{row.row}行 {ACTION_WORDS[row.action]}：{format_date_cn(entry.day)} {entry.kind}{named}{note}")
    _print_rejected(outcome)


def _print_rejected(outcome) -> None:
    rejected = outcome.plan.rejected
    if not rejected:
        return
    print(f"{'已跳过' if outcome.written else '发现'} {len(rejected)} 行有问题：")
    for row in rejected:
        print(f"  第{row.row}行：{row.reason}")
    if outcome.blocked:
        print("有问题的行未改正前，整个文件都不会导入（未写入任何数据）。"
              "请改正后重新导入，或加 --skip-invalid 只导入无误的行。")


# -- list, template ---------------------------------------------------------------------------------
def run_list(args) -> int:
    year = args.year or int(today_iso()[:4])
    db = open_office_database(args.db)
    try:
        days = list_days(db, year)
        calendar = load_calendar(db)
    finally:
        db.close()
    if args.json:
        print_json({"year": year, "official": calendar.official_year(year), "days": [d.as_json() for d in days]})
        return 0
    print(f"{year}年工作日历：数据库中录入 {len(days)} 天。")
    for entry in days:
        print(f"  {day_cn(entry.day)} {entry.kind}{'　' + entry.name if entry.name else ''}")
    if not calendar.official_year(year):
        print(f"提示：{guess_warning([year])}")
    return 0


def run_template(args) -> int:
    path = export_template(args.file)
    print(f"已保存模板：{path}")
    return 0
