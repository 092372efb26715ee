"""The navigation of the main window: one entry per page, in order (Ctrl+1 … Ctrl+0).

Every page class takes (ctx: AppContext, spec: PageSpec, parent=None) and has
`refresh(changes: Changes | None = None)`, called when shown and after any change.
"""

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    class_name: str
    description: str = ""


PAGES: tuple[PageSpec, ...] = (
    PageSpec("roster", "干部信息", "roster_page", "RosterPage"),
    PageSpec("units", "单位管理", "units_page", "UnitsPage"),
    PageSpec("monthly", "月度实绩", "monthly_page", "MonthlyPage"),
    PageSpec("notices", "公示栏", "notices_page", "NoticesPage"),
    PageSpec("quarterly", "季度评议", "quarterly_page", "QuarterlyPage"),
    PageSpec("annual", "年度考核", "annual_page", "AnnualPage"),
    PageSpec("reports", "报表图表", "charts_page", "ChartsPage"),
    PageSpec("transfer", "数据交换", "transfer_page", "TransferPage"),
    PageSpec("audit", "操作记录", "audit_page", "AuditLogPage"),
    PageSpec("settings", "系统设置", "settings_page", "SettingsPage"),
)


def create_page(spec: PageSpec, ctx, parent=None):
    module = importlib.import_module(f"desktop_app.gui.pages.{spec.module}")
    return getattr(module, spec.class_name)(ctx, spec, parent)
