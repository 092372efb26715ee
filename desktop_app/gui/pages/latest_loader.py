"""Computing what a page shows on the worker, the latest start winning (a year's assessment, a
quarter's results)."""

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget


class LatestLoader(QObject):
    """Computes on the worker and keeps the last result (`data`) until a newer one arrives; a result
    of an earlier start is dropped when it arrives. `loaded` or `failed` (with the error) tell."""

    started = Signal()
    loaded = Signal()
    failed = Signal(object)

    def __init__(self, ctx, owner: QWidget):
        super().__init__(owner)
        self.ctx, self.owner = ctx, owner
        self.data = None
        self.generation = 0

    def start(self, work: Callable[[], object], progress: str | None, tag=None) -> None:
        """Run `work` on the worker (showing `progress` unless None); `tag` says what it computes."""
        self.generation += 1
        generation = self.generation
        self.started.emit()
        self.ctx.runner.run(work, on_done=lambda data: self._arrived(generation, tag, data, None),
                            on_error=lambda error: self._arrived(generation, tag, None, error), parent=self.owner,
                            progress=progress, undoable=False)

    def arrived(self, tag) -> None:
        """The computation of `tag` ended and is the latest (before its result is kept)."""

    def _arrived(self, generation: int, tag, data, error: BaseException | None) -> None:
        if generation != self.generation:
            return  # a newer computation is on its way
        self.arrived(tag)
        if error is not None:
            self.data = None
            self.failed.emit(error)
            return
        self.data = data
        self.loaded.emit()
