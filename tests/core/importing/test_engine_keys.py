"""Import semantics: all-or-nothing, dry run against apply, match keys (auto, explicit, id),
record identity (weaker keys, persons by name and company), mapping errors, link mode."""

from __future__ import annotations

import polars as pl
import pytest

from relimport.core.domain.errors import MappingError, UsageError
from tests.stores import base_store, kinds, run, seed_companies
from tests.writers import write_csv


def test_all_or_nothing_writes_nothing(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["A", "Nope"]])
    rep = run(data, f, "deal", all_or_nothing=True)
    assert rep.refused and rep.exit_code == 1
    assert data.records["deal"].height == 0


def test_dry_run_matches_apply(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["A", "Polmet"], ["B", "Acme Sp. z o.o."]])
    dry = run(data, f, "deal", dry_run=True)
    assert data.records["deal"].height == 0
    real = run(data, f, "deal")
    assert dry.to_json() | {"dry_run": True, "batch": None} == real.to_json() | {
        "dry_run": True,
        "batch": None,
    }


def test_match_by_auto_picks_key_resolving_most(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["A", "1234563218"], ["B", "111-111-11-11"]])
    rep = run(data, f, "deal")
    assert rep.match_keys["Klient"] == "tax_id"
    assert rep.links_created == 2


def test_explicit_match_key_and_id(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Firma klienta"], ["A", "1"], ["B", "0002"], ["C", "999"]])
    rep = run(data, f, "deal", overrides=["Firma klienta=rel:Klient@id"])
    assert rep.links_created == 2
    assert kinds(rep) == [(4, "Firma klienta", "not_found")]


def test_bad_map_is_usage_error(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "X"], ["A", "1"]])
    with pytest.raises(UsageError, match="no relationship 'Nope'"):
        run(data, f, "deal", overrides=["X=rel:Nope"])
    with pytest.raises(UsageError, match="no column"):
        run(data, f, "deal", overrides=["Y=skip"])


def test_two_columns_one_field_is_an_error(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "X"], ["A", "1"]])
    with pytest.raises(MappingError, match="both map to field name"):
        run(data, f, "deal", overrides=["X=field:name"])


def test_link_mode_only_adds_links(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(
        tmp_path / "c.csv",
        [["NIP", "Miasto", "Partner"], ["1234563218", "Zmienione", "Łódź Trans"]],
    )
    rep = run(data, f, "company", mode="link")
    assert (rep.unchanged, rep.updated, rep.links_created) == (1, 0, 1)
    assert data.records["company"].filter(pl.col("tax_id") == "1234563218")["city"][0] == "Łódź"


def test_person_identity_full_name_with_company(tmp_path):
    data = base_store()
    f = write_csv(
        tmp_path / "pc.csv",
        [["Imię", "Nazwisko", "Firma"], ["Jan", "Kowalski", "A"], ["Jan", "Kowalski", "B"]],
    )
    rep = run(data, f, "person_company")
    assert rep.created == 4  # two persons (same name, different companies) + two companies
    g = write_csv(tmp_path / "p.csv", [["Imię", "Nazwisko"], ["Jan", "Kowalski"]])
    rep = run(data, g, "person")
    assert kinds(rep) == [(2, "Nazwisko", "ambiguous")]


def test_id_column_identifies_records(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(
        tmp_path / "i.csv",
        [["ID", "Miasto", "Partner"], ["1", "Radom", "Polmet"], [" 0002 ", "Opole", ""], ["99", "X", ""]],
    )
    rep = run(data, f, "company")
    assert (rep.updated, rep.skipped) == (2, 1)
    assert kinds(rep) == [(2, "Partner", "ambiguous"), (4, "ID", "no_match")]
    g = write_csv(tmp_path / "l.csv", [["ID", "Partner"], ["1", "Łódź Trans"]])
    rep = run(data, g, "company", mode="link")
    assert (rep.unchanged, rep.links_created) == (1, 1)


def test_weaker_key_row_joins_record_created_by_stronger_key(tmp_path):
    data = base_store()
    f = write_csv(
        tmp_path / "c.csv",
        [
            ["Nazwa", "NIP"],
            ["Nowa", "1111111111"],
            ["Nowa", ""],
            ["Dwa", "3333333333"],
            ["Dwa", "4444444444"],
            ["Dwa", ""],
        ],
    )
    rep = run(data, f, "company")
    assert rep.created == 3
    assert kinds(rep) == [(3, "Nazwa", "duplicate_in_file"), (6, "Nazwa", "ambiguous")]


def test_person_import_uses_firma_column_for_identity(tmp_path):
    data = base_store()
    pc = write_csv(
        tmp_path / "pc.csv",
        [
            ["Imię", "Nazwisko", "Firma", "NIP"],
            ["Anna", "Nowak", "Polmet", "1111111111"],
            ["Anna", "Nowak", "Żółw", "2222222222"],
        ],
    )
    run(data, pc, "person_company")
    f = write_csv(
        tmp_path / "p.csv",
        [
            ["Imię", "Nazwisko", "Firma", "Stanowisko"],
            ["Anna", "Nowak", "Polmet", "CEO"],
            ["Anna", "Nowak", "", "X"],
        ],
    )
    rep = run(data, f, "person")
    assert rep.updated == 1 and rep.links_existing == 1
    assert kinds(rep) == [(3, "Nazwisko", "ambiguous")]


def test_text_is_trimmed_with_inner_whitespace_collapsed(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Etap"], ["  A\t B ", "Oferta\nczęść  2"]], delimiter=",")
    run(data, f, "deal")
    assert data.records["deal"].select("name", "stage").row(0) == ("A B", "Oferta część 2")


def test_two_columns_auto_mapped_to_one_field_is_an_error(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "c.csv", [["Nazwa", "Name"], ["A", "B"]])
    with pytest.raises(MappingError, match="'Nazwa' and 'Name' both map to field name"):
        run(data, f, "company")


def test_auto_key_for_unresolved_names_is_name_not_id(tmp_path):
    """A column whose values resolve to nothing still matches by a key the values fit."""
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["A", "Nieznana Firma"]])
    rep = run(data, f, "deal", dry_run=True)
    assert rep.match_keys["Klient"] == "name"
    assert rep.problems[0].message == "no company with name 'Nieznana Firma'"


def test_a_row_found_by_its_name_keeps_the_stored_spelling(tmp_path):
    """A row identified by its name only names the record: another case or spacing of that
    name changes nothing. Found by a stronger key (a NIP, an e-mail), the row's name is a
    value like any other and replaces the stored one."""
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(tmp_path / "c.csv", [["Nazwa", "Miasto"], ["ŁÓDŹ  TRANS", "Łódź"]])
    rep = run(data, f, "company")
    assert (rep.updated, rep.unchanged) == (0, 1)
    g = write_csv(tmp_path / "p.csv", [["Imię", "Nazwisko", "Firma"], ["JAN", "KOWALSKI", "ACME SP. Z O.O."]])
    rep = run(data, g, "person_company")
    assert (rep.created, rep.updated) == (0, 0)
    h = write_csv(tmp_path / "n.csv", [["Nazwa", "NIP"], ["ACME SP. Z O.O.", "1234563218"]])
    rep = run(data, h, "company")
    assert rep.updated == 1
    names = data.records["company"].select("name").to_series().to_list()
    persons = data.records["person"].select("first_name", "last_name").rows()
    assert ("ACME SP. Z O.O." in names, "Łódź Trans" in names) == (True, True)
    assert ("Jan", "Kowalski") in persons


def test_a_row_found_by_id_naming_another_record_is_warned(tmp_path):
    """An id column from another system names relimport's records at random: a row found
    by its id whose name is not that record's is imported (an export re-imported may
    rename on purpose) but warned ``renamed``, naming both; case and spacing aside, the
    same name is no warning, nor is a link-mode row (it changes no field)."""
    data = base_store()
    seed_companies(data, tmp_path)
    ids = dict(data.records["company"].select("name", "id").rows())
    f = write_csv(
        tmp_path / "c.csv",
        [
            ["ID", "Nazwa", "Miasto"],
            [str(ids["Polmet"]), "Firma Obca", "Radom"],
            [str(ids["Łódź Trans"]), "łódź  TRANS", "Łódź"],
        ],
    )
    rep = run(data, f, "company", apply=False)
    assert rep.updated == 2
    assert kinds(rep) == [(2, "Nazwa", "renamed")]
    assert "'Polmet' in the store" in rep.problems[0].message
    assert "'Firma Obca'" in rep.problems[0].message
    jan = data.records["person"].filter(data.records["person"]["last_name"] == "Kowalski")["id"].item()
    g = write_csv(
        tmp_path / "p.csv",
        [["ID", "Imię", "Nazwisko"], [str(jan), "Ktoś", "Inny"], [str(jan), "JAN", "kowalski"]],
    )
    rep = run(data, g, "person", apply=False)
    assert kinds(rep) == [(2, "Nazwisko", "renamed"), (3, "ID", "duplicate_in_file")]
    rep = run(data, f, "company", apply=False, mode="link")
    assert kinds(rep) == []


def test_persons_and_companies_report_the_key_their_companies_were_found_by(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    f = write_csv(tmp_path / "p.csv", [["Imię", "Nazwisko", "Firma"], ["Ewa", "Nowa", "ACME SP. Z O.O."]])
    rep = run(data, f, "person_company", apply=False)
    assert rep.match_keys == {"Firma": "name"}
