"""kaoping operator init|add|list|history|passwd|reset|role|disable — 操作员账户.

`init` creates the first administrator of a database without accounts; from then on every command
that writes needs --operator and a password (--password-file, KAOPING_PASSWORD, or typed at a
terminal). Managing accounts needs a 管理员's login; `passwd` changes one's own password. New
passwords come from --new-password-file (init: --password-file), KAOPING_NEW_PASSWORD, or are
typed twice at a terminal.
"""

import getpass
import os
import sys

from desktop_app.commands._common import (
    add_operator_options,
    office_database,
    operator_password,
    print_json,
    read_secret_file,
    signed_in,
)
from desktop_app.core.errors import KaopingError
from desktop_app.core.operators import (
    account_history,
    add_operator,
    change_password,
    check_password_strength,
    create_first_admin,
    list_operators,
    reset_password,
    set_disabled,
    set_role,
)
from desktop_app.core.permissions import ROLES, Operator, require

NEW_PASSWORD_ENV = "KAOPING_NEW_PASSWORD"


def register(subparsers) -> None:
    parser = subparsers.add_parser("operator", help="操作员账户：创建首个管理员、添加、列出、变动记录、改密码、重置、角色、停用")
    actions = parser.add_subparsers(dest="operator_action", metavar="操作", required=True)
    init = _action(actions, "init", "创建首个管理员（数据库还没有操作员账户时）", run_init, login=False)
    init.add_argument("--name", required=True, metavar="用户名", help="管理员的用户名")
    init.add_argument("--password-file", metavar="密码文件", help="从此文本文件读取密码（第一行）；不填则在终端中输入两次")
    add = _action(actions, "add", "添加操作员（须管理员登录）", run_add)
    add.add_argument("name", metavar="用户名", help="新操作员的用户名")
    add.add_argument("--role", required=True, choices=ROLES, metavar="角色", help=f"角色：{'、'.join(ROLES)}")
    _new_password_option(add)
    lister = _action(actions, "list", "列出操作员账户（须管理员登录）", run_list)
    lister.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    history = _action(actions, "history", "账户变动记录：谁在何时新增、改角色、停用、重设密码（须管理员登录）", run_history)
    history.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    passwd = _action(actions, "passwd", "修改自己的密码（--operator 指定本人）", run_passwd)
    _new_password_option(passwd)
    reset = _action(actions, "reset", "重置某操作员的密码，其下次登录须修改（须管理员登录）", run_reset)
    reset.add_argument("name", metavar="用户名", help="要重置密码的操作员")
    _new_password_option(reset)
    role = _action(actions, "role", "修改某操作员的角色（须管理员登录）", run_role)
    role.add_argument("name", metavar="用户名", help="操作员")
    role.add_argument("role", choices=ROLES, metavar="角色", help=f"新角色：{'、'.join(ROLES)}")
    disable = _action(actions, "disable", "停用（或用 --enable 恢复）某操作员（须管理员登录）", run_disable)
    disable.add_argument("name", metavar="用户名", help="操作员")
    disable.add_argument("--enable", action="store_true", help="恢复启用该账户")


def _action(actions, name: str, text: str, run, *, login: bool = True):
    parser = actions.add_parser(name, help=text)
    parser.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    if login:
        add_operator_options(parser)
    parser.set_defaults(run=run)
    return parser


def _new_password_option(parser) -> None:
    parser.add_argument("--new-password-file", metavar="密码文件",
                        help=f"从此文本文件读取新密码（第一行）；不填则用环境变量 {NEW_PASSWORD_ENV}，或在终端中输入两次")


def run_init(args) -> int:
    password = new_password(args.password_file)
    with office_database(args.db) as db:
        admin = create_first_admin(db, args.name, password)
    print(f"已创建管理员「{admin.name}」。此后写入数据须以操作员身份登录（--operator）。")
    return 0


def run_add(args) -> int:
    with office_database(args.db) as db:
        by = _administrator(db, args)
        add_operator(db, by, args.name, args.role, new_password(args.new_password_file))
    print(f"已添加操作员「{args.name.strip()}」（{args.role}）。")
    return 0


def run_list(args) -> int:
    with office_database(args.db) as db:
        require(_administrator(db, args), "管理操作员")
        accounts = list_operators(db)
    if args.json:
        print_json(accounts)
        return 0
    for account in accounts:
        notes = [note for note, on in (("已停用", account["disabled"]), ("须修改密码", account["must_change"])) if on]
        made = f"{account['created_at'][:10]} 由{account['created_by']}创建" if account["created_by"] else \
            f"{account['created_at'][:10]} 创建"
        print(f"{account['name']}\t{account['role']}\t{made}{'；' + '，'.join(notes) if notes else ''}")
    return 0


def run_history(args) -> int:
    with office_database(args.db) as db:
        changes = account_history(db, _administrator(db, args))
    if args.json:
        print_json(changes)
        return 0
    for change in changes:
        print(f"{change['at'][:19].replace('T', ' ')}\t{change['by']}\t{change['name']}\t{change['change']}")
    return 0


def run_passwd(args) -> int:
    if not args.operator:
        raise KaopingError("请用 --operator 指定要修改密码的操作员（本人）。")
    with office_database(args.db) as db:
        old = operator_password(args, f"操作员「{args.operator}」的原密码：")
        change_password(db, Operator(args.operator.strip(), ""), old, new_password(args.new_password_file))
    print(f"已修改「{args.operator.strip()}」的密码。")
    return 0


def run_reset(args) -> int:
    with office_database(args.db) as db:
        by = _administrator(db, args)
        reset_password(db, by, args.name, new_password(args.new_password_file))
    print(f"已重置「{args.name.strip()}」的密码；其下次登录须修改密码。")
    return 0


def run_role(args) -> int:
    with office_database(args.db) as db:
        set_role(db, _administrator(db, args), args.name, args.role)
    print(f"「{args.name.strip()}」的角色已改为{args.role}。")
    return 0


def run_disable(args) -> int:
    with office_database(args.db) as db:
        set_disabled(db, _administrator(db, args), args.name, not args.enable)
    print(f"已{'恢复启用' if args.enable else '停用'}「{args.name.strip()}」。")
    return 0


def _administrator(db, args) -> Operator:
    """The signed-in operator managing accounts (the core checks that they are 管理员)."""
    operator = signed_in(db, args)
    if operator is None:
        raise KaopingError("本数据库还没有操作员账户，请先用 kaoping operator init 数据库文件 --name 用户名 创建首个管理员。")
    return operator


def new_password(path: str | None) -> str:
    """A new password: from the file, KAOPING_NEW_PASSWORD, or typed twice at a terminal (checked
    for strength there, so a typo is caught before anything is written)."""
    if path:
        return read_secret_file(path, "密码文件")
    if os.environ.get(NEW_PASSWORD_ENV):
        return os.environ[NEW_PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise KaopingError(f"缺少新密码：请用密码文件参数指定，或设置环境变量 {NEW_PASSWORD_ENV}。")
    first = getpass.getpass("新密码（至少 8 位，含字母和数字）：")
    problem = check_password_strength(first)
    if problem:
        raise KaopingError(f"{problem}，未做任何修改。")
    if getpass.getpass("再输入一次新密码：") != first:
        raise KaopingError("两次输入的密码不一致，未做任何修改。")
    return first
