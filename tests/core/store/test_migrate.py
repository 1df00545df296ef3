"""A version 1 store (values as files typed them) read as canonical values, kept as it was
until the next write, then written as version 2 with what could not be converted listed."""

from __future__ import annotations

import orjson

from relimport.core.store.check import VERSION
from relimport.core.store.jsonfile import load, save


def v1_store() -> dict:
    return {
        "format": "relimport-store",
        "version": 1,
        "next_id": 6,
        "next_batch": 2,
        "next_rel": 2,
        "relationship_types": [],
        "records": {
            "company": {
                "id": [1, 2, 3],
                "created_batch": [1, 1, 1],
                "modified_batch": [1, 1, 1],
                "name": ["Alfa  Sp. z o.o.", "Beta", "Gamma"],
                "tax_id": ["PL 526-000-12-46", "1234567890", None],
                "regon": ["12345675", None, "12345"],
                "domain": ["https://www.Alfa.pl/", None, None],
                "phone": ["(22) 123-45-67", "abc", "+48 600 000 004"],
                "tags": ["vip, stały klient", None, None],
            },
            "deal": {
                "id": [4, 5],
                "created_batch": [1, 1],
                "modified_batch": [1, 1],
                "name": ["A", "B"],
                # One column, one decimal mark: "1.234,50" says "," for both.
                "value": ["1.234,50", "2.000"],
                "currency": ["zł", "€"],
                "close_date": ["12/31/2026", "01/02/2026"],  # month first: 12/31 says so
            },
        },
        "links": {},
        "batches": [],
        "aliases": {
            "company": {
                "value": ["PL 526 000 12 46", "Alfka"],
                "nval": ["5260001246", "alfka"],
                "key": ["tax_id", None],
                "id": [1, 1],
                "time": ["t", "t"],
            }
        },
    }


def test_version_1_values_become_canonical_and_the_rest_is_listed(tmp_path):
    p = tmp_path / "s.json"
    raw = orjson.dumps(v1_store())
    p.write_bytes(raw)
    data = load(p)
    assert p.read_bytes() == raw  # reading changes nothing on disk
    company = data.records["company"].sort("id")
    assert company.select("name", "tax_id", "regon", "domain", "phone", "tags").rows() == [
        ("Alfa Sp. z o.o.", "5260001246", "012345675", "alfa.pl", "+48221234567", "vip; stały klient"),
        ("Beta", "1234567890", None, None, "abc", None),
        ("Gamma", None, "12345", None, "+48600000004", None),
    ]
    deal = data.records["deal"].sort("id")
    assert deal.select("value", "currency", "close_date").rows() == [
        ("1234.50", "PLN", "2026-12-31"),
        ("2000.00", "EUR", "2026-01-02"),
    ]
    assert data.migration is not None and data.migration["kept_count"] == 3
    assert [(k["id"], k["field"], k["value"], k["reason"]) for k in data.migration["kept"]] == [
        (2, "tax_id", "1234567890", "NIP checksum does not match"),
        (3, "regon", "12345", "not a REGON (9 or 14 digits)"),
        (2, "phone", "abc", "not a phone number"),
    ]
    save(p, data)
    doc = orjson.loads(p.read_bytes())
    assert doc["version"] == VERSION == 2
    assert doc["migration"]["from_version"] == 1 and doc["migration"]["kept_count"] == 3
    assert doc["aliases"]["company"]["nval"] == ["5260001246", "alfka"]
    # Read again: version 2 is taken as it is, the note stays.
    again = load(p)
    assert again.migration == doc["migration"]
    assert again.records["deal"].sort("id")["value"].to_list() == ["1234.50", "2000.00"]


def test_a_version_2_store_is_read_as_it_is(tmp_path):
    p = tmp_path / "s.json"
    doc = v1_store() | {"version": 2}
    p.write_bytes(orjson.dumps(doc))
    data = load(p)
    assert data.migration is None
    assert data.records["deal"].sort("id")["value"].to_list() == ["1.234,50", "2.000"]
