"""kaoping backup DB [DIR] — 备份数据库（软件正在使用该数据库时也可以备份）."""

import time
from pathlib import Path

from desktop_app.commands._common import add_operator_options
from desktop_app.resources import backups_dir


def register(subparsers) -> None:
    parser = subparsers.add_parser("backup", help="备份数据库（软件正在使用时也可备份）")
    parser.add_argument("db", metavar="数据库文件", help="要备份的数据库文件（.kpdb）")
    parser.add_argument("folder", metavar="备份文件夹", nargs="?",
                        help="保存备份的文件夹（不存在时自动新建）；不填则保存到用户数据目录下的「备份」文件夹")
    add_operator_options(parser)  # a backup is a whole copy: as 导出交换文件, once the database has accounts
    parser.set_defaults(run=run)


def run(args) -> int:
    from desktop_app.commands._common import signed_in_at
    from desktop_app.transfer.backup import backup_database  # loaded only for this command
    from desktop_app.transfer.guard import require_at

    operator = signed_in_at(Path(args.db), args, lock=False)  # the window may have it open
    require_at(Path(args.db), operator, "导出交换文件", "备份是数据库的完整副本")
    folder = Path(args.folder) if args.folder else backups_dir()
    started = time.perf_counter()
    path = backup_database(Path(args.db), folder, reason="手动")
    seconds = time.perf_counter() - started
    print(f"已备份到：{path}")
    print(f"大小 {path.stat().st_size / 1024 / 1024:.1f} MB，用时 {seconds:.1f} 秒；已通过完整性检查。")
    print(f"需要时用它恢复：kaoping restore \"{path}\" \"{args.db}\"")
    return 0
