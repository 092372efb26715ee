"""Sensitive fields leave the database masked (issue 7): every PDF and workbook read back, full values
only for 审核员/管理员 who ask (--full-id), and transfer files encrypted unless an administrator
turned the policy off."""

import shutil

import openpyxl
import pdfplumber
import pytest

from db import open_database
from desktop_app.cli import main
from desktop_app.core.masking import mask_id_number, mask_phone
from desktop_app.core.operators import add_operator, create_first_admin
from desktop_app.core.permissions import Operator
from desktop_app.transfer.errors import TransferError
from desktop_app.transfer.package import export_package, open_package
from desktop_app.transfer.policy import (
    REFUSAL,
    EncryptionRequired,
    encryption_policy,
    set_encryption_required,
)

PASSWORD = "kaoping2026"
ACCOUNTS = {"审核乙": "审核员", "录入丙": "录入员", "只读丁": "只读"}


@pytest.fixture(scope="module")
def tiny_template(tmp_path_factory):
    from desktop_app.core.demo import write_demo

    path = tmp_path_factory.mktemp("tiny") / "tiny.kpdb"
    write_demo(path, scale="tiny")
    return path


@pytest.fixture
def tiny(tiny_template, tmp_path):
    path = tmp_path / "县.kpdb"
    shutil.copy(tiny_template, path)
    return path


@pytest.fixture
def secrets(tiny) -> dict[str, set[str]]:
    db = open_database(tiny)
    try:
        rows = db.execute("SELECT id_number, phone FROM cadres WHERE deleted = 0").fetchall()
    finally:
        db.close()
    return {"ids": {r[0] for r in rows if r[0]}, "phones": {r[1] for r in rows if r[1]}}


@pytest.fixture
def accounts(tiny, tmp_path):
    """The tiny demo with accounts: 管理员甲 and one of each other role; the password file."""
    db = open_database(tiny)
    try:
        admin = create_first_admin(db, "管理员甲", PASSWORD)
        for name, role in ACCOUNTS.items():
            add_operator(db, admin, name, role, PASSWORD)
    finally:
        db.close()
    password = tmp_path / "密码.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    return ["--password-file", str(password)]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def leaked(text: str, secrets: dict[str, set[str]]) -> set[str]:
    return {s for s in secrets["ids"] | secrets["phones"] if s in text}


# -- PDFs ---------------------------------------------------------------------------------------
def test_no_pdf_prints_a_whole_id_number_or_phone(tiny, secrets, tmp_path):
    from desktop_app.reports.annual_print import write_county_summary, write_unit_results
    from desktop_app.reports.ballot_print import write_ballots
    from desktop_app.reports.dossier_print import write_dossiers
    from desktop_app.reports.notice_print import write_notice_pdf
    from desktop_app.reports.quarter_results_print import write_quarter_results
    from desktop_app.reports.report_forms_print import write_report_forms

    db = open_database(tiny)
    try:
        notice = db.execute("SELECT id FROM notices WHERE deleted = 0 LIMIT 1").fetchone()[0]
        year, quarter, unit = db.execute("SELECT year, quarter, unit_id FROM evaluation_sessions"
                                         " WHERE deleted = 0 ORDER BY year DESC, quarter DESC LIMIT 1").fetchone()
        cadres = [row[0] for row in db.execute("SELECT id FROM cadres WHERE deleted = 0 AND id_number <> '' LIMIT 3")]
        written = {
            "notice": write_notice_pdf(db, notice, tmp_path / "公示.pdf"),
            "forms": write_report_forms(db, tmp_path / "登记表.pdf", "2025-12", "2026-01-05"),
            "ballots": write_ballots(db, unit, year, quarter, tmp_path / "测评票.pdf")[0],
            "quarter": write_quarter_results(db, unit, year, quarter, tmp_path / "季度.pdf", chart=False),
            "unit": write_unit_results(db, 2025, unit, tmp_path / "单位.pdf"),
            "county": write_county_summary(db, 2025, tmp_path / "全县.pdf", charts=False),
            "dossiers": write_dossiers(db, tmp_path / "档案.pdf", cadre_ids=cadres, chart=False)[0],
        }
        masked = {mask_id_number(number) for (number,) in db.execute(
            "SELECT id_number FROM cadres WHERE id IN (?, ?, ?)", cadres)}
    finally:
        db.close()
    texts = {kind: pdf_text(path) for kind, path in written.items()}
    assert {kind: leaked(text, secrets) for kind, text in texts.items() if leaked(text, secrets)} == {}
    assert all(number in texts["dossiers"] for number in masked)


def test_the_dossier_prints_the_whole_id_number_only_for_a_reviewer_who_asks(tiny, accounts, secrets, tmp_path,
                                                                           capsys):
    db = open_database(tiny)
    try:
        cadre_id, number = db.execute("SELECT id, id_number FROM cadres WHERE id_number <> '' LIMIT 1").fetchone()
    finally:
        db.close()
    target = tmp_path / "档案.pdf"
    code, _out, _err = run(capsys, "report", "dossier", tiny, cadre_id, target, "--no-chart")
    assert code == 0 and number not in pdf_text(target) and mask_id_number(number) in pdf_text(target)
    code, _out, err = run(capsys, "report", "dossier", tiny, cadre_id, target, "--no-chart", "--full-id")
    assert code == 2 and "须用 --operator 指定操作员" in err
    code, _out, err = run(capsys, "report", "dossier", tiny, cadre_id, target, "--no-chart", "--full-id",
                          "--operator", "录入丙", *accounts)
    assert code == 2 and "角色是录入员，无权查看完整证件号" in err and "审核员或管理员" in err
    code, _out, _err = run(capsys, "report", "dossier", tiny, cadre_id, target, "--no-chart", "--full-id",
                           "--operator", "审核乙", *accounts)
    assert code == 0 and number in pdf_text(target)


# -- Excel --------------------------------------------------------------------------------------
def roster_cells(path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True))


def test_the_roster_command_masks_unless_full_id_by_a_role_that_may(tiny, accounts, secrets, tmp_path, capsys):
    target = tmp_path / "名册.xlsx"
    code, out, _err = run(capsys, "roster", "export", tiny, target)
    assert code == 0 and "身份证号和电话已隐去中间位数" in out
    rows = roster_cells(target)
    assert not leaked(" ".join(str(c) for row in rows for c in row), secrets)
    assert {row[4] for row in rows} == {mask_id_number(n) for n in secrets["ids"]}
    assert {row[12] for row in rows} == {mask_phone(p) for p in secrets["phones"]}
    for name in ("录入丙", "只读丁"):
        code, _out, err = run(capsys, "roster", "export", tiny, target, "--full-id", "--operator", name, *accounts)
        assert code == 2 and "无权查看完整证件号" in err
    assert not leaked(" ".join(str(c) for row in roster_cells(target) for c in row), secrets)  # not rewritten
    code, out, _err = run(capsys, "roster", "export", tiny, target, "--full-id", "--operator", "管理员甲", *accounts)
    assert code == 0 and "含完整身份证号和电话，请妥善保管" in out
    rows = roster_cells(target)
    assert {row[4] for row in rows} == secrets["ids"] and {row[12] for row in rows} == secrets["phones"]


def test_the_annual_table_holds_no_id_numbers_or_phones(tiny, secrets, tmp_path, capsys):
    target = tmp_path / "结果表.xlsx"
    code, _out, _err = run(capsys, "report", "table", tiny, "--year", "2025", target)
    assert code == 0
    book = openpyxl.load_workbook(target)
    text = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    assert not leaked(text, secrets)


# -- 交换文件必须加密 -------------------------------------------------------------------------------
def test_a_transfer_file_without_a_passphrase_is_refused_by_default(tiny, tmp_path):
    target = tmp_path / "交换.kpx"
    with pytest.raises(EncryptionRequired, match="本单位规定交换文件必须加密"):
        export_package(tiny, target)
    assert not target.exists() and not list(tmp_path.glob(".*partial*"))
    manifest = export_package(tiny, target, passphrase="口令1234")
    assert manifest.encrypted
    (tmp_path / "work").mkdir()
    with pytest.raises(TransferError):
        open_package(target, tmp_path / "work")  # no passphrase: cannot be read
    open_package(target, tmp_path / "work", passphrase="口令1234").discard()


def test_only_an_administrator_turns_the_policy_off_and_then_plain_files_are_allowed(tiny, accounts, tmp_path):
    db = open_database(tiny)
    try:
        assert encryption_policy(db).required and encryption_policy(db).changed_by == ""
        for name, role in ACCOUNTS.items():
            with pytest.raises(Exception, match="无权修改安全设置"):
                set_encryption_required(db, Operator(name, role), False)
        policy = set_encryption_required(db, Operator("管理员甲", "管理员"), False)
        assert not policy.required and policy.changed_by == "管理员甲" and "关闭（管理员甲 于 " in policy.description
    finally:
        db.close()
    assert not export_package(tiny, tmp_path / "明文.kpx", by=Operator("管理员甲", "管理员")).encrypted


def test_the_transfer_command_needs_a_passphrase_file_while_the_policy_is_on(tiny, tmp_path, capsys):
    target = tmp_path / "U盘" / "交换.kpx"
    target.parent.mkdir()
    code, out, err = run(capsys, "transfer", "export", tiny, target)
    assert code == 3 and out == "" and err.strip() == f"错误：{REFUSAL}" and not target.exists()
    passphrase = tmp_path / "口令.txt"
    passphrase.write_text("口令1234\n", encoding="utf-8")
    code, out, _err = run(capsys, "transfer", "export", tiny, target, "--passphrase-file", passphrase)
    assert code == 0 and "已加密" in out and target.exists()
