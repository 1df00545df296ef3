"""Problems name records by their names, an id beside a name only to tell records apart:
``deal 'Audyt' already has a different Decydent ('Jan Kowalski', id 5)``, never a bare
``deal 186 … (id 61)`` a new admin cannot place."""

from __future__ import annotations

from tests.stores import base_store, run, seed_companies
from tests.writers import write_csv


def messages(report, kind: str) -> list[tuple[int, str]]:
    return [(p.row, p.message) for p in report.problems if p.kind == kind]


def ids_by(data, type_key: str, column: str) -> dict[str, int]:
    recs = data.records[type_key]
    return dict(zip(recs[column], recs["id"], strict=True))


def test_a_kept_link_names_the_source_and_the_target_it_keeps(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    run(data, write_csv(tmp_path / "d.csv", [["Nazwa", "Decydent"], ["Audyt", "jan@acme.pl"]]), "deal")
    person = ids_by(data, "person", "email")
    # The deal's file names another decision maker: the stored one is kept.
    rep = run(
        data, write_csv(tmp_path / "e.csv", [["Nazwa", "Decydent"], ["Audyt", "anna@polmet.pl"]]), "deal"
    )
    assert messages(rep, "cardinality") == [
        (
            2,
            f"deal 'Audyt' already has a different Decydent ('Jan Kowalski', id {person['jan@acme.pl']});"
            " kept (choose replace to change it)",
        )
    ]
    # The same from the other side: a persons file naming the deal under the inverse name.
    back = write_csv(tmp_path / "p.csv", [["E-mail", "Decyzje"], ["anna@polmet.pl", "Audyt"]])
    rep = run(data, back, "person")
    assert messages(rep, "cardinality") == [
        (
            2,
            f"deal 'Audyt' already has a different Decydent ('Jan Kowalski', id {person['jan@acme.pl']});"
            " kept (choose replace to change it)",
        )
    ]


def test_a_record_without_a_name_is_named_by_its_id(tmp_path):
    data = base_store()
    seed = [["Nazwa", "NIP", "Centrala"], ["", "5260001246", ""], ["Oddział", "", "5260001246"]]
    run(data, write_csv(tmp_path / "c.csv", seed), "company")
    hq = ids_by(data, "company", "tax_id")["5260001246"]
    other = write_csv(tmp_path / "o.csv", [["Nazwa", "NIP"], ["Nowa centrala", "1234563218"]])
    run(data, other, "company")
    again = write_csv(tmp_path / "a.csv", [["Nazwa", "Centrala"], ["Oddział", "Nowa centrala"]])
    rep = run(data, again, "company")
    assert messages(rep, "cardinality") == [
        (
            2,
            f"company 'Oddział' already has a different Centrala (id {hq});"
            " kept (choose replace to change it)",
        )
    ]


def test_several_targets_in_one_file_name_the_source(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    run(data, write_csv(tmp_path / "d.csv", [["Nazwa"], ["Wdrożenie CRM"]]), "deal")
    both = write_csv(
        tmp_path / "p.csv",
        [["E-mail", "Decyzje"], ["jan@acme.pl", "Wdrożenie CRM"], ["anna@polmet.pl", "Wdrożenie CRM"]],
    )
    rep = run(data, both, "person", dry_run=True)
    said = "Decydent allows one person per deal; this file gives deal 'Wdrożenie CRM' several, none linked"
    assert messages(rep, "cardinality") == [(2, said), (3, said)]


def test_a_row_of_an_existing_record_in_create_mode_names_it(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    company = ids_by(data, "company", "tax_id")
    rows = [["Nazwa", "NIP"], ["Acme", "123-456-32-18"], ["", "3333333333"], ["Łódź Trans", ""]]
    rep = run(data, write_csv(tmp_path / "c.csv", rows), "company", mode="create", dry_run=True)
    assert messages(rep, "exists") == [
        (
            2,
            f"company 'Acme' (tax id 1234563218) already exists (id {company['1234563218']}); mode create",
        ),
        (3, f"company with tax id 3333333333 already exists (id {company['3333333333']}); mode create"),
        (4, f"company 'Łódź Trans' already exists (id {company['3333333333']}); mode create"),
    ]
    persons = [["Imię", "Nazwisko", "E-mail"], ["Jan", "Kowalski", "JAN@acme.pl"]]
    rep = run(data, write_csv(tmp_path / "p.csv", persons), "person", mode="create", dry_run=True)
    jan = ids_by(data, "person", "email")["jan@acme.pl"]
    assert messages(rep, "exists") == [
        (2, f"person 'Jan Kowalski' (email JAN@acme.pl) already exists (id {jan}); mode create")
    ]


def test_a_look_alike_names_each_record_with_its_own_key(tmp_path):
    data = base_store()
    seed_companies(data, tmp_path)
    company = ids_by(data, "company", "tax_id")
    rows = [["Nazwa", "NIP"], ["Polmet", "5260001246"]]
    rep = run(data, write_csv(tmp_path / "c.csv", rows), "company", dry_run=True)
    assert messages(rep, "possible_duplicate") == [
        (
            2,
            f"created as a new company (tax id 5260001246), though 'Polmet' (id {company['1111111111']},"
            f" tax id 1111111111), 'Polmet' (id {company['2222222222']}, tax id 2222222222) have the same"
            " name and another tax id: the same one?",
        )
    ]
