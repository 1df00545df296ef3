"""A small file on the team store is planned over only the rows its values can name:
the rows fetched are those, the server finds them by index, and every outcome is the
one the whole store gives (the large-file path, and the JSON file store)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from relimport.core.store import pgfocus, pgread, pgschema
from relimport.core.store.copying import copy_store
from relimport.core.store.jsonfile import Store, save
from relimport.core.store.model import StoreData
from relimport.core.store.pgschema import UNSURE_RANGES, record_keys
from relimport.core.store.postgres import PostgresStore
from tests.stores import base_store, run, seed_companies
from tests.writers import write_csv

FILLER = 1500


def big_store(tmp: Path) -> StoreData:
    """The seed companies and persons, a company named like Acme's NIP (a value that is one
    record's NIP and another's name), a person with a decomposed accent, and filler."""
    data = base_store()
    seed_companies(data, tmp)
    rows = [["Nazwa", "NIP"], ["1234563218", ""], ["Café Nowa", ""]]
    rows += [[f"Filler {i} Sp. z o.o.", ""] for i in range(FILLER)]
    run(data, write_csv(tmp / "filler_c.csv", rows), "company")
    rows = [["Imię", "Nazwisko", "E-mail"], ["Zoe\u0301", "Adams", "zoe@adams.pl"]]
    rows += [["Jan", f"Filler{i}", f"osoba{i}@example.pl"] for i in range(FILLER)]
    run(data, write_csv(tmp / "filler_p.csv", rows), "person")
    return data


def fetched_rows(monkeypatch) -> list[tuple[str, int]]:
    """Record tables and links fetched from now on: (query, rows) of each COPY."""
    seen: list[tuple[str, int]] = []
    real = pgread.copy_out

    def counting(conn, query, schema):
        frame = real(conn, query, schema)
        seen.append((query, frame.height))
        return frame

    monkeypatch.setattr(pgread, "copy_out", counting)
    monkeypatch.setattr(pgfocus, "copy_out", counting)
    return seen


def outcome(report) -> dict:
    doc = report.to_json()
    doc.pop("batch", None)
    return doc


DEALS = [
    ["Nazwa", "Klient", "Decydent"],
    ["Audyt", "Acme Sp. z o.o.", "JAN@ACME.PL"],  # a name; an e-mail in capitals
    ["Wdrożenie", "POLMET", "anna@polmet.pl"],  # two companies named Polmet: ambiguous
    ["Szkolenie", "1234563218", "mailto:jan@acme.pl"],  # Acme's NIP and a company's name
    ["Serwis", "łódź trans", "Filler7 Jan"],  # lower case; a person by name, last name first
    ["Serwis", "Filler 3 Sp. z o.o.", "osoba3@example.pl"],  # the same deal twice
    ["Kawa", "Café Nowa", "Zoe\u0301 Adams"],  # an accent; a stored decomposed one
]


COMPANIES = [
    ["Nazwa", "Partner", "Centrala", "Szanse"],
    ["Acme Sp. z o.o.", "Łódź Trans", "Polmet", "Audyt"],
    ["Łódź Trans", "Acme Sp. z o.o.", "Acme Sp. z o.o.", "Kawa"],
    ["Filler 9 Sp. z o.o.", "Filler 8 Sp. z o.o.", "Filler 8 Sp. z o.o.", "Audyt"],
]


def test_a_small_file_reads_only_the_rows_it_names(tmp_path, pg_url, monkeypatch):
    data = big_store(tmp_path)
    save(tmp_path / "store.json", data)
    copy_store(tmp_path / "store.json", pg_url)
    pg = PostgresStore(pg_url)
    try:
        run(pg, write_csv(tmp_path / "x.csv", [["Nazwa"], ["Nowa firma"]]), "company")  # schema 2
        seen = fetched_rows(monkeypatch)
        f = write_csv(tmp_path / "deals.csv", DEALS)
        report = run(pg, f, "deal", dry_run=True)
        assert report.counts_json()["records"]["created"] == 5
        records = [(q, n) for q, n in seen if "FROM relimport.company" in q or "FROM relimport.person" in q]
        assert records and all("WHERE" in q for q, _ in records)  # never a whole table
        assert sum(n for _, n in records) < 20  # of 3,000 stored
        assert not [q for q, _ in seen if "links" in q and "ANY(" not in q]
    finally:
        pg.close()


@pytest.mark.parametrize(
    "rows",
    [
        DEALS,
        DEALS + [["Zły", "Acme SA", "nikt@nigdzie.pl"]],  # names nothing: suggestions
        DEALS + [["WWW", "acme.pl", ""]],  # a web address: keys the database cannot make
        DEALS + [["Łódz\u0301", "Łódz\u0301 Trans", ""]],  # a value whose key is unsure
    ],
    ids=["found", "not-found", "domain", "unsure"],
)
def test_outcomes_are_those_of_the_whole_store(tmp_path, pg_url, pg_server, monkeypatch, rows):
    data = big_store(tmp_path)
    save(tmp_path / "store.json", data)
    whole_url = pg_server.new_database()
    for url in (pg_url, whole_url):
        copy_store(tmp_path / "store.json", url)
    stores = {"json": Store(tmp_path / "store.json"), "focus": PostgresStore(pg_url)}
    stores["whole"] = PostgresStore(whole_url)
    try:
        for store in stores.values():  # schema 2 and its indexes
            run(store, write_csv(tmp_path / "x.csv", [["Nazwa"], ["Nowa firma"]]), "company")
        f = write_csv(tmp_path / "deals.csv", rows)
        got = {}
        for name, store in stores.items():
            if name == "whole":
                monkeypatch.setattr(pgfocus, "MAX_VALUES", 0)
            dry = run(store, f, "deal", dry_run=True)
            applied = run(store, f, "deal")
            # Audyt's Decydent is kept (its problem names him), Kawa's replaced, Audyt linked again.
            again = write_csv(tmp_path / "again.csv", [DEALS[0], ["Audyt", "", "anna@polmet.pl"]])
            kept = run(store, again, "deal")
            replaced = run(store, write_csv(tmp_path / "r.csv", [DEALS[0], DEALS[1]]), "deal", replace=True)
            # Companies: a symmetric relationship, a "one", an inverse column (deals).
            firms = write_csv(tmp_path / "firms.csv", COMPANIES)
            again = [outcome(run(store, firms, "company")) for _ in range(2)]  # the second finds links
            swapped = [COMPANIES[0], ["Filler 8 Sp. z o.o.", "Filler 9 Sp. z o.o.", "Acme Sp. z o.o.", ""]]
            partner = outcome(run(store, write_csv(tmp_path / "sw.csv", swapped), "company"))
            got[name] = (outcome(dry), outcome(applied), outcome(kept), outcome(replaced), *again, partner)
            monkeypatch.setattr(pgfocus, "MAX_VALUES", 10_000)
        assert got["focus"] == got["json"] == got["whole"]
        kinds = {p["kind"] for p in got["json"][1]["problems"]}
        assert {"ambiguous", "duplicate_in_file", "cardinality"} <= kinds
        assert "Jan Kowalski" in got["json"][2]["problems"][0]["message"]
        links = {name: _links(store) for name, store in stores.items()}
        assert links["focus"] == links["json"] == links["whole"]
    finally:
        for store in stores.values():
            if isinstance(store, PostgresStore):
                store.close()
        pg_server.drop(whole_url)


def _links(store) -> dict:
    data = store.read()
    return {rel: data.links[rel].drop("batch").sort("source", "target").rows() for rel in data.links}


def test_an_identity_import_reads_only_its_records(tmp_path, pg_url, monkeypatch):
    """Persons by e-mail and name (updates, a new one, a duplicate), and their Firma links."""
    data = big_store(tmp_path)
    save(tmp_path / "store.json", data)
    copy_store(tmp_path / "store.json", pg_url)
    pg, js = PostgresStore(pg_url), Store(tmp_path / "store.json")
    try:
        run(pg, write_csv(tmp_path / "x.csv", [["Nazwa"], ["Nowa firma"]]), "company")
        run(js, write_csv(tmp_path / "x.csv", [["Nazwa"], ["Nowa firma"]]), "company")
        f = write_csv(
            tmp_path / "p.csv",
            [
                ["Imię", "Nazwisko", "E-mail", "Stanowisko", "Firma"],
                ["Jan", "Kowalski", "JAN@acme.pl", "Prezes", "Polmet"],
                ["Jan", "Filler5", "", "Kierowca", "Łódź Trans"],
                ["Ewa", "Nowa", "ewa@nowa.pl", "", "Acme Sp. z o.o."],
                ["Ewa", "Nowa", "ewa@nowa.pl", "", ""],
            ],
        )
        seen = fetched_rows(monkeypatch)
        got = [outcome(run(store, f, "person", replace=True)) for store in (pg, js)]
        assert got[0] == got[1]
        fetched = sum(n for q, n in seen if "FROM relimport.person" in q)
        assert 0 < fetched < 10  # of 1,503 persons
        a, b = pg.read(), js.read()
        cols = ["id", "first_name", "last_name", "email", "position"]
        assert a.records["person"].select(cols).equals(b.records["person"].select(cols))
    finally:
        pg.close()


def test_the_server_finds_them_by_index(pg_url, tmp_path):
    save(tmp_path / "store.json", big_store(tmp_path))
    copy_store(tmp_path / "store.json", pg_url)
    pg = PostgresStore(pg_url)
    try:
        run(pg, write_csv(tmp_path / "x.csv", [["Nazwa"], ["Nowa firma"]]), "company")
        conn = pg.connect()
        conn.execute("ANALYZE")
        where = pgfocus._where("company", {"name": ["acmespzoo"], "tax_id": ["1234563218"]}, {5})
        plan = conn.execute(f"EXPLAIN SELECT id FROM relimport.company {where}").fetchall()
        text = "\n".join(r[0] for r in plan)
        assert "Seq Scan" not in text and "company_name_key" in text, text
        conn.close()
    finally:
        pg.close()


def test_unsure_characters_are_those_unicode_makes_so():
    """Every character that NFC composes with an ASCII letter or digit (the second of a
    canonical pair whose first is one), or that becomes one (a singleton's NFC, lower
    case), is unsure: the database's key of a value holding it could differ from the key
    of the value's compare form."""
    alnum = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    found = set()
    for cp in range(0x80, 0x110000):
        c = chr(cp)
        parts = unicodedata.decomposition(c).split()
        if parts and not parts[0].startswith("<"):
            chars = [chr(int(x, 16)) for x in parts]
            if len(chars) == 2 and chars[0] in alnum:
                found.add(ord(chars[1]))
        if set(unicodedata.normalize("NFC", c)) & alnum or set(c.lower()) & alnum:
            found.add(cp)
    listed = {cp for a, b in UNSURE_RANGES for cp in range(a, b + 1)}
    assert found - listed == set()


def test_every_match_key_but_web_addresses_is_indexed():
    assert set(record_keys("company")) == {"tax_id", "regon", "name"}
    assert len(record_keys("person")["name"]) == 2


def test_a_version_1_store_gets_its_indexes_on_the_next_write(pg_server, pg_url, tmp_path, monkeypatch):
    """A store written before the match keys: read as it is (the whole store planned),
    brought to version 2 by the next write, then planned over the rows a file names."""
    import psycopg

    monkeypatch.setattr(pgschema, "SCHEMA_VERSION", 1)
    save(tmp_path / "base.json", base_store())
    copy_store(tmp_path / "base.json", pg_url)
    pg = PostgresStore(pg_url)
    try:
        seed_companies(pg, tmp_path)
        assert pg_server.execute(pg_url, "SELECT max(version) FROM relimport.schema_version") == [(1,)]
        monkeypatch.setattr(pgschema, "SCHEMA_VERSION", 2)
        f = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["Audyt", "Acme Sp. z o.o."]])
        seen = fetched_rows(monkeypatch)
        assert run(pg, f, "deal", dry_run=True).links_created == 1  # reads do not migrate
        assert any("FROM relimport.company  ORDER BY id" in q for q, _ in seen)
        run(pg, f, "deal")
        assert pg_server.execute(pg_url, "SELECT max(version) FROM relimport.schema_version") == [(2,)]
        seen.clear()
        assert run(pg, f, "deal", dry_run=True).links_existing == 1
        assert [n for q, n in seen if "FROM relimport.company" in q] == [1]
        with psycopg.connect(pg_url) as conn:
            names = {
                r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'relimport'")
            }
        assert {"company_name_key", "person_email_key", "person_name_key_2"} <= names
    finally:
        pg.close()


def test_without_statistics_the_server_still_reads_by_index(tmp_path, pg_url):
    """A store whose statistics are not gathered yet (written in bulk moments ago, before
    autovacuum looked) leaves the planner guessing, and it may guess a scan of the whole
    table: a small file's reads still go by the match-key indexes."""
    import time

    import psycopg

    save(tmp_path / "store.json", big_store(tmp_path))
    copy_store(tmp_path / "store.json", pg_url)
    pg = PostgresStore(pg_url)
    try:
        run(pg, write_csv(tmp_path / "x.csv", [["Nazwa"], ["Nowa firma"]]), "company")
        tables = "('relimport.company'::regclass, 'relimport.person'::regclass)"
        with psycopg.connect(pg_url, autocommit=True) as conn:  # as if never analysed
            conn.execute(f"DELETE FROM pg_statistic WHERE starelid IN {tables}")
            conn.execute(f"UPDATE pg_class SET reltuples = -1 WHERE oid IN {tables}")
            conn.execute("SELECT pg_stat_reset()")
        report = run(pg, write_csv(tmp_path / "deals.csv", DEALS), "deal", dry_run=True)
        assert report.counts_json()["records"]["created"] == 5
        time.sleep(1.0)  # the statistics of the import's reads reach the server as it ends
        with psycopg.connect(pg_url, autocommit=True) as conn:
            scanned = conn.execute(
                "SELECT relname, coalesce(seq_tup_read, 0) FROM pg_stat_user_tables "
                "WHERE schemaname = 'relimport' AND relname IN ('company', 'person')"
            ).fetchall()
        assert dict(scanned) == {"company": 0, "person": 0}
    finally:
        pg.close()
