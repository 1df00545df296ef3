"""Import semantics: links to companies and persons, re-imports, modes, empty cells, duplicates,
symmetric and one-target relationships, invalid values — on real files in tmp_path."""

from __future__ import annotations

import polars as pl
import pytest

from tests.stores import base_store, kinds, run, seed_companies
from tests.writers import write_csv


def test_deals_link_to_companies_and_persons(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(
        tmp_path / "deals.csv",
        [
            ["Nazwa", "Wartość", "Klient", "Decydent"],
            ["Wdrożenie CRM", "12 500,00", "acme sp. z o.o.", "jan@acme.pl"],
            ["Serwis", "abc", "Polmet", "anna@polmet.pl; jan@acme.pl"],
            ["Audyt", "1000", "Lodz Trans", "JAN@ACME.PL"],
            ["Szkolenie", "5", "PL 123-456-32-18", ""],
        ],
    )
    rep = run(data, f, "deal")
    # Keys per value: the names link by name, the NIP of row 5 by tax id.
    assert (rep.rows_total, rep.created, rep.links_created) == (4, 4, 4)
    assert rep.match_keys == {"Klient": "tax_id, name", "Decydent": "email"}  # ties in key order
    assert kinds(rep) == [
        (3, "Decydent", "cardinality"),
        (3, "Decydent", "cardinality"),
        (3, "Klient", "ambiguous"),
        (3, "Wartość", "invalid_value"),
        (4, "Klient", "not_found"),
    ]
    amb = next(p for p in rep.problems if p.kind == "ambiguous")
    assert len(amb.candidates) == 2
    nf = next(p for p in rep.problems if p.kind == "not_found")
    assert nf.candidates and nf.candidates[0]["label"] == "Łódź Trans"
    assert rep.rows_with_problems == 2
    assert rep.exit_code == 3


def test_reimport_creates_nothing_twice(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(
        tmp_path / "d.csv",
        [["Nazwa", "Klient"], ["A", "Acme Sp. z o.o."], ["B", "Acme Sp. z o.o."]],
    )
    first = run(data, f, "deal")
    second = run(data, f, "deal")
    assert (first.created, first.links_created) == (2, 2)
    assert (second.created, second.unchanged, second.links_created, second.links_existing) == (
        0,
        2,
        0,
        2,
    )
    assert second.exit_code == 0


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("upsert", {"created": 1, "updated": 1, "skipped": 0, "kinds": []}),
        ("create", {"created": 1, "updated": 0, "skipped": 1, "kinds": ["exists"]}),
        ("update", {"created": 0, "updated": 1, "skipped": 1, "kinds": ["no_match"]}),
        ("link", {"created": 0, "updated": 0, "skipped": 1, "kinds": ["no_match"]}),
    ],
)
def test_modes(tmp_path, mode, expected):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(
        tmp_path / "c.csv",
        [
            ["NIP", "Nazwa", "Miasto"],
            ["1234563218", "Acme", "Poznań"],
            ["5555555555", "Nowa", "Opole"],
        ],
    )
    rep = run(data, f, "company", mode=mode)
    got = {
        "created": rep.created,
        "updated": rep.updated,
        "skipped": rep.skipped,
        "kinds": [p.kind for p in rep.problems],
    }
    assert got == expected
    city = data.records["company"].filter(pl.col("tax_id") == "1234563218")["city"][0]
    assert city == ("Poznań" if mode in ("upsert", "update") else "Łódź")


def test_identity_by_first_key_only(tmp_path):
    """A company row with a NIP is matched by NIP only, never by its name."""
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(
        tmp_path / "c.csv",
        [["Nazwa", "NIP"], ["Acme Sp. z o.o.", "9999999999"], ["Acme Sp. z o.o.", ""]],
    )
    rep = run(data, f, "company")
    assert (rep.created, rep.unchanged) == (1, 1)


def test_empty_cells_never_erase(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(tmp_path / "c.csv", [["NIP", "Miasto", "WWW"], ["1234563218", "", "acme.pl"]])
    rep = run(data, f, "company")
    row = data.records["company"].filter(pl.col("tax_id") == "1234563218").row(0, named=True)
    assert row["city"] == "Łódź"
    assert rep.unchanged == 1  # acme.pl equals https://www.acme.pl/ as a domain


def test_duplicate_in_file_still_links(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(
        tmp_path / "d.csv",
        [["Nazwa", "Produkty", "Klient"], ["X", "", "Acme Sp. z o.o."], ["x", "", "Łódź Trans"]],
    )
    rep = run(data, f, "deal")
    assert kinds(rep) == [(3, "Nazwa", "duplicate_in_file")]
    assert (rep.created, rep.skipped, rep.links_created) == (1, 1, 2)


def test_candidates_include_records_of_the_same_import(tmp_path):
    data = base_store()
    f = write_csv(
        tmp_path / "c.csv",
        [["Nazwa", "Partner", "Centrala"], ["A", "B", ""], ["B", "", "A"], ["C", "C", "A; B"]],
    )
    rep = run(data, f, "company")
    assert rep.created == 3
    assert kinds(rep) == [
        (4, "Centrala", "cardinality"),
        (4, "Centrala", "cardinality"),
        (4, "Partner", "self_link"),
    ]
    assert rep.links_created == 2


def test_symmetric_link_is_one_link(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "c.csv", [["Nazwa", "Partner"], ["A", "B"], ["B", "A"]])
    rep = run(data, f, "company")
    assert (rep.links_created, rep.links_existing) == (1, 1)


def test_one_cardinality_existing_target_and_replace(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "c.csv", [["Nazwa", "Centrala"], ["HQ1", ""], ["HQ2", ""], ["Oddz", "HQ1"]])
    run(data, f, "company")
    g = write_csv(tmp_path / "g.csv", [["Nazwa", "Centrala"], ["Oddz", "HQ2"]])
    rep = run(data, g, "company")
    assert kinds(rep) == [(2, "Centrala", "cardinality")]
    rep = run(data, g, "company", replace=True)
    assert (rep.links_created, rep.links_replaced, rep.problems) == (1, 1, [])


def test_inverse_name_column(tmp_path):
    """Importing companies with 'Oddziały' (inverse of Centrala) links the other way."""
    data = base_store()
    f = write_csv(tmp_path / "c.csv", [["Nazwa", "Oddziały"], ["B1", ""], ["B2", ""], ["HQ", "B1;B2"]])
    rep = run(data, f, "company")
    assert rep.links_created == 2
    links = data.links[next(r.id for r in data.relationship_types if r.name == "Centrala")]
    assert sorted(links.select("source", "target").rows()) == [(1, 3), (2, 3)]


def test_invalid_between_separators_and_trailing_separator(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["A", "Acme Sp. z o.o.;;Łódź Trans;"]])
    rep = run(data, f, "deal")
    assert kinds(rep) == [(2, "Klient", "invalid")]
    assert rep.links_created == 2


def test_missing_key_and_invalid_email(tmp_path):
    data = base_store()
    f = write_csv(
        tmp_path / "p.csv",
        [
            ["Imię", "Nazwisko", "E-mail", "Telefon"],
            ["", "", "", "600 000 004"],
            ["Ewa", "Lis", "zly-adres", "600"],
            ["Jan", "Nowak", "", "600"],
        ],
    )
    rep = run(data, f, "person")
    assert kinds(rep) == [
        (2, "E-mail", "missing_key"),
        (3, "E-mail", "invalid_value"),
        (3, "Telefon", "invalid_value"),
        (4, "Telefon", "invalid_value"),
    ]
    # An invalid e-mail is the row's identity: the row is not imported (matching it by
    # name could create a duplicate); an invalid phone only leaves the phone out.
    assert (rep.created, rep.skipped, rep.rows_imported) == (1, 2, 1)
    msgs = [p.message for p in rep.problems if p.kind == "invalid_value"]
    assert msgs[0].startswith("E-mail: not an e-mail address (")
    assert msgs[0].endswith("; the person is not imported")
    assert msgs[1:] == ["Telefon: not a valid phone number"] * 2
    assert data.records["person"]["phone"].to_list() == [None]


def test_invalid_company_nip_leaves_the_person_without_company(tmp_path):
    data = base_store()
    f = write_csv(
        tmp_path / "pc.csv",
        [
            ["Imię", "Nazwisko", "E-mail", "Firma", "NIP"],
            ["Jan", "Kowalski", "jan@a.pl", "Acme", "1234567890"],
            ["Ewa", "Lis", "ewa@a.pl", "Beta", "526-000-12-46"],
        ],
    )
    rep = run(data, f, "person_company")
    assert [(p.row, p.column, p.kind, p.message) for p in rep.problems] == [
        (2, "NIP", "invalid_value", "NIP: NIP checksum does not match; the company is not imported")
    ]
    assert (rep.created, rep.links_created) == (3, 1)  # two persons, Beta; only Ewa linked
    assert data.records["company"]["tax_id"].to_list() == ["5260001246"]


def test_persons_and_companies_share_companies(tmp_path):
    data = base_store()
    f = write_csv(
        tmp_path / "pc.csv",
        [
            ["Imię", "Nazwisko", "E-mail", "Firma", "NIP"],
            ["Jan", "Kowalski", "jan@a.pl", "Acme", "1234563218"],
            ["Ewa", "Lis", "ewa@a.pl", "ACME", "PL1234563218"],
            ["Olek", "Nowy", "olek@b.pl", "Beta", ""],
            ["Jan", "Kowalski", "", "Beta", ""],
        ],
    )
    rep = run(data, f, "person_company")
    assert data.records["company"].height == 2
    assert data.records["person"].height == 4
    assert rep.links_created == 4
    assert rep.problems == []
    rep2 = run(data, f, "person_company")
    assert (rep2.created, rep2.links_existing) == (0, 4)
