"""Careers over time (任职经历): who held which post of which unit, 2012 – 2026.

A vacancy-chain simulation. Every unit has a fixed establishment of posts (its team and
its other staff). Posts change hands on county cadre-adjustment days (干部调整, three a
year) and when someone retires. On an adjustment day, people whose term is up (任期届满)
rotate or are promoted into the open posts (正职 ← 正职/副职, 副职 ← 副职/班子成员 …),
a deputy may be pulled up into an open post, leaving a post open below, and what is left
is filled by newcomers. So posts never overlap: each unit has one 正职 at a time, and a
transfer ends the old post the day the new one starts (end dates are exclusive).
"""

import heapq
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.core.demo.people import AS_OF, Person, PersonMaker, new_uuid
from desktop_app.core.demo.places import Post, UnitPlan

FIRST_YEAR = 2012
TYPE_ORDER = ("正职", "副职", "班子成员", "其他")
MOVES_INTO = {"正职": ("正职", "副职"), "副职": ("副职", "班子成员"), "班子成员": ("班子成员", "其他"), "其他": ("其他",)}
PULLED_FROM = {"正职": "副职", "副职": "班子成员", "班子成员": "其他"}
PULL_CHANCE = {"正职": 0.5, "副职": 0.4, "班子成员": 0.3}
TERM_YEARS = {"正职": (4, 8), "副职": (3, 7), "班子成员": (3, 7), "其他": (6, 25)}
SAME_TYPE_FIRST = 0.5
LEAVE_CHANCE = 0.0012  # per adjustment day: leaving the county's roster (调离)
TRIES = 6


@dataclass(eq=False)
class Slot:
    """One post of a unit's establishment and who holds it now."""

    unit: int  # index into the list of units
    post: Post
    holder: Person | None = None


@dataclass(eq=False)
class Tenure:
    """A person holding a slot from `start` up to (not including) `end`."""

    id: str
    slot: Slot
    start: date
    end: date | None = None


class Careers:
    """Runs the simulation; afterwards `people` holds everyone, each with tenures."""

    def __init__(self, rng, units: list[UnitPlan], maker: PersonMaker, staff_count: int):
        self.rng = rng
        self.maker = maker
        self.people: list[Person] = []
        self.slots = _establishment(rng, units, staff_count)
        self.by_type = {t: [s for s in self.slots if s.post.post_type == t] for t in TYPE_ORDER}
        self.adjustment_days = _adjustment_days(rng)
        self._is_adjustment_day = set(self.adjustment_days).__contains__
        self._calendar: list[date] = []  # a heap of the days to run, each once
        self._scheduled: set[date] = set()
        self._openings: dict[date, list[Slot]] = {}
        self._retirements: dict[date, list[Person]] = {}
        for day in self.adjustment_days:
            self._add_day(day)
        self._schedule_openings()

    # -- the calendar --------------------------------------------------------------------
    def _add_day(self, day: date) -> None:
        if day not in self._scheduled:
            self._scheduled.add(day)
            heapq.heappush(self._calendar, day)

    def _schedule_openings(self) -> None:
        first_year = [d for d in self.adjustment_days if d.year == FIRST_YEAR]
        for slot in self.slots:
            days = first_year if slot.post.post_type != "其他" else self.adjustment_days
            day = self.rng.choice(days)
            self._add_day(day)
            self._openings.setdefault(day, []).append(slot)

    def run(self) -> list[Person]:
        while self._calendar:
            day = heapq.heappop(self._calendar)
            if day > AS_OF:
                break
            self._run_day(day)
        return self.people

    def _run_day(self, day: date) -> None:
        open_slots = list(self._openings.pop(day, []))
        for person in self._retirements.pop(day, []):
            if person.current is not None and person.retires_on == day:
                open_slots.append(self._vacate(person, day))
                person.status = "退休"
        due: dict[Slot, Person] = {}
        if self._is_adjustment_day(day):
            open_slots += self._leavers_and_due(day, due)
        pool = {t: [p for s, p in due.items() if s.post.post_type == t] for t in TYPE_ORDER}
        self._fill(open_slots, pool, due, day)
        for people in pool.values():
            for person in people:
                person.status = "调离"  # term up and no post left here: transferred out (交流、提拔到外地)

    def _leavers_and_due(self, day: date, due: dict) -> list[Slot]:
        freed = []
        for slot in self.slots:
            person = slot.holder
            if person is None:
                continue
            if self.rng.random() < LEAVE_CHANCE:
                freed.append(self._vacate(person, day))
                person.status = "调离"
            elif person.due_on is not None and person.due_on <= day:
                freed.append(self._vacate(person, day))
                due[slot] = person
        return freed

    # -- filling open posts ----------------------------------------------------------------
    def _fill(self, open_slots: list[Slot], pool: dict, due: dict[Slot, Person], day: date) -> None:
        """Open posts, 正职 first: someone due elsewhere, else a promotion, else the holder
        stays on (连任), else a newcomer."""
        queues = {t: [s for s in open_slots if s.post.post_type == t] for t in TYPE_ORDER}
        for post_type in TYPE_ORDER:
            for slot in queues[post_type]:
                person = self._from_pool(slot, pool) or self._pull_up(slot, day, queues)
                if person is None and due.get(slot) in pool[post_type]:
                    person = due[slot]
                    pool[post_type].remove(person)
                self._take(person or self._newcomer(slot, day), slot, day)

    def _from_pool(self, slot: Slot, pool: dict) -> Person | None:
        """Someone whose term is up elsewhere: half the time of the same post type (轮岗),
        else of the same type or the one below (提拔)."""
        types = MOVES_INTO[slot.post.post_type]
        if self.rng.random() < SAME_TYPE_FIRST:
            types = types[:1]
        candidates = [p for t in types for p in pool[t]]
        for _ in range(min(TRIES, len(candidates))):
            person = self.rng.choice(candidates)
            last = _last_slot(person)
            if last is not slot and (last.unit != slot.unit or last.post.post_type != slot.post.post_type):
                pool[last.post.post_type].remove(person)
                return person
        return None

    def _pull_up(self, slot: Slot, day: date, queues: dict) -> Person | None:
        """Promote (提拔) a serving holder of the post type below; their post opens in turn."""
        below = PULLED_FROM.get(slot.post.post_type)
        if below is None or self.rng.random() >= PULL_CHANCE[slot.post.post_type]:
            return None
        for _ in range(TRIES):
            candidate = self.rng.choice(self.by_type[below])
            person = candidate.holder
            if person is not None and person.current.start <= day - timedelta(days=730) \
                    and person.age_on(day) < 55:
                queues[below].append(self._vacate(person, day))
                return person
        return None

    def _newcomer(self, slot: Slot, day: date) -> Person:
        first = slot.post.post_type != "其他" and day.year == FIRST_YEAR
        person = self.maker.make(slot.post.post_type, day, first=first)
        self.people.append(person)
        return person

    # -- moves -----------------------------------------------------------------------------
    def _vacate(self, person: Person, day: date) -> Slot:
        tenure = person.current
        tenure.end = day
        tenure.slot.holder = None
        return tenure.slot

    def _take(self, person: Person, slot: Slot, day: date) -> None:
        last = person.tenures[-1] if person.tenures else None
        if last is not None and last.slot is slot and last.end == day:
            last.end = None  # term renewed in the same post (连任)
        else:
            person.tenures.append(Tenure(new_uuid(self.rng), slot, day))
        slot.holder = person
        low, high = TERM_YEARS[slot.post.post_type]
        person.due_on = day + timedelta(days=self.rng.randint(365 * low, 365 * high))
        retires_on = person.retires_on
        if retires_on <= AS_OF:
            self._add_day(retires_on)
            self._retirements.setdefault(retires_on, []).append(person)


def _last_slot(person: Person) -> Slot | None:
    return person.tenures[-1].slot if person.tenures else None


def _adjustment_days(rng) -> list[date]:
    """Three cadre-adjustment days a year (spring, summer, winter), 2012 – 2025."""
    return [date(year, month, 10) + timedelta(days=rng.randrange(span))
            for year in range(FIRST_YEAR, AS_OF.year) for month, span in ((3, 55), (7, 55), (11, 45))]


def _establishment(rng, units: list[UnitPlan], staff_count: int) -> list[Slot]:
    """The leadership teams of all units, plus `staff_count` other posts shared by size."""
    slots = [Slot(index, post) for index, unit in enumerate(units) for post in unit.team]
    weights = [unit.size_weight for unit in units]
    for index in rng.choices(range(len(units)), weights=weights, k=max(staff_count, 0)):
        title, rank = _staff_post(rng, units[index].staff)
        slots.append(Slot(index, Post(title, "其他", rank)))
    return slots


def _staff_post(rng, staff) -> tuple[str, str]:
    title, rank, _weight = rng.choices(staff, weights=[w for _t, _r, w in staff])[0]
    return title, rank
