"""What applying a plan writes: the store's changes and the batch's journal entry.

:func:`changes_of` turns a :class:`relimport.core.importing.engine.Plan` into the
:class:`Changes` a store applies in one write; :func:`journal_entry` is the history's
record of it (what it overwrote and replaced, so undo can restore them, and the
problems with the original cells of their rows: :func:`problem_rows`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl

from relimport.core.files.reader import Table
from relimport.core.resolve.resolutions import make_alias
from relimport.core.store.base import Changes
from relimport.core.store.model import Batch

if TYPE_CHECKING:
    from relimport.core.importing.engine import Plan

#: Problems kept in a batch's journal (the report itself has them all).
JOURNAL_PROBLEMS = 10_000


def problem_rows(table: Table, rows: list[int]) -> dict[str, Any]:
    """Original cells of ``rows`` (for exporting problem rows)."""
    headers = [h for h in table.frame.columns if h != "__row"]
    sub = table.frame.filter(pl.col("__row").is_in(rows)).sort("__row")
    return {
        "headers": headers,
        "rows": [list(r) for r in sub.select(["__row", *headers]).iter_rows()],
    }


def changes_of(plan: Plan) -> Changes:
    """What the store must write to apply ``plan``."""
    created: dict[str, pl.DataFrame] = {}
    for type_key, res in plan.records.items():
        if res.new_records.height:
            created[type_key] = res.new_records
    for type_key, new in plan.created.items():
        if new.height:
            old = created.get(type_key)
            created[type_key] = new if old is None else pl.concat([old, new.select(old.columns)])
    return Changes(
        batch_id=plan.batch_id,
        next_id=plan.next_id,
        created=created,
        updated={t: res.changes for t, res in plan.records.items() if res.changes.height},
        links_added={r: st.added for r, st in plan.links.items() if st.added.height},
        links_removed={r: st.replaced for r, st in plan.links.items() if st.replaced.height},
        aliases=tuple(make_alias(*entry) for entry in plan.new_aliases),
    )


def journal_entry(plan: Plan, changes: Changes, *, file_sha256: str, recipe: dict[str, Any]) -> Batch:
    """The history's record of applying ``plan``: what it overwrote and replaced, for undo."""
    overwritten: dict[str, list[Any]] = {"type": [], "id": [], "field": [], "old": [], "new": []}
    for type_key, ch in changes.updated.items():
        overwritten["type"] += [type_key] * ch.height
        for c in ("id", "field", "old", "new"):
            overwritten[c] += ch[c].to_list()
    replaced: dict[str, list[Any]] = {"rel": [], "source": [], "target": [], "batch": []}
    for rel_id, removed in changes.links_removed.items():
        replaced["rel"] += [rel_id] * removed.height
        for c in ("source", "target", "batch"):
            replaced[c] += removed[c].to_list()
    rep = plan.report
    return Batch(
        id=plan.batch_id,
        time=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        file=rep.file,
        sha256=file_sha256,
        kind=rep.kind,
        mode=rep.mode,
        recipe=recipe,
        counts=rep.counts_json(),
        overwritten=overwritten,
        replaced=replaced,
        problems=[p.to_json() for p in rep.problems[:JOURNAL_PROBLEMS]],
        problem_rows=plan.problem_rows or {"headers": [], "rows": []},
    )
