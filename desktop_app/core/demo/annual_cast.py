"""Who plays which part in the demo's annual assessment (年度考核演示案例).

The demo's 2025 is built so that every grade rule of the engine bites at least once, on people
and units drawn with the seed from those that fit the part:
- 纪律处分 unit: its principal (in post both years) receives a 党纪处分 in 2025 (rule 6 → team 差,
  principal 不称职; rule 3 and rule 2 follow; its team was 差 in 2024 too → rule 11 组织调整);
- 通报批评 unit (rule 5), 民意调查 unit with a confirmed complaint (rule 4), 一票否决 unit scoring
  76.5 (rule 10), and a unit whose responsibility grade is only 较好 (rule 7) — each otherwise at
  the top, so the rule really lowers the grade;
- cadres: a red card from two missed deadlines (rule 9), a confirmed survey complaint (rule 4), an
  evaluation with 不称职 votes ≥ 1/3 (rule 11 诫勉), and one of those the monthly cycle flags for
  two months missing (rule 8) who was 不称职 in 2024 as well (rule 11, two years in a row).
A small demo (the tiny test scale) may leave a part unplayed (None).
"""

from dataclasses import dataclass, field

from desktop_app.core.annual_subjects import Subject, year_subjects

PRINCIPAL = "正职"


@dataclass
class Roll:
    """Who is assessed in a year (core.annual_subjects), grouped as the demo needs it."""

    year: int
    teams: list[Subject] = field(default_factory=list)  # units in display order
    cadres: list[Subject] = field(default_factory=list)
    members: dict[str, list[Subject]] = field(default_factory=dict)  # unit id → its cadres
    cadre: dict[str, Subject] = field(default_factory=dict)  # cadre id → as assessed

    @classmethod
    def of(cls, db, year: int) -> "Roll":
        roll = cls(year)
        for subject in year_subjects(db, year):
            if subject.is_team:
                roll.teams.append(subject)
                roll.members[subject.unit_id] = []
            else:
                roll.cadres.append(subject)
                roll.members[subject.unit_id].append(subject)
                roll.cadre[subject.cadre_id] = subject
        return roll

    def principals(self, unit_id: str) -> list[Subject]:
        return [s for s in self.members.get(unit_id, []) if s.post_type == PRINCIPAL]


@dataclass
class Cast:
    """Unit ids and cadre ids of the designed cases (None: not played in a demo this small)."""

    sanctioned: str | None = None  # unit: principal's 党纪处分 in 2025, team 差 in 2024 and 2025
    sanctioned_principal: str | None = None
    star: str | None = None  # a strong member of the sanctioned unit (rule 2 keeps 优秀 from them) ¹
    criticised: str | None = None  # unit: 通报批评 (效能) in 2025
    complained: str | None = None  # unit: 民意调查不满意 > 1/3, confirmed by a special investigation
    vetoed: str | None = None  # unit: responsibility score below 80
    linked: str | None = None  # unit: responsibility grade 较好 under a top composite
    red_card: str | None = None  # cadre: two supervised tasks late in 2025 ¹
    surveyed: str | None = None  # cadre: a confirmed opinion-survey complaint ¹
    admonished: str | None = None  # cadre: 不称职 votes ≥ 1/3 in the annual evaluation
    repeat: str | None = None  # cadre: rule 8 in 2025, 不称职 in 2024
    # ¹ drawn by annual.py from the year's rehearsal, among those the rule really takes 优秀 from

    @property
    def units(self) -> set[str]:
        return {u for u in (self.sanctioned, self.criticised, self.complained, self.vetoed, self.linked) if u}

    @property
    def cadres(self) -> set[str]:
        return {c for c in (self.sanctioned_principal, self.star, self.red_card, self.surveyed, self.admonished,
                            self.repeat) if c}


def pick_cast(rng, rolls: dict[int, Roll], flagged: list[str], standing: dict[str, int], active: set[str]) -> Cast:
    """Draw the cast from the units and cadres fit for each part (`flagged`: rule 8 in 2025; `active`:
    cadres still in post as of the demo's today — the follow-ups of 2025 are about them)."""
    last, this = rolls[2024], rolls[2025]
    flagged_now = [c for c in flagged if c in this.cadre]
    plain = [t.unit_id for t in this.teams if _plain_unit(this, t.unit_id, flagged_now)
             and this.principals(t.unit_id)[0].cadre_id in active]
    cast = Cast()
    steady = [u for u in plain if _same_principal(last, this, u)]
    if steady:
        cast.sanctioned = rng.choice(steady)
        cast.sanctioned_principal = this.principals(cast.sanctioned)[0].cadre_id
    others = [u for u in plain if u != cast.sanctioned]
    chosen = rng.sample(others, min(4, len(others))) + [None] * 4
    cast.criticised, cast.complained, cast.vetoed, cast.linked = chosen[:4]
    disliked = [c.cadre_id for c in this.cadres if c.unit_id not in cast.units and c.cadre_id not in flagged_now
                and c.post_type != PRINCIPAL and c.cadre_id in active and standing.get(c.cadre_id, 1) >= 2]
    cast.admonished = rng.choice(disliked) if disliked else None
    repeat = [c for c in flagged_now if c in last.cadre and this.cadre[c].unit_id not in cast.units]
    disliked = [c for c in repeat if standing.get(c, 1) >= 2 and c in active]  # the likelier story
    cast.repeat = rng.choice(disliked or repeat) if repeat else None
    return cast


def stars(cast: Cast, roll: Roll, flagged: list[str], active: set[str]) -> list[str]:
    """Cadres fit to lose a top grade to a rule of their own (red card, survey): not a principal, in
    post, not flagged, not in a unit or part of the cast."""
    return [c.cadre_id for c in roll.cadres if c.post_type != PRINCIPAL and c.cadre_id in active
            and c.cadre_id not in flagged and c.unit_id not in cast.units and c.cadre_id not in cast.cadres]


def _plain_unit(roll: Roll, unit_id: str, flagged: list[str]) -> bool:
    """One principal, not flagged for missing reports, and at least two other members."""
    principals = roll.principals(unit_id)
    return (len(principals) == 1 and principals[0].cadre_id not in flagged
            and len(roll.members[unit_id]) >= 3)


def _same_principal(last: Roll, this: Roll, unit_id: str) -> bool:
    """The unit's principal of this year was its principal last year too."""
    before = last.cadre.get(this.principals(unit_id)[0].cadre_id)
    return before is not None and before.unit_id == unit_id and before.post_type == PRINCIPAL


__all__ = ["Cast", "Roll", "pick_cast", "stars"]
