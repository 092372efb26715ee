"""计票导入: a quarter's tallies from a workbook (the template this app writes for the sessions).

One row per cadre (and per voter category when ballots were split): 单位, 年度, 季度, 姓名, 类别, then for each aspect the four grades (思路措施·好 …
工作实绩·差). Rows are judged against the session of their unit and quarter — the cadre must be
on its ballot and no aspect may have more votes than the category's valid ballots — and each
bad row gets its reason. Like every import: preview first, nothing written while a row has a
problem unless such rows are skipped, and the whole import is one undo step.
"""

from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.evaluations import (
    evaluated_of,
    get_session,
    quarter_label,
    save_tallies,
    tallies_of,
    tally_problems,
)
from desktop_app.core.rule_sets import rules_for_year
from desktop_app.core.store import Changes, RecordStore
from desktop_app.core.units import unit_id_named
from desktop_app.core.workbook_tables import (
    TableRow,
    check_importable,
    read_header_table,
    save_template,
    template_workbook,
)

GRADES = ("好", "较好", "一般", "差")
# 职务 tells apart two people of one name on the same ballot (templates before it still import)
FIXED = (("unit", "单位"), ("year", "年度"), ("quarter", "季度"), ("name", "姓名"), ("title", "职务"),
         ("category", "类别"))


def count_header(aspect: str, grade: str) -> str:
    return f"{aspect}·{grade}"


@dataclass
class SessionTallies:
    """The rows of one session: the tallies they make."""

    session: dict
    label: str
    counts: dict[str, dict] = field(default_factory=dict)  # cadre id → {category: [[…]]}
    names: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class TallyRowProblem:
    row: int
    name: str
    reason: str


@dataclass
class TallyImportPlan:
    filename: str
    sessions: list[SessionTallies]
    problems: list[TallyRowProblem]

    @property
    def tally_count(self) -> int:
        return sum(len(s.counts) for s in self.sessions)

    def as_json(self) -> dict:
        return {"file": self.filename,
                "sessions": [{"session": s.label, "tallies": len(s.counts)} for s in self.sessions],
                "problems": [{"row": p.row, "name": p.name, "reason": p.reason} for p in self.problems]}


def read_tallies(db, path, aspects: list[str]) -> TallyImportPlan:
    """Read and judge the workbook against the sessions in `db`; writes nothing. `aspects` are
    the short names of the rule set's aspects (the template's column groups)."""
    headers = {key: (label,) for key, label in FIXED}
    headers |= {f"{a}|{g}": (count_header(aspect, grade),) for a, aspect in enumerate(aspects) for g, grade in enumerate(GRADES)}
    table = read_header_table(path, headers, ("unit", "year", "quarter", "name"), what="计票")
    sessions: dict[str, SessionTallies] = {}
    problems = []
    for row in table.rows:
        reason = _place_row(db, row, len(aspects), sessions)
        if reason:
            problems.append(TallyRowProblem(row.row, row.values.get("name", ""), reason))
    for tallies in sessions.values():
        _keep_other_categories(db, tallies)
        _judge(db, tallies, problems)
    return TallyImportPlan(table.filename, list(sessions.values()), sorted(problems, key=lambda p: p.row))


def _place_row(db, row: TableRow, aspects: int, sessions: dict) -> str:
    values = row.values
    if not any(values.get(f"{a}|{g}") for a in range(aspects) for g in range(len(GRADES))):
        return ""  # a template row nobody filled in
    try:
        year, quarter = int(values["year"]), int(values["quarter"])
    except (KeyError, ValueError):
        return f"年度“{values.get('year')}”或季度“{values.get('quarter')}”不是数字"
    unit_id = unit_id_named(db, values.get("unit", ""))
    session = get_session(db, unit_id, year, quarter) if unit_id else None
    if session is None:
        return f"“{values.get('unit')}”{quarter_label(year, quarter)}还没有登记测评会，请先登记测评会"
    tallies = sessions.setdefault(session["id"], SessionTallies(session, f"{values['unit']} {quarter_label(year, quarter)}"))
    cadre_id, unknown = _on_ballot(evaluated_of(db, session), values, tallies.label)
    if cadre_id is None:
        return unknown
    category = values.get("category", "")
    if category in tallies.counts.get(cadre_id, {}):
        return f"“{values['name']}”{('（' + category + '）') if category else ''}的票数出现了两次"
    try:
        counts = [[int(values.get(f"{a}|{g}") or 0) for g in range(len(GRADES))] for a in range(aspects)]
    except ValueError:
        return "票数须为整数"
    tallies.counts.setdefault(cadre_id, {})[category] = counts
    tallies.names[cadre_id] = values["name"]
    tallies.rows.setdefault(cadre_id, []).append(row.row)
    return ""


def _on_ballot(evaluated: list, values: dict, label: str) -> tuple[str | None, str]:
    """(the cadre id the row means, '') — or (None, why not): a name on the ballot once is that
    person; two people of one name are told apart by the row's 职务."""
    same_name = [e for e in evaluated if e.name == values["name"]]
    if len(same_name) > 1:
        same_name = [e for e in same_name if e.title == (values.get("title") or "").strip()]
        if len(same_name) != 1:
            return None, (f"{label}的测评名单中有不止一位“{values['name']}”，请在“职务”列填写其职务以区分"
                          "（同名同职务的，请在「季度评议」页逐人录入）")
    if not same_name:
        return None, f"“{values['name']}”不在{label}的测评名单中"
    return same_name[0].cadre_id, ""


def _keep_other_categories(db, tallies: SessionTallies) -> None:
    """A workbook with some voter categories only (e.g. the 领导 ballots counted first) adds to
    what was entered for the others instead of erasing it."""
    saved = tallies_of(db, tallies.session["id"])
    for cadre_id, counts in tallies.counts.items():
        tallies.counts[cadre_id] = {**saved.get(cadre_id, {}), **counts}


def _judge(db, tallies: SessionTallies, problems: list) -> None:
    rules = rules_for_year(db, tallies.session["year"])
    for cadre_id in list(tallies.counts):
        found = tally_problems(tallies.session, tallies.counts[cadre_id], rules)
        if found:
            problems.extend(TallyRowProblem(row, tallies.names[cadre_id], "；".join(found)) for row in tallies.rows[cadre_id])
            del tallies.counts[cadre_id]


def apply_tally_import(store: RecordStore, plan: TallyImportPlan, *, skip_invalid: bool = False) -> Changes:
    check_importable(plan.filename, len(plan.problems), plan.tally_count, "计票", skip_invalid=skip_invalid)
    with store.batch(f"导入计票 {plan.filename}（{plan.tally_count} 人）") as batch:
        for tallies in plan.sessions:
            if tallies.counts:
                save_tallies(store, tallies.session, tallies.counts)
    return batch.changes()


def write_tally_template(db, path, sessions: list[dict], aspects: list[str]) -> Path:
    """The import template: the header, and a row per cadre on each session's ballot (per category)."""
    workbook, sheet = template_workbook(
        "计票", [label for _key, label in FIXED] + [count_header(a, g) for a in aspects for g in GRADES])
    units = dict(db.execute("SELECT id, name FROM units"))
    for session in sessions:
        for evaluated in evaluated_of(db, session):
            for category in session["categories"] or [""]:
                sheet.append([units.get(session["unit_id"], ""), session["year"], session["quarter"], evaluated.name,
                              evaluated.title, category] + [None] * (len(aspects) * len(GRADES)))
    sheet.freeze_panes = "G2"  # names stay in view while the counts scroll
    return save_template(workbook, path)


__all__ = ["TallyImportPlan", "SessionTallies", "TallyRowProblem", "read_tallies", "apply_tally_import",
           "write_tally_template", "count_header"]
