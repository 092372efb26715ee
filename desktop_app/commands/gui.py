"""kaoping gui [--db 文件] [--demo] — 打开图形界面."""

from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("gui", help="打开图形界面（默认）")
    parser.add_argument("--db", metavar="数据库文件", help="要打开的数据库文件（.kpdb）；不填则打开本单位数据库")
    parser.add_argument("--demo", action="store_true", help="打开演示县数据库（首次使用时生成）")
    parser.set_defaults(run=run)


def run(args) -> int:
    preload_before_qt()
    from desktop_app.gui.app import run as run_gui

    return run_gui(Path(args.db) if args.db else None, demo=args.demo)


def preload_before_qt() -> None:
    """Import the Qt-free layers before PySide6: PySide6 reads the source of every module
    imported after it (its __feature__ hook), which costs ≈60 ms at start-up."""
    import db  # noqa: F401
    import desktop_app.core.roster  # noqa: F401
    import desktop_app.core.units  # noqa: F401
