"""What every page is given: the open database, a reader, the write store, the runner, undo."""

from dataclasses import dataclass, field

from db import OfficeDatabase
from db._sqlite_utils import Database
from desktop_app.core.clock import today_iso
from desktop_app.core.store import RecordStore
from desktop_app.gui import settings
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
    """`db`/`store` are written on the runner's worker thread only; pages read through `reader`."""

    db: OfficeDatabase
    store: RecordStore
    runner: OperationRunner
    reader: Database
    undo: UndoHistory = field(default_factory=UndoHistory)

    @classmethod
    def open(cls, db: OfficeDatabase, parent=None) -> "AppContext":
        runner = OperationRunner(parent)
        return cls(db, RecordStore(db, operator=settings.get(settings.OPERATOR)), runner, db.reader())

    @property
    def office(self) -> dict:
        return self.db.office()

    def today(self) -> str:
        return today_iso(self.store.clock)

    @property
    def show_full_id_numbers(self) -> bool:
        return bool(settings.get(settings.SHOW_FULL_ID_NUMBERS))

    def close(self) -> None:
        self.runner.shutdown()
        self.reader.conn.close()
        self.db.close()
