"""The demo's supervision registers (监督登记簿) around the annual assessment, 2024 and 2025:
通报批评, 处分, 督办事项 (most done on time, some late, a few late with an approved extension,
some still open), 谈话 of every kind (任前, 诫勉 after a poor 2024 grade and 回访 half a year later,
警示, 提醒 after a missed deadline or an inquiry, 日常) and 函询 (replied, replied late, overdue,
awaiting a reply as of the demo's today). The designed cases (annual_cast.py) get theirs: the
党纪处分 of the sanctioned principal, the notice on the criticised unit, the red card's two late tasks.
Everything is validated by the register's own rules and written through the store.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.core.demo.people import AS_OF, new_uuid
from desktop_app.core.inquiries import validate_inquiry
from desktop_app.core.sanctions import validate_sanction
from desktop_app.core.supervised_tasks import validate_task
from desktop_app.core.supervision_notices import validate_supervision_notice
from desktop_app.core.talks import validate_talk

TEAM_POSTS = ("正职", "副职", "班子成员")
TASKS = ("推进高速公路征地拆迁", "完成农村危房改造验收", "整改环保督察反馈问题", "办结12345热线督办件",
         "完成森林防火隐患排查", "推进易地扶贫搬迁后续扶持", "完成财政资金审计整改", "推进重点项目开工手续办理",
         "化解信访积案", "完成人大代表建议办理", "完成耕地“非农化”问题整改", "推进农村集体产权制度改革")
NOTICES = {"作风": "在作风建设明察暗访中，工作日上班时间多名干部脱岗、离岗",
           "效能": "在营商环境专项督查中，企业开办审批超时限办理，群众反映强烈",
           "执法": "在行政执法案卷评查中，多件案卷程序不规范、证据不充分",
           "其他": "未按时报送年度重点工作进展材料，经催报仍未报送"}
INQUIRIES = ("反映其配偶经营的企业承接本单位工程项目", "反映其违规操办亲属婚宴", "反映其在项目验收中把关不严",
             "反映其公车私用", "反映其在低保评定中优亲厚友")
OUTCOMES = ("函询说明属实，予以了结澄清", "对其谈话提醒", "对其批评教育，责令作出书面检查")
DAILY = ("了解思想和工作情况，交流分管工作推进中的困难", "听取对班子建设的意见建议", "了解家庭和身体状况，提醒注意工作方法")


@dataclass(frozen=True)
class Words:
    """How the demo's own county (or prefecture) is named in the registers."""

    area: str  # 雷山县 / 黔东南州
    level: str  # 县 / 州

    @classmethod
    def of(cls, scale) -> "Words":
        area = scale.office.removesuffix("委组织部")
        return cls(area, area[-1])


def add_year_registers(store, rng, facts, roll, cast, words: Words) -> None:
    """The year's notices of criticism, sanctions and supervised tasks (the facts its rules read)."""
    year, free = roll.year, [t.unit_id for t in roll.teams if t.unit_id not in cast.units]
    extra = rng.sample(free, min(3, len(free))) + [None] * 3
    if year == 2024:
        notices = [(cast.sanctioned, "作风", None, "2024-06-18"), (extra[0], "效能", None, "2024-10-22")]
    else:
        named = [s.cadre_id for s in roll.members.get(extra[2], []) if s.post_type == "副职"][:1] or [None]
        notices = [(cast.criticised, "效能", None, "2025-05-16"), (extra[1], "执法", None, "2025-09-03"),
                   (extra[2], "其他", named[0], "2025-11-12")]
    for unit_id, kind, cadre_id, day in notices:
        if unit_id:
            _add(store, rng, facts, "supervision_notices", validate_supervision_notice(store.db, {
                "unit_id": unit_id, "cadre_id": cadre_id, "issued_on": day, "kind": kind, "text": NOTICES[kind],
                "issuer": f"中共{words.area}{'纪律检查委员会' if kind == '作风' else '委督查室'}"}))
    _sanctions(store, rng, facts, roll, cast, words)
    _tasks(store, rng, facts, roll, words)


def _sanctions(store, rng, facts, roll, cast, words: Words) -> None:
    deputies = [s.cadre_id for s in roll.cadres if s.post_type == "副职" and s.cadre_id not in cast.cadres
                and s.unit_id not in cast.units]
    chosen = rng.sample(deputies, min(3, len(deputies))) + [None] * 3
    commission, supervisors = f"中共{words.area}纪律检查委员会", f"{words.area}监察委员会"
    if roll.year == 2024:
        found = [(chosen[0], "2024-09-12", "党纪处分", "警告", "违规使用公务用车", commission)]
    else:
        found = [(cast.sanctioned_principal, "2025-08-14", "党纪处分", "严重警告", "违反中央八项规定精神，违规收受礼金",
                  commission),
                 (chosen[1], "2025-07-09", "政务处分", "警告", "履行监管职责不力，造成国有资产损失", supervisors),
                 (chosen[2], "2025-04-21", "组织处理", "诫勉", "落实安全生产责任不到位", f"中共{words.area}委组织部")]
    for cadre_id, day, category, measure, text, by in found:
        if cadre_id:
            _add(store, rng, facts, "sanctions", validate_sanction(store.db, {
                "cadre_id": cadre_id, "decided_on": day, "category": category, "measure": measure, "text": text,
                "decided_by": by}))


def _tasks(store, rng, facts, roll, words: Words) -> None:
    """A few tasks per unit for its principal and deputies: most done on time, some late, a few late
    with an approved extension (not a yellow card); in 2025 some left open past their deadline and
    some assigned in December still running."""
    year = roll.year
    for team in roll.teams:
        leaders = [s for s in roll.members[team.unit_id] if s.post_type in ("正职", "副职")]
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3)) if leaders else 0):
            _task(store, rng, facts, rng.choice(leaders), year, words)
        if year == 2025 and leaders and rng.random() < 0.25:
            assigned = date(2025, 12, rng.randint(1, 20))
            _task_record(store, rng, facts, rng.choice(leaders), assigned, assigned + timedelta(days=45), "", "")
    facts.progress.advance(len(roll.teams), "正在生成督办事项")


RED_CARD = (("2025-03-10", "2025-04-30", "2025-05-22"), ("2025-07-01", "2025-09-30", ""),
            ("2025-10-08", "2025-11-30", "2025-11-25"))  # assigned, deadline, done: two late, one on time
RED_CARD_LATE = sum(not done or done > deadline for _assigned, deadline, done in RED_CARD)  # yellow cards


def add_red_card(store, rng, facts, subject) -> None:
    """The red card's three tasks of 2025, two of them late (two yellow cards, rule 9)."""
    for assigned, deadline, done_on in RED_CARD:
        _task_record(store, rng, facts, subject, date.fromisoformat(assigned), date.fromisoformat(deadline),
                     done_on, "")


def _task(store, rng, facts, subject, year: int, words: Words) -> None:
    assigned = date(year, rng.randint(1, 10), rng.randint(1, 28))
    deadline = min(assigned + timedelta(days=rng.randint(20, 90)), date(year, 12, 20))
    fate, excused = rng.random(), ""
    if fate < 0.84:
        done = max(deadline - timedelta(days=rng.randint(0, 15)), assigned)
    elif fate < 0.92:
        done = deadline + timedelta(days=rng.randint(3, 30))
    elif fate < 0.96:
        done = deadline + timedelta(days=rng.randint(5, 20))
        excused = f"经分管{words.level}领导批准，办结时限延长至{done.isoformat()}"
    elif year == AS_OF.year - 1:
        done = None  # left open past the deadline
    else:  # an earlier year's tasks were all done in the end
        done = deadline + timedelta(days=rng.randint(40, 90))
    _task_record(store, rng, facts, subject, assigned, deadline, min(done, AS_OF).isoformat() if done else "", excused)


def _task_record(store, rng, facts, subject, assigned: date, deadline: date, done_on: str, excused: str) -> None:
    _add(store, rng, facts, "supervised_tasks", validate_task(store.db, {
        "cadre_id": subject.cadre_id, "unit_id": subject.unit_id, "title": rng.choice(TASKS),
        "assigned_on": assigned.isoformat(), "deadline": deadline.isoformat(), "done_on": done_on,
        "excused": excused, "note": ""}))


# -- talks and inquiries (registers that go on, never locked) ---------------------------------------------
def add_people_registers(store, rng, facts, rolls, cast, finals: dict, words: Words) -> None:
    """谈话 of every kind and 函询 in every state, over 2024 and 2025."""
    _appointment_talks(store, rng, facts, words)
    _admonishments(store, rng, facts, rolls[2024], finals, words)
    warned = [(cast.sanctioned_principal, "2025-08-25", "受到党纪处分"), (cast.red_card, "2025-10-15", "督办事项两次逾期，被红牌警告")]
    warned += [(p.cadre_id, "2025-05-28", "所在单位被通报批评") for p in rolls[2025].principals(cast.criticised)]
    for cadre_id, day, reason in warned:
        if cadre_id:
            _talk(store, rng, facts, cadre_id, day, "警示", f"{words.level}纪委监委派驻纪检监察组组长",
                  "通报问题，开展警示教育，要求深刻反思、举一反三", reason)
    for cadre_id, deadline, title in store.db.execute(
            "SELECT cadre_id, deadline, title FROM supervised_tasks WHERE deleted = 0 AND deadline >= '2025-01-01'"
            " AND deadline < '2026-01-01' AND excused = '' AND (done_on = '' OR done_on > deadline)"
            " ORDER BY deadline, id").fetchall():
        day = min(date.fromisoformat(deadline) + timedelta(days=7), AS_OF).isoformat()
        _talk(store, rng, facts, cadre_id, day, "提醒", f"分管{words.level}领导", "督办事项逾期，提醒抓紧推进、按期办结",
              f"督办事项“{title}”逾期")
    for roll in rolls.values():
        for subject in rng.sample(roll.cadres, len(roll.cadres) // 16):
            day = date(roll.year, rng.randint(1, 12), rng.randint(1, 28))
            _talk(store, rng, facts, subject.cadre_id, min(day, AS_OF).isoformat(), "日常", "单位主要负责人",
                  rng.choice(DAILY), "日常谈心谈话")
        _inquiries(store, rng, facts, roll, words)


def _appointment_talks(store, rng, facts, words: Words) -> None:
    """任前谈话 before each team post taken in 2024 or 2025."""
    for person in facts.people:
        for tenure in person.tenures:
            if tenure.slot.post.post_type in TEAM_POSTS and date(2024, 1, 8) <= tenure.start <= AS_OF:
                day = tenure.start - timedelta(days=rng.randint(1, 6))
                _talk(store, rng, facts, person.id, day.isoformat(), "任职", f"{words.level}委组织部副部长",
                      "任前廉政谈话，提出履职要求", f"拟任{tenure.slot.post.title}")


def _admonishments(store, rng, facts, last, finals: dict, words: Words) -> None:
    """诫勉谈话 in spring 2025 for the teams (their principals) and cadres graded low in 2024 (rule 11),
    and a follow-up visit (回访) half a year later for every other one."""
    team_low, cadre_low = ("一般", "差"), ("基本称职", "不称职")
    talked = []
    for (kind, subject_id), grade in finals.items():
        if kind == "team" and grade in team_low:
            talked += [(p.cadre_id, f"2024年度考核领导班子评为'{grade}'") for p in last.principals(subject_id)]
        elif kind == "cadre" and grade in cadre_low:
            talked.append((subject_id, f"2024年度考核评为'{grade}'"))
    for n, (cadre_id, reason) in enumerate(talked):
        day = date(2025, 3, rng.randint(10, 28))
        _talk(store, rng, facts, cadre_id, day.isoformat(), "诫勉", f"{words.level}委组织部部长",
              "指出存在的问题，提出限期整改要求", reason)
        if n % 2 == 0:
            _talk(store, rng, facts, cadre_id, (day + timedelta(days=180)).isoformat(), "回访",
                  f"{words.level}委组织部干部监督科", "诫勉后回访，了解整改落实情况，整改基本到位", "诫勉谈话后回访")


def _inquiries(store, rng, facts, roll, words: Words) -> None:
    """函询: 2024's all replied; 2025's replied, replied late, overdue and awaiting a reply as of the demo's today."""
    count = max(4, len(roll.cadres) // (50 if roll.year == 2025 else 150))
    for n, subject in enumerate(rng.sample(roll.cadres, min(count, len(roll.cadres)))):
        state = "replied" if roll.year == 2024 else ("replied", "late", "overdue", "waiting")[n] if n < 4 else \
            rng.choices(("replied", "late", "overdue", "waiting"), (70, 10, 10, 10))[0]
        sent = date(2025, 12, rng.randint(22, 26)) if state == "waiting" else \
            date(roll.year, rng.randint(10, 11) if state == "overdue" else rng.randint(2, 10), rng.randint(1, 28))
        due = sent + timedelta(days=15)
        replied = {"replied": due - timedelta(days=rng.randint(0, 10)), "late": due + timedelta(days=rng.randint(3, 12))}.get(state)
        outcome = rng.choice(OUTCOMES) if replied else ""
        _add(store, rng, facts, "inquiries", validate_inquiry(store.db, {
            "cadre_id": subject.cadre_id, "sent_on": sent.isoformat(), "issue": rng.choice(INQUIRIES),
            "reply_due": due.isoformat(), "replied_on": replied.isoformat() if replied else "",
            "reply": "已按要求作出书面说明" if replied else "", "outcome": outcome}))
        if outcome == OUTCOMES[1]:
            _talk(store, rng, facts, subject.cadre_id, min(replied + timedelta(days=5), AS_OF).isoformat(), "提醒",
                  f"{words.level}纪委监委派驻纪检监察组组长", "就函询反映的问题进行提醒", "函询后谈话提醒")


def _talk(store, rng, facts, cadre_id: str, day: str, kind: str, talker: str, summary: str, reason: str) -> None:
    _add(store, rng, facts, "talks", validate_talk(store.db, {
        "cadre_id": cadre_id, "talked_on": day, "kind": kind, "talker": talker, "summary": summary, "reason": reason}))


def _add(store, rng, facts, table: str, clean: dict) -> None:
    store.insert(table, clean, record_id=new_uuid(rng))
    facts.written[table] += 1


__all__ = ["RED_CARD_LATE", "Words", "add_year_registers", "add_red_card", "add_people_registers"]
