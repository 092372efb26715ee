"""kaoping check PATH [--json] — 数据库体检: exit 0 when healthy, 1 otherwise."""

import json

from db.integrity import check_database


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="检查数据库文件是否完好（只读）")
    parser.add_argument("path", metavar="数据库文件", help="数据库文件路径")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.set_defaults(run=run)


def run(args) -> int:
    report = check_database(args.path)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_text(report)
    return 0 if report.ok else 1


def _print_text(report) -> None:
    facts = report.facts
    print(f"数据库：{report.path}")
    if "office" in facts:
        print(f"本单位：{facts['office']}；结构版本：{facts.get('schema_version')}/{facts.get('app_schema_version')}")
    if "cadres" in facts:
        print(f"单位 {facts.get('units', 0)} 个，干部 {facts.get('cadres', 0)} 人，任职经历 {facts.get('posts', 0)} 条，"
              f"记实 {facts.get('audit_entries', 0)} 条")
    if facts.get("upgrade_pending"):
        print("提示：该文件来自较早版本，下次用考评台打开时会自动升级。")
    if report.ok:
        print("检查通过：数据库完好。")
    else:
        print("发现问题：")
        for problem in report.problems:
            print(f"  - {problem}")
