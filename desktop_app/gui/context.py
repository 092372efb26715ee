"""What every page is given: the open database, the write store, the runner, the undo history."""

from dataclasses import dataclass, field

from db import OfficeDatabase
from desktop_app.core.clock import today_iso
from desktop_app.core.store import RecordStore
from desktop_app.gui.operations import OperationRunner


@dataclass
class UndoHistory:
    """Batch ids of the operator's actions this session, for Ctrl+Z / Ctrl+Y."""

    done: list[str] = field(default_factory=list)
    undone: list[str] = field(default_factory=list)  # ids of undo batches, newest last

    def record(self, batch_id: str | None) -> None:
        if batch_id:
            self.done.append(batch_id)
            self.undone.clear()


@dataclass
class AppContext:
    db: OfficeDatabase
    store: RecordStore
    runner: OperationRunner
    undo: UndoHistory = field(default_factory=UndoHistory)

    @property
    def office(self) -> dict:
        return self.db.office()

    def today(self) -> str:
        return today_iso(self.store.clock)
