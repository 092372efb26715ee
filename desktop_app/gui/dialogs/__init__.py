"""Dialogs opened from pages and menus (导入名册 …)."""
