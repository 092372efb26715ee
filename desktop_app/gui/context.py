"""What every page is given: the open database, a reader, the write store, the runner, undo."""

from dataclasses import dataclass, field

from db import OfficeDatabase
from db._sqlite_utils import Database
from desktop_app.core.clock import today_iso
from desktop_app.core.masking import may_see_full
from desktop_app.core.permissions import Operator
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
    account: bool = False  # signed in with an operator account of this database
    full_sensitive: bool = False  # 显示完整证件号和电话 asked for: off at every start, never saved

    @classmethod
    def open(cls, db: OfficeDatabase, parent=None, operator: Operator | None = None) -> "AppContext":
        """`operator`: who signed in with an account. None: nobody did — this computer's 操作员 name,
        with full rights while the database has no accounts (once it has, the core refuses writes)."""
        runner = OperationRunner(parent)
        if operator is None:
            store = RecordStore(db, operator=settings.get(settings.OPERATOR))
        else:
            store = RecordStore(db, operator=operator.name, role=operator.role)
        return cls(db, store, runner, db.reader(), account=operator is not None)

    @property
    def operator(self) -> Operator:
        """Who is working: the store's name and role."""
        return Operator(self.store.operator, self.store.role)

    @property
    def office(self) -> dict:
        return self.db.office()

    def today(self) -> str:
        return today_iso(self.store.clock)

    @property
    def show_full_id_numbers(self) -> bool:
        """Whether lists and prints show ID numbers and phones in full: asked for in this session
        (the roster page's or 系统设置's toggle) and the operator's role allows it (core.masking)."""
        return self.full_sensitive and may_see_full(self.operator)

    def close(self) -> None:
        self.runner.shutdown()
        self.reader.conn.close()
        self.db.close()
