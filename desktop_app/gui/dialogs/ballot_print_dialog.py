"""打印测评表: how many ballots (民主测评表) to print for a unit — as many as 发出 by default, or per
voter category when ballots are split — before asking where to save the PDF."""

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.evaluations import quarter_label
from desktop_app.gui.widgets import dialog_buttons, note_label

MAX_COPIES = 999


def copies_box(value: int, minimum: int = 1) -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, MAX_COPIES)
    box.setValue(max(minimum, min(MAX_COPIES, value)))
    box.setSuffix(" 份")
    return box


class BallotPrintDialog(QDialog):
    """Copies for `unit_name`'s ballot of the quarter; `session` (or None when not registered yet)
    gives the defaults: 发出, and the valid ballots of each category when split."""

    def __init__(self, unit_name: str, year: int, quarter: int, people: int, session: dict | None,
                 categories, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"打印民主测评表 — {unit_name}")
        split = list(session["categories"]) if session and session["categories"] else []
        names = split or list(categories)
        valid = session["valid_by_category"] if split else {}
        self.copies = copies_box(int(session["issued"]) if session and session["issued"] else 1)
        self.copies.setObjectName("ballot_copies")
        self.by_category = QCheckBox("按测评人类别分别打印(&C)")
        self.by_category.setObjectName("ballot_by_category")
        self.category_copies: dict[str, QSpinBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for column, name in enumerate(names):
            box = copies_box(int(valid.get(name, 1)), minimum=0)
            grid.addWidget(QLabel(f"{name}类"), 0, column)
            grid.addWidget(box, 1, column)
            self.category_copies[name] = box
        self.category_holder = QWidget()
        self.category_holder.setLayout(grid)
        self.by_category.toggled.connect(self._toggled)
        form = QFormLayout()
        form.addRow("测评表：", QLabel(f"{unit_name}　{quarter_label(year, quarter)}　测评名单 {people} 人"))
        caption = QLabel("份数(&N)：")
        caption.setBuddy(self.copies)
        form.addRow(caption, self.copies)
        form.addRow("", self.by_category)
        form.addRow("", self.category_holder)
        self.buttons = dialog_buttons(self, self.accept, accept_text="生成 PDF(&P)…")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note_label("默认份数：已登记测评会时为发出的张数；分类打印时为各类的有效票数。"
                                    "每份测评表单独编号（第 k 份）。"))
        layout.addWidget(self.buttons)
        self.by_category.setChecked(bool(split))
        self._toggled(bool(split))
        self.copies.setFocus()

    def _toggled(self, on: bool) -> None:
        self.category_holder.setVisible(on)
        self.copies.setEnabled(not on)

    def choice(self) -> int | dict[str, int]:
        """The copies: a number, or the copies per category."""
        if self.by_category.isChecked():
            return {name: box.value() for name, box in self.category_copies.items()}
        return self.copies.value()
