"""Settings kept in the database's `meta`, with who changed each and when.

A setting of this office's file (报送截止日 …) is not a record: it is not versioned, never merges
into another office, and the audit trail (record versions only) cannot hold its changes. So who
changed it and when is written beside the value — `<prefix>_changed_by` and `<prefix>_changed_at`
— in the same transaction, and shown where the setting is (系统设置); the value is logged in the
sealed local log too (core.local_log), so one changed with a SQLite tool shows in the check.
"""

from dataclasses import dataclass

from desktop_app.core.clock import Clock, stamp, system_clock
from desktop_app.core.local_log import log_setting, logged_setting


@dataclass(frozen=True)
class SettingChange:
    """Who last changed a setting and when ('' while it was never changed, or in a legacy file)."""

    by: str = ""
    at: str = ""

    @property
    def note(self) -> str:
        """（王芳 于 2026-03-02 09:00 设置）, （2026-03-02 09:00 设置） without a name, '' if never."""
        if not self.at:
            return ""
        when = self.at[:16].replace("T", " ")
        return f"（{self.by} 于 {when} 设置）" if self.by else f"（{when} 设置）"


def changed_keys(prefix: str) -> tuple[str, str]:
    return f"{prefix}_changed_by", f"{prefix}_changed_at"


def setting_change(db, prefix: str) -> SettingChange:
    """Who last changed the setting `prefix` and when (db: sqlite-utils Database or connection)."""
    by_key, at_key = changed_keys(prefix)
    meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", [by_key, at_key]).fetchall())
    return SettingChange(meta.get(by_key, "") or "", meta.get(at_key, "") or "")


def sealed_setting(db, key: str) -> str | None:
    """The setting's value in meta when it is the one last set through the app (core.local_log);
    None when absent, or written with another tool — the caller then falls back to its default, so
    a setting made weaker by hand does not count."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row is not None and row[0] == logged_setting(db, key) else None


def put_setting(db, key: str, value: str, by: str, *, prefix: str | None = None,
                clock: Clock = system_clock) -> None:
    """Write meta `key` = `value` and, beside it, `by` (a name, '' when unknown) and now. The caller
    has checked the operator may (core.permissions)."""
    by_key, at_key = changed_keys(prefix or key)
    with db.conn:
        for name, text in ((key, value), (by_key, by), (at_key, stamp(clock()))):
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?)"
                       " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [name, text])
        log_setting(db, by, key, value, clock)


__all__ = ["SettingChange", "changed_keys", "setting_change", "sealed_setting", "put_setting"]
