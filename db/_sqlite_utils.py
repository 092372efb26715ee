"""sqlite-utils, imported without numpy.

sqlite_utils.db imports numpy when it is installed (matplotlib brings it) only to convert
numpy values on insert; the app never writes numpy values, and importing numpy costs
≈90 ms of start-up here. A None entry in sys.modules makes that optional import fail
fast; it is removed at once, so matplotlib imports numpy normally later.
"""

import sys

if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        del sys.modules["numpy"]

from sqlite_utils import Database  # noqa: E402
from sqlite_utils.migrations import Migrations  # noqa: E402

__all__ = ["Database", "Migrations"]
