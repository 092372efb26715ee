"""PySide6 front end: thin, no SQL; it calls core services through operations."""
