"""kaoping check PATH [--json] — 数据库体检 and 记实链核验: exit 0 when healthy, 1 otherwise."""

import json

from db import cipher
from db.copying import connect_read_only
from db.integrity import check_database
from desktop_app.core.audit_verify import verify_audit
from desktop_app.transfer.storage_encryption import storage_state


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="检查数据库文件是否完好、记实链是否被改动（只读）")
    parser.add_argument("path", metavar="数据库文件", help="数据库文件路径")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.set_defaults(run=run)


def run(args) -> int:
    report = check_database(args.path)
    chain = _verify_chain(args.path) if "schema_version" in report.facts else None
    ok = report.ok and (chain is None or chain.ok)
    storage = storage_state(args.path).label
    if args.json:
        print(json.dumps(report.as_json() | {"ok": ok, "storage": storage,
                                             "audit_chain": chain.as_json() if chain else None},
                         ensure_ascii=False, indent=2))
    else:
        _print_text(report, chain, storage)
    return 0 if ok else 1


def _verify_chain(path):
    """The audit chain verified with this computer's office keys; None when the file cannot be read."""
    try:
        conn = connect_read_only(path)
    except cipher.Errors:
        return None
    try:
        return verify_audit(conn)
    except cipher.DatabaseErrors:
        return None
    finally:
        conn.close()


def _print_text(report, chain, storage: str) -> None:
    facts = report.facts
    print(f"数据库：{report.path}")
    print(f"存放方式：{storage}")
    if "office" in facts:
        print(f"本单位：{facts['office']}；结构版本：{facts.get('schema_version')}/{facts.get('app_schema_version')}")
    if "cadres" in facts:
        print(f"单位 {facts.get('units', 0)} 个，干部 {facts.get('cadres', 0)} 人，任职经历 {facts.get('posts', 0)} 条，"
              f"记实 {facts.get('audit_entries', 0)} 条")
    if facts.get("upgrade_pending"):
        print("提示：该文件来自较早版本，下次用考评台打开时会自动升级。")
    if not report.ok:
        print("发现问题：")
        for problem in report.problems:
            print(f"  - {problem}")
    if chain is not None:
        print("记实链核验：")
        for line in chain.lines():
            print(f"  {line}")
    if report.ok and (chain is None or chain.ok):
        print("检查通过：数据库完好。")
    elif report.ok:
        print("数据库文件本身完好，但记实链核验未通过：有记实被绕过考评台改动过。")
