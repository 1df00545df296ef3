"""The PostgreSQL store through core, against a real server: imports and undo give what
the in-memory store gives, planning fetches only the columns it needs, a server restart
between plan and apply writes nothing, schema versions are checked."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from relimport.core.domain.errors import StoreError
from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.ops.undo import undo_import
from relimport.core.resolve.keys import candidate_columns
from relimport.core.store.copying import copy_store
from relimport.core.store.jsonencode import to_doc
from relimport.core.store.jsonfile import Store, save
from relimport.core.store.postgres import PostgresStore
from tests.stores import base_store, run, seed_companies
from tests.writers import write_csv


def snapshot(data):
    doc = to_doc(data)
    for b in doc["batches"]:
        b.pop("time")
        b.pop("undone_at")
    return doc


def pg_copy(data, url: str, tmp: Path) -> PostgresStore:
    """A PostgreSQL store at ``url`` holding ``data`` (through ``migrate``'s copy)."""
    save(tmp / "seed.json", data)
    copy_store(tmp / "seed.json", url)
    return PostgresStore(url)


def test_imports_and_undo_match_the_memory_store(pg_url, tmp_path):
    mem = base_store()
    pg = pg_copy(mem, pg_url, tmp_path)
    for target in (mem, pg):
        seed_companies(target, tmp_path)
    f = write_csv(
        tmp_path / "c.csv",
        [
            ["NIP", "Nazwa", "Miasto", "Partner", "Centrala"],
            ["1234563218", "Acme", "Poznań", "Łódź Trans", "Polmet"],
            ["5555555555", "Nowa", "Opole", "Acme", "Acme"],
        ],
    )
    reports = [run(target, f, "company", replace=True) for target in (mem, pg)]
    assert reports[0].counts_json() == reports[1].counts_json()
    assert snapshot(mem) == snapshot(pg.read())
    undone = [undo_import(target, "B3").to_json() for target in (mem, pg)]
    assert undone[0] == undone[1] and undone[0]["records_removed"] == 1
    assert snapshot(mem) == snapshot(pg.read())
    pg.close()


names = st.sampled_from(["Acme", "Beta", "Gamma", "Łódź Trans", "Polmet", ""])
rows = st.lists(
    st.tuples(names, st.sampled_from(["", "Łódź", "Kraków"]), st.lists(names, max_size=2)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=rows, second=rows, replace=st.booleans())
def test_undo_of_a_later_batch_matches_memory(pg_server, tmp_path_factory, first, second, replace):
    assume(any(n for n, _, _ in first) and any(n for n, _, _ in second))
    tmp = tmp_path_factory.mktemp("h")
    url = pg_server.new_database()
    try:
        mem = base_store()
        pg = pg_copy(mem, url, tmp)
        header = ["Nazwa", "Miasto", "Partner", "Centrala"]
        a = write_csv(tmp / "a.csv", [header, *([n, c, ";".join(p), p[0] if p else ""] for n, c, p in first)])
        b = write_csv(
            tmp / "b.csv", [header, *([n, c, ";".join(p), p[-1] if p else ""] for n, c, p in second)]
        )
        for target in (mem, pg):
            run(target, a, "company")
            run(target, b, "company", replace=replace)
        assert snapshot(mem) == snapshot(pg.read())
        # Undo the first batch while the second one's changes stay: both stores keep the same.
        reports = [undo_import(target, "B1").to_json() for target in (mem, pg)]
        assert reports[0] == reports[1]
        assert snapshot(mem) == snapshot(pg.read())
        pg.close()
    finally:
        pg_server.drop(url)


def test_planning_fetches_only_the_key_columns_it_needs(pg_url, tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    pg = pg_copy(data, pg_url, tmp_path)
    deals = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["Umowa", "Acme Sp. z o.o."]])
    request = ImportRequest(deals, "deal", dry_run=True)
    from relimport.core.importing.engine import plan_import
    from relimport.core.importing.prepare import prepare

    with pg.session(write=False) as session:
        prepared = prepare(session.data, request)
        plan = plan_import(session.data, prepared.table, prepared.mapping, prepared.options)
        records = session.data.records
        assert plan.report.links_created == 1
        # Companies were only looked up: their whole table was never fetched (only the
        # key columns), persons not at all.
        assert records.frame_if_built("company") is None and records.frame_if_built("person") is None
        fetched = [cols for t, cols in records._views if t == "company"]
        assert fetched and all(set(cols) <= set(candidate_columns("company")) for cols in fetched)
    pg.close()


def test_server_restart_between_plan_and_apply_writes_nothing(pg_server, pg_url, tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    pg = pg_copy(data, pg_url, tmp_path)
    before = snapshot(pg.read())
    f = write_csv(tmp_path / "c.csv", [["Nazwa", "NIP"], ["Nowa", "5555555555"]])

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "writing":  # planned, not applied yet
            pg_server.restart()

    with pytest.raises(StoreError, match="connection lost .*nothing written"):
        run_import(pg, ImportRequest(f, "company"), progress=progress)
    fresh = PostgresStore(pg_url)
    assert snapshot(fresh.read()) == before
    assert run_import(fresh, ImportRequest(f, "company")).report.created == 1
    fresh.close()
    pg.close()


def test_schema_versions_are_checked(pg_server, pg_url, tmp_path):
    pg = PostgresStore(pg_url)
    assert not pg.exists() and pg.read().relationship_types[0].name == "Firma"
    with pg.transaction() as data:
        data.next_rel += 0
    assert not pg.exists()  # nothing changed: nothing created
    seed_companies(pg, tmp_path)
    assert pg.exists()
    pg_server.execute(
        pg_url, "INSERT INTO relimport.schema_version (version, description) VALUES (99, 'later')"
    )
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        PostgresStore(pg_url).read()
    pg.close()
    other = pg_server.new_database()
    try:
        pg_server.execute(other, "CREATE SCHEMA relimport")
        pg_server.execute(other, "CREATE TABLE relimport.something (x int)")
        with pytest.raises(StoreError, match="not a relimport store"):
            PostgresStore(other).read()
    finally:
        pg_server.drop(other)


def test_json_and_postgres_copies_round_trip(pg_url, tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(tmp_path / "c.csv", [["Nazwa", "Centrala"], ["O", "Polmet"]])
    run(data, f, "company")
    first = tmp_path / "first.json"
    save(first, data)
    copy_store(first, pg_url)
    back = tmp_path / "back.json"
    copy_store(pg_url, back)
    assert back.read_bytes() == first.read_bytes()
    assert copy.deepcopy(snapshot(Store(back).read())) == snapshot(PostgresStore(pg_url).read())
