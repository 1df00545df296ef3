"""The store file's columns one per line (core/store/layout.py): a column relimport wrote
and nobody changed is read as its text and written back as it was; anything else is
decoded and checked in full, as before."""

from __future__ import annotations

import orjson
import polars as pl
import pytest

from relimport.core.domain.errors import StoreError
from relimport.core.store.jsonencode import to_doc
from relimport.core.store.jsonfile import load, save
from relimport.core.store.layout import SUMS, JsonColumn
from relimport.core.store.model import StoreData
from tests.stores import base_store, run
from tests.writers import write_csv


@pytest.fixture
def store(tmp_path):
    data = base_store()
    firmy = [["Nazwa", "NIP", "Miasto"], ["Acme", "5260001246", "Łódź"], ["Polmet @ Kraków", "", "Kraków"]]
    run(data, write_csv(tmp_path / "f.csv", firmy), "company")
    osoby = [["Imię", "Nazwisko", "E-mail", "Firma"], ["Jan", "Nowak", "jan@acme.pl", "Acme"]]
    run(data, write_csv(tmp_path / "o.csv", osoby), "person")
    path = tmp_path / "s.json"
    save(path, data)
    return path, data


def _lines(path):
    return path.read_bytes().split(b"\n")


def test_each_column_is_a_line_and_the_file_is_the_same_json(store):
    path, data = store
    raw = path.read_bytes()
    doc = orjson.loads(raw)
    sums = doc.pop(SUMS)
    assert doc == orjson.loads(orjson.dumps(to_doc(data)))
    columns = [line for line in _lines(path) if line.startswith(b"[")]
    assert len(columns) == len(sums) and all(line.endswith(b"]") for line in columns)
    assert sums["records.company.id"][1:] == [2, max(data.records["company"]["id"])]


def test_an_unchanged_store_is_read_lazily_and_written_back_byte_for_byte(store, tmp_path):
    path, data = store
    again = load(path)
    names = again.records.raw("company")["name"]
    assert isinstance(names, JsonColumn) and len(names) == 2
    assert names.contains_char("@") and not again.records.raw("company")["city"].contains_char("@")
    assert again.records["company"].equals(data.records["company"])
    copy = tmp_path / "copy.json"
    save(copy, again)
    assert copy.read_bytes() == path.read_bytes()


def test_a_column_edited_by_hand_is_decoded_and_its_edit_kept(store, tmp_path):
    path, _ = store
    raw = path.read_bytes()
    assert raw.count(b'"Acme"') == 1
    path.write_bytes(raw.replace(b'"Acme"', b'"Acme SA"'))  # the CRC-32 no longer matches
    data = load(path)
    assert not isinstance(data.records.raw("company")["name"], JsonColumn)
    assert "Acme SA" in data.records["company"]["name"].to_list()
    save(path, data)
    assert "Acme SA" in load(path).records["company"]["name"].to_list()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"Acme"', b'"Acme'),  # a quote lost: not JSON
        (b'"Acme"', b'"Acme",7'),  # a column longer than the others
    ],
)
def test_a_damaged_column_is_refused_and_the_file_left(store, old, new):
    path, _ = store
    bad = path.read_bytes().replace(old, new)
    path.write_bytes(bad)
    with pytest.raises(StoreError, match="refused"):
        load(path).records["company"]
    assert path.read_bytes() == bad


def test_a_lowered_next_id_is_raised_past_the_ids_without_decoding_them(store):
    path, data = store
    top = max(data.records["person"]["id"].max(), data.records["company"]["id"].max())
    raw = path.read_bytes()
    path.write_bytes(raw.replace(f'"next_id":{data.next_id},'.encode(), b'"next_id":1,', 1))
    again = load(path)
    assert isinstance(again.records.raw("person")["id"], JsonColumn)
    assert again.next_id == top + 1


def test_a_line_that_is_no_column_falls_back_to_reading_the_whole_file(tmp_path):
    """A file laid out by hand (a list alone on a line outside the tables) reads in full."""
    doc = orjson.loads(orjson.dumps(to_doc(StoreData.empty())))
    doc["relationship_types"] = []
    text = orjson.dumps(doc).replace(b'"relationship_types":[]', b'"relationship_types":\n[]\n')
    (tmp_path / "s.json").write_bytes(text)
    data = load(tmp_path / "s.json")
    assert [r.name for r in data.relationship_types] == ["Firma"]


def test_a_file_without_the_layout_still_reads(tmp_path):
    data = StoreData.empty()
    row = pl.DataFrame({"id": [5], "created_batch": [1], "modified_batch": [1], "name": ["A"]})
    data.records["company"] = pl.concat([data.records["company"], row], how="diagonal")
    (tmp_path / "s.json").write_bytes(orjson.dumps(to_doc(data)))
    again = load(tmp_path / "s.json")
    assert again.records["company"]["name"].to_list() == ["A"] and again.next_id == 6


@pytest.mark.parametrize(
    "names",
    [
        ["Acme", "Polmet, Kraków", "", "Łódź Trans"],  # split natively: no null, no escape
        ["Acme", None, "B"],  # a null: decoded
        ['Kowalski "Junior"', "A\\B", 'x","y', "null"],  # escapes and a quote-comma-quote
    ],
)
def test_a_column_reads_back_its_values_whichever_way_it_is_decoded(tmp_path, names):
    data = StoreData.empty()
    n = len(names)
    data.records["company"] = pl.concat(
        [
            data.records["company"],
            pl.DataFrame(
                {
                    "id": list(range(1, n + 1)),
                    "created_batch": [1] * n,
                    "modified_batch": [1] * n,
                    "name": names,
                },
                schema_overrides={"name": pl.String},
            ),
        ],
        how="diagonal",
    )
    save(tmp_path / "s.json", data)
    again = load(tmp_path / "s.json")
    assert isinstance(again.records.raw("company")["name"], JsonColumn)
    assert again.records["company"]["name"].to_list() == names
    assert again.records.view("company", ("id",))["id"].to_list() == list(range(1, n + 1))


def test_columns_encoded_two_at_a_time_write_the_same_file(store, tmp_path, monkeypatch):
    from relimport.core.store import jsonencode

    _, data = store
    files = []
    for threshold in (0, 10**9):
        monkeypatch.setattr(jsonencode, "PARALLEL_ENCODE", threshold)
        monkeypatch.setattr(jsonencode.os, "cpu_count", lambda: 2)
        path = tmp_path / f"s{threshold}.json"
        save(path, data)
        files.append(path.read_bytes())
    assert files[0] == files[1]
