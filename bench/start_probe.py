"""Child process of bench_gui: start the real GUI on a database, print when the roster is shown.

Prints one JSON line: seconds from interpreter start (as the parent measures it, it adds the
process spawn) to the first painted roster, and which heavy modules got imported.
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(path: str) -> None:
    from desktop_app.commands.gui import preload_before_qt

    preload_before_qt()  # as `kaoping gui` does
    from PySide6.QtCore import QTimer

    from desktop_app.gui.app import application, open_for_gui, show_main_window

    app = application()
    db, _ = open_for_gui(Path(path))
    window = show_main_window(db)

    def shown() -> None:
        window.repaint()  # the roster painted with its rows
        page = window.pages["roster"]
        print(json.dumps({"shown_at": time.time(), "rows": page.model.rowCount(),
                          "matplotlib": "matplotlib" in sys.modules, "reportlab": "reportlab" in sys.modules}))
        sys.stdout.flush()
        window.close_database()
        app.quit()

    QTimer.singleShot(0, shown)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
