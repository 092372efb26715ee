"""The `kaoping` command: Chinese messages, exit codes, no tracebacks for expected errors."""

import subprocess
import sys

import pytest

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


@pytest.mark.parametrize(("argv", "said"), [
    (["init", "x.kpdb"], "缺少必需的参数：--office"),
    (["demo", "x.kpdb", "--scale", "city"], "参数 --scale 的取值「city」无效"),
    (["demo", "x.kpdb", "--seed", "abc"], "参数 --seed 的值「abc」不是有效的数字"),
    (["roster"], "缺少必需的参数"),
    (["nosuch"], "的取值「nosuch」无效"),
])
def test_usage_errors_are_chinese(argv, said, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and said in err and "usage" not in err and "error:" not in err


def test_output_cut_short_by_the_reader_is_not_an_error(tmp_path):
    """`kaoping … | head`: the pipe closes early; no apology, no traceback."""
    db_path = tmp_path / "demo.kpdb"
    assert main(["demo", str(db_path)]) == 0
    reader = subprocess.Popen([sys.executable, "-m", "desktop_app.cli", "check", str(db_path), "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()  # the reader leaves before the first line
    err = reader.stderr.read().decode("utf-8")
    reader.wait()
    assert err == ""
