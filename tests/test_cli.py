"""The `kaoping` command: Chinese messages, exit codes, no tracebacks for expected errors."""

import subprocess
import sys

from db import open_database
from desktop_app.cli import main


def test_init_creates_an_office_database(tmp_path, capsys):
    path = tmp_path / "office.kpdb"
    assert main(["init", str(path), "--office", "雷山县委组织部"]) == 0
    assert "已新建数据库" in capsys.readouterr().out
    db = open_database(path)
    assert db.office()["name"] == "雷山县委组织部"
    db.close()


def test_expected_errors_are_one_chinese_line_and_non_zero(tmp_path, capsys):
    path = tmp_path / "office.kpdb"
    main(["init", str(path), "--office", "雷山县委组织部"])
    capsys.readouterr()
    assert main(["init", str(path), "--office", "雷山县委组织部"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err


def test_unexpected_errors_are_logged_not_dumped(tmp_path, monkeypatch, capsys):
    import desktop_app.commands.init as init_command

    def boom(args):
        raise RuntimeError("bug")

    monkeypatch.setattr(init_command, "run", boom)
    assert main(["init", str(tmp_path / "x.kpdb"), "--office", "x"]) == 1
    err = capsys.readouterr().err
    assert "意外错误" in err and "Traceback" not in err


def test_cli_starts_without_importing_qt():
    code = "import sys; from desktop_app.cli import build_parser; build_parser(); print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
