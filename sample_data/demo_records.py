"""The demo's records, generated from the raw material in ``demo_data.py`` with a fixed seed.

Anchors (the records the sample files refer to by key, such as ``hydro`` or ``anna``)
come first and unchanged; random companies' NIPs and REGONs, extra persons and deals
fill up to the sizes of the demo. The same seed gives the same records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from relimport.sample_data.demo_data import (
    ANCHOR_DEALS,
    ANCHOR_PERSONS,
    CITIES,
    COMPANIES,
    DEAL_TEMPLATES,
    FIRST_F,
    FIRST_M,
    N_DEALS,
    N_PERSONS,
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
)


@dataclass
class Demo:
    """The generated demo records, by key, before they are imported."""

    companies: dict[str, dict[str, str]] = field(default_factory=dict)
    persons: dict[str, dict[str, str]] = field(default_factory=dict)
    deals: dict[str, dict[str, str]] = field(default_factory=dict)

    def references(self) -> dict[str, dict[str, Any]]:
        """The records as sample files name them (see ``spreadsheets.py``)."""
        return {
            "co": self.companies,
            "pe": self.persons,
            "de": self.deals,
            "pr": {
                sku: {"sku": sku, "name": name, "price": price, "unit": unit, "tags": tags}
                for sku, name, price, unit, tags in PRODUCTS
            },
            "ve": {
                code: {"code": code, "name": name, "kind": kind, "location": location}
                for code, name, kind, location, _owner in VEHICLES
            },
            "dashed": {key: fmt_nip(c["tax_id"]) for key, c in self.companies.items()},
        }


def generate(rng: random.Random) -> Demo:
    """Every demo record; the same ``rng`` state gives the same records."""
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
