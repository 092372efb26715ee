"""kaoping transfer export|import — 数据交换：导出交换文件（U盘带走），导入并合并别的单位的交换文件."""

from pathlib import Path

from db.errors import KaopingError
from desktop_app.commands._common import (
    add_operator_options,
    open_office_database,
    operator_store,
    print_json,
    read_secret_file,
    signed_in,
)
from desktop_app.core.store import RecordStore
from desktop_app.core.units import unit_id_by_name
from desktop_app.resources import backups_dir


def register(subparsers) -> None:
    parser = subparsers.add_parser("transfer", help="数据交换：导出交换文件、导入并合并")
    actions = parser.add_subparsers(dest="action", metavar="操作", required=True)
    exporter = actions.add_parser("export", help="导出交换文件（.kpx）")
    exporter.add_argument("db", metavar="数据库文件", help="本单位数据库文件")
    exporter.add_argument("file", metavar="交换文件.kpx", help="要写出的交换文件（可以直接写到U盘上）")
    exporter.add_argument("--passphrase-file", metavar="口令文件",
                          help="从此文本文件读取加密口令（第一行）；“交换文件必须加密”开启时（默认）必须提供")
    exporter.add_argument("--units", metavar="单位名称", nargs="+", help="只导出这些单位（默认全部）")
    add_operator_options(exporter)  # once the database has accounts: 录入员 or above
    exporter.set_defaults(run=run_export)
    importer = actions.add_parser("import", help="导入交换文件并合并（先自动备份）")
    importer.add_argument("db", metavar="数据库文件", help="本单位数据库文件")
    importer.add_argument("file", metavar="交换文件.kpx", help="别的单位导出的交换文件")
    importer.add_argument("--passphrase-file", metavar="口令文件", help="从此文本文件读取解密口令（第一行）")
    importer.add_argument("--dry-run", action="store_true", help="只显示将会发生的变化，不写入")
    importer.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    add_operator_options(importer)
    importer.set_defaults(run=run_import)


class TransferArgumentError(KaopingError):
    pass


def read_passphrase(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        return read_secret_file(path, "口令文件")
    except KaopingError as error:
        raise TransferArgumentError(error.message) from error


def run_export(args) -> int:
    from desktop_app.transfer.package import export_package

    passphrase = read_passphrase(args.passphrase_file)
    db = open_office_database(args.db)
    try:
        operator = signed_in(db, args)  # None while the database has no accounts
        unit_ids = _unit_ids(db, args.units) if args.units else None
        path = db.path
    finally:
        db.close()
    manifest = export_package(path, Path(args.file), passphrase=passphrase, unit_ids=unit_ids, by=operator)
    counts = manifest.counts
    print(f"已导出并核对：{args.file}（单位 {counts['units']} 个，干部 {counts['cadres']} 人，"
          f"任职经历 {counts['posts']} 条，记实 {counts['audit_log']} 条{'，已加密' if passphrase else ''}）。")
    print("可以安全拔出U盘。")
    return 0


def _unit_ids(db, names: list[str]) -> set[str]:
    store = RecordStore(db)
    found = {name: unit_id_by_name(store, name) for name in names}
    missing = [name for name, unit_id in found.items() if unit_id is None]
    if missing:
        raise TransferArgumentError(f"本单位数据库中没有这些单位：{'、'.join(missing)}")
    return set(found.values())


def run_import(args) -> int:
    from desktop_app.transfer.exchange import import_package

    passphrase = read_passphrase(args.passphrase_file)
    db = open_office_database(args.db)
    try:
        store = RecordStore(db, operator="命令行") if args.dry_run else operator_store(db, args, "命令行")
        outcome = import_package(store, Path(args.file), backups_dir=backups_dir(),
                                 passphrase=passphrase, dry_run=args.dry_run)
    finally:
        db.close()
    if args.json:
        print_json(outcome.as_json())
    else:
        print(outcome.summary())
        if outcome.backup:
            print(f"导入前已自动备份：{outcome.backup}")
    return 0
