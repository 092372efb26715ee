"""The demo database (演示数据库): realistic, valid, deterministic, written through the write path."""

import os
import subprocess
import sys
from collections import Counter, defaultdict

import pytest

from db.copying import connect_read_only
from db.errors import DatabaseError
from db.integrity import check_database
from desktop_app.cli import main
from desktop_app.core.cadres import NAME_PATTERN
from desktop_app.core.demo import steps, write_demo
from desktop_app.core.demo.people import AS_OF
from desktop_app.core.idcard import parse_id_number
from desktop_app.core.vocabulary import CADRE_STATUSES, POLITICAL_STATUSES, RANKS

RARE_CHARACTERS = "镕玥堃喆昇珺赟"


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "county.kpdb"
    return write_demo(path, scale="county", seed=1)


def rows(path, sql, params=()):
    conn = connect_read_only(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_county_has_about_100_units_and_1500_cadres(county):
    assert county.office == "雷山县委组织部"
    assert county.units == 100
    assert 1350 <= county.cadres <= 1650
    assert county.cadres < county.posts < 3 * county.cadres
    assert rows(county.path, "SELECT COUNT(*) FROM units")[0][0] == county.units
    assert rows(county.path, "SELECT COUNT(*) FROM cadres")[0][0] == county.cadres
    assert rows(county.path, "SELECT COUNT(*) FROM posts")[0][0] == county.posts
    assert sum(county.statuses.values()) == county.cadres
    assert county.statuses["在职"] > 0.7 * county.cadres and county.statuses["退休"] and county.statuses["调离"]
    kinds = Counter(kind for (kind,) in rows(county.path, "SELECT kind FROM units"))
    assert set(kinds) == {"乡镇", "街道", "县直部门"} and kinds["县直部门"] > 50
    orders = [order for (order,) in rows(county.path, "SELECT sort_order FROM units")]
    assert len(set(orders)) == len(orders)


def test_id_numbers_are_valid_unique_and_agree_with_gender_and_birth(county):
    cadres = rows(county.path, "SELECT id_number, gender, birth_month, status FROM cadres")
    assert len({number for number, *_ in cadres}) == len(cadres)
    for number, gender, birth_month, status in cadres:
        parsed = parse_id_number(number)
        assert parsed.number == number and number.startswith("52")
        assert (parsed.gender, parsed.birth_month) == (gender, birth_month)
        if status == "在职":
            assert 24 <= AS_OF.year - parsed.birth.year <= 59
            assert 24 <= parsed.birth.year and parsed.birth <= AS_OF.replace(year=AS_OF.year - 24)


def test_names_are_plausible_and_include_the_rare_characters(county):
    names = [name for (name,) in rows(county.path, "SELECT name FROM cadres")]
    assert all(NAME_PATTERN.match(name) and 2 <= len(name) <= 3 for name in names)
    for character in RARE_CHARACTERS:
        assert any(character in name for name in names), character
    assert any(name[:2] in ("欧阳", "令狐", "上官", "司马", "诸葛") for name in names)
    assert len(set(names)) > 0.9 * len(names)
    surnames = Counter(name[0] for name in names)
    assert surnames.most_common(1)[0][0] in "杨吴王李张"


def test_cadre_values_are_from_the_vocabulary(county):
    cadres = rows(county.path, "SELECT ethnicity, political_status, education, phone, status, name_initials"
                               " FROM cadres")
    ethnicities = Counter(row[0] for row in cadres)
    assert {"苗族", "侗族", "水族", "布依族", "汉族"} <= set(ethnicities)
    assert ethnicities.most_common(1)[0][0] == "苗族"
    parties = Counter(row[1] for row in cadres)
    assert set(parties) <= set(POLITICAL_STATUSES) and parties["中共党员"] > 0.7 * len(cadres)
    educations = Counter(row[2] for row in cadres)
    assert educations["大学"] + educations["研究生"] + educations["大专"] > 0.85 * len(cadres)
    assert all(len(row[3]) == 11 and row[3].startswith("1") and row[3].isdigit() for row in cadres)
    assert {row[4] for row in cadres} <= set(CADRE_STATUSES)
    assert all(row[5] for row in cadres)  # pinyin initials filled by validate_cadre


def test_each_unit_has_exactly_one_current_principal(county):
    principals = rows(county.path, """
        SELECT u.name, (SELECT COUNT(*) FROM posts p WHERE p.unit_id = u.id AND p.post_type = '正职'
                          AND p.end_date IS NULL AND p.start_date <= ?) FROM units u""", [AS_OF.isoformat()])
    assert len(principals) == 100 and all(count == 1 for _name, count in principals)
    overlapping = rows(county.path, """
        SELECT COUNT(*) FROM posts a JOIN posts b ON a.unit_id = b.unit_id AND a.id < b.id
         WHERE a.post_type = '正职' AND b.post_type = '正职'
           AND a.start_date < COALESCE(b.end_date, '9') AND b.start_date < COALESCE(a.end_date, '9')""")
    assert overlapping[0][0] == 0  # never two 一把手 at once


def test_post_histories_are_consistent(county):
    posts = defaultdict(list)
    for cadre_id, start, end, post_type, rank in rows(
            county.path, "SELECT cadre_id, start_date, end_date, post_type, rank FROM posts ORDER BY start_date"):
        posts[cadre_id].append((start, end))
        assert "2012-01-01" <= start <= AS_OF.isoformat() and (end is None or start < end <= AS_OF.isoformat())
        assert rank in RANKS and (post_type != "正职" or rank in ("正科", "副处"))
    statuses = dict(rows(county.path, "SELECT id, status FROM cadres"))
    transfers = 0
    for cadre_id, held in posts.items():
        for (_start, end), (next_start, _next_end) in zip(held, held[1:], strict=False):
            assert end is not None and end <= next_start  # one post at a time
            transfers += end == next_start
        open_posts = sum(end is None for _start, end in held)
        assert open_posts == (1 if statuses[cadre_id] == "在职" else 0)
    assert set(posts) == set(statuses)
    assert transfers > 300
    lengths = Counter(len(held) for held in posts.values())
    assert lengths[1] + lengths[2] + lengths[3] > 0.9 * len(posts)


def test_written_through_the_write_path_and_passes_the_check(county):
    report = check_database(county.path)
    assert report.ok, report.problems
    entries = rows(county.path, "SELECT operator, action, note, COUNT(DISTINCT batch_id), COUNT(*) FROM audit_log")
    assert entries == [("演示数据", "create", "生成演示数据", 1, sum(county.written.values()))]
    assert sum(county.written.values()) > county.units + county.cadres + county.posts
    assert rows(county.path, "SELECT MIN(at) FROM audit_log")[0][0] == "2026-01-05T09:00:00+08:00"


def content(path) -> dict:
    """Every table's rows in order (the migrations' applied-at times left out)."""
    tables = [name for (name,) in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    dump = {}
    for table in tables:
        columns = [row[1] for row in rows(path, f"PRAGMA table_info({table})")]
        order = "seq" if table == "audit_log" else "1"
        if table != "_sqlite_migrations":
            dump[table] = rows(path, f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
    return dump


def test_same_scale_and_seed_give_the_same_database(county, tmp_path):
    """Written again by another process with another hash seed: nothing may depend on set order."""
    again = tmp_path / "again.kpdb"
    code = "import sys; from desktop_app.cli import main; sys.exit(main(sys.argv[1:]))"
    subprocess.run([sys.executable, "-c", code, "demo", str(again), "--seed", "1"], check=True,
                   env={**os.environ, "PYTHONHASHSEED": "12345"}, capture_output=True)
    assert content(again) == content(county.path)


def test_another_seed_gives_another_database(tmp_path):
    first = content(write_demo(tmp_path / "one.kpdb", scale="tiny", seed=1).path)
    second = content(write_demo(tmp_path / "two.kpdb", scale="tiny", seed=2).path)
    assert first["meta"] != second["meta"]
    assert {row[0] for row in first["cadres"]}.isdisjoint(row[0] for row in second["cadres"])
    assert sorted(row[6] for row in first["units"]) == sorted(row[6] for row in second["units"])  # same units


def test_progress_is_reported_up_to_the_total(tmp_path):
    calls = []
    write_demo(tmp_path / "tiny.kpdb", scale="tiny", progress=lambda *call: calls.append(call))
    assert len(calls) > 5
    assert [done for done, _total, _text in calls] == sorted(done for done, _total, _text in calls)
    done, total, text = calls[-1]
    assert done == total and text


def test_a_failure_leaves_no_half_file_and_keeps_an_overwritten_one(tmp_path, monkeypatch):
    def broken_step(store, rng, facts):
        raise RuntimeError("断电")

    monkeypatch.setattr(steps, "STEPS", [*steps.STEPS, steps.Step(broken_step, lambda scale: 1)])
    monkeypatch.setattr("desktop_app.core.demo.STEPS", steps.STEPS)
    with pytest.raises(RuntimeError):
        write_demo(tmp_path / "demo.kpdb", scale="tiny")
    assert list(tmp_path.iterdir()) == []
    existing = tmp_path / "kept.kpdb"
    existing.write_bytes(b"old contents")
    with pytest.raises(RuntimeError):
        write_demo(existing, scale="tiny", overwrite=True)
    assert existing.read_bytes() == b"old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.kpdb"]


def test_an_existing_file_is_not_overwritten_unless_asked(tmp_path):
    existing = tmp_path / "office.kpdb"
    existing.write_bytes(b"precious")
    with pytest.raises(DatabaseError, match="已存在"):
        write_demo(existing, scale="tiny")
    assert existing.read_bytes() == b"precious"
    summary = write_demo(existing, scale="tiny", overwrite=True)
    assert check_database(summary.path).ok


def test_unknown_scale_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="county"):
        write_demo(tmp_path / "x.kpdb", scale="province")
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = tmp_path / "demo.kpdb"
    path.write_bytes(b"keep me")
    assert main(["demo", str(path)]) == 2
    captured = capsys.readouterr()
    assert "已存在" in captured.err and "--force" in captured.err
    assert path.read_bytes() == b"keep me"
    assert main(["demo", str(path), "--seed", "7", "--force"]) == 0
    out = capsys.readouterr().out
    assert "已生成演示数据库" in out and "雷山县委组织部" in out and "单位 100 个" in out
    assert "2024 年度已审定并锁定" in out
    assert check_database(path).ok


def test_the_demo_runs_a_monthly_cycle_in_every_state(county):
    """13 months of reports, each unit's notices and objections: as of the demo's today
    December is being reviewed, a few November notices wait for an objection, and some
    cadres have two bad months in a row (rule 8)."""
    from collections import Counter

    from db import open_database
    from desktop_app.core.notices import board
    from desktop_app.core.report_gaps import month_statuses, report_flags
    from desktop_app.core.workdays import load_calendar

    db = open_database(county.path)
    try:
        december = Counter(c.status for c in month_statuses(db, "2025-12", "2026-01-05"))
        assert december["按时"] > 300 and december["逾期"] and december["未报"] and december["说明"]
        assert Counter(c.status for c in month_statuses(db, "2025-06", "2026-01-05"))["空洞"] > 0
        assert len(report_flags(db, 2025, "2026-01-05")) >= 3
        sections = Counter(entry.section for entry in board(db, load_calendar(db), "2026-01-05"))
        assert sections["已结束"] > 1000 and sections["期满待结束"] >= 1
        states = dict(db.execute("SELECT state, COUNT(*) FROM objections GROUP BY state").fetchall())
        assert {"受理", "不属实", "部分属实"} <= set(states) or {"核查中", "不属实", "部分属实"} <= set(states)
        assert set(dict(db.execute("SELECT state, COUNT(*) FROM reports GROUP BY state").fetchall())) == {
            "草稿", "已提交", "已审核", "已公示", "归档"}
    finally:
        db.close()


def test_the_demo_has_eight_quarters_of_consistent_tallies_one_unit_split_by_category(county):
    from db import open_database
    from desktop_app.core.evaluations import sessions_of_quarter, tallies_of, tally_problems
    from desktop_app.core.rule_sets import rules_for_year

    db = open_database(county.path)
    try:
        quarters = db.execute("SELECT DISTINCT year, quarter FROM evaluation_sessions ORDER BY 1, 2").fetchall()
        assert quarters == [(y, q) for y in (2024, 2025) for q in (1, 2, 3, 4)]
        sessions = sessions_of_quarter(db, 2025, 4)
        rules = rules_for_year(db, 2025)
        assert len(sessions) > 90 and [s["categories"] for s in sessions if s["categories"]] == [["领导", "同级", "干部职工"]]
        for session in sessions:
            assert session["present"] <= session["expected"] and session["valid"] <= session["returned"]
            tallies = tallies_of(db, session["id"])
            assert set(tallies) == set(session["cadre_ids"])
            assert all(tally_problems(session, counts, rules) == [] for counts in tallies.values())
    finally:
        db.close()
