"""Property: three offices editing, exporting and importing in any order and repeats end with
the same records; no version is ever lost; importing again changes nothing."""

import itertools
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from conftest import TZ, StepClock, id_number, record_state
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import open_database
from db.integrity import check_database
from desktop_app.core import cadres, units
from desktop_app.core.audit_verify import verify_audit
from desktop_app.core.errors import RuleViolation, UndoConflict, ValidationError
from desktop_app.core.store import RecordStore
from desktop_app.transfer.conflicts import open_conflicts, resolve_conflict
from desktop_app.transfer.merge import conflicts, merge_database

OFFICES = ("甲", "乙", "丙")
UNIT_NAMES = ("丹江镇", "西江镇")
PEOPLE = (("张三", "123"), ("李四", "234"))



operation = st.one_of(
    st.tuples(st.just("unit"), st.sampled_from(OFFICES), st.sampled_from(UNIT_NAMES)),
    st.tuples(st.just("person"), st.sampled_from(OFFICES), st.sampled_from(range(len(PEOPLE)))),
    st.tuples(st.just("phone"), st.sampled_from(OFFICES), st.integers(0, 3)),
    st.tuples(st.just("delete"), st.sampled_from(OFFICES), st.integers(0, 3)),
    st.tuples(st.just("merge"), st.sampled_from(OFFICES), st.sampled_from(OFFICES)),
    st.tuples(st.just("resolve"), st.sampled_from(OFFICES), st.integers(0, 1)),
    st.tuples(st.just("undo"), st.sampled_from(OFFICES), st.just(0)),
)


class World:
    """Three offices whose computer clocks disagree by hours (the later office's clock is behind):
    what a record shows must not depend on whose clock is right."""

    def __init__(self, folder: Path):
        self.stores = {}
        for n, name in enumerate(OFFICES):
            db = open_database(folder / f"{name}.kpdb", create=True, office_name=f"{name}县委组织部")
            clock = StepClock(datetime(2026, 3, 2, 9, tzinfo=TZ) + timedelta(hours=(2 - n) * 5))
            self.stores[name] = RecordStore(db, operator=name, clock=clock)
        self.seen_versions: set[str] = set()

    def run(self, op) -> None:
        kind, office, arg = op
        store = self.stores[office]
        try:
            if kind == "unit":
                units.add_unit(store, {"name": arg, "kind": "乡镇"})
            elif kind == "person":
                self._add_person(store, *PEOPLE[arg])
            elif kind in ("phone", "delete"):
                self._touch_cadre(store, kind, arg)
            elif kind == "resolve":
                self._resolve(store, arg)
            elif kind == "undo":
                self._undo_last(store)
            elif arg != office:
                merge_database(store, self.stores[arg].db.path)
        except (ValidationError, RuleViolation, UndoConflict):
            pass  # e.g. the unit name or ID number exists here already: the operator is told
        self._remember()

    def _add_person(self, store, name, sequence) -> None:
        live_units = store.db.execute("SELECT id FROM units WHERE deleted = 0 ORDER BY id").fetchall()
        post = {"unit_id": live_units[0][0], "title": "镇长", "post_type": "正职"} if live_units else None
        cadres.add_cadre(store, {"name": name, "id_number": id_number(sequence=sequence)}, post)

    def _touch_cadre(self, store, kind, n) -> None:
        live = store.db.execute("SELECT id FROM cadres WHERE deleted = 0 ORDER BY id").fetchall()
        if not live:
            return
        cadre_id = live[n % len(live)][0]
        if kind == "phone":
            cadres.update_cadre(store, cadre_id, {"phone": f"138{n:04d}{len(self.seen_versions) % 10000:04d}"})
        else:
            cadres.delete_cadre(store, cadre_id)

    def _resolve(self, store, side: int) -> None:
        found = open_conflicts(store.db)
        if found:
            chosen = found[0].sides[side % len(found[0].sides)]
            resolve_conflict(store, found[0], chosen.content, deleted=chosen.deleted)

    def _undo_last(self, store) -> None:
        """Ctrl+Z of the office's last own action (an undo's undo is a redo); merges are not undone."""
        last = store.db.execute("SELECT batch_id FROM audit_log WHERE office_id = ? AND note <> '合并导入'"
                                " ORDER BY seq DESC LIMIT 1", [store.office_id]).fetchone()
        if last:
            store.undo(last[0])

    def _remember(self) -> None:
        for store in self.stores.values():
            self.seen_versions |= {row[0] for row in store.db.execute("SELECT id FROM versions")}

    def sync_everyone(self) -> None:
        for _round in range(2):
            for into, source in itertools.permutations(OFFICES, 2):
                merge_database(self.stores[into], self.stores[source].db.path)

    def assert_converged(self) -> None:
        """After everyone imported everyone's file: the same records everywhere, no version lost,
        no duplicate person, importing again changes nothing, every file passes the check and its
        audit chain verifies."""
        self.sync_everyone()
        states = [state(store) for store in self.stores.values()]
        assert states[0] == states[1] == states[2]
        for store in self.stores.values():
            assert {row[0] for row in store.db.execute("SELECT id FROM versions")} >= self.seen_versions
            keys = store.db.execute("SELECT id_number, COUNT(*) FROM cadres WHERE deleted = 0 AND id_number <> ''"
                                    " GROUP BY id_number HAVING COUNT(*) > 1").fetchall()
            assert keys == []
        again = merge_database(self.stores["甲"], self.stores["乙"].db.path)
        assert again.nothing_new and again.changes.empty
        for store in self.stores.values():
            report = check_database(store.db.path)
            assert report.ok, report.problems
            chain = verify_audit(store.db)  # every office's chain verifies everywhere, with no gap
            assert chain.ok and not any(office.gaps for office in chain.offices), chain.lines()

    def close(self) -> None:
        for store in self.stores.values():
            store.db.close()


def state(store) -> dict:
    return record_state(store.db)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=14))
def test_offices_converge_and_nothing_is_lost(operations):
    folder = Path(tempfile.mkdtemp(prefix="kaoping-merge-"))
    world = World(folder)
    try:
        for op in operations:
            world.run(op)
        world.assert_converged()
    finally:
        world.close()
        shutil.rmtree(folder, ignore_errors=True)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=12),
       st.lists(st.sampled_from(OFFICES), min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_the_same_files_imported_in_any_order_give_the_same_records(operations, exporters, rng):
    """A into B then C gives the same records as C then A: a fourth office imports the files the
    others exported (each a snapshot at some moment) in two different orders."""
    from db.snapshot import snapshot

    folder = Path(tempfile.mkdtemp(prefix="kaoping-order-"))
    world = World(folder)
    targets = []
    try:
        files = []
        for n, op in enumerate(operations):
            world.run(op)
            office = exporters[n % len(exporters)]
            files.append(folder / f"file-{n}.kpdb")
            snapshot(world.stores[office].db.conn, files[-1])
        for name in ("丁", "戊"):
            db = open_database(folder / f"{name}.kpdb", create=True, office_name="丁县委组织部",
                               office_id="00000000-0000-4000-8000-000000000004")
            targets.append(RecordStore(db, operator="丁", clock=StepClock(datetime(2026, 4, 1, 9, tzinfo=TZ))))
        first_order, second_order = list(files), list(files)
        rng.shuffle(second_order)
        for path in first_order:
            merge_database(targets[0], path)
        for path in second_order:
            merge_database(targets[1], path)
        assert state(targets[0]) == state(targets[1])
        assert [c[:2] for c in conflicts(targets[0].db)] == [c[:2] for c in conflicts(targets[1].db)]
    finally:
        world.close()
        for store in targets:
            store.db.close()
        shutil.rmtree(folder, ignore_errors=True)


conflict_work = st.one_of(
    st.tuples(st.just("phone"), st.sampled_from(OFFICES), st.integers(0, 3)),
    st.tuples(st.just("merge"), st.sampled_from(OFFICES), st.sampled_from(OFFICES)),
    st.tuples(st.just("resolve"), st.sampled_from(OFFICES), st.integers(0, 1)),
    st.tuples(st.just("undo"), st.sampled_from(OFFICES), st.just(0)),
    st.tuples(st.just("delete"), st.sampled_from(OFFICES), st.just(0)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(conflict_work, min_size=1, max_size=16))
def test_conflicts_resolved_and_undone_in_any_office_converge(operations):
    """Every office starts with the same person; phone edits in two offices make conflicts,
    which are resolved, undone (reopened) and redone, anywhere, in any order."""
    folder = Path(tempfile.mkdtemp(prefix="kaoping-resolve-"))
    world = World(folder)
    try:
        for op in [("unit", "甲", UNIT_NAMES[0]), ("person", "甲", 0), ("merge", "乙", "甲"), ("merge", "丙", "甲"),
                   ("phone", "甲", 0), ("phone", "乙", 1), ("merge", "甲", "乙"), *operations]:
            world.run(op)
        world.assert_converged()
    finally:
        world.close()
        shutil.rmtree(folder, ignore_errors=True)
