"""The demo's annual inputs (年度考核数据) of a team or a cadre, as an operator would enter them.

A cadre's annual democratic evaluation is shaped by the cadre's standing with colleagues (the
same standing as the quarterly tallies, quarterly.py); a team's evaluation, opinion survey and
responsibility score by the unit's quality. The designed cases (annual_cast.py) get inputs that
set their rule off: a poor 2024 for the unit sanctioned in 2025 and for the cadre 不称职 both years,
不称职 votes over a third, a top team lowered by a notice, a survey or its responsibility grade.
"""

QUALITY = ((0, 40), (1, 35), (2, 20), (3, 5))  # a unit's team: 0 best … 3, and how often
CADRE_GRADES = ("优秀", "称职", "基本称职", "不称职")
TEAM_GRADES = ("好", "较好", "一般", "差")
SURVEY_GRADES = ("满意", "基本满意", "不满意")
# Shares of the votes (best grade first; the worst grade gets the rest), by standing or quality.
CADRE_SHAPES = ((0.78, 0.20, 0.015), (0.42, 0.50, 0.06), (0.22, 0.62, 0.12), (0.10, 0.55, 0.27))
TEAM_SHAPES = ((0.74, 0.22, 0.03), (0.50, 0.40, 0.08), (0.30, 0.50, 0.16), (0.15, 0.50, 0.28))
SURVEY_SHAPES = ((0.86, 0.12), (0.72, 0.22), (0.60, 0.30), (0.50, 0.35))
SCORES = ((90.0, 97.5), (84.0, 92.0), (80.0, 88.0), (80.0, 85.0))  # responsibility score range by quality
PROJECTS = ("乡村振兴示范点建设", "农村饮水安全巩固提升", "景区提质升级", "城区污水管网改造", "高标准农田建设",
            "易地扶贫搬迁后续扶持", "产业园区标准化厂房", "义务教育薄弱学校改造", "政务服务“一网通办”", "茶产业提质增效")
SURVEY_COMPLAINT = {"survey": {"valid": 90, "counts": {"满意": 50, "基本满意": 4, "不满意": 36}}, "survey_confirmed": True,
                    "investigation": "经专项调查，反映其在征地补偿款发放中优亲厚友的问题属实，已责令整改"}


def cadre_values(rng, year: int, cadre_id: str, valid: int, cast, standing: int) -> dict:
    """A cadre's inputs: the evaluation from `valid` ballots of the unit's annual meeting."""
    if (year, cadre_id) == (2024, cast.repeat):  # a poor year: 不称职 votes over a third
        bad = valid // 3 + 2
        return {"evaluation": counts(CADRE_GRADES, valid, (1, valid - bad - valid // 4 - 1, valid // 4, bad)),
                "note": "民主测评不称职票超过三分之一"}
    if (year, cadre_id) == (2025, cast.admonished):
        bad = valid // 3 + 1
        return {"evaluation": counts(CADRE_GRADES, valid, (2, valid - bad - valid // 5 - 3, valid // 5, bad))}
    return {"evaluation": votes(rng, CADRE_GRADES, valid, CADRE_SHAPES[standing])}


def team_values(rng, year: int, unit_id: str, valid: int, cast, quality: int) -> dict:
    """A team's inputs: evaluation, opinion survey, responsibility score and grade, key projects."""
    low, high = SCORES[quality]
    values = {"evaluation": votes(rng, TEAM_GRADES, valid, TEAM_SHAPES[quality]),
              "responsibility_score": f"{rng.uniform(low, high):.1f}",
              "survey": votes(rng, SURVEY_GRADES, rng.randint(60, 120), SURVEY_SHAPES[quality]),
              "key_projects": _projects(rng)}
    special = _special(year, unit_id, cast)
    if special in ("criticised", "complained", "linked"):  # otherwise at the top: the rule lowers it
        values |= {"evaluation": top(TEAM_GRADES, valid), "responsibility_score": "96.5",
                   "survey": counts(SURVEY_GRADES, 100, (90, 9, 1))}
    if special == "complained":
        values |= {"responsibility_score": "98.5", "survey": counts(SURVEY_GRADES, 90, (54, 0, 36)),
                   "survey_confirmed": True,
                   "investigation": "经纪检监察机关专项调查，群众反映的惠民资金发放不及时问题属实，已责令整改"}
    elif special == "linked":
        values["responsibility_score"] = "88"
    elif special == "vetoed":
        values["responsibility_score"] = "76.5"
    elif special == "poor":
        values |= {"evaluation": votes(rng, TEAM_GRADES, valid, (0.10, 0.35, 0.35)), "responsibility_score": "68.5",
                   "survey": votes(rng, SURVEY_GRADES, 100, (0.45, 0.35)), "note": "年度目标任务完成不到七成"}
    score = float(values["responsibility_score"])
    values["responsibility_grade"] = TEAM_GRADES[0 if score >= 90 else 1 if score >= 80 else 2 if score >= 70 else 3]
    return values


def _special(year: int, unit_id: str, cast) -> str:
    if year == 2024:
        return "poor" if unit_id == cast.sanctioned else ""
    return {cast.criticised: "criticised", cast.complained: "complained", cast.linked: "linked",
            cast.vetoed: "vetoed"}.get(unit_id, "")


def votes(rng, grades, valid: int, shape) -> dict:
    """{"valid", "counts"} from `valid` ballots drawn with `shape` (the last grade the rest), about one
    ballot in fifty left blank for the person (弃权)."""
    bounds, total = [], 0.0
    for share in shape:
        total += share
        bounds.append(total)
    found = [0] * len(grades)
    for _ in range(valid):
        roll = rng.random()
        if roll >= 0.02:
            roll = (roll - 0.02) / 0.98
            found[next((n for n, bound in enumerate(bounds) if roll < bound), len(grades) - 1)] += 1
    return counts(grades, valid, found)


def top(grades, valid: int) -> dict:
    """An evaluation at the top: 86 % the best grade, the rest the next, one ballot blank."""
    best = round(valid * 0.86)
    return counts(grades, valid, (best, valid - best - 1) + (0,) * (len(grades) - 2))


def counts(grades, valid: int, numbers) -> dict:
    return {"valid": valid, "counts": dict(zip(grades, numbers, strict=True))}


def _projects(rng) -> list[dict]:
    found = []
    for name in rng.sample(PROJECTS, rng.randint(1, 3)):
        done = rng.random() < 0.88
        note = "" if done else rng.choice(("受征地影响延期", "资金未到位，顺延至次年"))
        found.append({"name": name, "done": done, "note": note})
    return found


__all__ = ["QUALITY", "CADRE_GRADES", "SURVEY_COMPLAINT", "cadre_values", "team_values", "votes", "top", "counts"]
