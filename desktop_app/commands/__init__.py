"""Subcommands of `kaoping`, one module each: `register(subparsers)` sets `run(args) -> int`."""
