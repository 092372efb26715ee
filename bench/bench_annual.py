"""Benchmark: the annual assessment at prefecture scale.

1. The rules engine alone (propose_grades) over a synthetic prefecture year: 200 units' teams and
   20,000 cadres with every kind of fact (target < 1 s).
2. The whole path on a database: a synthetic prefecture of 200 units × 100 team-post holders
   (20,000 cadres) with a year of monthly reports, four quarters of tallies, annual inputs and the
   registers, written through the RecordStore in one batch; then year_facts, assess_year (first
   and again, unchanged), decide, accept_proposals and lock_assessment.
   `--demo` runs the same on the prefecture demo database instead (≈1,700 team members).

Run:  .venv/bin/python bench/bench_annual.py [--engine-only] [--demo]
Prints JSON.
"""

import json
import random
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine, timed, work_dir  # noqa: E402
from desktop_app.core.annual_rules import (  # noqa: E402
    CadreFacts,
    Evaluation,
    Notice,
    Survey,
    TeamFacts,
    YearFacts,
    default_annual_rules,
    propose_grades,
)

YEAR = 2025
UNITS, PER_UNIT = 200, 100
GRADES = ("好", "较好", "一般", "差")
POST_TYPES = ("正职",) * 2 + ("副职",) * 6 + ("班子成员",) * 92  # per unit of 100


# -- 1. the engine ---------------------------------------------------------------------------------------
def synthetic_year(rng: random.Random) -> YearFacts:
    teams = [TeamFacts(
        f"U{u:03}", f"单位{u}", Fraction(rng.randint(6000, 10000), 100), responsibility_score=rng.randint(70, 100),
        responsibility_grade=rng.choice(["好", "好", "较好", "一般"]),
        notices=(Notice("效能", "窗口超时"),) if rng.random() < 0.05 else (),
        survey=Survey(d, 100, rng.random() < 0.5) if (d := rng.randint(0, 45)) else None,
        evaluation=Evaluation({"好": 20, "较好": 8, "差": rng.randint(0, 12)}, 40),
        last_year_grade=rng.choice([None, "好", "较好", "一般", "差"])) for u in range(UNITS)]
    cadres = [CadreFacts(
        f"C{i:05}", f"干部{i}", f"U{i // PER_UNIT:03}", POST_TYPES[i % PER_UNIT],
        Fraction(rng.randint(5000, 10000), 100) if rng.random() > 0.01 else None,
        responsibility_grade=rng.choice([None, "好", "较好", "一般"]),
        sanction="2025年5月12日警告" if rng.random() < 0.005 else "",
        missing_reports="2025年3月未报、2025年4月未报" if rng.random() < 0.01 else "",
        yellow_cards=rng.choice([0] * 20 + [1, 2, 3]),
        survey=Survey(rng.randint(0, 40), 100, True) if rng.random() < 0.1 else None,
        evaluation=Evaluation({"优秀": 20, "称职": 10, "不称职": rng.randint(0, 15)}, 45),
        last_year_grade=rng.choice([None, "优秀", "称职", "基本称职", "不称职"])) for i in range(UNITS * PER_UNIT)]
    return YearFacts(YEAR, tuple(teams), tuple(cadres))


def bench_engine(results: dict) -> None:
    facts = synthetic_year(random.Random(6))
    rules = default_annual_rules()
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        result = propose_grades(facts, rules)
        samples.append(time.perf_counter() - start)
    results["engine"] = {"teams": len(facts.teams), "cadres": len(facts.cadres),
                         "median_s": round(statistics.median(samples), 3), "max_s": round(max(samples), 3),
                         "changed_by_rule": sum(p.changed for p in result.teams + result.cadres),
                         "tied": sum(q.tied for q in result.quotas),
                         "quotas": [f"{q.kind} {q.grade} {q.used}/{q.allowed}" for q in result.quotas]}


# -- 2. the database path ----------------------------------------------------------------------------------
def write_prefecture(path: Path, rng: random.Random) -> dict:
    """200 units × 100 team-post holders, their year of reports and quarters, the annual inputs and registers."""
    from db import open_database
    from desktop_app.core.natural_ids import annual_input_id, report_id, session_id, tally_id

    path.unlink(missing_ok=True)
    db = open_database(path, create=True, office_name="黔东南州委组织部")
    store = _store(db)
    counts = {}
    with store.batch("生成年度考核测试数据"):
        unit_ids = [store.insert("units", {"name": f"单位{u:03}", "kind": "县直部门", "sort_order": u})["id"]
                    for u in range(UNITS)]
        people = []
        for i in range(UNITS * PER_UNIT):
            unit = unit_ids[i // PER_UNIT]
            cadre = store.insert("cadres", {"name": f"干部{i:05}", "id_number": f"X{i:05}", "status": "在职"})["id"]
            store.insert("posts", {"cadre_id": cadre, "unit_id": unit, "title": "职务", "post_type": POST_TYPES[i % 100],
                                   "rank": "副科", "start_date": "2020-01-01", "end_date": None})
            people.append((cadre, unit))
        for cadre, unit in people:
            for month in range(1, 13):
                if rng.random() < 0.02:
                    continue  # 未报
                m = f"{YEAR}-{month:02d}"
                store.insert("reports", {"cadre_id": cadre, "unit_id": unit, "month": m, "state": "归档",
                                         "plans": "[]", "items": "[]", "self_grade": "好", "submitted_on": f"{m}-25",
                                         "truthful": "属实", "completion_grade": rng.choice(GRADES),
                                         "hollow": int(rng.random() < 0.005), "review_remarks": "",
                                         "reviewed_on": f"{m}-28", "signed_by": "", "signed_on": ""},
                             record_id=report_id(cadre, m))
        for u, unit in enumerate(unit_ids):
            members = [c for c, owner in people if owner == unit]
            for quarter in (1, 2, 3, 4):
                sid = session_id(unit, YEAR, quarter)
                store.insert("evaluation_sessions", {
                    "unit_id": unit, "year": YEAR, "quarter": quarter, "meeting_date": f"{YEAR}-{quarter * 3:02d}-26",
                    "expected": 60, "present": 58, "issued": 58, "returned": 58, "valid": 57, "categories": "[]",
                    "valid_by_category": "{}", "cadre_ids": json.dumps(members), "note": ""}, record_id=sid)
                for cadre in members:
                    good = rng.randint(20, 57)
                    rows = [[good, 57 - good - 2, 2, 0]] * 3
                    store.insert("tallies", {"session_id": sid, "cadre_id": cadre, "counts": json.dumps({"": rows})},
                                 record_id=tally_id(sid, cadre))
            store.insert("annual_inputs", {
                "year": YEAR, "unit_id": unit, "cadre_id": None,
                "evaluation": json.dumps({"valid": 40, "counts": {"好": rng.randint(10, 30), "较好": 8, "一般": 2, "差": 0}}),
                "survey": json.dumps({"valid": 100, "counts": {"满意": 60, "基本满意": 20, "不满意": rng.randint(0, 20)}}),
                "survey_confirmed": int(u % 10 == 0), "investigation": "", "key_projects": "[]", "note": "",
                "responsibility_score": str(rng.randint(75, 100)), "responsibility_grade": rng.choice(["好", "较好"])},
                record_id=annual_input_id(YEAR, unit))
            if u % 20 == 0:
                store.insert("supervision_notices", {"unit_id": unit, "cadre_id": None, "issued_on": f"{YEAR}-06-01",
                                                     "kind": "效能", "text": "窗口超时", "issuer": "州纪委"})
        for n, (cadre, unit) in enumerate(people):
            store.insert("annual_inputs", {
                "year": YEAR, "unit_id": unit, "cadre_id": cadre,
                "evaluation": json.dumps({"valid": 40, "counts": {"优秀": rng.randint(5, 30), "称职": 8, "基本称职": 1,
                                                                  "不称职": 0}}),
                "survey": "{}", "survey_confirmed": 0, "investigation": "", "key_projects": "[]", "note": "",
                "responsibility_score": "", "responsibility_grade": ""}, record_id=annual_input_id(YEAR, unit, cadre))
            if n % 50 == 0:
                store.insert("supervised_tasks", {"cadre_id": cadre, "unit_id": unit, "title": "督办", "assigned_on": "",
                                                  "deadline": f"{YEAR}-03-01", "done_on": f"{YEAR}-03-20",
                                                  "excused": "", "note": ""})
            if n % 997 == 0:
                store.insert("sanctions", {"cadre_id": cadre, "decided_on": f"{YEAR}-05-12", "category": "党纪处分",
                                           "measure": "警告", "text": "", "decided_by": "州纪委"})
    for table in ("cadres", "reports", "tallies", "annual_inputs"):
        counts[table] = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    db.close()
    return counts


def _store(db):
    from desktop_app.core.store import RecordStore

    return RecordStore(db, operator="性能测试")


def bench_database(results: dict, demo: bool) -> None:
    from db import open_database
    from desktop_app.core.annual.year_facts import year_facts
    from desktop_app.core.assessment import accept_proposals, assess_year, decide, lock_assessment

    path = work_dir() / ("annual-demo.kpdb" if demo else "annual-prefecture.kpdb")
    out = results["database"] = {"source": "prefecture demo" if demo else "synthetic 200 units × 100"}
    with timed(out, "write_s"):
        if demo:
            from desktop_app.core.demo import write_demo

            write_demo(path, scale="prefecture", overwrite=True)
        else:
            out["records"] = write_prefecture(path, random.Random(7))
    db = open_database(path)
    try:
        as_of = f"{YEAR + 1}-01-01"
        with timed(out, "year_facts_s"):
            facts, _details = year_facts(db, YEAR, as_of)
        out["teams"], out["cadres"] = len(facts.teams), len(facts.cadres)
        with timed(out, "assess_year_first_s"):
            assessment = assess_year(db, YEAR, as_of=as_of)
        with timed(out, "assess_year_again_s"):
            assess_year(db, YEAR, as_of=as_of)
        store = _store(db)
        subject = next(s for s in assessment.cadres if s.proposed)
        with timed(out, "decide_one_s"):
            decide(store, YEAR, "cadre", subject.subject_id, subject.proposed)
        with timed(out, "accept_proposals_s"):
            out["accepted"] = accept_proposals(store, YEAR).count
        _decide_the_rest(store, assess_year(db, YEAR))
        with timed(out, "lock_s"):
            lock_assessment(store, YEAR)
    finally:
        db.close()


def _decide_the_rest(store, assessment) -> None:
    """The tied and those without a proposal, decided in one batch (not measured: the committee's work)."""
    from desktop_app.core.natural_ids import decision_id

    with store.batch("审定并列与无拟定等次"):
        for s in assessment.undecided:
            store.put("annual_decisions", decision_id(YEAR, s.kind, s.subject_id), {
                "year": YEAR, "kind": s.kind, "subject_id": s.subject_id, "unit_id": s.unit_id,
                "proposed_grade": s.proposed or "", "final_grade": s.proposed or assessment.grades[s.kind][-1],
                "reason": "审定委员会研究决定", "decided_by": "性能测试", "decided_on": f"{YEAR + 1}-01-20"})


def main() -> None:
    results: dict = {"machine": machine()}
    bench_engine(results)
    if "--engine-only" not in sys.argv:
        bench_database(results, "--demo" in sys.argv)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
