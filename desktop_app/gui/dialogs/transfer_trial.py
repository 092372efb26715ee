"""试导入 (trial import): what importing a transfer file would do, per table, before anything is written."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from db.records import TABLE_LABELS
from desktop_app.gui.models.table_model import Column, RowTableModel
from desktop_app.gui.widgets import ERROR_STYLE, NOTE_STYLE, dialog_buttons, table_view
from desktop_app.transfer.merge_report import reported_tables

FOLDS_SHOWN = 8
COUNT_KEYS = (("created", "新增"), ("updated", "更新"), ("deleted", "删除"), ("unchanged", "无变化"),
              ("conflicts", "冲突"), ("duplicates_merged", "合并重复"))


def exported_time(stamp: str) -> str:
    """'2026-11-20T09:00:01+08:00' → '2026-11-20 09:00'."""
    return stamp[:16].replace("T", " ")


def source_text(manifest) -> str:
    """来自「雷山县委组织部」，2026-11-20 09:00 导出（已加密；只含 3 个单位）."""
    extras = ["已加密"] if manifest.encrypted else []
    if manifest.unit_scope is not None:
        extras.append(f"只含 {len(manifest.unit_scope)} 个单位")
    counts = manifest.counts
    text = (f"来自「{manifest.office['name']}」，{exported_time(manifest.exported_at)} 导出"
            + (f"（{'；'.join(extras)}）" if extras else "")
            + f"。文件中有单位 {counts.get('units', 0)} 个、干部 {counts.get('cadres', 0)} 人、"
            f"任职经历 {counts.get('posts', 0)} 条。")
    return text


def report_rows(tables: dict) -> list[tuple[str, dict]]:
    """[(表名, {created, updated, …})] from a report's JSON form (MergeReport.as_json()['tables'])."""
    return list(reported_tables(tables).items())


def report_model(parent=None) -> RowTableModel:
    """One row per table (单位 / 干部 / 任职经历), one column per kind of change."""
    columns = [Column("对象", lambda row: TABLE_LABELS.get(row[0], row[0]))]
    columns += [Column(label, lambda row, key=key: str(row[1].get(key, 0)), lambda row, key=key: row[1].get(key, 0),
                       align_right=True) for key, label in COUNT_KEYS]
    return RowTableModel(columns, row_id=lambda row: row[0], search_text=lambda row: row[0], parent=parent)


def counts_text(tables: dict) -> str:
    """干部：新增 3，更新 1，冲突 0；… for the import history."""
    parts = []
    for table, counts in reported_tables(tables).items():
        shown = [f"{label} {counts.get(key, 0)}" for key, label in COUNT_KEYS if key != "unchanged"
                 and (counts.get(key, 0) or key in ("created", "updated"))]
        parts.append(f"{TABLE_LABELS.get(table, table)}：{'，'.join(shown)}")
    return "；".join(parts)


class TrialDialog(QDialog):
    """Shows a dry-run ImportOutcome; 导入 (accept) starts the real import, 取消 writes nothing."""

    def __init__(self, outcome, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.outcome = outcome
        self.setWindowTitle(f"试导入 — {file_name}")
        self.setMinimumSize(640, 420)
        layout = QVBoxLayout(self)
        head = QLabel("试导入完成，以下是导入后将发生的变化（尚未写入任何数据）：")
        head.setStyleSheet("font-weight: bold;")
        layout.addWidget(head)
        source = QLabel(source_text(outcome.manifest))
        source.setObjectName("trial_source")
        source.setWordWrap(True)
        layout.addWidget(source)
        self.model = report_model(self)
        report = outcome.report.as_json()
        self.model.set_rows(report_rows(report["tables"]))
        self.view = table_view(self)
        self.view.setObjectName("trial_table")
        self.view.setSortingEnabled(False)
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setFixedHeight(self.view.verticalHeader().defaultSectionSize() * 3 + header.sizeHint().height() + 4)
        layout.addWidget(self.view)
        for label in self._notes(outcome):
            layout.addWidget(label)
        layout.addStretch(1)
        buttons = dialog_buttons(self, self.accept, accept_text="导入(&I)")
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.import_button.setFocus()

    @staticmethod
    def _notes(outcome) -> list[QLabel]:
        report = outcome.report
        lines = []
        if report.nothing_new:
            lines.append(("没有新内容：文件中的记录本单位都已有。导入只会在「导入记录」中记下这个文件。", ""))
        if report.folds:
            names = "、".join(fold.name for fold in report.folds[:FOLDS_SHOWN])
            more = f"等 {len(report.folds)} 条" if len(report.folds) > FOLDS_SHOWN else ""
            lines.append((f"两个单位分别录入的同一单位或同一干部（同名单位、同一身份证号）将合并为一条：{names}{more}。", ""))
        if outcome.open_conflicts:
            lines.append((f"导入后将有 {outcome.open_conflicts} 条记录两边都改过（冲突）：两个版本都会保留，"
                          "请在导入后于「冲突」中逐条确认。", ERROR_STYLE))
        lines.append(("导入前会自动备份本单位数据库；导入在一个事务中完成，出错时数据库保持原样。", NOTE_STYLE))
        labels = []
        for text, style in lines:
            label = QLabel(text)
            label.setWordWrap(True)
            label.setStyleSheet(style)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            labels.append(label)
        labels[0].setObjectName("trial_first_note")
        return labels
