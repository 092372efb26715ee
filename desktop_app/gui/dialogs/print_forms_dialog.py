"""打印登记表: which 《实绩报告登记表》 to print — filled from the database or blank for hand-filling,
for the unit shown, the cadre selected or everyone expected to report that month."""

from dataclasses import dataclass

from PySide6.QtWidgets import QButtonGroup, QDialog, QGroupBox, QLabel, QRadioButton, QVBoxLayout, QWidget

from desktop_app.core.months import month_label
from desktop_app.gui.widgets import dialog_buttons, note_label

FILLED_TEXT = "已填写（按数据库）(&F)"
BLANK_TEXT = "空白（供手写）(&K)"


@dataclass(frozen=True)
class PrintScope:
    """Whose forms: `unit_id` / `cadre_ids` as core `write_report_forms` takes them."""

    key: str  # unit / cadre / all
    caption: str  # 当前单位(&U)
    detail: str  # 丹江镇（10 人）, or why it cannot be chosen now
    name: str  # for the file name: 丹江镇 / 何伟 / 全部单位
    unit_id: str | None = None
    cadre_ids: tuple[str, ...] | None = None
    enabled: bool = True


class PrintFormsDialog(QDialog):
    """Choose filled or blank and the scope; `blank` and `scope` say what was chosen."""

    def __init__(self, month: str, scopes: list[PrintScope], default: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.scopes = scopes
        self.setWindowTitle("打印实绩报告登记表")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{month_label(month)}《实绩报告登记表》，每人一份，生成 PDF 后打印："))
        content = QGroupBox("内容")
        column = QVBoxLayout(content)
        self.filled = QRadioButton(FILLED_TEXT)
        self.filled.setToolTip("按数据库中的报告填好计划、完成事项、自评和审核；尚未填写的干部为空表")
        self.blank_button = QRadioButton(BLANK_TEXT)
        self.blank_button.setToolTip("只印单位、姓名、职务和月份，由干部手工填写")
        self.content_group = QButtonGroup(self)
        for button in (self.filled, self.blank_button):
            self.content_group.addButton(button)
            column.addWidget(button)
        self.filled.setChecked(True)
        layout.addWidget(content)
        scope_box = QGroupBox("范围")
        column = QVBoxLayout(scope_box)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        for scope in scopes:
            button = QRadioButton(f"{scope.caption}：{scope.detail}")
            button.setEnabled(scope.enabled)
            self.scope_group.addButton(button)
            self.scope_buttons[scope.key] = button
            column.addWidget(button)
        chosen = self.scope_buttons.get(default)
        if chosen is None or not chosen.isEnabled():
            chosen = next(b for b in self.scope_buttons.values() if b.isEnabled())
        chosen.setChecked(True)
        layout.addWidget(scope_box)
        layout.addWidget(note_label("PDF 为 A4 纸，每人一份登记表；写好后会询问是否打开所在文件夹。"))
        layout.addWidget(dialog_buttons(self, self.accept, accept_text="生成 PDF(&G)…"))
        self.filled.setFocus()

    @property
    def blank(self) -> bool:
        return self.blank_button.isChecked()

    @property
    def scope(self) -> PrintScope:
        return next(s for s in self.scopes if self.scope_buttons[s.key].isChecked())

    def choose(self, *, blank: bool, scope: str) -> None:
        """Set the choices as the operator would (tests, and the page's defaults)."""
        (self.blank_button if blank else self.filled).setChecked(True)
        self.scope_buttons[scope].setChecked(True)
