"""What a merge did (合并报告): per table created / updated / deleted / unchanged / conflicts /
duplicates merged, the duplicates folded, posts left without their cadre or entered twice —
shown in the GUI, stored in the import log and printed as JSON."""

from dataclasses import dataclass, field

from db.records import TABLE_LABELS
from desktop_app.core.store import Changes

# Parents before children: posts refer to cadres and units.
MERGE_ORDER = ("units", "cadres", "posts", "calendar_days", "reports", "report_excuses", "notices", "objections",
               "rule_sets", "evaluation_sessions", "tallies", "annual_inputs", "supervision_notices", "sanctions",
               "supervised_tasks", "talks", "inquiries", "annual_decisions", "year_locks")
ALWAYS_REPORTED = ("units", "cadres", "posts")  # the other tables appear in a report when something happened


@dataclass
class TableReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    duplicates: int = 0
    deleted: int = 0  # records that arrived or ended up deleted (墓碑), not counted as new or updated

    def count(self, existed: bool, moved: bool, deleted: bool) -> None:
        if deleted and moved:
            self.deleted += 1
        elif not existed:
            self.created += 1
        elif moved:
            self.updated += 1
        else:
            self.unchanged += 1

    def as_json(self) -> dict:
        return {"created": self.created, "updated": self.updated, "deleted": self.deleted,
                "unchanged": self.unchanged, "conflicts": self.conflicts, "duplicates_merged": self.duplicates}


@dataclass(frozen=True)
class Fold:
    """A duplicate folded into the record kept (the smaller id, so every office picks the same)."""

    table: str
    dropped: str
    kept: str
    name: str


@dataclass
class MergeReport:
    """What a merge did, per table (单位 / 干部 / 任职经历)."""

    tables: dict[str, TableReport] = field(default_factory=lambda: {t: TableReport() for t in MERGE_ORDER})
    versions_added: int = 0
    audit_entries_added: int = 0
    folds: list[Fold] = field(default_factory=list)
    folded: set[str] = field(default_factory=set)  # ids of records that gave way to a twin
    orphans: list[str] = field(default_factory=list)  # live posts whose cadre is deleted
    twin_posts: list[list[str]] = field(default_factory=list)  # the same post entered in two offices
    locked_year_changes: dict[int, int] = field(default_factory=dict)  # year locked here → changes received
    refusal: str = ""  # 试导入: why the real import would be refused (the operator's role, RecordStore.vouch_for)
    changes: Changes | None = None

    @property
    def nothing_new(self) -> bool:
        return self.versions_added == 0 and self.audit_entries_added == 0

    def as_json(self) -> dict:
        return {"tables": {t: r.as_json() for t, r in self.tables.items()},
                "versions_added": self.versions_added, "audit_entries_added": self.audit_entries_added,
                "duplicates": [{"table": f.table, "kept": f.kept, "dropped": f.dropped, "name": f.name}
                               for f in self.folds],
                "orphan_posts": self.orphans, "duplicate_posts": self.twin_posts,
                "locked_year_changes": {str(year): count for year, count in self.locked_year_changes.items()},
                "refusal": self.refusal}

    def summary(self) -> str:
        if self.nothing_new:
            return "没有新内容：这些记录本单位都已有（可能已导入过）。"
        orphans = (f"\n有 {len(self.orphans)} 条任职经历所属的干部已在别处删除，请在干部信息中核对。"
                   if self.orphans else "")
        orphans += (f"\n有 {len(self.twin_posts)} 处任职经历疑似重复（同一人、同一单位、同一职务、同一起始时间），"
                    "请在干部信息中核对，删去多余的一条。" if self.twin_posts else "")
        orphans += "".join(f"\n有 {count} 条改动属于本单位已锁定的 {year} 年度（由其他单位做出，已并入）；"
                           "如据此须改变考核结果，请管理员重新开放该年度。"
                           for year, count in self.locked_year_changes.items())
        if self.refusal:
            orphans += f"\n注意：正式导入时将被拒绝——{self.refusal}"
        shown = reported_tables({t: r.as_json() for t, r in self.tables.items()})
        parts = [f"{TABLE_LABELS[t]}：新增 {r.created}，更新 {r.updated}，冲突 {r.conflicts}"
                 + (f"，删除 {r.deleted}" if r.deleted else "")
                 + (f"，合并重复 {r.duplicates}" if r.duplicates else "") for t, r in self.tables.items() if t in shown]
        return "；".join(parts) + orphans


def reported_tables(tables: dict[str, dict]) -> dict[str, dict]:
    """Of a report's per-table counts (as JSON), the tables worth showing: 单位、干部、任职经历
    always, the others (实绩报告、公示…) when any of their counts is not zero."""
    return {table: counts for table, counts in tables.items()
            if table in ALWAYS_REPORTED or any(counts.get(key) for key in counts if key != "unchanged")}


__all__ = ["MERGE_ORDER", "ALWAYS_REPORTED", "TableReport", "Fold", "MergeReport", "reported_tables"]
