"""kaoping assess — 年度考核: every team's and cadre's proposed grade, the final grade once decided, the
composite score and its parts, the rules that changed or capped it, committee flags, follow-ups, and
the quota usage and lock state of the year. --json gives the same as data (assessment_rows).

--accept decides every undecided team and cadre as proposed (not those tied at the quota line or
without a proposed grade); --lock then locks the year (refused while any is undecided). Both act on
the whole year: refused with --unit, and for a year not begun. Such a year is shown with a warning on
stderr and exit code 4 (a mistyped --year, most likely).
"""

from desktop_app.commands._common import (
    add_db_and_year,
    add_operator_options,
    day_option,
    office_database,
    operator_store,
    print_json,
    warn_if_not_begun,
    year_not_begun,
)
from desktop_app.core.assessment import (
    KINDS,
    YearAssessment,
    accept_proposals,
    assess_year,
    assessment_rows,
    lock_assessment,
    quota_lines,
)
from desktop_app.core.errors import KaopingError

OPERATOR = "命令行"


def register(subparsers) -> None:
    parser = subparsers.add_parser("assess", help="年度考核：拟定等次、审定等次、规则理由与结果运用")
    add_db_and_year(parser, "如 2025")
    parser.add_argument("--unit", metavar="单位名称", help="只看这个单位（领导班子及其干部）；不能与 --accept、--lock 同用")
    parser.add_argument("--as-of", metavar="日期", help="按这一天的情况判断（默认今天；已过去的年度为次年1月1日）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.add_argument("--accept", action="store_true", help="未审定的按拟定等次审定（并列待定、无拟定等次的除外）")
    parser.add_argument("--lock", action="store_true", help="全部审定后锁定该年度")
    add_operator_options(parser)
    parser.set_defaults(run=run_assess)


def run_assess(args) -> int:
    for option, given in (("--accept", args.accept), ("--lock", args.lock)):
        if args.unit and given:  # they act on the whole year, never on the unit shown
            raise KaopingError(f"--unit 只用于查看一个单位，不能与 {option} 同时使用（审定、锁定针对全年度所有考核对象）")
    if (args.accept or args.lock) and year_not_begun(args.year):
        raise KaopingError(f"{args.year}年度尚未开始，不能审定或锁定（请检查 --year）。")
    as_of = day_option(args.as_of, "日期")
    with office_database(args.db) as db:
        messages = _write(db, args)
        assessment = assess_year(db, args.year, as_of=as_of)
    units = _units(assessment, args.unit)
    if args.json:
        print_json(_json(assessment, units, messages))
    else:
        for line in messages + _text(assessment, units):
            print(line)
    return warn_if_not_begun(args.year)


def _write(db, args) -> list[str]:
    """--accept and --lock, as an operator on the committee page would; what was done, in words."""
    if not (args.accept or args.lock):
        return []
    store, messages = operator_store(db, args, OPERATOR), []
    if args.accept:
        changes = accept_proposals(store, args.year)
        messages.append(f"已按拟定等次审定 {changes.count} 个考核对象。")
    if args.lock:
        lock_assessment(store, args.year)
        messages.append(f"已锁定{args.year}年度考核。")
    return messages


def _units(a: YearAssessment, name: str | None) -> list[str]:
    """The unit ids shown: every unit of the year, or the one named."""
    units = [t.unit_id for t in a.teams if not name or t.unit_name == name]
    if name and not units:
        raise KaopingError(f"“{name}”{a.year}年度没有考核对象。")
    return units


def _text(a: YearAssessment, units: list[str]) -> list[str]:
    decided = len(a.subjects) - len(a.undecided)
    lock = a.lock.text if a.lock else "未锁定"
    lines = [f"{a.year}年度考核（{a.source}，截至 {a.as_of}）：领导班子 {len(a.teams)} 个，干部 {len(a.cadres)} 名；"
             f"已审定 {decided} 个，未审定 {len(a.undecided)} 个；{lock}"]
    lines += quota_lines(a)
    rows = {(r["kind"], r["subject_id"]): r for r in assessment_rows(a)}
    for unit_id in units:
        team = a.team(unit_id)
        lines += ["", f"【{team.unit_name}】"] + _subject_lines(rows[("team", unit_id)])
        for cadre in a.unit_cadres(unit_id):
            lines += _subject_lines(rows[("cadre", cadre.subject_id)])
    return lines


def _subject_lines(row: dict) -> list[str]:
    who = KINDS["team"] if row["kind"] == "team" else \
        f"{row['name']}（{'，'.join(x for x in (row['title'], row['post_type']) if x)}）"
    parts = "，".join(f"{k} {v}" for k, v in row["parts_text"].items())
    final = f"审定 {row['final']}（{row['decided_by']} {row['decided_on']}）" if row["final"] else "未审定"
    lines = [f"  {who}：综合 {row['composite_text']}（{parts}）；拟定 {row['proposed'] or '无'}；{final}"]
    if row["decision_reason"]:
        lines.append(f"    审定理由：{row['decision_reason']}")
    if row["stale"]:
        lines.append(f"    注意：审定时的拟定等次为 {row['decided_against'] or '无'}，现已变化")
    lines += [f"    规则：{reason}" for reason in row["reasons"]]
    lines += [f"    需审定：{flag}" for flag in row["flags"]]
    lines += [f"    一票否决：{row['veto']}"] if row["veto"] else []
    lines += [f"    结果运用：{action}" for action in row["follow_ups"]]
    lines += [f"    提示：{note}" for note in row["notes"]]
    return lines


def _json(a: YearAssessment, units: list[str], messages: list[str]) -> dict:
    shown = set(units)
    return {"year": a.year, "as_of": a.as_of, "rules": a.source, "locked": a.locked,
            "lock": a.lock.text if a.lock else "", "messages": messages, "quota_lines": quota_lines(a),
            "quotas": [{"kind": q.kind, "grade": q.grade, "assessed": q.assessed, "fraction": q.fraction,
                        "rounding": q.rounding, "allowed": q.allowed, "used": q.used, "tied": q.tied,
                        "tied_ids": list(q.tied_ids)} for q in a.quotas],
            "final_counts": {kind: a.final_counts(kind) for kind in KINDS},
            "undecided": len(a.undecided),
            "subjects": [row for row in assessment_rows(a) if row["unit_id"] in shown]}
