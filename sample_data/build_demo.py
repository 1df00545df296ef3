"""Build the demo store and the sample import files in ``sample_data/``.

Re-run from the repository root after changing the data or the store format::

    .venv/bin/python sample_data/build_demo.py

The script is deterministic (a fixed random seed, fixed batch times, fixed
workbook metadata, no network), so re-running it on the same code gives the
same files. It writes:

- ``demo-store.json`` — a store built only through the project's own core API:
  relationship types are added with :func:`relimport.core.ops.relations.add_relationship`
  and every record and link arrives by *importing* generated tables with the
  real engine, so the demo store also has an import history (six batches).
- one sample import file per import kind, meant to be imported INTO the demo
  store; together they show every outcome kind at least once (see README.md):
  ``szanse.csv`` (cp1250, ``;``, CRLF), ``osoby_i_firmy.csv`` (UTF-8 BOM, ``,``),
  ``firmy.xlsx`` (numeric NIP/REGON, a second sheet), ``osoby.csv`` (UTF-8, ``;``),
  ``produkty.csv`` (SKUs with leading zeros) and ``pojazdy.ods``.

At the end it dry-runs every sample file against the new store and prints the
outcome counts.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

from relimport.core.importing.request import ImportRequest  # noqa: E402
from relimport.core.importing.run import run_import  # noqa: E402
from relimport.core.mapping.precedence import Choices  # noqa: E402
from relimport.core.ops.relations import add_relationship  # noqa: E402
from relimport.core.store import jsonfile as store  # noqa: E402
from relimport.core.store.model import StoreData  # noqa: E402

SEED = 20250303
STORE_FILE = HERE / "demo-store.json"
#: Fixed time of every demo batch (Europe/Warsaw, winter time), one hour apart.
BATCH_DAY = "2025-03-03"

from demo_data import (  # noqa: E402 - beside this script
    ANCHOR_DEALS,
    ANCHOR_PERSONS,
    CITIES,
    COMPANIES,
    COMPETITORS,
    DEAL_TEMPLATES,
    FIRST_F,
    FIRST_M,
    HEADQUARTERS,
    N_DEALS,
    N_PERSONS,
    PARTNERS,
    PERSON_TAGS,
    POSITIONS,
    POSITIONS_F,
    PRODUCTS,
    STAGES,
    SURNAMES,
    VEHICLES,
    ascii_fold,
    fmt_nip,
    nip_check,
    regon_check,
    with_check,
)


@dataclass
class Demo:
    """The generated demo records, by key, before they are imported."""

    companies: dict[str, dict[str, str]] = field(default_factory=dict)
    persons: dict[str, dict[str, str]] = field(default_factory=dict)
    deals: dict[str, dict[str, str]] = field(default_factory=dict)


def generate(rng: random.Random) -> Demo:
    demo = Demo()
    nips: set[str] = set()
    for key, name, city, domain, tags in COMPANIES:
        prefixes, regon_prefix, area = CITIES[city]
        while True:
            first9 = rng.choice(prefixes) + f"{rng.randrange(10**6):06d}"
            check = nip_check(first9)
            if check != 10 and first9 + str(check) not in nips:
                nip = first9 + str(check)
                nips.add(nip)
                break
        regon = ""
        # Anchors the samples use always have a REGON; about 70% of the rest do.
        if key in ("hydro", "baltyk", "wawel", "meble", "baltyk_gdy") or rng.random() < 0.7:
            first8 = regon_prefix + f"{rng.randrange(10**6):06d}"
            regon = first8 + str(regon_check(first8))
        phone = f"+48 {area} {rng.randrange(200, 900)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
        demo.companies[key] = {
            "name": name,
            "tax_id": nip,
            "regon": regon,
            "domain": domain,
            "email": f"biuro@{domain}",
            "phone": phone,
            "city": city,
            "tags": tags,
        }

    used_names: set[str] = set()
    used_emails: set[str] = set()

    def add_person(key: str, company: str, first: str, last: str, position: str, tags: str = "") -> None:
        c = demo.companies[company]
        local = f"{ascii_fold(first)}.{ascii_fold(last)}".lower()
        email = f"{local}@{c['domain']}"
        n = 2
        while email in used_emails:
            email = f"{local}{n}@{c['domain']}"
            n += 1
        used_emails.add(email)
        used_names.add(f"{first} {last}")
        mobile = rng.choice(["50", "51", "53", "60", "66", "69", "72", "78", "79", "88"])
        phone = f"+48 {mobile}{rng.randrange(10)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}"
        demo.persons[key] = {
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": phone,
            "position": position,
            "city": c["city"],
            "tags": tags,
            "company": company,
        }

    for key, company, first, last, position in ANCHOR_PERSONS:
        add_person(key, company, first, last, position)
    # Every other company gets 1-3 contacts, then random extra ones up to N_PERSONS.
    contacts = [k for k, *_ in COMPANIES if k != "relacja"]
    has_person = {p["company"] for p in demo.persons.values()}
    queue = [k for k in contacts if k not in has_person]
    while len(demo.persons) < N_PERSONS:
        company = queue.pop(0) if queue else rng.choice(contacts)
        female = rng.random() < 0.5
        first = rng.choice(FIRST_F if female else FIRST_M)
        last = rng.choice(SURNAMES)[1 if female else 0]
        if f"{first} {last}" in used_names:
            continue  # full names stay unique, so a person can be found by name
        first_of_company = not any(p["company"] == company for p in demo.persons.values())
        position = rng.choice(["Prezes Zarządu", "Właściciel"]) if first_of_company else rng.choice(POSITIONS)
        if female:
            position = POSITIONS_F.get(position, position)
        add_person(f"p{len(demo.persons)}", company, first, last, position, rng.choice(PERSON_TAGS))

    skus = {sku for sku, *_ in PRODUCTS}
    for key, name, company, person, prods, value, cur, stage, date, tags in ANCHOR_DEALS:
        assert all(s in skus for s in prods.split(";"))
        demo.deals[key] = {
            "name": name,
            "company": company,
            "person": person,
            "products": prods,
            "value": value,
            "currency": cur,
            "stage": stage,
            "close_date": date,
            "tags": tags,
        }
    persons_of: dict[str, list[str]] = {}
    for pk, p in demo.persons.items():
        persons_of.setdefault(p["company"], []).append(pk)
    while len(demo.deals) < N_DEALS:
        company = rng.choice(contacts)
        template, pool = rng.choice(DEAL_TEMPLATES)
        short = short_name(demo.companies[company])
        name = f"{template} – {short}"
        if any(d["name"] == name for d in demo.deals.values()):
            continue
        currency = "EUR" if rng.random() < 0.2 else "PLN"
        value = rng.randrange(20, 900) * (50 if currency == "EUR" else 250)
        month = rng.randrange(1, 13)
        day = rng.choice([15, 28, 30]) if month != 2 else 28
        prods = rng.sample(pool, k=rng.randint(1, len(pool)))
        person = rng.choice(persons_of[company]) if rng.random() < 0.85 else ""
        demo.deals[f"d{len(demo.deals)}"] = {
            "name": name,
            "company": company,
            "person": person,
            "products": ";".join(sorted(prods)),
            "value": f"{value},00",
            "currency": currency,
            "stage": rng.choice(STAGES),
            "close_date": f"2025-{month:02d}-{day:02d}",
            "tags": rng.choice(["", "", "priorytet", "przetarg", "odnowienie"]),
        }
    return demo


def short_name(company: dict[str, str]) -> str:
    """Company name without its legal form (``Hydro-Tech Sp. z o.o.`` -> ``Hydro-Tech``)."""
    name = company["name"]
    for suffix in (" Sp. z o.o.", " S.A.", " Sp. j.", " s.c.", " sp.k."):
        name = name.removesuffix(suffix)
    if name == "Polmet":
        name = f"Polmet {company['city']}"
    return name


# --- building the store through the import engine --------------------------------------


def write_csv(
    path: Path,
    headers: list[str],
    rows: list[list[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    lineterminator: str = "\n",
) -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter, lineterminator=lineterminator)
        w.writerow(headers)
        w.writerows(rows)


def import_file(data: StoreData, path: Path, kind: str, hour: int, mode: str | None = None) -> None:
    """Import ``path`` into ``data`` with the real engine; the build data has no problems
    (an unmapped column or a problem stops the build before anything is saved)."""
    request = ImportRequest(path, kind, choices=Choices(mode=mode))
    result = run_import(data, request)
    assert result.mapping is not None
    skipped = [c.header for c in result.mapping.columns if c.target == "skip"]
    if skipped:
        raise SystemExit(f"{path.name}: columns not mapped: {skipped}")
    if result.report.problems:
        first = result.report.problems[0]
        raise SystemExit(f"{path.name}: {len(result.report.problems)} problems, first: {first.to_json()}")
    # Fixed times keep the demo store identical from run to run.
    data.batches[-1].time = f"{BATCH_DAY}T{hour:02d}:00:00+01:00"


def build_store(demo: Demo, workdir: Path) -> StoreData:
    data = StoreData.empty()
    add_relationship(data, "Klient", "deal", "company", inverse_name="Szanse")
    add_relationship(data, "Decydent", "deal", "person", inverse_name="Decyzje", one=True)
    add_relationship(data, "Partner", "company", "company", symmetric=True)
    add_relationship(data, "Centrala", "company", "company", inverse_name="Oddziały", one=True)
    add_relationship(data, "Konkurent", "company", "company", symmetric=True)
    add_relationship(data, "Produkty", "deal", "product", inverse_name="W szansach")
    add_relationship(data, "Opiekun", "company", "person", inverse_name="Podopieczni")
    add_relationship(data, "Flota", "company", "vehicle_space", inverse_name="Właściciel")

    co = demo.companies
    # 1. Companies (fields only).
    path = workdir / "firmy-baza-2025.csv"
    write_csv(
        path,
        ["Nazwa", "NIP", "REGON", "WWW", "E-mail", "Telefon", "Miasto", "Tagi"],
        [
            [
                c["name"],
                c["tax_id"],
                c["regon"],
                c["domain"],
                c["email"],
                c["phone"],
                c["city"],
                c["tags"],
            ]
            for c in co.values()
        ],
    )
    import_file(data, path, "company", 9)

    # 2. Persons with their companies (Firma links), matched to the companies by NIP.
    path = workdir / "kontakty-eksport.csv"
    write_csv(
        path,
        ["Imię", "Nazwisko", "E-mail", "Telefon", "Stanowisko", "Miasto", "Tagi", "Firma", "NIP"],
        [
            [
                p["first_name"],
                p["last_name"],
                p["email"],
                p["phone"],
                p["position"],
                p["city"],
                p["tags"],
                co[p["company"]]["name"],
                co[p["company"]]["tax_id"],
            ]
            for p in demo.persons.values()
        ],
    )
    import_file(data, path, "person_company", 10)

    # 3. Products.
    path = workdir / "cennik-2025.csv"
    write_csv(
        path,
        ["Nazwa", "Kod", "Cena", "Jednostka", "Tagi"],
        [[name, sku, price, unit, tags] for sku, name, price, unit, tags in PRODUCTS],
    )
    import_file(data, path, "product", 11)

    # 4. Vehicles and spaces.
    path = workdir / "flota-i-magazyny.csv"
    write_csv(
        path,
        ["Nazwa", "Nr rejestracyjny", "Rodzaj", "Lokalizacja"],
        [[name, code, kind, loc] for code, name, kind, loc, _owner in VEHICLES],
    )
    import_file(data, path, "vehicle_space", 12)

    # 5. Deals with Klient (by NIP: two companies are called Polmet), Decydent, Produkty.
    path = workdir / "szanse-lejek.csv"
    pe = demo.persons
    write_csv(
        path,
        [
            "Nazwa",
            "Wartość",
            "Waluta",
            "Etap",
            "Data zamknięcia",
            "Tagi",
            "Klient",
            "Decydent",
            "Produkty",
        ],
        [
            [
                d["name"],
                d["value"],
                d["currency"],
                d["stage"],
                d["close_date"],
                d["tags"],
                co[d["company"]]["tax_id"],
                pe[d["person"]]["email"] if d["person"] else "",
                d["products"],
            ]
            for d in demo.deals.values()
        ],
    )
    import_file(data, path, "deal", 13)

    # 6. Relationships between companies, account managers and fleets (mode link).
    partners: dict[str, list[str]] = {}
    competitors: dict[str, list[str]] = {}
    for a, b in PARTNERS:
        partners.setdefault(a, []).append(co[b]["tax_id"])
    for a, b in COMPETITORS:
        competitors.setdefault(a, []).append(co[b]["tax_id"])
    fleets: dict[str, list[str]] = {}
    for code, _name, _kind, _loc, owner in VEHICLES:
        fleets.setdefault(owner, []).append(code)
    managers = [pe[f"opiekun{i}"]["email"] for i in range(1, 6)]
    rng = random.Random(SEED + 6)
    rows = []
    for key, c in co.items():
        if key == "relacja":
            opiekun = ""
        else:
            picks = rng.sample(managers, k=2 if c["tags"].endswith("VIP") else 1)
            opiekun = ";".join(picks)
        hq = co[HEADQUARTERS[key]]["tax_id"] if key in HEADQUARTERS else ""
        row = [
            c["name"],
            c["tax_id"],
            ";".join(partners.get(key, [])),
            hq,
            ";".join(competitors.get(key, [])),
            opiekun,
            ";".join(fleets.get(key, [])),
        ]
        if any(row[2:]):
            rows.append(row)
    path = workdir / "powiazania-firm.csv"
    write_csv(path, ["Nazwa", "NIP", "Partner", "Centrala", "Konkurent", "Opiekun", "Flota"], rows)
    import_file(data, path, "company", 14, mode="link")
    return data


# --- the sample import files -----------------------------------------------------------


def write_szanse(demo: Demo, path: Path) -> None:
    """Deals as a Polish Excel CSV export: cp1250, ``;``, CRLF, a multi-line quoted cell."""
    co, pe, de = demo.companies, demo.persons, demo.deals
    kot, maka, crm = de["kotlownia"], de["maka"], de["crm"]
    wawel_other = pe["agnieszka"]["email"]
    headers = [
        "Nazwa",
        "Wartość",
        "Waluta",
        "Etap",
        "Data zamknięcia",
        "Klient",
        "Decydent",
        "Produkty",
        "Uwagi",
    ]
    rows = [
        # 2: exactly as in the store -> unchanged; every link existing
        [
            kot["name"],
            kot["value"],
            kot["currency"],
            kot["stage"],
            kot["close_date"],
            co["hydro"]["name"],
            pe["anna"]["email"],
            "00110;00114",
            "",
        ],
        # 3: new stage and value -> updated; 00123 existing, 00124 linked;
        #    a multi-line note in the ignored column Uwagi
        [
            maka["name"],
            "52000,00",
            "PLN",
            "Negocjacje",
            maka["close_date"],
            co["klos"]["name"],
            pe["jozef"]["email"],
            "00123;00124",
            "Klient prosi o rabat\nprzy zamówieniu powyżej 10 t;\nodpowiedzieć do piątku",
        ],
        # 4: created; "Tartak Lodz" is not found (did you mean "Tartak Łódź Sp. j.")
        [
            "Instalacja fotowoltaiki – Tartak Łódź",
            "96000,00",
            "PLN",
            "Oferta",
            "30.09.2025",
            "Tartak Lodz",
            pe["grzegorz"]["email"],
            "00127;00128",
            "",
        ],
        # 5: created; "Hydrotech" is not found (did you mean "Hydro-Tech Sp. z o.o.")
        [
            "Serwis instalacji – Hydrotech",
            "12500,00",
            "PLN",
            "Kwalifikacja",
            "2025-05-31",
            "Hydrotech",
            pe["piotr"]["email"],
            "00115",
            "",
        ],
        # 6: created; "Polmet" is ambiguous (two companies of that name)
        [
            "Dostawa blachy – Polmet",
            "41000,00",
            "PLN",
            "Oferta",
            "2025-08-29",
            "Polmet",
            pe["ewa"]["email"],
            "00125",
            "który Polmet? sprawdzić NIP",
        ],
        # 7: created; Decydent is "one" and the cell gives two persons -> cardinality
        [
            "Audyt energetyczny – Odra Chem",
            "5500,00",
            "PLN",
            "Analiza potrzeb",
            "2025-10-15",
            co["odra"]["name"],
            f"{pe['bartosz']['email']}; {pe['anna']['email']}",
            "00129",
            "",
        ],
        # 8: created; empty value between separators -> invalid (the two names are linked)
        [
            "Wdrożenie CRM – Medica",
            "18000,00",
            "EUR",
            "Kwalifikacja",
            "2025-11-28",
            f"{co['medica']['name']};;{co['optima']['name']}",
            "",
            "00116;00117",
            "",
        ],
        # 9: the deal already has another Decydent -> cardinality (kept; --replace changes it)
        [
            crm["name"],
            crm["value"],
            crm["currency"],
            crm["stage"],
            crm["close_date"],
            co["wawel"]["name"],
            wawel_other,
            "00116;00117",
            "decyzję przejęła dyr. finansowa",
        ],
        # 10: created; Wartość "abc" -> invalid_value (the rest of the row is imported)
        [
            "Regały wysokiego składowania – Bałtyk Logistyka",
            "abc",
            "EUR",
            "Oferta",
            "2025-12-15",
            co["baltyk"]["name"],
            pe["katarzyna"]["email"],
            "00119",
            "",
        ],
        # 11: blank row: skipped, but numbering keeps its place
        ["", "", "", "", "", "", "", "", ""],
        # 12: no Nazwa -> missing_key (nothing of the row is imported)
        ["", "15000,00", "PLN", "Oferta", "2025-06-30", co["stalbud"]["name"], "", "00125", ""],
        # 13: same name as row 4 -> duplicate_in_file; its product is still linked to that deal
        ["Instalacja fotowoltaiki – Tartak Łódź", "", "", "", "", "", "", "00129", "drugi wiersz"],
        # 14: created; a date that does not exist and a currency that is not a code
        #     -> invalid_value x2
        [
            "Szkolenie zespołu – Wawel Soft",
            "7600,00",
            "zł",
            "Oferta",
            "31.09.2025",
            co["wawel"]["name"],
            pe["lukasz"]["email"],
            "00118",
            "",
        ],
    ]
    # Polish Excel: cp1250, semicolons, CRLF rows; the multi-line note keeps its LF inside quotes.
    write_csv(path, headers, rows, encoding="cp1250", delimiter=";", lineterminator="\r\n")


def write_osoby_i_firmy(demo: Demo, path: Path) -> None:
    """Persons with their companies: UTF-8 with BOM, ``,``."""
    co, pe = demo.companies, demo.persons
    hydro, anna, piotr, marek = co["hydro"], pe["anna"], pe["piotr"], pe["marek"]
    kawiarnia = with_check("583316214")
    headers = [
        "Imię",
        "Nazwisko",
        "E-mail",
        "Telefon",
        "Stanowisko",
        "Miasto",
        "Firma",
        "NIP",
        "WWW",
    ]
    rows = [
        # 2: person created; company matched by a NIP typed with dashes -> unchanged; Firma linked
        [
            "Zofia",
            "Wójcik",
            "zofia.wojcik@hydro-tech.pl",
            "+48 601 222 333",
            "Specjalista ds. zakupów",
            "Łódź",
            hydro["name"],
            fmt_nip(hydro["tax_id"]),
            hydro["domain"],
        ],
        # 3: as in the store -> unchanged; Firma existing
        [
            anna["first_name"],
            anna["last_name"],
            anna["email"],
            anna["phone"],
            anna["position"],
            anna["city"],
            hydro["name"],
            hydro["tax_id"],
            hydro["domain"],
        ],
        # 4: new phone and position -> updated; Firma existing
        [
            piotr["first_name"],
            piotr["last_name"],
            piotr["email"],
            "+48 600 100 200",
            "Dyrektor zakupów",
            piotr["city"],
            hydro["name"],
            hydro["tax_id"],
            "",
        ],
        # 5-6: a new company shared by two new persons -> 3 created, 2 Firma linked
        [
            "Wiktor",
            "Żmuda",
            "wiktor.zmuda@kawiarniaarkady.pl",
            "+48 512 000 111",
            "Właściciel",
            "Gdańsk",
            "Kawiarnia Pod Arkadami",
            fmt_nip(kawiarnia),
            "kawiarniaarkady.pl",
        ],
        [
            "Oliwia",
            "Żmuda",
            "oliwia.zmuda@kawiarniaarkady.pl",
            "+48 512 000 112",
            "Kierownik sali",
            "Gdańsk",
            "Kawiarnia Pod Arkadami",
            kawiarnia,
            "",
        ],
        # 7: e-mail "(at)" -> invalid_value; the person is created without it
        #    (identified by full name + company)
        [
            "Tomasz",
            "Lis",
            "tomasz.lis(at)eko-pak.pl",
            "+48 503 404 505",
            "Kierownik magazynu",
            "Łódź",
            co["ekopak"]["name"],
            co["ekopak"]["tax_id"],
            "",
        ],
        # 8: company only, no person -> missing_key
        ["", "", "", "", "", "", co["stalbud"]["name"], co["stalbud"]["tax_id"], ""],
        # 9: same e-mail as row 2 -> duplicate_in_file
        [
            "Zofia",
            "Wójcik",
            "zofia.wojcik@hydro-tech.pl",
            "",
            "",
            "",
            hydro["name"],
            hydro["tax_id"],
            "",
        ],
        # 10: works at Polmet Białystok in the store, file says Polmet Poznań -> cardinality (kept)
        [
            marek["first_name"],
            marek["last_name"],
            marek["email"],
            marek["phone"],
            marek["position"],
            marek["city"],
            "Polmet",
            co["polmet_poz"]["tax_id"],
            "",
        ],
        # 11: company "Polmet" with no NIP -> ambiguous company; the person is created without Firma
        [
            "Adam",
            "Kruk",
            "adam.kruk@polmet.com.pl",
            "+48 698 765 432",
            "Handlowiec",
            "Poznań",
            "Polmet",
            "",
            "",
        ],
    ]
    write_csv(path, headers, rows, encoding="utf-8-sig", delimiter=",", lineterminator="\r\n")


def write_firmy_xlsx(demo: Demo, path: Path) -> None:
    """Companies as XLSX: NIP and REGON as numbers, a second sheet of notes."""
    import xlsxwriter

    co = demo.companies
    new_nip_1, new_nip_2, new_nip_3 = (with_check(f) for f in ("779243342", "728281706", "954275186"))
    headers = ["Nazwa", "NIP", "REGON", "WWW", "Miasto", "Tagi", "Partner", "Centrala", "Konkurent"]

    def c(key: str, *, www: str | None = None, tags: str | None = None) -> list[object]:
        r = co[key]
        return [
            r["name"],
            int(r["tax_id"]),
            int(r["regon"]) if r["regon"] else "",
            r["domain"] if www is None else www,
            r["city"],
            r["tags"] if tags is None else tags,
        ]

    rows: list[list[object]] = [
        # 2: unchanged; Partner existing; Konkurent linked
        c("hydro") + [co["termodom"]["name"], "", co["elektromont"]["name"]],
        # 3: same domain written as a URL (not a change), new tags -> updated; Partner existing
        c("baltyk", www="https://www.baltyk-logistyka.pl/", tags="logistyka; klient VIP; port")
        + [co["chlodnia"]["name"], "", ""],
        # 4: created; Centrala linked to an existing company
        [
            "Hydro-Tech Serwis Poznań Sp. z o.o.",
            int(new_nip_1),
            "",
            "poznan.hydro-tech.pl",
            "Poznań",
            "instalacje; oddział",
            "",
            co["hydro"]["name"],
            "",
        ],
        # 5: the branch already has another Centrala -> cardinality (kept)
        c("baltyk_gdy") + ["", co["mewa"]["name"], ""],
        # 6: created; two values for the one-valued Centrala -> cardinality, none linked
        [
            "Warsztat Samochodowy Turbo",
            int(new_nip_2),
            "",
            "turbo-warsztat.pl",
            "Łódź",
            "motoryzacja",
            "",
            f"{co['hydro']['name']}; {co['baltyk']['name']}",
            "",
        ],
        # 7: a company as its own partner -> self_link
        c("wawel") + [co["wawel"]["name"], "", ""],
        # 8: Partner "Piekarnia Zloty Klos" not found (did you mean …); Konkurent "Polmet" ambiguous
        c("meble") + ["Piekarnia Zloty Klos", "", "Polmet"],
        # 9: no NIP/REGON and a name two companies share -> ambiguous record, not imported
        ["Polmet", "", "", "", "Radom", "metal", "", "", ""],
        # 10: created; its partner is created by row 4 of this same file -> linked
        [
            "Eko-Serwis Instalacje Sp. z o.o.",
            int(new_nip_3),
            "",
            "eko-serwis.pl",
            "Katowice",
            "instalacje",
            "Hydro-Tech Serwis Poznań Sp. z o.o.",
            "",
            "",
        ],
    ]
    wb = xlsxwriter.Workbook(str(path))
    # Fixed metadata: the file is byte-identical from run to run.
    wb.set_properties(
        {
            "title": "Firmy – import",
            "author": "relimport demo",
            "created": datetime(2025, 3, 3, 9, 0, 0),
        }
    )
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("Firmy")
    for j, h in enumerate(headers):
        ws.write_string(0, j, h, bold)
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row):
            if isinstance(v, int):
                ws.write_number(i, j, v)  # NIP/REGON as Excel numbers
            elif v != "":
                ws.write_string(i, j, str(v))
    ws.set_column(0, 0, 38)
    ws.set_column(1, 2, 13)
    ws.set_column(6, 8, 36)
    ws.freeze_panes(1, 0)
    notes = wb.add_worksheet("Notatki")
    notes.write_string(0, 0, "Notatka", bold)
    for i, text in enumerate(
        [
            "Arkusz 'Firmy' jest arkuszem danych; ten arkusz nie jest importowany.",
            "NIP i REGON są zapisane jako liczby – import czyta je jako tekst bez '.0'.",
            "Polmet bez NIP jest niejednoznaczny: w bazie są dwie firmy o tej nazwie.",
        ],
        start=1,
    ):
        notes.write_string(i, 0, text)
    notes.set_column(0, 0, 80)
    wb.close()


def write_osoby(demo: Demo, path: Path) -> None:
    """Persons only, UTF-8, ``;``, with a ``Firma`` relationship column naming companies."""
    co, pe = demo.companies, demo.persons
    anna, halina, piotr = pe["anna"], pe["halina"], pe["piotr"]
    headers = ["Imię", "Nazwisko", "E-mail", "Telefon", "Stanowisko", "Miasto", "Firma"]
    rows = [
        # 2: created; Firma linked
        [
            "Krzysztof",
            "Jabłoński",
            "krzysztof.jablonski@hydro-tech.pl",
            "+48 602 111 222",
            "Serwisant",
            "Łódź",
            co["hydro"]["name"],
        ],
        # 3: unchanged; Firma existing
        [
            anna["first_name"],
            anna["last_name"],
            anna["email"],
            anna["phone"],
            anna["position"],
            anna["city"],
            co["hydro"]["name"],
        ],
        # 4: created; Firma "Polmet" ambiguous (Białystok or Poznań?)
        [
            "Dorota",
            "Kruczek",
            "dorota.kruczek@polmet.com.pl",
            "+48 605 333 444",
            "Handlowiec",
            "Poznań",
            "Polmet",
        ],
        # 5: created; Firma "Tartak Lodz" not found (did you mean "Tartak Łódź Sp. j.")
        [
            "Henryk",
            "Drzewiecki",
            "henryk.drzewiecki@tartak-lodz.pl",
            "",
            "Brygadzista",
            "Lodz",
            "Tartak Lodz",
        ],
        # 6: created; two companies for the one-valued Firma -> cardinality
        [
            "Iga",
            "Sowińska",
            "iga.sowinska@bitwise.com.pl",
            "+48 607 555 666",
            "Konsultant",
            "Kraków",
            f"{co['wawel']['name']}; {co['bitwise']['name']}",
        ],
        # 7: no e-mail: found by full name -> updated (new position); Firma existing
        [
            halina["first_name"],
            halina["last_name"],
            "",
            "",
            "Prezes Zarządu, wspólniczka",
            halina["city"],
            co["termodom"]["name"],
        ],
        # 8: bad e-mail -> invalid_value; created (by name); Firma linked
        [
            "Magdalena",
            "Kaczmarczyk",
            "magdalena.kaczmarczyk@",
            "+48 609 777 888",
            "Księgowa",
            "Lublin",
            co["medica"]["name"],
        ],
        # 9: nothing to identify the person by -> missing_key
        ["", "", "", "+48 600 000 000", "Recepcja", "Gdańsk", co["baltyk"]["name"]],
        # 10: already works at Hydro-Tech -> cardinality (kept; --replace moves him)
        [
            piotr["first_name"],
            piotr["last_name"],
            piotr["email"],
            piotr["phone"],
            piotr["position"],
            piotr["city"],
            co["termodom"]["name"],
        ],
    ]
    write_csv(path, headers, rows, encoding="utf-8", delimiter=";", lineterminator="\n")


def write_produkty(demo: Demo, path: Path) -> None:
    """Products, UTF-8, ``,``: SKUs with leading zeros, a ``W szansach`` column naming deals."""
    de = demo.deals
    prod = {sku: (name, price, unit, tags) for sku, name, price, unit, tags in PRODUCTS}
    headers = ["Nazwa", "Kod", "Cena", "Jednostka", "Tagi", "W szansach"]

    def p(sku: str, price: str | None = None, tags: str | None = None) -> list[str]:
        name, pr, unit, tg = prod[sku]
        return [name, sku, pr if price is None else price, unit, tg if tags is None else tags]

    rows = [
        # 2: unchanged; W szansach existing
        p("00110") + [de["kotlownia"]["name"]],
        # 3: new price -> updated; linked to a second deal
        p("00123", price="64,50") + [f"{de['maka']['name']}; {de['drozdze']['name']}"],
        # 4: created (SKU 00130 keeps its zeros); linked
        [
            "Zasobnik c.w.u. 200 l",
            "00130",
            "2350,00",
            "szt.",
            "instalacje",
            de["kotlownia"]["name"],
        ],
        # 5: created; price with a thousands space is a number; deal name without Polish letters
        #    -> not_found (did you mean "Modernizacja kotłowni – Hydro-Tech")
        [
            "Grzejnik łazienkowy drabinkowy",
            "00131",
            "1 299,00",
            "szt.",
            "instalacje",
            "Modernizacja kotlowni – Hydro-Tech",
        ],
        # 6: same SKU as row 4 -> duplicate_in_file; its deal is still linked to that product
        ["Zasobnik c.w.u. 200 l", "00130", "", "", "", de["odra_serwis"]["name"]],
        # 7: created; "ok. 500 zł" is not a number -> invalid_value
        ["Naczynie wzbiorcze 25 l", "00132", "ok. 500 zł", "szt.", "instalacje", ""],
        # 8: no name and no SKU -> missing_key
        ["", "", "99,00", "szt.", "", de["crm"]["name"]],
        # 9: new tags -> updated; empty value between separators -> invalid
        p("00112", tags="instalacje; wyprzedaż")
        + [f"{de['kotlownia']['name']};;{de['odra_serwis']['name']}"],
    ]
    write_csv(path, headers, rows, encoding="utf-8", delimiter=",", lineterminator="\n")


def write_pojazdy_ods(demo: Demo, path: Path) -> None:
    """Vehicles and spaces as a minimal OpenDocument spreadsheet with a ``Właściciel`` column."""
    co = demo.companies
    veh = {code: (name, kind, loc) for code, name, kind, loc, _ in VEHICLES}
    headers = ["Nazwa", "Nr rejestracyjny", "Rodzaj", "Lokalizacja", "Właściciel"]
    rows = [
        # 2: unchanged; Właściciel existing
        [
            veh["WX 12345"][0],
            "WX 12345",
            veh["WX 12345"][1],
            veh["WX 12345"][2],
            co["relacja"]["name"],
        ],
        # 3: created; linked
        ["Fiat Ducato", "EL 5T882", "Samochód dostawczy", "Łódź", co["hydro"]["name"]],
        # 4: created; a shared space with two owners -> 2 linked
        [
            "Magazyn Łódź – hala B",
            "MAG-LDZ-B",
            "Przestrzeń magazynowa",
            "Łódź, ul. Pomorska 122",
            f"{co['hydro']['name']}; {co['tartak']['name']}",
        ],
        # 5: moved to another city -> updated; owner existing
        [veh["EL 4H219"][0], "EL 4H219", veh["EL 4H219"][1], "Wrocław", co["hydro"]["name"]],
        # 6: created; Właściciel "Polmet" ambiguous
        ["MAN TGL 12.250", "BI 66120", "Samochód ciężarowy", "Białystok", "Polmet"],
        # 7: only a kind -> missing_key
        ["", "", "Samochód osobowy", "Kraków", co["wawel"]["name"]],
        # 8: created; "Baltyk Logistyka S.A." not found (did you mean "Bałtyk Logistyka S.A.")
        ["Naczepa plandeka Krone", "GD 2N907", "Naczepa", "Gdańsk", "Baltyk Logistyka S.A."],
    ]
    write_ods(path, "Pojazdy i przestrzenie", [headers, *rows])


def write_ods(path: Path, sheet: str, rows: list[list[str]]) -> None:
    """A minimal valid .ods: mimetype (stored first), manifest, content; every cell a string."""

    def cell(v: str) -> str:
        if not v:
            return "<table:table-cell/>"
        text = f"<text:p>{escape(v)}</text:p>"
        return f'<table:table-cell office:value-type="string">{text}</table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    stamp = (2025, 3, 3, 9, 0, 0)  # fixed: the file is byte-identical from run to run
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            zipfile.ZipInfo("mimetype", stamp),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        for name, text in (("META-INF/manifest.xml", manifest), ("content.xml", content)):
            zf.writestr(
                zipfile.ZipInfo(name, stamp),
                text.encode("utf-8"),
                compress_type=zipfile.ZIP_DEFLATED,
            )


#: Sample file -> import kind (the test and README use the same list).
SAMPLES: dict[str, str] = {
    "szanse.csv": "deal",
    "osoby_i_firmy.csv": "person_company",
    "firmy.xlsx": "company",
    "osoby.csv": "person",
    "produkty.csv": "product",
    "pojazdy.ods": "vehicle_space",
}


def write_samples(demo: Demo, directory: Path) -> None:
    write_szanse(demo, directory / "szanse.csv")
    write_osoby_i_firmy(demo, directory / "osoby_i_firmy.csv")
    write_firmy_xlsx(demo, directory / "firmy.xlsx")
    write_osoby(demo, directory / "osoby.csv")
    write_produkty(demo, directory / "produkty.csv")
    write_pojazdy_ods(demo, directory / "pojazdy.ods")


def dry_run_summary(data: StoreData, directory: Path) -> None:
    """Print the outcome counts of every sample file against ``data``."""
    for name, kind in SAMPLES.items():
        report = run_import(data, ImportRequest(directory / name, kind, dry_run=True)).report
        counts = {k: v for k, v in report.outcome_counts().items() if v}
        print(f"  {name:<20} {kind:<15} rows {report.rows_total:>2}  {counts}")


def main() -> None:
    rng = random.Random(SEED)
    demo = generate(rng)
    with tempfile.TemporaryDirectory(prefix="relimport-build-") as tmp:
        data = build_store(demo, Path(tmp))
    if STORE_FILE.exists():
        STORE_FILE.unlink()  # rebuilt from scratch, never merged into an old demo
    # No writer lock: this script is the only writer of sample_data/, and a lock
    # file left beside the store would be copied by `relimport demo`.
    store.save(STORE_FILE, data)
    write_samples(demo, HERE)
    counts = {t: df.height for t, df in data.records.items()}
    print(
        f"wrote {STORE_FILE.relative_to(ROOT)}: records {counts}, links {data.count_links()}, "
        f"relationship types {len(data.relationship_types)}, batches {len(data.batches)}"
    )
    print("sample files (dry run against the demo store):")
    dry_run_summary(store.load(STORE_FILE), HERE)


if __name__ == "__main__":
    main()
