"""Qt item models over core read functions: they hold ids/rows and never raise in data()."""
