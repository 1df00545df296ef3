"""What core tells an interface around an import (ops.advice), and the JSON store's
"changed on disk?" and "waiting for the lock" signals."""

from __future__ import annotations

import multiprocessing as mp
import threading
from pathlib import Path

from relimport.core.files.reader import FileOptions, read_table
from relimport.core.mapping.precedence import build_mapping
from relimport.core.ops.advice import likely_target, mapping_warnings, queue_groups, row_record
from relimport.core.resolve.resolutions import QueueItem, resolution_queue
from relimport.core.store.jsonfile import Store, locked, save
from relimport.core.store.model import StoreData
from tests.stores import run, seed_companies
from tests.writers import write_csv


def test_row_record_names_the_record_the_row_imported(store_data, tmp_path: Path) -> None:
    seed_companies(store_data, tmp_path)
    f = write_csv(
        tmp_path / "firmy.csv",
        [["Nazwa", "NIP"], ["Polmet", "PL 111-111-11-11"], ["Polmet", ""], ["", ""], ["Nowa", "5260001246"]],
    )
    table = read_table(f, FileOptions())
    mapping = build_mapping(store_data, "company", table)
    polmet = store_data.records["company"].filter(store_data.records["company"]["tax_id"] == "1111111111")
    # Row 2 by its NIP (in another spelling): one record.
    assert row_record(store_data, table, mapping, 2) == ("company", polmet["id"][0])
    # Row 3 by name only: two companies are called Polmet, so no single record.
    assert row_record(store_data, table, mapping, 3) is None
    # Row 4 has no key at all; row 5 is not in the store (not imported yet).
    assert row_record(store_data, table, mapping, 4) is None
    assert row_record(store_data, table, mapping, 5) is None
    run(store_data, f, "company")
    assert row_record(store_data, table, mapping, 5) is not None


def test_row_record_of_a_person_by_full_name(store_data, tmp_path: Path) -> None:
    seed_companies(store_data, tmp_path)
    f = write_csv(tmp_path / "osoby.csv", [["Imię", "Nazwisko"], ["Anna", "Nowak"]])
    table = read_table(f, FileOptions())
    mapping = build_mapping(store_data, "person", table)
    found = row_record(store_data, table, mapping, 2)
    assert found is not None and found[0] == "person"


def test_likely_target_by_records_then_by_shape(store_data, tmp_path: Path) -> None:
    assert likely_target(store_data, ["Acme Sp. z o.o.", "Polmet"]) is None  # nothing to match yet
    assert likely_target(store_data, ["jan@acme.pl", "anna@beta.pl"]) == "person"
    assert likely_target(store_data, ["526-000-12-46", "1234563218"]) == "company"
    seed_companies(store_data, tmp_path)
    assert likely_target(store_data, ["Acme Sp. z o.o.", "polmet", "Nieznana"]) == "company"
    assert likely_target(store_data, ["Jan Kowalski"]) == "person"
    assert likely_target(store_data, ["Polmet"], exclude=["company"]) is None
    assert likely_target(store_data, ["", "  "]) is None


def test_mapping_warnings_name_what_a_valid_mapping_loses(store_data, tmp_path: Path) -> None:
    f = write_csv(tmp_path / "firmy.csv", [["Nazwa firmy", "NIP", "Uwagi"], ["Acme", "5260001246", "x"]])
    table = read_table(f, FileOptions())
    mapping = build_mapping(store_data, "company", table)
    warnings = mapping_warnings(mapping)
    assert any("no column maps to Name" in w and "no name" in w for w in warnings)
    assert any("'Nazwa firmy', 'Uwagi' are skipped" in w for w in warnings)
    named = build_mapping(
        store_data, "company", read_table(write_csv(tmp_path / "n.csv", [["Nazwa"], ["A"]]), FileOptions())
    )
    assert mapping_warnings(named) == []


def test_queue_groups_merge_spellings_of_one_value() -> None:
    items = [
        QueueItem("Klient", "Wawel Soft Sp. z o.o.", "not_found", 2, "company", ()),
        QueueItem("Klient", "Polmet", "ambiguous", 1, "company", ()),
        QueueItem("Klient", "wawel soft  sp. z o.o.", "not_found", 3, "company", ()),
        QueueItem("Partner", "Wawel Soft Sp. z o.o.", "not_found", 1, "company", ()),
    ]
    groups = queue_groups(items)
    assert [(g.item.column, g.item.value, g.rows, g.variants) for g in groups] == [
        ("Klient", "Wawel Soft Sp. z o.o.", 5, ("wawel soft  sp. z o.o.",)),
        ("Klient", "Polmet", 1, ()),
        ("Partner", "Wawel Soft Sp. z o.o.", 1, ()),
    ]


def test_one_decision_settles_every_spelling(store_data, tmp_path: Path) -> None:
    """The queue shows spellings on one line because the import settles them together."""
    from relimport.core.mapping.decisions import Decision

    seed_companies(store_data, tmp_path)
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["A", "Wawel Soft"], ["B", "wawel  SOFT"]])
    dry = run(store_data, f, "deal", apply=False)
    groups = queue_groups(resolution_queue(dry.problems))
    assert len(groups) == 1 and groups[0].rows == 2
    decision = Decision("Klient", groups[0].item.value, action="create")
    rep = run(store_data, f, "deal", apply=False, decisions=(decision,))
    assert not [p for p in rep.problems if p.kind == "not_found"]


def test_changed_on_disk_is_a_stat(tmp_path: Path) -> None:
    p = tmp_path / "s.json"
    save(p, StoreData.empty())
    store = Store(p)
    assert not store.changed_on_disk()  # nothing read yet
    store.data  # noqa: B018
    assert not store.changed_on_disk()
    other = Store(p)
    with other.transaction() as data:
        data.next_batch += 0  # a write all the same
    assert store.changed_on_disk()
    assert store.reload_if_changed()
    assert not store.changed_on_disk()


def _hold(path: Path, ready, release) -> None:
    with locked(path):
        ready.set()
        release.wait(10)


def test_a_waiting_writer_is_told_who_holds_the_lock(tmp_path: Path) -> None:
    p = tmp_path / "s.json"
    save(p, StoreData.empty())
    ctx = mp.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_hold, args=(p, ready, release))
    proc.start()
    told: list[str] = []
    try:
        assert ready.wait(10)
        threading.Timer(0.3, release.set).start()
        with locked(p, timeout=5, on_wait=told.append):
            pass
    finally:
        release.set()
        proc.join(10)
    assert told == [told[0]] and told[0].startswith(f"waiting for the store lock (held by pid {proc.pid}")
    told.clear()
    with locked(p, timeout=1, on_wait=told.append):
        pass
    assert told == []  # a free lock: nothing to say


def test_a_header_holding_a_known_name_gets_it_as_suggestion() -> None:
    from relimport.core.mapping.columns import auto_map

    cols = auto_map("company", ["Nazwa firmy", "E-mail kontaktowy", "Identyfikator", "Uwagi"], []).columns
    assert [c.suggestion for c in cols] == ["field:name", "field:email", None, None]
    assert all(c.target == "skip" for c in cols)  # suggested, never applied
