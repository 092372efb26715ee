"""A small county assessed in 2024 and 2025, built through the services (for the year's reports).

丹江镇: 张三 党委书记 (正职; before 2023 副镇长 in 西江镇), 李四 副镇长 (two supervised tasks late in
2025: a red card), 王五 武装部长 (班子成员). 西江镇: 赵六 党委书记 (党纪处分 in 2025: rule 6), a
second 张三 副镇长 (namesakes), 钱七 组织委员. Monthly reports of 2025 (December only 张三's),
quarterly sessions of 丹江镇 (2024 Q4, 2025 Q1–Q4) and 西江镇 (2025 Q1), annual inputs of 2025,
a talk and a late reply to an inquiry for 张三, a notice of criticism of 丹江镇.
"""

import shutil

import pytest
from conftest import StepClock, id_number

from db import open_database
from desktop_app.core import cadres, units
from desktop_app.core.annual_inputs import save_cadre_inputs, save_team_inputs
from desktop_app.core.assessment import accept_proposals, decide
from desktop_app.core.evaluations import get_session, save_session, save_tallies
from desktop_app.core.inquiries import send_inquiry
from desktop_app.core.monthly_reports import review_report, save_draft, submit_report
from desktop_app.core.sanctions import add_sanction
from desktop_app.core.store import RecordStore
from desktop_app.core.supervised_tasks import add_task
from desktop_app.core.supervision_notices import add_supervision_notice
from desktop_app.core.talks import add_talk

POSTS = {
    "张三": [("西江镇", "副镇长", "副职", "2019-03-01", "2023-01-01"), ("丹江镇", "党委书记", "正职", "2023-01-01", None)],
    "李四": [("丹江镇", "副镇长", "副职", "2023-01-01", None)],
    "王五": [("丹江镇", "武装部长", "班子成员", "2024-01-01", None)],
    "赵六": [("西江镇", "党委书记", "正职", "2023-06-01", None)],
    "张三2": [("西江镇", "副镇长", "副职", "2024-03-01", None)],
    "钱七": [("西江镇", "党委委员、组织委员", "班子成员", "2025-01-01", None)],
}
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
GRADE_CYCLE = ("好", "好", "较好", "好", "一般", "较好")
_BUILT: list = []  # the template, once built
TEAM_VOTES = {"valid": 40, "counts": {"好": 30, "较好": 8, "一般": 2}}


def build_county(store) -> dict[str, str]:
    """The county above; name → id (units and cadres; the second 张三 is "张三2")."""
    ids = {name: units.add_unit(store, {"name": name, "kind": "乡镇"})[0] for name in ("丹江镇", "西江镇")}
    for n, (key, held) in enumerate(POSTS.items()):
        first, *later = [{"unit_id": ids[unit], "title": title, "post_type": kind, "start_date": start, "end_date": end}
                         for unit, title, kind, start, end in held]
        values = {"name": key.rstrip("2"), "id_number": id_number(f"1975{n + 1:02d}15", f"{n}31"),
                  "political_status": "中共党员", "education": "大学"}
        ids[key] = cadres.add_cadre(store, values, first).record_id
        for post in later:
            cadres.add_post(store, ids[key], post)
    for n, key in enumerate(POSTS):
        _reports(store, ids[key], n)
    _quarters(store, ids)
    _inputs(store, ids)
    _registers(store, ids)
    return ids


def _reports(store, cadre_id: str, shift: int) -> None:
    for m, month in enumerate(MONTHS):
        if shift and m == 11:
            continue  # December still due: only 张三 reported it
        grade = GRADE_CYCLE[(m + shift) % len(GRADE_CYCLE)]
        save_draft(store, cadre_id, month, items=[{"task": "推进产业园建设", "result": "完成"}], self_grade="好")
        submit_report(store, cadre_id, month, f"{month}-25")
        review_report(store, cadre_id, month, truthful="属实", completion_grade=grade, on=f"{month}-28")


def _quarters(store, ids: dict[str, str]) -> None:
    town = [ids["张三"], ids["李四"], ids["王五"]]
    west = [ids["赵六"], ids["张三2"], ids["钱七"]]
    votes = {0: [[18, 2, 0, 0]] * 3, 1: [[10, 8, 2, 0]] * 3, 2: [[6, 10, 3, 1]] * 3}
    for unit, people, quarters in ((ids["丹江镇"], town, [(2024, 4), (2025, 1), (2025, 2), (2025, 3), (2025, 4)]),
                                   (ids["西江镇"], west, [(2025, 1)])):
        for year, quarter in quarters:
            listed = [p for p in people if year == 2025 or p != ids["钱七"]]
            save_session(store, unit, year, quarter, {"meeting_date": f"{year}-{quarter * 3:02d}-20", "expected": 22,
                                                      "present": 20, "issued": 20, "returned": 20, "valid": 20,
                                                      "cadre_ids": listed})
            session = get_session(store.db, unit, year, quarter)
            shift = quarter % 2
            save_tallies(store, session, {p: {"": votes[(n + shift) % 3]} for n, p in enumerate(listed)})


def _inputs(store, ids: dict[str, str]) -> None:
    for unit in ("丹江镇", "西江镇"):
        save_team_inputs(store, 2025, ids[unit], {"evaluation": TEAM_VOTES, "responsibility_score": "92",
                                                  "responsibility_grade": "好",
                                                  "survey": {"valid": 90, "counts": {"满意": 70, "基本满意": 15,
                                                                                     "不满意": 5}}})
    grades = {"张三": 30, "李四": 22, "王五": 15, "赵六": 28, "张三2": 12, "钱七": 20}
    for key, best in grades.items():
        unit = "丹江镇" if key in ("张三", "李四", "王五") else "西江镇"
        save_cadre_inputs(store, 2025, ids[unit], ids[key],
                          {"evaluation": {"valid": 40, "counts": {"优秀": best, "称职": 40 - best - 2, "基本称职": 2}}})


def _registers(store, ids: dict[str, str]) -> None:
    add_talk(store, {"cadre_id": ids["张三"], "talked_on": "2025-04-10", "kind": "提醒", "talker": "县委组织部王部长",
                     "summary": "提醒注意工作方法", "reason": "群众反映"})
    send_inquiry(store, {"cadre_id": ids["张三"], "sent_on": "2025-05-01", "issue": "反映征地补偿不公开",
                         "reply_due": "2025-05-15", "replied_on": "2025-05-20", "reply": "已说明情况",
                         "outcome": "予以了结"})
    add_sanction(store, {"cadre_id": ids["赵六"], "decided_on": "2025-06-01", "category": "党纪处分", "measure": "警告",
                         "text": "违反中央八项规定精神", "decided_by": "县纪委"})
    for title, deadline, done in (("人居环境整治", "2025-03-31", "2025-04-20"), ("安全生产检查", "2025-08-31", "")):
        add_task(store, {"cadre_id": ids["李四"], "title": title, "assigned_on": "2025-01-10", "deadline": deadline,
                         "done_on": done})
    add_supervision_notice(store, {"unit_id": ids["丹江镇"], "issued_on": "2025-07-01", "kind": "作风",
                                   "text": "值班期间脱岗", "issuer": "县纪委"})


def decide_2025(store, ids: dict[str, str]) -> None:
    """The committee's decisions of 2025: everything as proposed, but 李四 基本称职 (an override)."""
    accept_proposals(store, 2025)
    decide(store, 2025, "cadre", ids["李四"], "基本称职", "督办事项两次逾期，经考核委员会研究降为基本称职")


@pytest.fixture(scope="session")
def annual_template(tmp_path_factory):
    """The county, built once per test session (copy it, never edit it): (path, ids). Each test module
    importing this fixture has its own copy of it, so the file is kept here, once for them all."""
    if _BUILT:
        return _BUILT[0]
    path = tmp_path_factory.mktemp("annual") / "county.kpdb"
    db = open_database(path, create=True, office_name="雷山县委组织部")
    try:
        ids = build_county(RecordStore(db, operator="测试员", clock=StepClock()))
    finally:
        db.close()
    _BUILT.append((path, ids))
    return path, ids


@pytest.fixture
def county(annual_template, tmp_path):
    """A fresh copy of the county, closed: (path, ids)."""
    source, ids = annual_template
    path = tmp_path / "annual.kpdb"
    shutil.copyfile(source, path)
    return path, ids


@pytest.fixture
def annual(county):
    """A fresh copy of the county: (store on it, ids). The store's clock starts on 2026-03-02."""
    path, ids = county
    db = open_database(path)
    yield RecordStore(db, operator="考核办", clock=StepClock()), ids
    db.close()


@pytest.fixture
def decided_path(annual):
    """A closed copy of the county with 2025 decided (for the command line): (path, ids)."""
    store, ids = annual
    decide_2025(store, ids)
    path = store.db.path
    store.db.close()
    return path, ids
