"""Settings of this workstation, declared once with typed defaults (本机设置).

Stored in an INI file in the user's data directory (not in the database: they do not
travel with the file). Settings that must travel (rule sets) live in the database, and so do
those an operator must not change by editing a file (闲置锁定: core.session_policy).
"""

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from desktop_app.resources import data_dir


@dataclass(frozen=True)
class Setting:
    key: str
    default: object
    label: str


OPERATOR = Setting("operator/name", "管理员", "当前操作员")
LAST_DATABASE = Setting("database/last", "", "上次打开的数据库")
WINDOW_GEOMETRY = Setting("window/geometry", b"", "窗口位置和大小")
NOTICE_CHANNELS = Setting("notices/channels", "{}", "公示上次所填的受理方式（JSON）")
NOTICE_ISSUER = Setting("notices/issuer", "", "公示上次所填的落款单位")
LAST_LOGIN = Setting("session/last_login", "", "上次登录的操作员")
CHART_CHOICES = Setting("charts/choices", "{}", "报表图表上次的选择：图表、季度、单位、人数或占比、导出文件夹（JSON）")


def _store() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def get(setting: Setting):
    value = _store().value(setting.key, setting.default)
    if isinstance(setting.default, bool):
        return value in (True, "true", "1", 1)
    if isinstance(setting.default, str):
        return str(value or setting.default)
    if isinstance(setting.default, int):  # an INI file gives text back
        try:
            return int(value)
        except (TypeError, ValueError):
            return setting.default
    return value


def put(setting: Setting, value) -> None:
    store = _store()
    store.setValue(setting.key, value)
    store.sync()
