"""The result of verifying the audit chain (记实链核验结果) and how it reads in Chinese."""

import json
from dataclasses import asdict, dataclass

from db.records import TABLE_LABELS
from desktop_app.core.audit import ACTION_LABELS
from desktop_app.core.record_names import record_name

CONTENT = "内容被改动"
LINK = "条目被删除或插入"
SEAL = "封印不符"
NO_KEY = "缺少本机密钥，只核对了链的连续性"


@dataclass(frozen=True)
class Break:
    """Where an office's chain breaks (the first broken entry) or another check fails, and why."""

    office_id: str
    office_name: str
    reason: str          # CONTENT / LINK / SEAL, or a witness's "与 XX 单位 … 不一致"
    seq: int | None = None
    at: str = ""
    operator: str = ""
    what: str = ""       # 修改干部「张三」
    detail: str = ""

    def text(self) -> str:
        """丹江镇党委：第 45 条记实（2026-03-02 09:00:05，测试员，修改干部「张三」）：内容被改动。"""
        where = f"第 {self.seq} 条记实" if self.seq is not None else self.what
        facts = [_time(self.at), self.operator] + ([self.what] if self.seq is not None else [])
        shown = "，".join(part for part in facts if part)
        text = f"{self.office_name}：{where}{f'（{shown}）' if shown else ''}：{self.reason}"
        return text + (f"——{self.detail}。" if self.detail else "。")


@dataclass(frozen=True)
class OfficeChain:
    """One office's chain as held in this database."""

    office_id: str
    office_name: str
    own: bool
    entries: int = 0
    backfilled: int = 0   # chained at the upgrade or by their office without a seal
    sealed: int = 0       # entries carrying a seal (checked when `keyed`)
    gaps: int = 0         # another office's entries whose predecessor never came here
    keyed: bool = False   # this computer has the office's key
    broken: Break | None = None

    def summary(self, since: dict | None = None) -> str:
        who = f"本单位（{self.office_name}）" if self.own else f"{self.office_name}（其他单位）"
        if not self.entries:
            return f"{who}：还没有记实。"
        if self.broken is not None:
            return f"{who}：记实 {self.entries:,} 条，链在第 {self.broken.seq} 条处断开（{self.broken.reason}）。"
        parts = [f"记实 {self.entries:,} 条，链完整"]
        if self.own:
            if self.sealed:
                parts.append(f"封印相符（{self.sealed:,} 条）" if self.keyed else NO_KEY)
            if since and self.backfilled:
                parts.append(f"{since.get('at', '')[:10]} 之前的 {self.backfilled:,} 条记实在升级时补链（无封印）")
        else:
            parts.append(f"封印已用该单位的密钥核对（{self.sealed:,} 条）" if self.keyed and self.sealed
                         else "封印只能由该单位核对")
        if self.gaps:
            parts.append(f"有 {self.gaps} 处衔接的更早记实本库没有收到（按单位导出时属正常）")
        return f"{who}：{'，'.join(parts)}。"


@dataclass(frozen=True)
class AuditCheck:
    """What verify_audit found: each office's chain, and the checks beyond the chains."""

    office_id: str
    office_name: str
    offices: tuple[OfficeChain, ...] = ()
    problems: tuple[Break, ...] = ()   # head, versions without entries, witnesses
    since: dict | None = None          # {"seq", "at"}: entries before seq were chained at the upgrade
    witnesses: int = 0                 # heads witnessed by transfer files received
    chained: bool = True               # False: the file predates the chain (not yet upgraded)
    local_entries: int = 0             # entries of the sealed local log (accounts, settings, receipts)

    @property
    def breaks(self) -> tuple[Break, ...]:
        return tuple(office.broken for office in self.offices if office.broken) + self.problems

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def warnings(self) -> list[str]:
        own = next((office for office in self.offices if office.own), None)
        if own is not None and own.sealed and not own.keyed:
            return [f"本单位：{NO_KEY}（封印要在本单位自己的电脑上核对；换过电脑时，请把原电脑数据目录里的“密钥”文件夹复制过来）。"]
        return []

    def lines(self) -> list[str]:
        if not self.chained:
            return ["记实链：该文件来自较早版本，还没有记实链；下次用考评台打开时会自动补链。"]
        lines = [office.summary(self.since) for office in self.offices]
        if self.witnesses:
            failing = sum(1 for problem in self.problems if problem.reason.startswith("与 "))
            lines.append(f"收到的交换文件所载链头 {self.witnesses} 个，"
                         + (f"其中 {failing} 个已对不上。" if failing else "均仍在记实链中。"))
        if self.local_entries:
            lines.append(f"本机日志（操作员账户、安全设置、收到其他单位记实的凭据）{self.local_entries:,} 条，"
                         "已与账户表、设置和收到的记实逐一核对。")
        lines += [f"注意：{warning}" for warning in self.warnings]
        if self.ok:
            return [*lines, "结论：记实链完整，未发现改动。"]
        return [*lines, f"结论：发现 {len(self.breaks)} 处问题：", *(f"  {brk.text()}" for brk in self.breaks)]

    def as_json(self) -> dict:
        return json.loads(json.dumps({**asdict(self), "ok": self.ok, "warnings": self.warnings}, ensure_ascii=False))


def entry_what(db, action: str | None, table: str, record_id: str, version_id: str) -> str:
    """修改干部「张三」: what an entry (or, without action, a version) did, by the version's content."""
    row = db.execute("SELECT content FROM versions WHERE id = ?", [version_id]).fetchone()
    try:
        name = record_name(db, table, {**json.loads(row[0]), "id": record_id}) if row else record_id[:8]
    except (ValueError, TypeError, KeyError):
        name = record_id[:8]
    verb = ACTION_LABELS.get(action, action or "")
    return f"{verb}{TABLE_LABELS.get(table, table)}「{name}」"


def _time(at: str) -> str:
    return at[:19].replace("T", " ")


__all__ = ["CONTENT", "LINK", "SEAL", "NO_KEY", "Break", "OfficeChain", "AuditCheck", "entry_what"]
