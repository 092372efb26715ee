"""Errors the operator may see. Every message is Chinese and says what to do next.

`KaopingError` is the root of every expected error in the product: the GUI shows it
with one presenter, the CLI prints it on stderr without a traceback.
"""


class KaopingError(Exception):
    """An expected error with a message for the operator (中文提示)."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DatabaseError(KaopingError):
    """The database file cannot be used as asked."""


class DatabaseTooNew(DatabaseError):
    """The file was written by a newer version of 考评台."""


class NotADatabase(DatabaseError):
    """The file is not a 考评台 database (or is damaged)."""


class DatabaseLocked(DatabaseError):
    """Another 考评台 window or process is already writing this file."""
