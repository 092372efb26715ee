"""kaoping demo PATH [--scale county|prefecture] [--seed N] [--force] — 生成演示数据库."""

import sys
from pathlib import Path

from db.errors import DatabaseError
from desktop_app.core.demo import write_demo

SCALE_HELP = "规模：county 县（约100个单位、1500名干部，默认）；prefecture 州（约200个单位、20000名干部）"


def register(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="生成演示数据库（内容可重现，供试用、培训和测试）")
    parser.add_argument("path", metavar="数据库文件", help="新数据库文件路径（.kpdb）")
    parser.add_argument("--scale", choices=("county", "prefecture"), default="county", help=SCALE_HELP)
    parser.add_argument("--seed", type=int, default=1, help="随机种子：规模和种子相同，生成的数据库内容相同（默认 1）")
    parser.add_argument("--force", action="store_true", help="文件已存在时覆盖它")
    parser.set_defaults(run=run)


def run(args) -> int:
    path = Path(args.path)
    if path.exists() and not args.force:
        raise DatabaseError(f"文件已存在：{path}。如确要覆盖，请加 --force。")
    summary = write_demo(path, scale=args.scale, seed=args.seed, overwrite=args.force,
                         progress=_terminal_progress if sys.stderr.isatty() else None)
    statuses = "，".join(f"{status} {count:,}" for status, count in summary.statuses.items())
    print(f"已生成演示数据库：{summary.path}（{summary.office}，种子 {summary.seed}）")
    print(f"单位 {summary.units:,} 个，干部 {summary.cadres:,} 人（{statuses}），任职经历 {summary.posts:,} 条。")
    print(f"年度考核：2024 年度已审定并锁定；2025 年度数据已录入，待审定（kaoping assess {summary.path} --year 2025）。")
    print(f"打开它：kaoping gui --db {summary.path}")
    return 0


def _terminal_progress(done: int, total: int, text: str) -> None:
    end = "\n" if done >= total else ""
    print(f"\r{text}… {done * 100 // total}%", end=end, file=sys.stderr, flush=True)
