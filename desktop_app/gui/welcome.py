"""Which database the window opens: the last one, the office's, the demo, or a first-run welcome."""

from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from db import DATABASE_SUFFIX, open_database
from desktop_app.gui import settings
from desktop_app.gui.operations import OperationRunner
from desktop_app.gui.widgets import ERROR_STYLE
from desktop_app.resources import APP_TITLE, data_dir, default_database_path

DEMO_FILE = "演示县.kpdb"


def demo_database_path() -> Path:
    return data_dir() / DEMO_FILE


def choose_database(*, demo: bool = False) -> Path | None:
    """The database to open: the demo county (made on first use), else the last or the
    office database, else the answer of the welcome dialog (None when cancelled)."""
    if demo:
        return ensure_demo_database()
    last = settings.get(settings.LAST_DATABASE)
    for candidate in (Path(last) if last else None, default_database_path()):
        if candidate is not None and candidate.exists():
            return candidate
    dialog = WelcomeDialog()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen


def ensure_demo_database() -> Path:
    """The demo county database in the data directory, generated (with progress) if missing."""
    path = demo_database_path()
    if not path.exists():
        from desktop_app.core.demo import write_demo

        run_and_wait(lambda progress: write_demo(path, scale="county", progress=progress),
                     "正在生成演示县数据库…")
    return path


def run_and_wait(fn, label: str):
    """Run `fn(progress)` on a worker with a progress dialog, waiting in a local event loop."""
    runner = OperationRunner()
    loop = QEventLoop()
    outcome: dict = {}

    def done(result) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(error: BaseException) -> None:
        outcome["error"] = error
        loop.quit()

    runner.run(lambda progress: fn(progress), on_done=done, on_error=failed, progress=label)
    if runner.pending:
        loop.exec()
    runner.shutdown()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


class WelcomeDialog(QDialog):
    """First run: name the office and create its database, or open the demo or a file."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"欢迎使用{APP_TITLE}")
        self.chosen: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"这台电脑上还没有本单位的{APP_TITLE}数据库。\n"
                                "请填写本单位名称，新建数据库；也可以先打开演示县看看。"))
        self.office_name = QLineEdit()
        self.office_name.setPlaceholderText("本单位名称，例：雷山县委组织部")
        layout.addWidget(self.office_name)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        create = buttons.addButton("新建本单位数据库(&N)", QDialogButtonBox.ButtonRole.AcceptRole)
        create.setDefault(True)
        demo = QPushButton("打开演示县(&D)")
        demo.setToolTip("演示县：约100个单位、1500名干部，含一年多的实绩报告与公示、8 个季度的评议；"
                        "2024 年度考核已审定并锁定，2025 年度待审定")
        existing = QPushButton("打开已有文件(&O)…")
        buttons.addButton(demo, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(existing, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        create.clicked.connect(self.create_office_database)
        demo.clicked.connect(self.open_demo)
        existing.clicked.connect(self.open_existing)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def create_office_database(self) -> None:
        name = self.office_name.text().strip()
        if not name:
            self._problem("请填写本单位名称。")
            return
        path = default_database_path()
        try:
            open_database(path, create=True, office_name=name).close()
        except Exception as error:  # noqa: BLE001 — shown to the operator, nothing was created
            self._problem(getattr(error, "message", str(error)))
            return
        self._choose(path)

    def open_demo(self) -> None:
        self._choose(ensure_demo_database())

    def open_existing(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "打开数据库", str(data_dir()),
                                              f"考评台数据库 (*{DATABASE_SUFFIX});;所有文件 (*)")
        if name:
            self._choose(Path(name))

    def _choose(self, path: Path) -> None:
        self.chosen = path  # remembered once opened, as its local copy (run() in app.py)
        self.accept()

    def _problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
