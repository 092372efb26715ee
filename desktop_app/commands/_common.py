"""What subcommands share: opening a database the safe way, who writes (--operator and its password,
once the database has operator accounts), the arguments and checks of several subcommands
(数据库文件 and --year, a unit's name, a day), importing a workbook's plan, printing JSON."""

import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from db import OfficeDatabase, ensure_local, open_database
from desktop_app.core.clock import today_iso
from desktop_app.core.errors import KaopingError
from desktop_app.core.normalize import parse_day
from desktop_app.core.operators import has_operators, login, must_change_password
from desktop_app.core.permissions import Operator
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


# -- who writes (操作员) -------------------------------------------------------------------------------
PASSWORD_ENV = "KAOPING_PASSWORD"


def add_operator_options(parser) -> None:
    """--operator and --password-file of a command that writes (needed once the database has accounts)."""
    parser.add_argument("--operator", metavar="操作员", help="以此操作员身份写入（数据库设置了操作员账户时必填）")
    parser.add_argument("--password-file", metavar="密码文件",
                        help=f"从此文本文件读取操作员密码（第一行）；不填则用环境变量 {PASSWORD_ENV}，或在终端中提示输入")


def signed_in(db, args) -> Operator | None:
    """The operator a writing command acts as (--operator, its password from --password-file,
    KAOPING_PASSWORD or a prompt); None when the database has no accounts (full rights, as before).
    KaopingError (exit 2) when an account is needed and not given, or the login is refused."""
    if not has_operators(db):
        return None
    name = getattr(args, "operator", None)
    if not name:
        raise KaopingError("本数据库已设置操作员账户，须用 --operator 指定操作员，并用 --password-file 或"
                           f"环境变量 {PASSWORD_ENV} 提供密码（在终端中也可按提示输入）。")
    operator = login(db, name, operator_password(args, f"操作员「{name}」的密码："))
    if must_change_password(db, operator.name):
        raise KaopingError(f"管理员重置了「{operator.name}」的密码，须先修改密码："
                           f"kaoping operator passwd 数据库文件 --operator {operator.name}")
    return operator


def signed_in_at(path: Path, args, *, lock: bool = True) -> Operator | None:
    """`signed_in` against the database file `path`, opened only when it has operator accounts
    (None otherwise, and then nothing is opened). `lock` False: while another program (the
    window) may have the file open, as for a backup."""
    from desktop_app.transfer.guard import file_facts

    if not file_facts(path).has_accounts:
        return None
    db = open_database(path, lock=lock)
    try:
        return signed_in(db, args)
    finally:
        db.close()


def operator_store(db, args, name: str = "管理员") -> RecordStore:
    """The RecordStore a writing command writes with: as the signed-in operator (`signed_in`), or
    under `name` (or --operator) when the database has no accounts."""
    operator = signed_in(db, args)
    if operator is None:
        return RecordStore(db, operator=getattr(args, "operator", None) or name)
    return RecordStore(db, operator=operator.name, role=operator.role)


def operator_password(args, prompt: str) -> str:
    """The password from --password-file, else KAOPING_PASSWORD, else typed at a terminal."""
    if getattr(args, "password_file", None):
        return read_secret_file(args.password_file, "密码文件")
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise KaopingError(f"缺少操作员密码：请用 --password-file 指定密码文件，或设置环境变量 {PASSWORD_ENV}。")


def add_full_id_option(parser, *, with_operator: bool = True) -> None:
    """--full-id (完整身份证号和电话, for 审核员 and 管理员 only) and, unless the parser has them, who asks."""
    parser.add_argument("--full-id", action="store_true",
                        help="输出完整身份证号和电话（默认隐去中间位数；须审核员或管理员，数据库设置了操作员账户时用 --operator 登录）")
    if with_operator:
        add_operator_options(parser)


def shown_values(db, args):
    """How ID numbers and phones go out (core.masking.Disclosure): masked unless --full-id, and then
    only for an operator whose role allows it (PermissionDenied otherwise; signed in with --operator
    once the database has accounts, full rights while it has none)."""
    from desktop_app.core.masking import MASKED, disclosure
    from desktop_app.core.permissions import UNPROTECTED

    if not getattr(args, "full_id", False):
        return MASKED
    return disclosure(signed_in(db, args) or UNPROTECTED, True)


def read_secret_file(path: str, label: str) -> str:
    """The first line of a text file holding a password (口令/密码文件)."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as error:
        raise KaopingError(f"无法读取{label} {path}：{error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise KaopingError(f"{label} {path} 不是文本文件（应为 UTF-8 编码）。") from error
    if not lines or not lines[0]:
        raise KaopingError(f"{label} {path} 的第一行是空的。")
    return lines[0]


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
        store = None if args.dry_run else operator_store(db, args)
        plan = read_plan(db)
        blocked = bool(plan.problems) and not args.skip_invalid
        if not (args.dry_run or blocked):
            apply_plan(store, plan, skip_invalid=args.skip_invalid)
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
    """--dry-run, --skip-invalid and --json of a workbook import, and who imports (add_operator_options)."""
    parser.add_argument("--dry-run", action="store_true", help="只检查并显示将会发生的变化，不写入")
    parser.add_argument("--skip-invalid", action="store_true", help="跳过有问题的行，只导入无误的行")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    add_operator_options(parser)


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
