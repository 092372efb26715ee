"""kaoping selftest — 自检：用临时演示库启动界面，逐个访问页面后退出（可在无显示器环境运行）."""

import sys
import tempfile
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("selftest", help="自检：用临时演示库启动界面、访问每个页面后退出")
    parser.set_defaults(run=run)


def run(args) -> int:
    from desktop_app.core.demo import write_demo
    from desktop_app.gui.selftest import visit_every_page

    with tempfile.TemporaryDirectory(prefix="kaoping-selftest-") as folder:
        path = Path(folder) / "selftest.kpdb"
        write_demo(path, scale="county")
        visited = visit_every_page(path)
    print(f"自检通过：已访问 {len(visited)} 个页面（{'、'.join(visited)}）。", file=sys.stdout)
    return 0
