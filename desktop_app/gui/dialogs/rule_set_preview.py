"""示例得分 of the 规则方案 dialog: a made-up ballot scored with the rules being edited
(quarter_scores.score_cadre, the very arithmetic of the quarters), so the operator sees what a
change does before saving it."""

from fractions import Fraction

from desktop_app.core.errors import ValidationError
from desktop_app.core.quarter_scores import NO_CATEGORY, Ballots, Tally, display_score, score_cadre
from desktop_app.core.rule_sets import QuarterRules, exact_number, parse_quarter_rules
from desktop_app.gui.models.rule_set_models import number_text

EXAMPLE_VOTES = (30, 4, 2, 0, 0, 0)  # 好 30、较好 4、一般 2、差 0 of 36 valid ballots
FIRST_CATEGORY_VOTES = (9, 0, 0, 0, 0, 0)  # the category example: the first category all 好…
LAST_CATEGORY_VOTES = (20, 4, 2, 0, 0, 0)  # …the last one mixed, those between did not vote
FORMULA = "加权得分 = Σ(权重×该类平均分) ÷ 实际参加测评各类的权重之和"


def example_lines(rules) -> list[str]:
    """The example of `rules` (the whole rules JSON being edited), one line each; a notice when they are wrong."""
    try:
        quarter = parse_quarter_rules(rules)
    except ValidationError as error:
        first = next(iter(error.problems.values()), "")
        return [f"规则有误，改正后显示示例得分：{first}"]
    lines = [plain_example(quarter)]
    if len(quarter.categories) >= 2:
        lines += category_example(quarter)
    elif not quarter.categories:
        lines.append("不分测评人类别：全部有效票合在一起计算平均分。")
    return lines


def votes_text(rules: QuarterRules, votes) -> str:
    return "、".join(f"{grade} {count}" for grade, count in zip(rules.grades, votes, strict=False))


def plain_example(rules: QuarterRules) -> str:
    """示例：好 30、较好 4、一般 2、差 0（有效 36）→ 得分 95.56，等次 好."""
    votes = list(EXAMPLE_VOTES[:len(rules.grades)]) + [0] * max(len(rules.grades) - len(EXAMPLE_VOTES), 0)
    valid = sum(votes)
    tally = Tally("example", "示例", {NO_CATEGORY: [votes] * len(rules.aspects)})
    score = score_cadre(rules, tally, Ballots(valid))
    return f"示例：{votes_text(rules, votes)}（有效 {valid}）→ 得分 {score.score_text}，等次 {score.grade_text}"


def category_example(rules: QuarterRules) -> list[str]:
    """分类示例 (two lines): the first category all 好, the last one mixed, the others not voting — and
    the weighted score dividing by the weights of those two only."""
    first, last = rules.categories[0], rules.categories[-1]
    width = len(rules.grades)
    votes = {first.name: _fit(FIRST_CATEGORY_VOTES, width), last.name: _fit(LAST_CATEGORY_VOTES, width)}
    ballots = Ballots(sum(sum(v) for v in votes.values()), {name: sum(v) for name, v in votes.items()})
    tally = Tally("example", "示例", {name: [v] * len(rules.aspects) for name, v in votes.items()})
    score = score_cadre(rules, tally, ballots)
    averages = {name: _average(rules, v) for name, v in votes.items()}
    parts = [f"{name} {votes_text(rules, _shown(v))}，平均 {display_score(averages[name])}" for name, v in votes.items()]
    absent = [c.name for c in rules.categories[1:-1]]
    top = " + ".join(f"{number_text(c.weight)}×{display_score(averages[c.name])}" for c in (first, last))
    bottom = f"{number_text(first.weight)} + {number_text(last.weight)}"
    return [f"分类示例：{'；'.join(parts)}" + (f"；{'、'.join(absent)}未参加" if absent else ""),
            f"→ 加权得分 ({top}) ÷ ({bottom}) = {score.score_text}，等次 {score.grade_text}"]


def _fit(votes, width: int) -> list[int]:
    return list(votes[:width]) + [0] * max(width - len(votes), 0)


def _shown(votes: list[int]) -> list[int]:
    """The votes up to the last grade that got any (好 9, not 好 9、较好 0、一般 0、差 0)."""
    last = max((n for n, count in enumerate(votes) if count), default=0)
    return votes[:last + 1]


def _average(rules: QuarterRules, votes: list[int]) -> Fraction:
    points = [exact_number(p) for p in rules.points]
    return Fraction(sum(p * n for p, n in zip(points, votes, strict=True))) / sum(votes)
