"""Skeleton — being written (replace this whole file)."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class UnitsPage(QWidget):
    def __init__(self, ctx, spec, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(spec.title))

    def refresh(self, changes=None) -> None:
        pass
