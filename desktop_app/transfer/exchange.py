"""数据交换 as the operator does it: export this office's records to a transfer file, and
import another office's file (local copy → checks → backup → merge and log in one transaction)."""

from dataclasses import dataclass
from pathlib import Path

from db import open_database
from db.snapshot import snapshot
from desktop_app.core.audit_witness import record_witnesses
from desktop_app.core.clock import stamp
from desktop_app.core.store import RecordStore
from desktop_app.transfer.backup import backup_database, rotate_backups
from desktop_app.transfer.files import working_folder
from desktop_app.transfer.imports_log import ImportRecord, log_import, previous_import
from desktop_app.transfer.merge import conflicts, merge_database
from desktop_app.transfer.merge_report import MergeReport
from desktop_app.transfer.package import Manifest, open_package


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one transfer file did (or, with dry_run, would do)."""

    manifest: Manifest
    report: MergeReport | None         # None when the file had been imported before
    previous: ImportRecord | None      # the earlier import of the same file
    backup: Path | None                # the automatic backup made before merging
    dry_run: bool
    open_conflicts: int                # records in conflict after the import

    def as_json(self) -> dict:
        report = self.report.as_json() if self.report else None
        return {"package_id": self.manifest.package_id, "source_office": self.manifest.office["name"],
                "exported_at": self.manifest.exported_at, "dry_run": self.dry_run,
                "already_imported": self.previous is not None,
                "previously_imported_at": self.previous.imported_at if self.previous else None,
                "backup": str(self.backup) if self.backup else None, "open_conflicts": self.open_conflicts,
                **(report or {"tables": {}, "versions_added": 0, "audit_entries_added": 0, "duplicates": []})}

    def summary(self) -> str:
        source = f"「{self.manifest.office['name']}」{self.manifest.exported_at[:10]} 导出的文件"
        if self.previous is not None:
            return f"{source}已于 {self.previous.imported_at[:16].replace('T', ' ')} 导入过，这次没有任何改动。"
        head = "试导入（未写入）" if self.dry_run else "导入完成"
        text = f"{head}：{source}。{self.report.summary()}"
        if self.open_conflicts:
            text += f"\n有 {self.open_conflicts} 条记录两边都改过，已全部保留，请在「数据交换」页逐条确认。"
        return text


def import_package(store: RecordStore, path: Path, *, backups_dir: Path, passphrase: str | None = None,
                   dry_run: bool = False, progress=None, cancel=None) -> ImportOutcome:
    """Import the transfer file `path` into `store`'s database; the database is unchanged on any error.

    Needs an operator who may 导入交换文件 (审核员 or 管理员); a dry run (试导入) writes nothing and
    needs no more than reading."""
    if not dry_run:
        store.require("导入交换文件")
    with working_folder("kaoping-import-") as work:
        opened = open_package(Path(path), Path(work), passphrase=passphrase, progress=progress, cancel=cancel)
        manifest = opened.manifest
        previous = previous_import(store.db, manifest.package_id)
        if previous is not None:
            return ImportOutcome(manifest, None, previous, None, dry_run, len(conflicts(store.db)))
        if dry_run:
            report, open_conflicts = _trial_merge(store, opened.database_path, Path(work))
            return ImportOutcome(manifest, report, None, None, True, open_conflicts)
        backup = backup_database(store.db.path, backups_dir, reason="导入前")
        rotate_backups(backups_dir)  # automatic backups must not fill the disk
        report = merge_database(store, opened.database_path, note=f"导入「{manifest.office['name']}」的交换文件",
                                before_commit=lambda merged: _log(store, manifest, merged), cancel=cancel)
        return ImportOutcome(manifest, report, None, backup, False, len(conflicts(store.db)))


def _trial_merge(store: RecordStore, source: Path, work: Path) -> tuple[MergeReport, int]:
    """Merge into a scratch copy of the office database: the real report, nothing written."""
    scratch = work / "试导入.kpdb"
    snapshot(store.db.conn, scratch, scratch=True)  # encrypted at rest when the office's database is
    trial_db = open_database(scratch, lock=False)
    try:
        trial = RecordStore(trial_db, operator=store.operator, clock=store.clock, role=store.role)
        return merge_database(trial, source, trial=True), len(conflicts(trial_db))
    finally:
        trial_db.close()


def _log(store: RecordStore, manifest: Manifest, report: MergeReport) -> None:
    """The import record, and the chain heads the file witnessed (core.audit_witness)."""
    imported_at = stamp(store.clock())
    log_import(store.db, ImportRecord(
        manifest.package_id, manifest.office["id"], manifest.office["name"], manifest.exported_at,
        imported_at, store.operator, report.as_json()))
    record_witnesses(store.db, manifest, imported_at)
