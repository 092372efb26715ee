"""Witnesses of other offices' audit chains (记实链见证): the chain heads a transfer file carried.

Every transfer file's manifest names each office's chain head as the exporting database held it
(db.audit_hash.chain_heads). The importing office keeps them in audit_witnesses, a local table
(never merged, never exported); core.audit_verify then checks that each witnessed head is still
in the chain — a chain rewritten after the file came, or entries deleted, no longer holds it.
"""

import re

_CHAIN = re.compile(r"^[0-9a-f]{64}$")


def record_witnesses(db, manifest, received_at: str) -> int:
    """Keep the heads `manifest` (a transfer file's) carried; returns how many. Called inside the
    import's transaction, so they are kept exactly when the file's entries are."""
    rows = [(manifest.package_id, office_id, head["chain"], str(head.get("at", "")), manifest.office["id"],
             manifest.office["name"], received_at)
            for office_id, head in sorted((manifest.chain_heads or {}).items())
            if isinstance(head, dict) and _CHAIN.match(str(head.get("chain", "")))]
    db.conn.executemany(
        "INSERT OR IGNORE INTO audit_witnesses (package_id, office_id, chain, at, from_office_id, from_office_name,"
        " received_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def witnesses(db) -> list[dict]:
    """The heads witnessed here, oldest file first."""
    cursor = db.execute("SELECT package_id, office_id, chain, at, from_office_id, from_office_name, received_at"
                        " FROM audit_witnesses ORDER BY received_at, package_id, office_id")
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


__all__ = ["record_witnesses", "witnesses"]
