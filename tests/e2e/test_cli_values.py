"""Typed values through the real CLI: Polish amounts and dates, spreadsheet-typed NIP,
REGON and SKU, invalid checksums, the decimal and date-order overrides, recipes, and a
version 1 store converted on its first write."""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from tests.e2e.cli import cli, jcli
from tests.writers import write_csv, write_xlsx


def fields(store: Path, kind: str, key: str) -> dict:
    r = cli(store, "show", kind, key, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["fields"]


def problems(rep: dict) -> list[tuple]:
    return [(p["row"], p["column"], p["value"], p["kind"], p["message"]) for p in rep["problems"]]


def test_polish_amounts_dates_and_currencies(store, tmp_path):
    deals = write_csv(
        tmp_path / "szanse.csv",
        [
            ["Nazwa", "Wartość", "Waluta", "Data zamknięcia"],
            ["Wdrożenie", "1 234,50", "zł", "31.12.2026"],
            ["Serwis", "125\u00a0000,50", "PLN", "2026-12-31"],
            ["Audyt", "1.234,5", "€", "31/12/2026"],
            ["Szkolenie", "10000", "pln", "1.2.2027"],
            ["Licencja", "ok. 500", "złotówki", "31.02.2027"],
        ],
        encoding="cp1250",
    )
    code, rep = jcli(store, "import", str(deals), "--type", "deal")
    assert code == 3
    assert (rep["records"]["created"], rep["rows"]["with_problems"]) == (5, 1)
    assert problems(rep) == [
        (6, "Data zamknięcia", "31.02.2027", "invalid_value",
         "Data zamknięcia: not a date (no such day in day.month.year order)"),
        (6, "Waluta", "złotówki", "invalid_value",
         "Waluta: not a currency (an ISO 4217 code such as PLN or EUR)"),
        (6, "Wartość", "ok. 500", "invalid_value",
         "Wartość: not an amount (decimal mark of this column: ',')"),
    ]  # fmt: skip
    got = {n: fields(store, "deal", n) for n in ("Wdrożenie", "Serwis", "Audyt", "Szkolenie", "Licencja")}
    assert [(f["value"], f["currency"], f["close_date"]) for f in got.values()] == [
        ("1234.50", "PLN", "2026-12-31"),
        ("125000.50", "PLN", "2026-12-31"),
        ("1234.50", "EUR", "2026-12-31"),
        ("10000.00", "PLN", "2027-02-01"),
        (None, None, None),  # invalid cells are left as they were; the rest of the row imports
    ]
    # The same values written another way change nothing.
    again = write_csv(
        tmp_path / "again.csv",
        [
            ["Nazwa", "Wartość", "Waluta", "Data zamknięcia"],
            ["Serwis", "125000,50", "zł", "31.12.2026"],
            ["Wdrożenie", "1 234,5", "PLN", "2026-12-31"],
        ],
    )
    code, rep = jcli(store, "import", str(again), "--type", "deal", "--decimal", ".")
    assert (code, rep["records"]["unchanged"], rep["records"]["updated"]) == (3, 2, 0)
    # With "." chosen, "125000,50" is not an amount: those cells are left as they were.
    why = "Wartość: not an amount (decimal mark of this column: '.')"
    assert problems(rep) == [
        (2, "Wartość", "125000,50", "invalid_value", why),
        (3, "Wartość", "1 234,5", "invalid_value", why),
    ]
    code, rep = jcli(store, "import", str(again), "--type", "deal")
    assert (code, rep["records"]["unchanged"], rep["problems"]) == (0, 2, [])


def test_us_file_decided_per_column_and_overridden(store, tmp_path):
    f = write_csv(
        tmp_path / "us.csv",
        [
            ["Nazwa", "Wartość", "Data zamknięcia"],
            ["A", "1,234.50", "12/31/2026"],
            ["B", "2,000", "01/02/2026"],
            ["C", "99.9", "03/04/2026"],
        ],
        delimiter=",",
    )
    code, rep = jcli(store, "import", str(f), "--type", "deal")
    assert code == 0, rep["problems"]
    assert [(fields(store, "deal", n)["value"], fields(store, "deal", n)["close_date"]) for n in "ABC"] == [
        ("1234.50", "2026-12-31"),
        ("2000.00", "2026-01-02"),  # the column is month first: 12/31 says so
        ("99.90", "2026-03-04"),
    ]
    # The user says otherwise: every value is read their way, and those that cannot be are named.
    code, rep = jcli(
        store, "import", str(f), "--type", "deal", "--decimal", ",", "--date-order", "dmy", "--dry-run"
    )
    assert code == 3
    assert [(p["row"], p["column"]) for p in rep["problems"]] == [
        (2, "Data zamknięcia"),
        (2, "Wartość"),
        (4, "Wartość"),
    ]
    assert rep["records"]["updated"] == 2  # B's 2,000 is now 2.00 and its date 1 February


def test_recipe_carries_decimal_and_date_order(store, tmp_path):
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Wartość", "Data zamknięcia"], ["A", "1,5", "01/02/2026"]])
    recipe = tmp_path / "r.toml"
    code, _ = jcli(
        store, "import", str(f), "--type", "deal", "--decimal", ".", "--date-order", "mdy",
        "--dry-run", "--save-recipe", str(recipe),
    )  # fmt: skip
    text = recipe.read_text(encoding="utf-8")
    assert 'decimal = "."' in text and 'date_order = "mdy"' in text
    code, rep = jcli(store, "import", str(f), "--recipe", str(recipe))
    assert code == 3 and [p["column"] for p in rep["problems"]] == ["Wartość"]
    assert fields(store, "deal", "A")["close_date"] == "2026-01-02"
    bad = tmp_path / "bad.toml"
    bad.write_text('[relimport]\ntype = "deal"\n[import]\ndecimal = ";"\n', encoding="utf-8")
    r = cli(store, "import", str(f), "--recipe", str(bad))
    assert r.returncode == 2 and "decimal" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_nip_regon_and_contacts_canonical_and_checked(store, tmp_path):
    f = write_csv(
        tmp_path / "firmy.csv",
        [
            ["Nazwa", "NIP", "REGON", "WWW", "E-mail", "Telefon"],
            [
                "Alfa",
                "PL 526-000-12-46",
                "12345675",
                "https://www.Alfa.pl/",
                "Biuro@Alfa.PL",
                "(22) 123-45-67",
            ],
            ["Beta", "1234567890", "", "", "", ""],
            ["Gamma", "", "123456786", "", "", "abc"],
            ["Delta", "DE 136 695 976", "", "delta", "", "+49 30 1234567"],
        ],
    )
    code, rep = jcli(store, "import", str(f), "--type", "company")
    assert code == 3
    rejected = "; the company is not imported"
    assert problems(rep) == [
        (3, "NIP", "1234567890", "invalid_value", "NIP: NIP checksum does not match" + rejected),
        (4, "REGON", "123456786", "invalid_value", "REGON: REGON checksum does not match" + rejected),
        (4, "Telefon", "abc", "invalid_value", "Telefon: not a phone number"),
        (5, "WWW", "delta", "invalid_value", "WWW: not a web address"),
    ]
    # A row whose identity value is invalid is not imported at all; others lose only the cell.
    assert (rep["records"]["created"], rep["records"]["skipped"], rep["rows"]["imported"]) == (2, 2, 2)
    alfa = fields(store, "company", "5260001246")
    assert (alfa["tax_id"], alfa["regon"], alfa["domain"], alfa["email"], alfa["phone"]) == (
        "5260001246",
        "012345675",
        "alfa.pl",
        "Biuro@alfa.pl",
        "+48221234567",
    )
    delta = fields(store, "company", "de136695976")
    assert (delta["tax_id"], delta["domain"], delta["phone"]) == ("DE136695976", None, "+49301234567")
    assert cli(store, "show", "company", "Beta").returncode != 0


def test_spreadsheet_typed_nip_regon_and_sku(store, tmp_path):
    """Number cells: a NIP, a REGON whose leading zero Excel dropped, a SKU 00042 read as 42."""
    first = write_csv(
        tmp_path / "p.csv",
        [["Nazwa", "Kod", "Cena"], ["Śruba M8", "00042", "1,50"], ["Nakrętka M8", "AB-7", "0,80"]],
    )
    assert jcli(store, "import", str(first), "--type", "product")[0] == 0
    book = write_xlsx(
        tmp_path / "book.xlsx",
        {"Arkusz1": [["Nazwa", "NIP", "REGON"], ["Alfa", 5260001246, 12345675]]},
    )
    code, rep = jcli(store, "import", str(book), "--type", "company")
    assert (code, rep["records"]["created"]) == (0, 1)
    alfa = fields(store, "company", "012345675")
    assert (alfa["tax_id"], alfa["regon"]) == ("5260001246", "012345675")
    # The same company typed as text matches it: nothing changes.
    text = write_csv(tmp_path / "f.csv", [["NIP", "REGON"], ["526-000-12-46", "012345675"]])
    code, rep = jcli(store, "import", str(text), "--type", "company")
    assert (code, rep["records"]["unchanged"]) == (0, 1)

    products = write_xlsx(
        tmp_path / "produkty.xlsx",
        {"Arkusz1": [["Nazwa", "Kod", "Cena"], ["Śruba M8", 42, 1.5], ["Nakrętka M8", "ab 7", 0.8]]},
    )
    code, rep = jcli(store, "import", str(products), "--type", "product")
    # SKUs are compared as typed (without spaces and dashes, case-folded): "ab 7" is "AB-7",
    # but 42 is not 00042 — leading zeros may matter — so a second "Śruba M8" is created
    # and reported with the first as the candidate, never silently.
    assert code == 3
    assert (rep["records"]["created"], rep["records"]["unchanged"]) == (1, 1)
    [warn] = rep["problems"]
    assert (warn["row"], warn["kind"], warn["value"]) == (2, "possible_duplicate", "Śruba M8")
    assert warn["message"] == (
        f"created as a new product (sku 42), though 'Śruba M8' (id {warn['candidates'][0]['id']},"
        " sku 00042) has the same name and another sku: the same one?"
    )
    assert fields(store, "product", "AB-7")["sku"] == "AB-7"  # kept as first typed


def test_version_1_store_converted_on_first_write(tmp_path):
    store = tmp_path / "store.json"
    v1 = {
        "format": "relimport-store",
        "version": 1,
        "next_id": 4,
        "next_batch": 3,
        "next_rel": 2,
        "relationship_types": [],
        "records": {
            "company": {
                "id": [1, 2],
                "created_batch": [1, 1],
                "modified_batch": [1, 1],
                "name": ["Alfa", "Beta"],
                "tax_id": ["PL 526-000-12-46", "1234567890"],
            },
            "deal": {
                "id": [3],
                "created_batch": [1],
                "modified_batch": [2],
                "name": ["Serwis"],
                "value": ["125 000,50"],
                "close_date": ["31.12.2026"],
            },
        },
        "links": {},
        "batches": [
            {
                "id": 1, "time": "2026-01-01T10:00:00+01:00", "file": "d.csv", "sha256": "", "kind": "deal",
                "mode": "upsert", "recipe": {}, "counts": {},
            },
            {
                "id": 2, "time": "2026-01-02T10:00:00+01:00", "file": "d.csv", "sha256": "", "kind": "deal",
                "mode": "upsert", "recipe": {}, "counts": {},
                "overwritten": {"type": ["deal"], "id": [3], "field": ["value"], "old": ["1 000,00"],
                                "new": ["125 000,50"]},
            },
        ],
    }  # fmt: skip
    raw = orjson.dumps(v1)
    store.write_bytes(raw)
    # Reading converts in memory and leaves the file as it was.
    assert fields(store, "deal", "Serwis")["value"] == "125000.50"
    assert store.read_bytes() == raw
    # A dry run already compares canonical values.
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Wartość"], ["Serwis", "125000,50"]])
    code, rep = jcli(store, "import", str(f), "--type", "deal", "--dry-run")
    assert (code, rep["records"]["unchanged"]) == (0, 1)
    assert store.read_bytes() == raw
    code, rep = jcli(store, "import", str(f), "--type", "deal")
    assert code == 0
    doc = orjson.loads(store.read_bytes())
    assert doc["version"] == 2
    assert doc["records"]["deal"]["value"] == ["125000.50"]
    assert doc["records"]["deal"]["close_date"] == ["2026-12-31"]
    assert doc["records"]["company"]["tax_id"] == ["5260001246", "1234567890"]
    assert doc["migration"]["kept"] == [
        {
            "type": "company",
            "id": 2,
            "field": "tax_id",
            "value": "1234567890",
            "reason": "NIP checksum does not match",
        }
    ]
    assert doc["batches"][1]["overwritten"]["new"] == ["125000.50"]
    # Undo of the old batch still recognises the value it wrote, and restores the old one.
    code, out = jcli(store, "undo", "B2")
    assert code == 0, out
    assert fields(store, "deal", "Serwis")["value"] == "1000.00"


def test_tags_are_a_list_in_show_json(store, tmp_path):
    """Tags split on ``;`` or ``,``, trimmed, repeats (any case) dropped; ``show --json``
    gives them as a list, and a record without tags as an empty one."""
    companies = write_csv(
        tmp_path / "firmy.csv",
        [["Nazwa", "Tagi"], ["Alfa", " vip, stały klient;VIP ;; "], ["Beta", ""]],
    )
    code, _ = jcli(store, "import", str(companies), "--type", "company")
    assert code == 0
    assert fields(store, "company", "Alfa")["tags"] == ["vip", "stały klient"]
    assert fields(store, "company", "Beta")["tags"] == []
