"""kaoping restore BACKUP DB — 用备份恢复数据库（被替换的数据库保留在它旁边）."""

from pathlib import Path

from desktop_app.commands._common import add_operator_options


def register(subparsers) -> None:
    parser = subparsers.add_parser("restore", help="用备份恢复数据库（原数据库会保留一份；设置了操作员账户时须由管理员操作）")
    parser.add_argument("backup", metavar="备份文件", help="要恢复的备份文件（.kpdb）")
    parser.add_argument("db", metavar="数据库文件", help="要恢复到的数据库文件（须先关闭正在使用它的考评台）")
    add_operator_options(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    from desktop_app.commands._common import signed_in_at
    from desktop_app.transfer.restore import restore_database  # loaded only for this command

    operator = signed_in_at(Path(args.db), args)  # against the file being replaced, before anything changes
    result = restore_database(Path(args.backup), Path(args.db), by=operator)
    office = f"（{result.office}）" if result.office else ""
    print(f"已用备份 {result.backup} 恢复数据库：{result.db_path}{office}")
    for line in result.lines:
        print(line)
    return 0
