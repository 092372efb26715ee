"""Duplicates folded by a merge (合并重复): the same person (身份证号) or unit (名称) entered in two
offices is kept once; the other record ends with a tombstone. Until the records that belonged to
the one that gave way follow it (任职经历 do at once), readers count them with the record kept."""

DUPLICATE_KEYS = {"units": "name", "cadres": "id_number"}


def folded_into(db, table: str) -> dict[str, str]:
    """Deleted record id → the live record with the same key (名称 / 身份证号)."""
    key = DUPLICATE_KEYS[table]
    return dict(db.execute(f"SELECT gone.id, kept.id FROM {table} gone JOIN {table} kept ON kept.{key} = gone.{key}"
                           f" AND kept.{key} <> '' AND kept.deleted = 0 WHERE gone.deleted = 1").fetchall())


__all__ = ["DUPLICATE_KEYS", "folded_into"]
