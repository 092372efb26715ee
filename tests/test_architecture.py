"""The house rules that a test can hold: layers below the GUI never import Qt; gui/ has no SQL."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = ["db", "desktop_app/core", "desktop_app/transfer", "desktop_app/reports", "desktop_app/charts"]
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b",
                 re.IGNORECASE | re.DOTALL)


def python_files(folder: str):
    return sorted((ROOT / folder).rglob("*.py")) if (ROOT / folder).exists() else []


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_layers_below_the_gui_never_import_qt():
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for folder in QT_FREE for path in python_files(folder)
        for module in imported_modules(path)
        if module.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6") or module.startswith("desktop_app.gui")
    ]
    assert offenders == []
    assert python_files("db") and python_files("desktop_app/core")


def test_gui_has_no_sql():
    offenders = []
    for path in python_files("desktop_app/gui"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_commands_import_qt_only_lazily():
    """The CLI must start without a display: command modules import Qt inside functions only."""
    offenders = []
    for path in python_files("desktop_app/commands") + [ROOT / "desktop_app" / "cli.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(n.startswith(("PySide6", "desktop_app.gui")) for n in names):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_only_the_store_writes_record_tables():
    """One write path: no other module outside db/ and tests writes the record tables."""
    write = re.compile(r"\b(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+(units|cadres|posts|versions|audit_log)\b",
                       re.IGNORECASE)
    offenders = [
        str(path.relative_to(ROOT)) for path in python_files("desktop_app")
        if path.name != "store.py" and write.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_start_up_path_leaves_heavy_libraries_unloaded():
    """The window opens without matplotlib, reportlab, numpy or pypinyin (≈0.8 s together):
    they load when a chart, a PDF or a name to spell is first needed."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from desktop_app.commands.gui import preload_before_qt\n"
        "preload_before_qt()\n"
        "import desktop_app.gui.app, desktop_app.gui.main_window, desktop_app.gui.pages.roster_page\n"
        "import desktop_app.gui.dialogs.cadre_dialog\n"
        "import desktop_app.gui.pages.charts_page  # matplotlib only once a chart is generated\n"
        "print(sorted(m for m in ('matplotlib', 'reportlab', 'numpy', 'pypinyin') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_shortcuts_are_made_with_add_shortcut_which_really_sets_the_context():
    """PySide6 6.11 silently ignores `context=` given to the QShortcut constructor: the key then
    works in the whole window (Enter in a search box opened the edit dialog). widgets.add_shortcut
    sets it afterwards."""
    offenders = [f"{path.relative_to(ROOT)}: {node.lineno}" for path in python_files("desktop_app/gui")
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "QShortcut"
                 and any(keyword.arg == "context" for keyword in node.keywords)]
    assert offenders == []
