"""A page whose capability a later version builds: it says so plainly, with no fake data."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, ctx, spec, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        layout = QVBoxLayout(self)
        title = QLabel(spec.title)
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        layout.addWidget(title)
        text = QLabel(f"本功能尚未开放，将在后续版本中提供。\n\n将提供：{spec.description}")
        text.setObjectName("placeholder_text")
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def refresh(self, changes=None) -> None:
        """Nothing to show yet."""
