"""The steps that fill a demo database, in order. Later issues append their own step
(monthly reports, quarterly tallies, the annual assessment …): a function `(store, rng, facts)`
that writes through the RecordStore and leaves in `facts` what the steps after it need.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from desktop_app.core.cadres import validate_cadre
from desktop_app.core.demo.annual import add_annual_assessment
from desktop_app.core.demo.careers import Careers, Tenure
from desktop_app.core.demo.monthly import add_monthly_cycle
from desktop_app.core.demo.people import AS_OF, Person, PersonMaker, new_uuid
from desktop_app.core.demo.places import UnitPlan, county_units, prefecture_units
from desktop_app.core.demo.quarterly import add_quarterly_evaluations
from desktop_app.core.posts import validate_post
from desktop_app.core.units import validate_unit


@dataclass(frozen=True)
class Scale:
    """How big the demo is (演示规模) and whose it is."""

    name: str
    label: str  # for the operator, e.g. in the GUI's first-run offer
    office: str
    unit_count: int
    cadre_count: int  # about how many cadres, retired and transferred ones included
    active_share: float  # share of them still in post (calibrates the other staff)
    records_per_cadre: float  # cadre plus posts, for the progress estimate
    plan_units: Callable


SCALES = {
    "county": Scale("county", "县级：雷山县，约100个单位、1500名干部", "雷山县委组织部", 100, 1500, 0.78, 2.75,
                    county_units),
    "prefecture": Scale("prefecture", "州级：黔东南州，约200个单位、20000名干部", "黔东南州委组织部", 200, 20000,
                        0.915, 2.25, prefecture_units),
    "tiny": Scale("tiny", "测试用：8个单位", "雷山县委组织部", 8, 150, 0.78, 2.75,
                  partial(county_units, tiny=True)),  # for quick tests; not offered to operators
}


class Progress:
    """Reports (done, total, text) to an optional callback, about a hundred times in all."""

    def __init__(self, callback: Callable | None, total: int):
        self.callback = callback
        self.total = max(total, 1)
        self.done = 0
        self._reported = -self.total

    def advance(self, count: int, text: str) -> None:
        self.done += count
        if self.callback and self.done - self._reported >= self.total // 100:
            self._reported = self.done
            self.callback(min(self.done, self.total - 1), self.total, text)

    def finish(self, text: str) -> None:
        if self.callback:
            self.callback(self.total, self.total, text)


@dataclass
class DemoFacts:
    """What the steps have written so far, for the steps after them and the summary."""

    scale: Scale
    seed: int
    progress: Progress
    as_of: date = AS_OF  # the demo's today: every date written is on or before it
    units: list[UnitPlan] = field(default_factory=list)
    unit_ids: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    written: Counter = field(default_factory=Counter)  # rows per table
    standing: dict = field(default_factory=dict)  # cadre id → 0 (best liked) … 3 with colleagues (quarterly.py)


def add_units(store, rng, facts: DemoFacts) -> None:
    """单位: townships, sub-districts and departments, in display order."""
    facts.units = facts.scale.plan_units(rng)
    for unit in facts.units:
        values = validate_unit({"name": unit.name, "kind": unit.kind, "sort_order": unit.sort_order})
        facts.unit_ids.append(store.insert("units", values, record_id=new_uuid(rng))["id"])
        facts.written["units"] += 1
        facts.progress.advance(1, "正在生成单位")


def add_roster(store, rng, facts: DemoFacts) -> None:
    """干部 and 任职经历: everyone who held a post since 2012, with each post held."""
    scale = facts.scale
    leaders = sum(len(unit.team) for unit in facts.units)
    staff = round(scale.cadre_count * scale.active_share) - leaders
    facts.people = Careers(rng, facts.units, PersonMaker(rng, scale.name), staff).run()
    unit_exists = set(facts.unit_ids).__contains__
    for person in facts.people:
        store.insert("cadres", validate_cadre(person.cadre_values()), record_id=person.id)
        for tenure in person.tenures:
            values = validate_post(_post_values(tenure, facts), unit_exists)
            store.insert("posts", {**values, "cadre_id": person.id}, record_id=tenure.id)
        facts.written["cadres"] += 1
        facts.written["posts"] += len(person.tenures)
        facts.progress.advance(1 + len(person.tenures), "正在生成干部和任职经历")


def _post_values(tenure: Tenure, facts: DemoFacts) -> dict:
    post = tenure.slot.post
    return {"unit_id": facts.unit_ids[tenure.slot.unit], "title": post.title, "post_type": post.post_type,
            "rank": post.rank, "start_date": tenure.start.isoformat(),
            "end_date": tenure.end.isoformat() if tenure.end else None}


@dataclass(frozen=True)
class Step:
    run: Callable  # (store, rng, facts) -> None
    size: Callable  # Scale -> about how many records the step writes (for progress)


STEPS: list[Step] = [
    Step(add_units, lambda scale: scale.unit_count),
    Step(add_roster, lambda scale: round(scale.cadre_count * scale.records_per_cadre)),
    Step(add_monthly_cycle, lambda scale: scale.unit_count * 6 * 13),
    Step(add_quarterly_evaluations, lambda scale: scale.unit_count * 8),
    Step(add_annual_assessment, lambda scale: scale.unit_count * 25),
]
