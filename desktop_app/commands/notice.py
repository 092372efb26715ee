"""kaoping notice list|pdf|verify — 公示: the board, printing a notice, checking a posted copy's code.

verify exits 0 when the code names a notice of this database (as it stands now), 1 when not:
the copy was not printed from this database, or the notice was changed after printing.
"""

from desktop_app.commands._common import open_office_database, print_json
from desktop_app.core.clock import today_iso
from desktop_app.core.errors import KaopingError
from desktop_app.core.notices import board, get_notice, list_notices
from desktop_app.core.workdays import load_calendar

EXIT_NOT_FOUND = 1


def register(subparsers) -> None:
    parser = subparsers.add_parser("notice", help="公示：列出公示、导出公示 PDF、核验张贴件的核验码")
    actions = parser.add_subparsers(dest="notice_action", metavar="操作", required=True)
    lister = actions.add_parser("list", help="列出公示栏（公示中、即将期满、已结束…）")
    lister.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    lister.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    lister.set_defaults(run=run_list)
    pdf = actions.add_parser("pdf", help="把一则公示导出为 PDF（张贴用）")
    pdf.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    pdf.add_argument("notice", metavar="公示编号", help="公示编号（kaoping notice list 可查，写前几位即可）")
    pdf.add_argument("file", metavar="公示.pdf", help="要保存的 PDF 文件")
    pdf.set_defaults(run=run_pdf)
    verify = actions.add_parser("verify", help="按张贴件页脚的核验码查找公示，核对内容是否与数据库一致")
    verify.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    verify.add_argument("code", metavar="核验码", help="如 7KQ3-MX9D（大小写、空格、横线均可）")
    verify.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    verify.set_defaults(run=run_verify)


def run_list(args) -> int:
    db = open_office_database(args.db)
    try:
        entries = board(db, load_calendar(db), today_iso())
    finally:
        db.close()
    rows = [{"id": e.notice["id"], "title": e.notice["title"], "kind": e.notice["kind"], "section": e.section,
             "start_date": e.notice["start_date"], "end_date": e.notice["end_date"], "workdays_left": e.workdays_left,
             "open_objections": e.open_objections} for e in entries]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        print(f"{row['id'][:8]}  {row['section']:<5}  {row['start_date']}—{row['end_date']}  {row['title']}"
              + (f"（剩余 {row['workdays_left']} 个工作日）" if row["section"] in ("公示中", "即将期满") else "")
              + (f"（异议未办结 {row['open_objections']} 件）" if row["open_objections"] else ""))
    print(f"共 {len(rows)} 则公示。")
    return 0


def run_pdf(args) -> int:
    from desktop_app.reports.notice_print import write_notice_pdf

    db = open_office_database(args.db)
    try:
        notice_id = _notice_id(db, args.notice)
        path = write_notice_pdf(db, notice_id, args.file)
        title = get_notice(db, notice_id)["title"]
    finally:
        db.close()
    print(f"已导出「{title}」：{path}")
    return 0


def run_verify(args) -> int:
    from desktop_app.reports.dates import period_text
    from desktop_app.reports.notice_print import find_notice_by_code
    from desktop_app.reports.verification import normalise_code

    code = normalise_code(args.code)
    if code is None:
        raise KaopingError(f"“{args.code}”不是核验码：核验码为 8 位字母和数字，如 7KQ3-MX9D。")
    db = open_office_database(args.db)
    try:
        notice = find_notice_by_code(db, code)
    finally:
        db.close()
    if args.json:
        print_json({"code": code, "found": notice is not None, "notice": None if notice is None else {
            "id": notice["id"], "title": notice["title"], "state": notice["state"], "start_date": notice["start_date"],
            "end_date": notice["end_date"], "issuer": notice["issuer"], "entries": len(notice["entries"])}})
    elif notice is None:
        print(f"核验码 {code} 未找到对应的公示：张贴件不是从本数据库打印的，或公示内容在打印后被改动过。")
    else:
        period = period_text(notice["start_date"], notice["end_date"], notice["workdays"])
        print(f"核验码 {code} 对应「{notice['title']}」（{notice['state']}），{notice['issuer']}，"
              f"公示时间 {period}，名单 {len(notice['entries'])} 人。张贴件内容与数据库一致。")
    return 0 if notice is not None else EXIT_NOT_FOUND


def _notice_id(db, given: str) -> str:
    matches = [n["id"] for n in list_notices(db) if n["id"].startswith(given.strip().lower())]
    if not matches:
        raise KaopingError(f"找不到编号为 {given} 的公示（kaoping notice list 可查看编号）。")
    if len(matches) > 1:
        raise KaopingError(f"编号 {given} 对应 {len(matches)} 则公示，请多写几位。")
    return matches[0]
