"""kaoping init PATH --office NAME — create an empty office database."""

from db import open_database


def register(subparsers) -> None:
    parser = subparsers.add_parser("init", help="新建空的本单位数据库")
    parser.add_argument("path", metavar="数据库文件", help="数据库文件路径（.kpdb）")
    parser.add_argument("--office", metavar="单位名称", required=True, help="本单位名称，如：雷山县委组织部")
    parser.set_defaults(run=run)


def run(args) -> int:
    db = open_database(args.path, create=True, office_name=args.office)
    office = db.office()
    db.close()
    print(f"已新建数据库：{args.path}（{office['name']}）")
    return 0
