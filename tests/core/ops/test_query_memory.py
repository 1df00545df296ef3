"""show and stats build no whole table: memory follows what they look at, not the store."""

from __future__ import annotations

import pytest

from relimport.core.ops.query import NotFoundError, show, stats
from relimport.core.store.jsonfile import Store, load, save
from tests.stores import base_store, run
from tests.writers import write_csv


@pytest.fixture
def store_file(tmp_path):
    data = base_store()
    companies = [["Nazwa", "Miasto"], *([f"Firma {i}", "Gdańsk"] for i in range(300))]
    run(data, write_csv(tmp_path / "c.csv", companies), "company")
    persons = [
        ["Imię", "Nazwisko", "E-mail"],
        *([f"Jan{i}", f"Nowak{i}", f"jan{i}@firma.pl"] for i in range(600)),
    ]
    run(data, write_csv(tmp_path / "p.csv", persons), "person")
    deals = [["Nazwa", "Klient", "Decydent"]]
    deals += [[f"Szansa {i}", f"Firma {i % 300}", f"jan{i}@firma.pl"] for i in range(600)]
    run(data, write_csv(tmp_path / "d.csv", deals), "deal")
    path = tmp_path / "store.json"
    save(path, data)
    return path


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("person", "jan17@firma.pl"),
        ("person", "Jan17 Nowak17"),
        ("person", "Nowak17 Jan17"),
        ("company", "Firma 7"),
    ],
)
def test_show_builds_no_whole_table_and_gives_what_a_built_store_gives(store_file, kind, key):
    data = Store(store_file).data
    view = show(data, kind, key)
    assert data.records.built == ()
    full = load(store_file)
    for t in list(full.records):
        full.records[t]  # noqa: B018 - every table built in full
    assert view.to_json() == show(full, kind, key).to_json()
    assert view.links  # links both ways, with their labels


def test_show_by_id_and_not_found_build_no_whole_table(store_file):
    data = Store(store_file).data
    first = show(data, "company", "Firma 1")
    assert show(data, "company", str(first.id)).to_json() == first.to_json()
    with pytest.raises(NotFoundError, match="did you mean 'Firma 12'"):
        show(data, "company", "Frima 12")
    assert data.records.built == ()


def test_stats_count_without_building_tables(store_file):
    data = Store(store_file).data
    s = stats(data)
    assert (s["records"]["person"], s["records"]["company"], s["records"]["deal"]) == (600, 300, 600)
    assert s["links"] == 1200
    assert data.records.built == () and data.links.built == ()
