"""What subcommands share: opening a database the safe way, the arguments and checks of several
subcommands (数据库文件 and --year, a unit's name, a day), importing a workbook's plan, printing JSON."""

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from db import OfficeDatabase, ensure_local, open_database
from desktop_app.core.clock import today_iso
from desktop_app.core.errors import KaopingError
from desktop_app.core.normalize import parse_day
from desktop_app.core.store import RecordStore
from desktop_app.core.units import unit_id_named
from desktop_app.resources import working_copies_dir

EXIT_REJECTED = 3
EXIT_WARNED = 4  # done, with a warning on stderr (as calendar's guessed year)


def open_office_database(path: str) -> OfficeDatabase:
    """Open `path` for writing; a file on a USB stick or network share is copied to local disk first."""
    local, message = ensure_local(path, working_copies_dir())
    if message:
        print(message, file=sys.stderr)
    return open_database(local)


@contextmanager
def office_database(path: str) -> Iterator[OfficeDatabase]:
    """open_office_database, closed again however the block ends."""
    db = open_office_database(path)
    try:
        yield db
    finally:
        db.close()


def print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def add_db_and_year(parser, year_help: str = "考核年度，如 2025") -> None:
    """The database file and --year, the first arguments of a subcommand about one year."""
    parser.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    parser.add_argument("--year", type=int, required=True, metavar="年份", help=year_help)


def unit_named(db, name: str) -> str:
    """The id of the unit called `name`; a KaopingError when there is none."""
    unit_id = unit_id_named(db, name)
    if unit_id is None:
        raise KaopingError(f"找不到单位“{name}”。")
    return unit_id


def day_option(text: str | None, label: str) -> str | None:
    """A day given on the command line (2026-01-20, 2026/1/20…) as YYYY-MM-DD; None when not given."""
    if not text:
        return None
    day = parse_day(text)
    if day is None:
        raise KaopingError(f"{label}“{text}”格式不对（例：2026-01-20）。")
    return day


def run_workbook_import(args, read_plan: Callable, apply_plan: Callable,
                        describe: Callable[[object], tuple[list[str], str]]) -> int:
    """`import` of a workbook whose rows with problems are skipped only with --skip-invalid:
    `read_plan(db)` reads and judges it, `apply_plan(store, plan, skip_invalid=)` writes it unless
    --dry-run or a row has a problem (then nothing is written: exit 3). Prints the plan as JSON
    (--json) or `describe(plan)`'s lines, the rows with problems and the outcome (its second part
    when written)."""
    with office_database(args.db) as db:
        plan = read_plan(db)
        blocked = bool(plan.problems) and not args.skip_invalid
        if not (args.dry_run or blocked):
            apply_plan(RecordStore(db), plan, skip_invalid=args.skip_invalid)
    if args.json:
        print_json(plan.as_json())
        return EXIT_REJECTED if blocked else 0
    lines, done = describe(plan)
    for line in lines:
        print(line)
    for problem in plan.problems:
        print(f"  第{problem.row}行{' ' + problem.name if problem.name else ''}：{problem.reason}")
    if args.dry_run:
        print("试运行，未写入任何数据。")
    elif blocked:
        print("有问题的行未改正前，整个文件都不会导入（未写入任何数据）。请改正后重新导入，或加 --skip-invalid 只导入无误的行。")
    else:
        print(done)
    return EXIT_REJECTED if blocked else 0


def add_import_options(parser) -> None:
    """--dry-run, --skip-invalid and --json of a workbook import."""
    parser.add_argument("--dry-run", action="store_true", help="只检查并显示将会发生的变化，不写入")
    parser.add_argument("--skip-invalid", action="store_true", help="跳过有问题的行，只导入无误的行")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def year_not_begun(year: int) -> bool:
    """Whether `year` is still to come (by today's date): nothing of it can be assessed yet."""
    return today_iso() < f"{year:04d}-01-01"


def warn_if_not_begun(year: int) -> int:
    """EXIT_WARNED after a warning on stderr when `year` has not begun (a mistyped year, most
    likely), else 0: an annual command's exit code once its result is out."""
    if not year_not_begun(year):
        return 0
    print(f"警告：{year}年度尚未开始（今天是 {today_iso()}），还没有这一年的考核数据，结果仅供参考。", file=sys.stderr)
    return EXIT_WARNED
