"""The `kaoping` command (考评台命令行). Uses the same core services as the GUI, without Qt.

Each subcommand lives in desktop_app/commands/<name>.py with `register(subparsers)`;
expected errors print a Chinese message on stderr and exit non-zero, without a traceback.
"""

import argparse
import importlib
import logging
import os
import re
import sys

from db.errors import KaopingError

COMMAND_MODULES = ("gui", "init", "check", "roster", "demo", "selftest", "backup", "restore", "transfer",
                   "calendar", "monthly", "notice", "chart", "quarter", "annual", "assess", "report",
                   "operator", "db")


# argparse's own messages, in Chinese (matched on the English text argparse produces).
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.+)", r"缺少必需的参数：\1"),
    (r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.+)\)", r"参数 \1 的取值「\2」无效，可选：\3"),
    (r"argument (\S+): invalid (?:int|float) value: '?(.*?)'?$", r"参数 \1 的值「\2」不是有效的数字"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要填写一个值"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
)


def chinese_message(message: str) -> str:
    for pattern, replacement in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its errors and 'usage:' heading in Chinese; a usage error exits 2."""

    def error(self, message: str):
        self.exit(2, f"错误：{chinese_message(message)}\n查看用法：{self.prog} --help\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：", 1)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="kaoping", description="考评台 — 干部考核离线桌面软件", add_help=False)
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        importlib.import_module(f"desktop_app.commands.{name}").register(subparsers)
    _chinese_headings(parser)
    return parser


def _chinese_headings(parser: argparse.ArgumentParser) -> None:
    """argparse's own headings in Chinese, for the parser and every subcommand's parser."""
    parser._positionals.title = "参数"
    parser._optionals.title = "选项"
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _chinese_headings(sub)


def main(argv: list[str] | None = None) -> int:
    _utf8_streams()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv or ["gui"])
    try:
        return int(args.run(args) or 0)
    except KaopingError as error:
        print(f"错误：{error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `kaoping … | head`: the reader left; nothing to apologise for
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception:  # noqa: BLE001 — unexpected: log the traceback, show a short apology
        from desktop_app.logging_setup import configure_logging, log_path

        configure_logging()
        logging.getLogger("kaoping").exception("unexpected error in kaoping %s", argv)
        print(f"抱歉，发生了意外错误。详细信息已记录在：{log_path()}", file=sys.stderr)
        return 1


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (OSError, ValueError):
                pass


if __name__ == "__main__":
    sys.exit(main())
