"""Bringing an older store file to the current format when it is read.

Version 1 stored field values as the files typed them (``1 234,50`` next to
``1234.50``, ``PL 526-000-12-46``, ``https://www.Alfa.pl/``). Version 2 stores every
value in its type's canonical form (:mod:`relimport.core.domain.values`). A version-1
file is converted in memory as it is read — so a dry run already compares canonical
values — and written as version 2 by the next write; a file that is only read is left
as it was. A value that cannot be converted (``1234567890``: NIP checksum does not
match) is kept as it was and listed in the store's ``migration`` part.

The journal's overwritten values are converted by the same rules, so undo still
recognises the values a batch wrote.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from relimport.core.domain.forms import compare_form
from relimport.core.domain.objects import KEY_TYPES, OBJECT_TYPES
from relimport.core.domain.values import column_choices, parse_value
from relimport.core.store.model import Batch

#: Store versions :func:`upgrade` converts from.
CANONICAL_SINCE = 2
#: Values listed per migration at most (the count is always exact).
MAX_LISTED = 10_000


def upgrade(
    version: int,
    records: dict[str, dict[str, list[Any]] | None],
    batches: list[Batch],
    aliases: dict[str, dict[str, list[Any]]],
) -> dict[str, Any] | None:
    """Convert a store read as ``version`` to canonical values, in place.

    Args:
        records: the decoded record columns per type (``None`` for an empty table).
        batches: the journal; overwritten values are converted with their fields.
        aliases: remembered values; their compare forms are recomputed.

    Returns:
        The ``migration`` note to keep in the store (from which version, when, which
        values were kept as they were), or ``None`` when nothing needed converting.
    """
    if version >= CANONICAL_SINCE:
        return None
    kept: list[dict[str, Any]] = []
    n_kept = 0
    for type_key, otype in OBJECT_TYPES.items():
        cols = records.get(type_key) or {}
        journal = _journal_columns(batches, type_key)
        for f in otype.fields:
            column = cols.get(f.key)
            journal_values = [v for col in ("old", "new") for v in journal.get(f.key, {}).get(col, [])]
            if column is None and not journal_values:
                continue
            choices = column_choices(f.type, column or journal_values)
            converted: dict[str, str | None] = {}
            reasons: dict[str, str] = {}
            for v in {x for x in (column or []) + journal_values if isinstance(x, str)}:
                canon, reason = parse_value(f.type, v, **choices)
                if reason is None:
                    converted[v] = canon
                else:
                    reasons[v] = reason
            if column is not None:
                ids = cols.get("id", [])
                for i, v in enumerate(column):
                    if isinstance(v, str) and v in reasons:
                        n_kept += 1
                        if len(kept) < MAX_LISTED:
                            kept.append(
                                {
                                    "type": type_key,
                                    "id": ids[i],
                                    "field": f.key,
                                    "value": v,
                                    "reason": reasons[v],
                                }
                            )
                cols[f.key] = [converted.get(v, v) if isinstance(v, str) else v for v in column]
            for idx, b in journal.get(f.key, {}).get("at", []):
                ow = batches[b].overwritten
                for side in ("old", "new"):
                    v = ow[side][idx]
                    if isinstance(v, str):
                        ow[side][idx] = converted.get(v, v)
    for table in aliases.values():
        nvals = table.get("nval") or []
        for i, (value, key) in enumerate(zip(table.get("value") or [], table.get("key") or [], strict=False)):
            if key is not None and isinstance(value, str) and i < len(nvals):
                nvals[i] = compare_form(KEY_TYPES.get(key, "text"), value)
    return {
        "from_version": version,
        "time": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "kept_count": n_kept,
        "kept": kept,
    }


def _journal_columns(batches: list[Batch], type_key: str) -> dict[str, dict[str, list[Any]]]:
    """The journal's overwritten values of one type, per field: old, new and where they are."""
    out: dict[str, dict[str, list[Any]]] = {}
    for b_index, b in enumerate(batches):
        ow = b.overwritten
        for idx, (t, f) in enumerate(zip(ow.get("type", []), ow.get("field", []), strict=False)):
            if t != type_key:
                continue
            entry = out.setdefault(f, {"old": [], "new": [], "at": []})
            entry["old"].append(ow["old"][idx])
            entry["new"].append(ow["new"][idx])
            entry["at"].append((idx, b_index))
    return out
