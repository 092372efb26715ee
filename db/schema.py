"""Append-only migrations of the office database (数据库结构变更).

Rules: never edit or reorder a released migration; add a new function at the end.
Each one runs in its own transaction (sqlite-utils >= 4.2 `Migrations.apply`).
`tests/fixtures/schemas/` keeps a database file of every released schema.
"""

from db._sqlite_utils import Database, Migrations
from db.audit_hash import chain_existing_entries, start_local_log

MIGRATION_SET = "kaoping"
migrations = Migrations(MIGRATION_SET)

# Columns every record table carries, written only by desktop_app.core.store.
STAMP_COLUMNS_SQL = """
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    office_id TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    version_id TEXT NOT NULL
"""


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    _run_script(
        db,
        f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE units (
            {STAMP_COLUMNS_SQL},
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            sort_order INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX units_live_name ON units(name) WHERE deleted = 0;

        CREATE TABLE cadres (
            {STAMP_COLUMNS_SQL},
            name TEXT NOT NULL,
            gender TEXT NOT NULL DEFAULT '',
            ethnicity TEXT NOT NULL DEFAULT '',
            birth_month TEXT NOT NULL DEFAULT '',
            id_number TEXT NOT NULL DEFAULT '',
            political_status TEXT NOT NULL DEFAULT '',
            education TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '在职',
            name_pinyin TEXT NOT NULL DEFAULT '',
            name_initials TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX cadres_live_id_number ON cadres(id_number)
            WHERE deleted = 0 AND id_number <> '';
        CREATE INDEX cadres_name ON cadres(name);

        CREATE TABLE posts (
            {STAMP_COLUMNS_SQL},
            cadre_id TEXT NOT NULL REFERENCES cadres(id),
            unit_id TEXT NOT NULL REFERENCES units(id),
            title TEXT NOT NULL,
            post_type TEXT NOT NULL,
            rank TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL DEFAULT '',
            end_date TEXT
        );
        CREATE INDEX posts_cadre ON posts(cadre_id);
        CREATE INDEX posts_unit ON posts(unit_id);

        -- Immutable versions: id = hash(table, record, parents, content, deleted).
        CREATE TABLE versions (
            id TEXT PRIMARY KEY,
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            parents TEXT NOT NULL,
            office_id TEXT NOT NULL,
            operator TEXT NOT NULL,
            at TEXT NOT NULL,
            deleted INTEGER NOT NULL,
            content TEXT NOT NULL
        );
        CREATE INDEX versions_record ON versions(table_name, record_id);

        -- 全程记实: one row per write, grouped by batch (one operator action, one undo step).
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            operator TEXT NOT NULL,
            office_id TEXT NOT NULL,
            action TEXT NOT NULL,
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            version_id TEXT NOT NULL REFERENCES versions(id),
            parent_version_id TEXT REFERENCES versions(id),
            batch_id TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_record ON audit_log(table_name, record_id);
        CREATE INDEX audit_batch ON audit_log(batch_id);
        CREATE INDEX audit_at ON audit_log(at);
        """
    )


@migrations(name="0002_imports")
def m0002_imports(db: Database) -> None:
    """导入记录 (every transfer file merged here, so a second import is recognised) and 其他单位."""
    _run_script(
        db,
        """
        CREATE TABLE imports (
            package_id TEXT PRIMARY KEY,
            source_office_id TEXT NOT NULL,
            source_office_name TEXT NOT NULL,
            exported_at TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            operator TEXT NOT NULL,
            report TEXT NOT NULL
        );
        -- 其他单位: offices met through exchanged files, to name the office of each version.
        CREATE TABLE offices (id TEXT PRIMARY KEY, name TEXT NOT NULL);
        -- audit entries arriving with a transfer file are matched by version
        CREATE INDEX audit_version ON audit_log(version_id);
        """
    )


@migrations(name="0003_reports_notices")
def m0003_reports_notices(db: Database) -> None:
    """月度实绩报告、未报说明、工作日历、公示、异议.

    Records whose identity is natural get a derived id (desktop_app.core.natural_ids), so two
    offices entering the same cadre's month, or the same calendar day, hold one record, and
    differing entries meet as a conflict instead of clashing on a unique index.
    Lists inside a record (report items, a notice's rows, its channels) are JSON text: they
    are edited, versioned and merged with the record.
    """
    _run_script(
        db,
        f"""
        CREATE TABLE reports (
            {STAMP_COLUMNS_SQL},
            cadre_id TEXT NOT NULL REFERENCES cadres(id),
            unit_id TEXT NOT NULL REFERENCES units(id),
            month TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT '草稿',
            plans TEXT NOT NULL DEFAULT '[]',
            items TEXT NOT NULL DEFAULT '[]',
            self_grade TEXT NOT NULL DEFAULT '',
            submitted_on TEXT NOT NULL DEFAULT '',
            truthful TEXT NOT NULL DEFAULT '',
            completion_grade TEXT NOT NULL DEFAULT '',
            hollow INTEGER NOT NULL DEFAULT 0,
            review_remarks TEXT NOT NULL DEFAULT '',
            reviewed_on TEXT NOT NULL DEFAULT '',
            signed_by TEXT NOT NULL DEFAULT '',
            signed_on TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX reports_cadre_month ON reports(cadre_id, month);
        CREATE INDEX reports_unit_month ON reports(unit_id, month);

        CREATE TABLE report_excuses (
            {STAMP_COLUMNS_SQL},
            cadre_id TEXT NOT NULL REFERENCES cadres(id),
            month TEXT NOT NULL,
            reason TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            accepted_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX report_excuses_cadre ON report_excuses(cadre_id, month);

        CREATE TABLE calendar_days (
            {STAMP_COLUMNS_SQL},
            day TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX calendar_days_day ON calendar_days(day);

        CREATE TABLE notices (
            {STAMP_COLUMNS_SQL},
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            unit_ids TEXT NOT NULL DEFAULT '[]',
            basis TEXT NOT NULL DEFAULT '',
            columns TEXT NOT NULL DEFAULT '[]',
            entries TEXT NOT NULL DEFAULT '[]',
            start_date TEXT NOT NULL,
            workdays INTEGER NOT NULL DEFAULT 7,
            end_date TEXT NOT NULL,
            channels TEXT NOT NULL DEFAULT '{{}}',
            issuer TEXT NOT NULL DEFAULT '',
            issued_on TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT '草稿',
            closed_on TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX notices_start ON notices(start_date);

        CREATE TABLE objections (
            {STAMP_COLUMNS_SQL},
            notice_id TEXT REFERENCES notices(id),
            cadre_id TEXT REFERENCES cadres(id),
            received_on TEXT NOT NULL,
            channel TEXT NOT NULL,
            complainant TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL,
            within_period INTEGER NOT NULL DEFAULT 1,
            state TEXT NOT NULL DEFAULT '受理',
            findings TEXT NOT NULL DEFAULT '',
            handler TEXT NOT NULL DEFAULT '',
            closed_on TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX objections_notice ON objections(notice_id);
        CREATE INDEX objections_cadre ON objections(cadre_id);
        """
    )


@migrations(name="0004_quarterly")
def m0004_quarterly(db: Database) -> None:
    """季度评议: rule sets by year (规则方案), evaluation sessions (测评会) and their tallies (计票).

    A rule set, a unit's session of a quarter and a cadre's tally in a session each exist once:
    their ids are natural (core.natural_ids). Scores are not stored: they are computed from the
    raw counts with the rule set of the quarter's year, so a past quarter always reads the same.
    """
    _run_script(
        db,
        f"""
        CREATE TABLE rule_sets (
            {STAMP_COLUMNS_SQL},
            year INTEGER NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            rules TEXT NOT NULL DEFAULT '{{}}'
        );
        CREATE INDEX rule_sets_year ON rule_sets(year);

        CREATE TABLE evaluation_sessions (
            {STAMP_COLUMNS_SQL},
            unit_id TEXT NOT NULL REFERENCES units(id),
            year INTEGER NOT NULL,
            quarter INTEGER NOT NULL,
            meeting_date TEXT NOT NULL DEFAULT '',
            expected INTEGER NOT NULL DEFAULT 0,
            present INTEGER NOT NULL DEFAULT 0,
            issued INTEGER NOT NULL DEFAULT 0,
            returned INTEGER NOT NULL DEFAULT 0,
            valid INTEGER NOT NULL DEFAULT 0,
            categories TEXT NOT NULL DEFAULT '[]',
            valid_by_category TEXT NOT NULL DEFAULT '{{}}',
            cadre_ids TEXT NOT NULL DEFAULT '[]',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX evaluation_sessions_period ON evaluation_sessions(year, quarter);
        CREATE INDEX evaluation_sessions_unit ON evaluation_sessions(unit_id);

        CREATE TABLE tallies (
            {STAMP_COLUMNS_SQL},
            session_id TEXT NOT NULL REFERENCES evaluation_sessions(id),
            cadre_id TEXT NOT NULL REFERENCES cadres(id),
            counts TEXT NOT NULL DEFAULT '{{}}'
        );
        CREATE INDEX tallies_session ON tallies(session_id);
        CREATE INDEX tallies_cadre ON tallies(cadre_id);
        """
    )



@migrations(name="0005_annual")
def m0005_annual(db: Database) -> None:
    """年度考核: the year's inputs per team and cadre, the supervision registers (通报批评, 处分,
    督办事项, 谈话, 函询), the committee's decisions (审定) and the year locks (锁定/重新开放).

    A team's or cadre's inputs of a year, a decision of a year and a year's lock each exist once:
    natural ids (core.natural_ids). Vote counts are kept raw (JSON), never as percentages.
    Also indexes the monthly reports and excuses by month (the year's facts read them by month).
    """
    _run_script(
        db,
        f"""
        CREATE TABLE annual_inputs (
            {STAMP_COLUMNS_SQL},
            year INTEGER NOT NULL,
            unit_id TEXT NOT NULL REFERENCES units(id),
            cadre_id TEXT REFERENCES cadres(id),
            evaluation TEXT NOT NULL DEFAULT '{{}}',
            survey TEXT NOT NULL DEFAULT '{{}}',
            survey_confirmed INTEGER NOT NULL DEFAULT 0,
            investigation TEXT NOT NULL DEFAULT '',
            responsibility_score TEXT NOT NULL DEFAULT '',
            responsibility_grade TEXT NOT NULL DEFAULT '',
            key_projects TEXT NOT NULL DEFAULT '[]',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX annual_inputs_year ON annual_inputs(year);
        CREATE INDEX annual_inputs_cadre ON annual_inputs(cadre_id);

        CREATE TABLE supervision_notices (
            {STAMP_COLUMNS_SQL},
            unit_id TEXT NOT NULL REFERENCES units(id),
            cadre_id TEXT REFERENCES cadres(id),
            issued_on TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            issuer TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX supervision_notices_issued ON supervision_notices(issued_on);

        CREATE TABLE sanctions (
            {STAMP_COLUMNS_SQL},
            cadre_id TEXT NOT NULL REFERENCES cadres(id),
            decided_on TEXT NOT NULL,
            category TEXT NOT NULL,
            measure TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            decided_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX sanctions_cadre ON sanctions(cadre_id);
        CREATE INDEX sanctions_decided ON sanctions(decided_on);

        CREATE TABLE supervised_tasks (
            {STAMP_COLUMNS_SQL},
            cadre_id TEXT NOT NULL REFERENCES cadres(id),
            unit_id TEXT REFERENCES units(id),
            title TEXT NOT NULL,
            assigned_on TEXT NOT NULL DEFAULT '',
            deadline TEXT NOT NULL,
            done_on TEXT NOT NULL DEFAULT '',
            excused TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX supervised_tasks_cadre ON supervised_tasks(cadre_id);
        CREATE INDEX supervised_tasks_deadline ON supervised_tasks(deadline);

        CREATE TABLE talks (
            {STAMP_COLUMNS_SQL},
            cadre_id TEXT NOT NULL REFERENCES cadres(id),
            talked_on TEXT NOT NULL,
            kind TEXT NOT NULL,
            talker TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX talks_cadre ON talks(cadre_id);
        CREATE INDEX talks_day ON talks(talked_on);

        CREATE TABLE inquiries (
            {STAMP_COLUMNS_SQL},
            cadre_id TEXT NOT NULL REFERENCES cadres(id),
            sent_on TEXT NOT NULL,
            issue TEXT NOT NULL,
            reply_due TEXT NOT NULL,
            replied_on TEXT NOT NULL DEFAULT '',
            reply TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX inquiries_cadre ON inquiries(cadre_id);

        CREATE TABLE annual_decisions (
            {STAMP_COLUMNS_SQL},
            year INTEGER NOT NULL,
            kind TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            unit_id TEXT NOT NULL REFERENCES units(id),
            proposed_grade TEXT NOT NULL DEFAULT '',
            final_grade TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            decided_by TEXT NOT NULL DEFAULT '',
            decided_on TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX annual_decisions_year ON annual_decisions(year);
        CREATE INDEX annual_decisions_subject ON annual_decisions(subject_id);

        CREATE TABLE year_locks (
            {STAMP_COLUMNS_SQL},
            year INTEGER NOT NULL,
            locked INTEGER NOT NULL DEFAULT 1,
            locked_by TEXT NOT NULL DEFAULT '',
            locked_on TEXT NOT NULL DEFAULT '',
            reopened_by TEXT NOT NULL DEFAULT '',
            reopened_on TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT ''
        );

        CREATE INDEX reports_month ON reports(month);
        CREATE INDEX report_excuses_month ON report_excuses(month)
        """
    )



@migrations(name="0006_operators")
def m0006_operators(db: Database) -> None:
    """操作员与记实链: the workstation's operator accounts and failed logins, and the audit trail's
    hash chain.

    `operators` and `login_failures` are local to the database file and are not records: they are
    not versioned, never merged, and a transfer file never carries them (db.snapshot empties them) —
    password hashes do not travel on a USB stick. Each audit entry gets `chain` (SHA-256 over the
    previous entry's chain of the same office and the entry itself), `prev_chain` (that previous
    chain, so entries arriving out of order or with gaps still verify) and `seal` (an HMAC of the
    chain with the office's key, kept outside the database file), see core.audit_chain. The entries
    already there are chained now, without seals (db.audit_hash). `audit_witnesses` (local too)
    keeps the chain heads other offices' transfer files carried.
    """
    _run_script(
        db,
        """
        CREATE TABLE operators (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            changed_at TEXT NOT NULL DEFAULT '',
            must_change INTEGER NOT NULL DEFAULT 0,
            disabled INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE login_failures (
            name TEXT PRIMARY KEY,
            failures INTEGER NOT NULL DEFAULT 0,
            last_at TEXT NOT NULL DEFAULT '',
            wait_until TEXT NOT NULL DEFAULT ''
        );

        ALTER TABLE audit_log ADD COLUMN chain TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit_log ADD COLUMN seal TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit_log ADD COLUMN prev_chain TEXT NOT NULL DEFAULT '';

        CREATE TABLE audit_witnesses (
            package_id TEXT NOT NULL,
            office_id TEXT NOT NULL,
            chain TEXT NOT NULL,
            at TEXT NOT NULL,
            from_office_id TEXT NOT NULL,
            from_office_name TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (package_id, office_id)
        )
        """
    )
    chain_existing_entries(db.conn)


@migrations(name="0007_local_log")
def m0007_local_log(db: Database) -> None:
    """本机日志: this workstation's own chained and sealed log of what is not a record — operator account
    changes, security settings, and receipts of other offices' audit entries (core.local_log).

    Local like `operators`: never merged, emptied in transfer snapshots. The accounts and security
    settings the file holds now are logged unsealed (the key is not the database's business); meta
    notes where sealing begins, and from which audit entry on other offices' entries need a receipt.
    """
    _run_script(
        db,
        """
        CREATE TABLE local_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            operator TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL,
            prev_chain TEXT NOT NULL,
            chain TEXT NOT NULL,
            seal TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX local_log_subject ON local_log(action, subject)
        """
    )
    start_local_log(db.conn)


def _run_script(db: Database, script: str) -> None:
    """Run statements one by one: `executescript` would COMMIT the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def known_migrations() -> list[str]:
    return [m.name for m in migrations._migrations]


def schema_version(db: Database) -> int:
    """Number of this set's migrations applied to `db` (0 for a new file)."""
    return len(migrations.applied(db))


def unknown_migrations(db: Database) -> list[str]:
    """Migrations applied to `db` that this version of the app does not know."""
    known = set(known_migrations())
    return [m.name for m in migrations.applied(db) if m.name not in known]
