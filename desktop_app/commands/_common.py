"""What subcommands share: opening a database the safe way, printing JSON."""

import json
import sys

from db import OfficeDatabase, ensure_local, open_database
from desktop_app.resources import working_copies_dir


def open_office_database(path: str) -> OfficeDatabase:
    """Open `path` for writing; a file on a USB stick or network share is copied to local disk first."""
    local, message = ensure_local(path, working_copies_dir())
    if message:
        print(message, file=sys.stderr)
    return open_database(local)


def print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))
