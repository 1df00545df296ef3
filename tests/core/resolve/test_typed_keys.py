"""Typed keys end to end through the engine: a value and any re-spelling of it find the
same record, as a relationship value and as a row's identity."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stores import base_store, run
from tests.writers import write_csv

#: Each key with its stored record value and spellings a file may use for it.
SPELLINGS = {
    "tax_id": ("5260001246", ["526-000-12-46", "PL 5260001246", "pl526 000 12 46", "526.000.12.46"]),
    "regon": ("012345675", ["12345675", "012-345-675", " 012345675 "]),
    "domain": ("alfa.pl", ["https://www.Alfa.pl/", "WWW.ALFA.PL", "http://alfa.pl:8080/kontakt?x=1"]),
    "email": ("Jan@alfa.pl", ["jan@Alfa.PL", "mailto:jan@alfa.pl", "JAN@ALFA.PL"]),
}
#: The relationship column of deals whose values are of that key.
COLUMN = {"tax_id": "Klient", "regon": "Klient", "domain": "Klient", "email": "Decydent"}


@pytest.fixture(scope="module")
def alfa(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("alfa")
    data = base_store()
    f = write_csv(
        tmp / "firmy.csv",
        [
            ["Nazwa", "NIP", "REGON", "WWW", "E-mail"],
            ["Alfa", "PL 526-000-12-46", "12345675", "alfa.pl", "Biuro@Alfa.pl"],
        ],
    )
    rep = run(data, f, "company")
    assert rep.created == 1 and not rep.problems
    rep = run(data, write_csv(tmp / "osoby.csv", [["Imię", "E-mail"], ["Jan", "Jan@ALFA.pl"]]), "person")
    assert rep.created == 1 and not rep.problems
    return data, tmp


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from([(k, s) for k, (_, spellings) in SPELLINGS.items() for s in spellings]))
def test_any_spelling_links_the_same_record(alfa, case):
    data, tmp = alfa
    key, spelling = case
    column = COLUMN[key]
    f = write_csv(tmp / "szanse.csv", [["Nazwa", column], ["Szansa", spelling]])
    rep = run(data, f, "deal", dry_run=True, overrides=[f"{column}=rel:{column}@{key}"])
    assert (rep.links_created, rep.problems) == (1, []), (key, spelling)


@pytest.mark.parametrize("key", ["tax_id", "regon"])
def test_any_spelling_identifies_the_row(alfa, key):
    data, tmp = alfa
    header = {"tax_id": "NIP", "regon": "REGON"}[key]
    for spelling in SPELLINGS[key][1]:
        f = write_csv(tmp / "firmy2.csv", [[header, "Miasto"], [spelling, ""]])
        rep = run(data, f, "company", dry_run=True)
        assert (rep.created, rep.unchanged, rep.problems) == (0, 1, []), spelling


def test_possible_duplicate_names_the_record_with_the_same_name(tmp_path):
    """A new record found by none of its keys but named like an existing one is created
    and reported with that record as the candidate — never silently a second one."""
    data = base_store()
    first = [["Imię", "Nazwisko", "E-mail"], ["Jan Maria", "Nowak", "jan@a.pl"], ["Ewa", "Lis", "ewa@a.pl"]]
    run(data, write_csv(tmp_path / "p.csv", first), "person")
    again = [
        ["Imię", "Nazwisko", "E-mail"],
        ["jan  maria", "NOWAK", "jan.nowak@b.pl"],  # same full name, another e-mail
        ["Lis", "Ewa", "ewa@b.pl"],  # the name in the other order
        ["Adam", "Lis", "adam@a.pl"],  # a new person
    ]
    rep = run(data, write_csv(tmp_path / "p2.csv", again), "person")
    assert rep.created == 3
    ids = dict(zip(data.records["person"]["email"], data.records["person"]["id"], strict=True))
    assert [(p.row, p.kind, [c["id"] for c in p.candidates]) for p in rep.problems] == [
        (2, "possible_duplicate", [ids["jan@a.pl"]]),
        (3, "possible_duplicate", [ids["ewa@a.pl"]]),
    ]
    assert rep.problems[0].message == (
        f"created as a new person (email jan.nowak@b.pl), though 'Jan Maria Nowak' (id {ids['jan@a.pl']},"
        " email jan@a.pl) has the same name and another email: the same one?"
    )
