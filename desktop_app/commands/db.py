"""kaoping db encrypt|decrypt DB — 数据库加密存放: encrypt the database file with this computer's key,
or store it plain again. The file must be closed (not open in a 考评台 window); once it has operator
accounts, a 管理员 signs in with --operator and a password."""

import time
from pathlib import Path

from desktop_app.commands._common import add_operator_options
from desktop_app.core.errors import DatabaseLocked


def register(subparsers) -> None:
    parser = subparsers.add_parser("db", help="数据库加密存放：加密或取消加密数据库文件（须先关闭考评台窗口）")
    actions = parser.add_subparsers(dest="db_action", metavar="操作", required=True)
    for name, help_text, run in (
            ("encrypt", "用本机的数据库密钥加密存放数据库文件（须管理员）", run_encrypt),
            ("decrypt", "取消加密，把数据库文件恢复为普通文件（须管理员，须有本机密钥）", run_decrypt)):
        action = actions.add_parser(name, help=help_text, description=help_text)
        action.add_argument("db", metavar="数据库文件", help="要转换的数据库文件（.kpdb），须未被考评台窗口打开")
        add_operator_options(action)
        action.set_defaults(run=run)


def run_encrypt(args) -> int:
    from desktop_app.resources import backups_dir
    from desktop_app.transfer.storage_encryption import BACKUPS_AFTER_ENCRYPT, encrypt_at_rest, key_warning

    started = time.perf_counter()
    done = _converted(args, lambda path, by: encrypt_at_rest(path, by, backups_dir()))
    print(f"已加密存放：{done.path}（{done.tables} 张表、{done.rows} 条记录已逐表核对，用时 "
          f"{time.perf_counter() - started:.1f} 秒）。")
    if done.backups:
        print(f"本机“备份”文件夹中本单位的 {done.backups} 份旧备份也已加密：{backups_dir()}")
    print(key_warning())
    print(BACKUPS_AFTER_ENCRYPT)
    return 0


def run_decrypt(args) -> int:
    from db.cipher import key_path
    from desktop_app.transfer.storage_encryption import BACKUPS_AFTER_DECRYPT, decrypt_at_rest

    started = time.perf_counter()
    done = _converted(args, decrypt_at_rest)
    print(f"已取消加密：{done.path} 现在是未加密的普通数据库文件（{done.tables} 张表、{done.rows} 条记录已逐表核对，"
          f"用时 {time.perf_counter() - started:.1f} 秒）。")
    print(f"本机的数据库密钥仍在：{key_path()}")
    print(BACKUPS_AFTER_DECRYPT)
    return 0


def _converted(args, convert):
    """`convert(path, operator)` as the operator signed in (None while the file has no accounts); the
    login and the conversion both need the file closed: a clear message when it is open."""
    from desktop_app.commands._common import signed_in_at

    path = Path(args.db)
    try:
        return convert(path, signed_in_at(path, args))
    except DatabaseLocked as error:
        raise DatabaseLocked(f"数据库 {path.name} 正在被考评台窗口或其他程序使用。加密或取消加密须先关闭它"
                             "（也可以在窗口中用「系统设置 → 数据安全」转换）；未做任何修改。") from error
