"""Work done once per distinct value gives what working cell by cell gives.

A long relationship column that names the same records over and over is cleaned and
looked up once per distinct text (``links._repeats``); these tests run the same import
both ways and compare every outcome: links, counts, problems with their candidates and
the keys tried, settled values.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relimport.core.domain.values import clean_cell
from relimport.core.mapping.decisions import Decision
from relimport.core.resolve import links
from relimport.core.resolve.normalize import _clean_all, clean_series
from tests.stores import base_store, run, seed_companies
from tests.writers import write_csv

#: Cells of the Klient column, repeated: found by name, by NIP (spelt two ways), by a
#: web address, ambiguous (two companies named Polmet), not found, empty pieces between
#: separators, a value settled by a decision, and two values in one cell.
KLIENT = [
    "Acme Sp. z o.o.",
    "acme sp. z o.o.",
    "PL 123-456-32-18",
    "1234563218",
    "www.acme.pl",
    "Polmet",
    "Nieznana",
    "Acme Sp. z o.o.;;Łódź Trans;",
    "Akme",
    "Łódź Trans; Polmet",
]
#: Characters of cells that clean_series treats apart: spaces of every kind, line breaks,
#: a formula guard, letters that NFC composes, invisible characters, non-ASCII letters.
CELL_CHARS = list("ab Z09@.-'=\t\n\r\x0b\x0c\xa0\u2003ąŁé\u0301\u200b\ufeff")
DECYDENT = ["jan@acme.pl", "JAN@ACME.PL", "Anna Nowak", "nikt@nigdzie.pl", "Jan Kowalski", ""]


def _outcome(report, data) -> tuple:
    links_of = {}
    if not report.dry_run:
        links_of = {r: data.links[r].sort("source", "target").rows() for r in data.links}
    return (
        report.to_json(),
        [(p.row, p.column, p.kind, p.message, [c["id"] for c in p.candidates]) for p in report.problems],
        report.resolved,
        links_of,
    )


@pytest.mark.parametrize("apply", [False, True])
def test_a_repeating_column_resolves_as_cell_by_cell(tmp_path, monkeypatch, apply):
    rows = [["Nazwa", "Klient", "Decydent"]]
    rows += [[f"Szansa {i}", KLIENT[i % len(KLIENT)], DECYDENT[i % len(DECYDENT)]] for i in range(300)]
    f = write_csv(tmp_path / "d.csv", rows)
    real, took = links._repeats, []

    def spy(s):
        took.append(real(s))
        return took[-1]

    outcomes = []
    for repeats in (spy, lambda s: False):
        data = base_store()
        seed_companies(data, tmp_path)
        acme = data.records["company"].filter(data.records["company"]["name"] == "Acme Sp. z o.o.")["id"][0]
        decisions = (Decision("Klient", "Akme", id=acme),)
        with monkeypatch.context() as m:
            m.setattr(links, "_repeats", repeats)
            report = run(data, f, "deal", apply=apply, decisions=decisions)
        outcomes.append(_outcome(report, data))
    assert took and all(took)  # the first run looked each column up per distinct text
    assert outcomes[0] == outcomes[1]
    report_json, problems, resolved, _ = outcomes[0]
    kinds = {p[2] for p in problems}
    assert {"ambiguous", "not_found", "invalid"} <= kinds
    assert resolved and report_json["links"]["created"] > 0


def test_the_hashed_join_never_takes_one_value_for_another():
    """Values are joined on their hashes, then compared: with a hash that collides for
    every two values of one length, the matches are still exactly the equal values."""
    from relimport.core.resolve.keys import exact_join

    pieces = pl.DataFrame({"_i": [0, 1, 2, 3], "nval": ["abc", "abd", "xyz", "q"]})
    table = pl.DataFrame({"nval": ["abd", "abc", "zzz", "qq"], "id": [10, 11, 12, 13]})
    collide = lambda e: e.str.len_bytes().cast(pl.UInt64)  # noqa: E731
    for hashed in (collide, pl.Expr.hash):
        out = exact_join(pieces, table, hashed).sort("_i")
        assert out.select("_i", "nval", "id").rows() == [(0, "abc", 11), (1, "abd", 10)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=CELL_CHARS, max_size=12)), min_size=1, max_size=30))
def test_cleaning_only_the_values_that_need_it_cleans_as_every_value(values):
    """clean_series tests each value once and cleans only those that need it: the same
    as cleaning every value (and as the single-value clean_cell)."""
    s = pl.Series(values, dtype=pl.String)
    assert clean_series(s).to_list() == _clean_all(s).to_list() == [clean_cell(v) for v in values]


@st.composite
def nip_cells(draw):
    """Ten digits (a valid checksum or not) spelt with separators, a PL prefix, spaces."""
    digits = draw(st.text(alphabet="0123456789", min_size=9, max_size=11))
    check = sum(int(d) * w for d, w in zip(digits, (6, 5, 7, 2, 3, 4, 5, 6, 7), strict=False)) % 11
    if draw(st.booleans()) and len(digits) == 9 and check < 10:
        digits += str(check)
    seps = st.sampled_from(["", "", "-", " ", ".", "/", "\t", "\u00a0", "\u2010", "x"])
    text = "".join(d + draw(seps) for d in digits)
    return draw(st.sampled_from(["", "PL", "pl", "PL ", "Pl-", "DE", "PLPL"])) + text


@settings(max_examples=300, deadline=None)
@given(st.lists(nip_cells(), min_size=1, max_size=20))
def test_the_nip_fast_path_gives_what_python_stdnum_gives(cells):
    from relimport.core.domain.values import parse_value
    from relimport.core.resolve.values import parse_column

    column = parse_column("nip", pl.Series(cells, dtype=pl.String))
    got = list(zip(column.values.to_list(), column.reasons.to_list(), strict=True))
    assert got == [parse_value("nip", c) for c in cells]
