"""Placeholder until the roster page lands (being written)."""

from desktop_app.gui.pages.placeholder_page import PlaceholderPage as RosterPage  # noqa: F401
