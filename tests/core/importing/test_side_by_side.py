"""Relationship columns of different relationships are resolved side by side (two
threads); the outcome is the one resolving them one after the other gives."""

from __future__ import annotations

import threading

import pytest

from relimport.core.domain.errors import Cancelled
from relimport.core.importing import engine
from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from tests.stores import base_store, run, seed_companies
from tests.writers import write_csv

ROWS = (
    [["Nazwa", "Klient", "Decydent", "Produkty"]]
    + [
        [
            f"Szansa {i}",
            ["Acme Sp. z o.o.", "Polmet", "Nieznana", "1234563218"][i % 4],
            ["jan@acme.pl", "anna@polmet.pl; jan@acme.pl", "", "nikt@x.pl"][i % 4],
            "",
        ]
        for i in range(40)
    ]
    + [["", "Nieznana Druga", "ktos@x.pl", ""]]
)  # no name: not imported, its values not reported


def _import(tmp_path, monkeypatch, cpus: int):
    monkeypatch.setattr(engine.os, "cpu_count", lambda: cpus)
    data = base_store()
    seed_companies(data, tmp_path)
    report = run(data, write_csv(tmp_path / "d.csv", ROWS), "deal")
    links = {r: data.links[r].sort("source", "target").rows() for r in data.links}
    return report.to_json(), [(p.row, p.column, p.kind, p.message) for p in report.problems], links


def test_two_relationships_side_by_side_give_what_one_after_the_other_gives(tmp_path, monkeypatch):
    threads = []

    def spy(real):
        def call(*args, **kwargs):
            threads.append(threading.current_thread().name)
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(engine, "resolve_column", spy(engine.resolve_column))
    monkeypatch.setattr(engine, "look_up_column", spy(engine.look_up_column))
    side_by_side = _import(tmp_path, monkeypatch, 2)
    # Values looked up while the deals were resolved, columns linked side by side.
    assert any(name.startswith("relimport-lookup") for name in threads)
    assert any(name.startswith("relimport-column") for name in threads)
    threads.clear()
    one_by_one = _import(tmp_path, monkeypatch, 1)
    assert not any(name.startswith("relimport-") for name in threads)
    assert side_by_side == one_by_one
    report, problems, _ = side_by_side
    assert report["links"]["created"] > 0 and problems
    assert not any("Nieznana Druga" in message for *_, message in problems)


def test_a_cancel_while_columns_resolve_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    data = base_store()
    seed_companies(data, tmp_path)
    before = (data.next_batch, {r: data.links[r].height for r in data.links})
    asked = []

    def cancel() -> bool:
        asked.append(threading.current_thread().name)
        return any(name.startswith("relimport-column") for name in asked) or len(asked) > 50

    real = engine.resolve_column

    def slow(*args, **kwargs):
        asked.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "resolve_column", slow)
    request = ImportRequest(write_csv(tmp_path / "d.csv", ROWS), "deal")
    with pytest.raises(Cancelled):
        run_import(data, request, cancel=cancel)
    assert (data.next_batch, {r: data.links[r].height for r in data.links}) == before


def test_an_error_in_one_column_is_raised(tmp_path, monkeypatch):
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    data = base_store()
    seed_companies(data, tmp_path)

    def broken(col, *args, **kwargs):
        if col.header == "Decydent":
            raise RuntimeError("Decydent failed")
        return real(col, *args, **kwargs)

    real = engine.resolve_column
    monkeypatch.setattr(engine, "resolve_column", broken)
    with pytest.raises(RuntimeError, match="Decydent failed"):
        run(data, write_csv(tmp_path / "d.csv", ROWS), "deal")
