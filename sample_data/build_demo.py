"""Build the demo store and the sample import files in ``sample_data/``.

Re-run from the repository root after changing the data or the store format::

    .venv/bin/python sample_data/build_demo.py [--out DIR]

The build is deterministic (a fixed random seed, fixed batch times, fixed workbook
metadata, no network): re-running it on the same code gives the same files. It is a
driver over data:

- ``demo_data.py``: the raw material (companies, names, products, vehicles, deals);
  ``demo_records.py`` generates the demo's records from it with :data:`SEED`;
- ``expectations.py``: the relationship types, what the store holds, and what each
  sample file shows (the figures README.md gives);
- ``samples/``: the six sample files, one module each (format, columns, rows);
  ``spreadsheets.py`` writes them.

It writes ``demo-store.json`` — built only through the core API: relationship types
added with :func:`relimport.core.ops.relations.add_relationship`, every record and
link imported from generated tables by the real engine, so the store also has an
import history (six batches) — and the six sample files. Then it dry-runs every
sample against the new store, prints the counts, and exits with status 1 naming
every figure that differs from ``expectations.py``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

from relimport.core.importing.report import ImportReport
from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.mapping.precedence import Choices
from relimport.core.ops.relations import add_relationship
from relimport.core.store import jsonfile as store
from relimport.core.store.model import StoreData
from relimport.sample_data.demo_data import COMPETITORS, HEADQUARTERS, PARTNERS, PRODUCTS, VEHICLES
from relimport.sample_data.demo_records import Demo, generate
from relimport.sample_data.expectations import (
    BATCHES,
    LINKS,
    RECORDS,
    RELATIONSHIP_TYPES,
    SAMPLES,
    report_counts,
)
from relimport.sample_data.samples import SAMPLE_FILES
from relimport.sample_data.spreadsheets import write_csv

HERE = Path(__file__).resolve().parent
SEED = 20250303
STORE_FILE = "demo-store.json"
#: Fixed time of every demo batch (Europe/Warsaw, winter time), one hour apart.
BATCH_DAY = "2025-03-03"


# --- the demo store, built through the import engine -----------------------------------


def import_rows(
    data: StoreData,
    path: Path,
    kind: str,
    hour: int,
    headers: list[str],
    rows: list[list[str]],
    mode: str | None = None,
) -> None:
    """Write ``rows`` to ``path`` and import it into ``data`` with the real engine.

    The build data has no problems: an unmapped column or a problem stops the build
    before anything is saved.
    """
    write_csv(path, headers, rows)
    result = run_import(data, ImportRequest(path, kind, choices=Choices(mode=mode)))
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
    """Relationship types, then six imports: B1 companies … B6 company relationships."""
    data = StoreData.empty()
    for r in RELATIONSHIP_TYPES:
        add_relationship(
            data, r.name, r.source, r.target, inverse_name=r.inverse, one=r.one, symmetric=r.symmetric
        )
    co, pe = demo.companies, demo.persons

    company_fields = ["name", "tax_id", "regon", "domain", "email", "phone", "city", "tags"]
    import_rows(
        data,
        workdir / "firmy-baza-2025.csv",
        "company",
        9,
        ["Nazwa", "NIP", "REGON", "WWW", "E-mail", "Telefon", "Miasto", "Tagi"],
        [[c[f] for f in company_fields] for c in co.values()],
    )
    # Persons with their companies (Firma links), matched to the companies by NIP.
    person_fields = ["first_name", "last_name", "email", "phone", "position", "city", "tags"]
    import_rows(
        data,
        workdir / "kontakty-eksport.csv",
        "person_company",
        10,
        ["Imię", "Nazwisko", "E-mail", "Telefon", "Stanowisko", "Miasto", "Tagi", "Firma", "NIP"],
        [
            [p[f] for f in person_fields] + [co[p["company"]]["name"], co[p["company"]]["tax_id"]]
            for p in pe.values()
        ],
    )
    import_rows(
        data,
        workdir / "cennik-2025.csv",
        "product",
        11,
        ["Nazwa", "Kod", "Cena", "Jednostka", "Tagi"],
        [[name, sku, price, unit, tags] for sku, name, price, unit, tags in PRODUCTS],
    )
    import_rows(
        data,
        workdir / "flota-i-magazyny.csv",
        "vehicle_space",
        12,
        ["Nazwa", "Nr rejestracyjny", "Rodzaj", "Lokalizacja"],
        [[name, code, kind, loc] for code, name, kind, loc, _owner in VEHICLES],
    )
    # Deals with Klient (by NIP: two companies are called Polmet), Decydent, Produkty.
    deal_fields = ["name", "value", "currency", "stage", "close_date", "tags"]
    import_rows(
        data,
        workdir / "szanse-lejek.csv",
        "deal",
        13,
        ["Nazwa", "Wartość", "Waluta", "Etap", "Data zamknięcia", "Tagi", "Klient", "Decydent", "Produkty"],
        [
            [d[f] for f in deal_fields]
            + [
                co[d["company"]]["tax_id"],
                pe[d["person"]]["email"] if d["person"] else "",
                d["products"],
            ]
            for d in demo.deals.values()
        ],
    )
    import_rows(
        data,
        workdir / "powiazania-firm.csv",
        "company",
        14,
        ["Nazwa", "NIP", "Partner", "Centrala", "Konkurent", "Opiekun", "Flota"],
        company_links(demo),
        mode="link",
    )
    return data


def company_links(demo: Demo) -> list[list[str]]:
    """Rows of companies with partners, headquarters, competitors, account managers, fleets."""
    co, pe = demo.companies, demo.persons
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
    return rows


# --- checking the result against expectations.py ---------------------------------------


def dry_run(data: StoreData, path: Path, kind: str) -> ImportReport:
    return run_import(data, ImportRequest(path, kind, dry_run=True)).report


def differences(data: StoreData, directory: Path) -> list[str]:
    """Print every sample's dry-run counts; return each figure that differs from expectations."""
    wrong = []
    records = {t: df.height for t, df in data.records.items()}
    links = {r.name: data.links[r.id].height for r in data.relationship_types}
    for what, got, expected in (
        ("records", records, RECORDS),
        ("links", links, LINKS),
        ("batches", len(data.batches), BATCHES),
    ):
        if got != expected:
            wrong.append(f"store {what}: {got}, expected {expected}")
    print("sample files (dry run against the demo store):")
    for name, sample in SAMPLES.items():
        report = dry_run(data, directory / name, sample.kind)
        counts = {k: v for k, v in report.outcome_counts().items() if v}
        print(f"  {name:<20} {sample.kind:<15} rows {report.rows_total:>2}  {counts}")
        got, expected = report_counts(report), sample.counts()
        for key in sorted(got.keys() | expected.keys()):
            if got.get(key, 0) != expected.get(key, 0):
                wrong.append(f"{name}: {key} {got.get(key, 0)}, expected {expected.get(key, 0)}")
    return wrong


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the demo store and the sample import files.")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write to (default: sample_data/)")
    out: Path = parser.parse_args(argv).out
    names = [f.name for f in SAMPLE_FILES]
    if sorted(names) != sorted(SAMPLES):
        raise SystemExit(f"samples/ describes {names}, expectations.py {list(SAMPLES)}")
    out.mkdir(parents=True, exist_ok=True)
    demo = generate(random.Random(SEED))
    with tempfile.TemporaryDirectory(prefix="relimport-build-") as tmp:
        data = build_store(demo, Path(tmp))
    store_file = out / STORE_FILE
    store_file.unlink(missing_ok=True)  # rebuilt from scratch, never merged into an old demo
    # No writer lock: this script is the only writer of sample_data/, and a lock
    # file left beside the store would be copied by `relimport demo`.
    store.save(store_file, data)
    references = demo.references()
    for sample in SAMPLE_FILES:
        sample.write(out / sample.name, references)
    data = store.load(store_file)
    counts = {t: df.height for t, df in data.records.items()}
    print(
        f"wrote {store_file}: records {counts}, links {data.count_links()}, "
        f"relationship types {len(data.relationship_types)}, batches {len(data.batches)}"
    )
    wrong = differences(data, out)
    for line in wrong:
        print(f"differs from expectations.py: {line}")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
