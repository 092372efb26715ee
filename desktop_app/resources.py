"""Finding bundled resources (fonts, icons) and the user's data directory.

Works from a checkout, an installed wheel and a PyInstaller bundle (sys._MEIPASS).
"""

import sys
from pathlib import Path

from db.places import APP_NAME, data_dir  # noqa: F401 — where the data directory is (also the db layer's)

APP_TITLE = "考评台"
FONT_FILE = "wqy-microhei.ttc"


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def bundled_font() -> Path:
    """WenQuanYi Micro Hei (Apache-2.0): TrueType outlines, all GBK hanzi."""
    return resource_path("fonts", FONT_FILE)


def default_database_path() -> Path:
    return data_dir() / "office.kpdb"


def working_copies_dir() -> Path:
    path = data_dir() / "本机副本"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    """Where backups of the office database are kept (备份), beside it in the data directory."""
    path = data_dir() / "备份"
    path.mkdir(parents=True, exist_ok=True)
    return path
