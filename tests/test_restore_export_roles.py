"""恢复备份 (管理员) and 导出交换文件 / 备份 (录入员 and above) once a database has operator accounts;
a database without accounts behaves as before."""

import shutil

import pytest
from conftest import StepClock

from db import open_database
from desktop_app.cli import main
from desktop_app.core.errors import PermissionDenied
from desktop_app.core.operators import add_operator, create_first_admin
from desktop_app.core.permissions import Operator
from desktop_app.core.store import RecordStore
from desktop_app.core.units import add_unit
from desktop_app.transfer.errors import RestoreFailed
from desktop_app.transfer.package import export_package
from desktop_app.transfer.restore import restore_database

PASSWORDS = {"王芳": "wangfang2026", "李明": "liming2026", "赵六": "zhaoliu2026"}
ROLES = {"王芳": "管理员", "李明": "录入员", "赵六": "只读"}
ADMIN, CLERK, VIEWER = (Operator(name, role) for name, role in ROLES.items())
PASSPHRASE = "交换口令2026"


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """(protected, the same office before it had accounts, another office's protected file)."""
    folder = tmp_path_factory.mktemp("roles")
    made = []
    for name, office in (("office", "雷山县委组织部"), ("other", "丹寨县委组织部")):
        path = folder / f"{name}.kpdb"
        db = open_database(path, create=True, office_name=office)
        add_unit(RecordStore(db, operator="测试员", clock=StepClock()), {"name": "丹江镇", "kind": "乡镇"})
        db.close()
        if name == "office":
            shutil.copyfile(path, folder / "bare.kpdb")
        db = open_database(path)
        admin = create_first_admin(db, "王芳", PASSWORDS["王芳"])
        for account in ("李明", "赵六"):
            add_operator(db, admin, account, ROLES[account], PASSWORDS[account])
        db.close()
        made.append(path)
    return made[0], folder / "bare.kpdb", made[1]


@pytest.fixture
def files(templates, tmp_path):
    """Working copies: (protected database, its backup, the account-less backup, another office's backup)."""
    names = ("office.kpdb", "backup.kpdb", "bare.kpdb", "other.kpdb")
    sources = (templates[0], templates[0], templates[1], templates[2])
    paths = [tmp_path / name for name in names]
    for source, path in zip(sources, paths, strict=True):
        shutil.copyfile(source, path)
    return paths


@pytest.fixture
def secrets(tmp_path, monkeypatch):
    monkeypatch.delenv("KAOPING_PASSWORD", raising=False)
    found = {}
    for name, password in PASSWORDS.items():
        found[name] = tmp_path / f"{name}.txt"
        found[name].write_text(password, encoding="utf-8")
    return found


# -- 恢复备份 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("by", [None, VIEWER, CLERK])
def test_restore_over_a_protected_file_needs_an_administrator(files, by):
    office, backup, _bare, _other = files
    before = office.read_bytes()
    with pytest.raises(PermissionDenied, match="恢复备份"):
        restore_database(backup, office, by=by)
    assert office.read_bytes() == before
    assert not list(office.parent.glob("*恢复前*"))


def test_an_administrator_restores(files):
    office, backup, _bare, _other = files
    result = restore_database(backup, office, by=ADMIN)
    assert result.kept is not None and result.kept.is_file()


def test_a_backup_of_another_office_is_refused(files):
    office, _backup, _bare, other = files
    with pytest.raises(RestoreFailed, match="另一个单位"):
        restore_database(other, office, by=ADMIN)


def test_a_backup_without_accounts_over_a_protected_file_is_refused(files):
    office, _backup, bare, _other = files
    with pytest.raises(RestoreFailed, match="该备份没有操作员账号"):
        restore_database(bare, office, by=ADMIN)


def test_an_unprotected_file_is_restored_as_before(files, tmp_path):
    _office, _backup, bare, _other = files
    target = tmp_path / "target.kpdb"
    shutil.copyfile(bare, target)
    assert restore_database(bare, target).kept is not None
    assert restore_database(bare, tmp_path / "new.kpdb").kept is None  # no file yet: nothing to protect


def test_cli_restore_signs_in_against_the_target(files, secrets, capsys):
    office, backup, _bare, _other = files
    assert main(["restore", str(backup), str(office)]) == 2
    assert "--operator" in capsys.readouterr().err
    assert main(["restore", str(backup), str(office), "--operator", "李明", "--password-file",
                 str(secrets["李明"])]) == 2
    assert "管理员" in capsys.readouterr().err
    assert main(["restore", str(backup), str(office), "--operator", "王芳", "--password-file",
                 str(secrets["王芳"])]) == 0


# -- 导出交换文件 / 备份 ------------------------------------------------------------------------------
def test_export_by_a_viewer_is_refused_and_by_a_clerk_allowed(files, tmp_path):
    office = files[0]
    for by in (None, VIEWER):
        with pytest.raises(PermissionDenied, match="导出交换文件"):
            export_package(office, tmp_path / "out.kpx", passphrase=PASSPHRASE, by=by)
    assert not (tmp_path / "out.kpx").exists()
    export_package(office, tmp_path / "out.kpx", passphrase=PASSPHRASE, by=CLERK)
    assert (tmp_path / "out.kpx").is_file()


def test_export_of_an_unprotected_file_as_before(files, tmp_path):
    export_package(files[2], tmp_path / "bare.kpx", passphrase=PASSPHRASE)
    assert (tmp_path / "bare.kpx").is_file()


def test_cli_export_and_backup_sign_in_once_there_are_accounts(files, secrets, tmp_path, monkeypatch):
    office = files[0]
    passphrase = tmp_path / "口令.txt"
    passphrase.write_text(PASSPHRASE, encoding="utf-8")
    export = ["transfer", "export", str(office), str(tmp_path / "cli.kpx"), "--passphrase-file", str(passphrase)]
    assert main(export) == 2
    assert main([*export, "--operator", "赵六", "--password-file", str(secrets["赵六"])]) == 2
    assert main([*export, "--operator", "李明", "--password-file", str(secrets["李明"])]) == 0
    backup = ["backup", str(office), str(tmp_path / "备份")]
    assert main(backup) == 2
    assert main([*backup, "--operator", "赵六", "--password-file", str(secrets["赵六"])]) == 2
    assert main([*backup, "--operator", "李明", "--password-file", str(secrets["李明"])]) == 0
    assert main(["backup", str(files[2]), str(tmp_path / "备份2")]) == 0  # no accounts: as before
