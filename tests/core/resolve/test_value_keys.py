"""Keys chosen per value: a relationship value is looked up under every key it could be.

Products with SKUs ``100, 101, 1, 2`` get ids 1–4, so ``1`` is both product 1's id and
product 3's SKU: never linked silently. A column may mix names, NIPs, REGONs, ids and
e-mail addresses; an explicit key restricts it; suggestions reach every missing value.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relimport.core.mapping.decisions import Decision
from relimport.core.ops.relations import find_relationship
from relimport.core.resolve import suggest
from tests.stores import base_store, run
from tests.writers import write_csv

PRODUCTS = [["Nazwa", "SKU"], ["Śruba", "100"], ["Nakrętka", "101"], ["Podkładka", "1"], ["Wkręt", "2"]]
COMPANIES = [
    ["Nazwa", "NIP", "REGON", "Miasto", "WWW"],
    ["Alfa", "526-000-12-46", "012345675", "Kielce", "alfa.pl"],
    ["Beta", "", "", "Opole", ""],
    ["Gamma", "1234563218", "", "Opole", ""],
    ["Gamma", "5280636083", "", "Kraków", ""],
]
PERSONS = [
    ["Imię", "Nazwisko", "E-mail"],
    ["Jan", "Kowalski", "jan@alfa.pl"],
    ["Anna", "Nowak", "anna@beta.pl"],
]


@pytest.fixture(scope="module")
def crm(tmp_path_factory):
    """Products 1–4, companies 5–8 (Alfa, Beta, two Gammas), persons 9–10."""
    tmp = tmp_path_factory.mktemp("crm")
    data = base_store()
    for rows, kind in ((PRODUCTS, "product"), (COMPANIES, "company"), (PERSONS, "person")):
        rep = run(data, write_csv(tmp / f"{kind}.csv", rows), kind)
        assert rep.problems == [], rep.problems
    names = {
        t: dict(zip(df["id"], df["name" if t != "person" else "last_name"], strict=True))
        for t, df in data.records.items()
        if df.height
    }
    assert names["product"] == {1: "Śruba", 2: "Nakrętka", 3: "Podkładka", 4: "Wkręt"}
    assert names["company"] == {5: "Alfa", 6: "Beta", 7: "Gamma", 8: "Gamma"}
    assert names["person"] == {9: "Kowalski", 10: "Nowak"}
    return data, tmp


def dry(crm, column: str, values: list[str], *, overrides=(), decisions=()):
    data, tmp = crm
    rows = [["Nazwa", column]] + [[f"Szansa {i}", v] for i, v in enumerate(values)]
    f = write_csv(tmp / "szanse.csv", rows, encoding="cp1250", newline="\r\n")
    return run(data, f, "deal", dry_run=True, overrides=list(overrides), decisions=tuple(decisions))


def outcome(rep, row: int = 2) -> tuple:
    """(kind, [(candidate id, key)]) of the problem of ``row``, or ("linked", []) if none."""
    found = [p for p in rep.problems if p.row == row]
    if not found:
        return ("linked", [])
    (p,) = found
    return (p.kind, [(c["id"], c.get("key")) for c in p.candidates])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", ("ambiguous", [(1, "id"), (3, "sku")])),  # product 1's id, product 3's SKU
        ("2", ("ambiguous", [(2, "id"), (4, "sku")])),
        ("100", ("linked", [])),  # SKU 100 only: no product has id 100
        ("101", ("linked", [])),
        ("4", ("linked", [])),  # an id typed into the cell
        ("0004", ("linked", [])),  # ids compare without leading zeros
        ("wkręt", ("linked", [])),
        ("Śrubka", ("not_found", [(1, None)])),  # did you mean 'Śruba'?
    ],
)
def test_product_values_under_every_key(crm, value, expected):
    rep = dry(crm, "Produkty", [value])
    assert outcome(rep) == expected
    assert rep.links_created == (1 if expected[0] == "linked" else 0)


def test_an_id_sku_collision_names_each_candidate_and_its_key(crm):
    rep = dry(crm, "Produkty", ["1"])
    (p,) = rep.problems
    assert (p.row, p.column, p.value, p.kind) == (2, "Produkty", "1", "ambiguous")
    assert p.message == "'1' matches 2 product records (id 1 by id, id 3 by sku); not linked"
    assert [(c["label"], c["fields"]) for c in p.candidates] == [
        ("Śruba", {"sku": "100"}),
        ("Podkładka", {"sku": "1"}),
    ]
    assert rep.exit_code == 3


def test_a_mixed_company_column_links_each_value_by_its_own_key(crm):
    values = ["Alfa", "5280636083", "PL 123-456-32-18", "12345675", "6", "https://www.Alfa.pl/", "beta"]
    rep = dry(crm, "Klient", values)
    assert rep.problems == []
    assert rep.links_created == 7
    assert rep.match_keys == {"Klient": "tax_id, name, id, regon, domain"}


def test_a_name_shared_by_two_companies_is_ambiguous_and_their_ids_settle_it(crm):
    rep = dry(crm, "Klient", ["Gamma"])
    (p,) = rep.problems
    assert p.message == "'Gamma' matches 2 company records by name (ids 7, 8); not linked"
    assert [(c["id"], c["key"], c["fields"]["city"]) for c in p.candidates] == [
        (7, "name", "Opole"),
        (8, "name", "Kraków"),
    ]
    # The file settles its own ambiguity: the id in the cell, or one of the NIPs.
    rep = dry(crm, "Klient", ["7", "5280636083"])
    assert (rep.links_created, rep.problems) == (2, [])


def test_a_mixed_person_column_links_names_and_e_mail_addresses(crm):
    rep = dry(crm, "Decydent", ["Jan Kowalski", "ANNA@BETA.PL", "Nowak Anna", "10"])
    assert (rep.links_created, rep.problems) == (4, [])
    assert rep.match_keys == {"Decydent": "name, id, email"}  # most first, ties in key order


def test_an_explicit_key_restricts_the_column(crm):
    rep = dry(crm, "Klient", ["Alfa", "5260001246"], overrides=["Klient=rel:Klient@tax_id"])
    assert rep.links_created == 1
    (p,) = rep.problems
    assert (p.row, p.kind, p.message) == (2, "not_found", "no company with tax id 'Alfa'")
    rep = dry(crm, "Produkty", ["1"], overrides=["Produkty=rel:Produkty@sku"])
    assert (rep.links_created, rep.problems) == (1, [])


def test_a_missing_value_names_the_keys_it_was_looked_up_by(crm):
    rep = dry(crm, "Klient", ["9999999999", "999999999", "Zeta", "biuro@zeta.pl"])
    assert [p.message.split(";")[0] for p in rep.problems] == [
        "no company with id, tax id or name '9999999999'",
        "no company with id, regon or name '999999999'",
        "no company with name 'Zeta'",
        "no company with domain 'biuro@zeta.pl'",  # no company name holds an '@'
    ]


def test_a_decision_settles_an_ambiguous_value_under_auto(crm):
    rep = dry(crm, "Produkty", ["1", "1"], decisions=[Decision("Produkty", "1", id=3)])
    assert (rep.links_created, rep.problems) == (2, [])
    assert [(r["value"], r["id"], r["via"], r["rows"]) for r in rep.resolved] == [("1", 3, "decision", 2)]


#: Each company with spellings of its keys a file may use (auto match-by).
SPELLINGS = {
    5: [
        "Alfa",
        "ALFA",
        "  alfa ",
        "526-000-12-46",
        "PL5260001246",
        "526 000 12 46",
        "12345675",
        "012-345-675",
        "www.alfa.pl",
        "http://ALFA.pl/oferta",
        "5",
        "005",
    ],
    6: ["Beta", "beta", "6"],
    8: ["5280636083", "528-063-60-83", "PL 528 063 60 83", "8"],
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from([(rid, s) for rid, spellings in SPELLINGS.items() for s in spellings]))
def test_a_value_and_its_respelling_resolve_to_the_same_record(crm, case):
    rid, spelling = case
    data, tmp = crm
    mine = copy.deepcopy(data)
    f = write_csv(tmp / "one.csv", [["Nazwa", "Klient"], ["Szansa", spelling]], encoding="cp1250")
    rep = run(mine, f, "deal")
    assert (rep.links_created, rep.problems) == (1, []), spelling
    klient = find_relationship(mine, "Klient")
    assert mine.links[klient.id]["target"].to_list() == [rid], spelling


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from([s for spellings in SPELLINGS.values() for s in spellings]))
def test_a_respelling_of_a_linked_value_finds_the_link_existing(crm, spelling):
    data, tmp = crm
    mine = copy.deepcopy(data)
    rid = next(r for r, spellings in SPELLINGS.items() if spelling in spellings)
    first = SPELLINGS[rid][0]
    rows = [["Nazwa", "Klient"], ["Szansa", first], ["Szansa", spelling]]
    rep = run(mine, write_csv(tmp / "two.csv", rows), "deal")
    assert (rep.created, rep.links_created, rep.links_existing) == (1, 1, 1), spelling
    assert [p.kind for p in rep.problems] == ["duplicate_in_file"]


def test_every_missing_value_gets_suggestions_not_only_a_first_few(crm):
    letters = "abcdefghijklmnopqrstuvwxyz"
    values = [f"Alfa {a}{b}" for a in letters for b in letters][:300]  # past caps stopped at 200
    rep = dry(crm, "Klient", values)
    assert len(rep.problems) == 300
    assert all(p.candidates and p.candidates[0]["label"] == "Alfa" for p in rep.problems)


def test_blocked_suggestions_find_the_close_record_among_many(monkeypatch):
    import polars as pl

    monkeypatch.setattr(suggest, "FULL_CELLS", 0)  # as for many values against a big store
    n = 5000
    recs = pl.DataFrame({"id": range(1, n + 1), "name": [f"Firma {i} Sp. z o.o." for i in range(n)]})
    typos = {
        "Frima 17": 18,
        "Firma 4242x": 4243,
        "Fir ma 999": 1000,
        "Sp. z o.o. Firma 3000": 3001,
        "irma 12": 13,
    }
    found = suggest._suggest("Klient", "company", ("name",), sorted(typos), recs)
    for value, rid in typos.items():
        assert found[("Klient", "company", value)][0]["id"] == rid, value
