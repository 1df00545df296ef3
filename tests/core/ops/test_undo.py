"""Undo restores exactly the state before a batch, leaving later changes alone."""

from __future__ import annotations

import copy

import polars as pl
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from relimport.core.ops.undo import undo_import
from relimport.core.store.jsonencode import to_doc
from tests.stores import base_store, run, seed_companies
from tests.writers import write_csv


def snapshot(data):
    doc = to_doc(data)
    doc.pop("batches")
    doc.pop("next_id")
    doc.pop("next_batch")
    for cols in doc["records"].values():
        cols.pop("modified_batch")
    # Link order carries no meaning: compare sets of (source, target, batch).
    doc["links"] = {
        k: sorted(zip(v["source"], v["target"], v["batch"], strict=True)) for k, v in doc["links"].items()
    }
    return doc


def test_undo_created_updated_and_links(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    before = snapshot(data)
    f = write_csv(
        tmp_path / "c.csv",
        [
            ["NIP", "Nazwa", "Miasto", "Partner"],
            ["1234563218", "Acme", "Poznań", "Łódź Trans"],
            ["5555555555", "Nowa", "Opole", "Acme"],
        ],
    )
    run(data, f, "company")
    assert snapshot(data) != before
    rep = undo_import(data)
    assert snapshot(data) == before
    assert (rep.records_removed, rep.values_restored, rep.links_removed) == (1, 2, 2)
    assert data.batches[-1].status == "undone"


def test_undo_keeps_what_later_batches_changed(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "a.csv", [["Nazwa", "Miasto"], ["A", "X"], ["B", "Y"]])
    run(data, f, "company")
    g = write_csv(tmp_path / "b.csv", [["Nazwa", "Miasto"], ["A", "Z"]])
    run(data, g, "company")
    rep = undo_import(data, "B1")
    assert rep.records_removed == 1
    assert any("changed by B2" in k for k in rep.kept)
    assert data.records["company"]["name"].to_list() == ["A"]


def test_undo_restores_replaced_link(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "c.csv", [["Nazwa", "Centrala"], ["HQ1", ""], ["HQ2", ""], ["O", "HQ1"]])
    run(data, f, "company")
    before = snapshot(data)
    g = write_csv(tmp_path / "g.csv", [["Nazwa", "Centrala"], ["O", "HQ2"]])
    rep = run(data, g, "company", replace=True)
    assert rep.links_replaced == 1
    u = undo_import(data)
    assert u.links_restored == 1
    assert snapshot(data) == before


names = st.sampled_from(["Acme", "Beta", "Gamma", "Łódź Trans", "Polmet", "Zeta", ""])
cities = st.sampled_from(["", "Łódź", "Kraków", "Gdańsk"])
rows = st.lists(st.tuples(names, cities, st.lists(names, max_size=3)), min_size=1, max_size=8)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=rows, second=rows, replace=st.booleans())
def test_import_then_undo_is_no_change(tmp_path_factory, first, second, replace):
    assume(any(n for n, _, _ in first) and any(n for n, _, _ in second))
    tmp = tmp_path_factory.mktemp("h")
    data = base_store()
    header = ["Nazwa", "Miasto", "Partner", "Centrala"]
    body = [[n, c, ";".join(p), p[0] if p else ""] for n, c, p in first]
    run(data, write_csv(tmp / "a.csv", [header, *body]), "company")
    before = copy.deepcopy(snapshot(data))
    body2 = [[n, c, ";".join(p), p[-1] if p else ""] for n, c, p in second]
    run(data, write_csv(tmp / "b.csv", [header, *body2]), "company", replace=replace)
    undo_import(data)
    assert snapshot(data) == before
    assert data.records["company"]["id"].is_unique().all()
    assert isinstance(data.records["company"], pl.DataFrame)
