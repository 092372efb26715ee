"""Typed errors raised by core services; every message is Chinese, for the operator."""

from db.errors import DatabaseError, DatabaseLocked, DatabaseTooNew, KaopingError, NotADatabase


class ValidationError(KaopingError):
    """Input that cannot be saved. `problems` maps a field name to its message."""

    exit_code = 3

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__("；".join(self.problems.values()))


class RecordNotFound(KaopingError):
    pass


class UndoConflict(KaopingError):
    """The edits to undo were changed again since; undoing would lose the later edit."""


class RuleViolation(KaopingError):
    """The action breaks a rule of the domain (e.g. deleting a unit that has cadres)."""


class PermissionDenied(KaopingError):
    """The operator's role may not do this (core.permissions); the message names the roles that may."""


class LoginRefused(KaopingError):
    """A login (or password check) was refused: wrong name or password, a disabled account, or
    too many failures in a row (wait first). Never says whether the name exists."""


__all__ = [
    "KaopingError", "DatabaseError", "DatabaseLocked", "DatabaseTooNew", "NotADatabase",
    "ValidationError", "RecordNotFound", "UndoConflict", "RuleViolation",
    "PermissionDenied", "LoginRefused",
]
