"""Benchmark: a million deal rows into a store of 700,000 records.

Generates the workload (200,000 companies and 500,000 persons imported through
the CLI, then 1,000,000 deal rows with ``Klient`` = company by name and
``Decydent`` = person by e-mail), then prints side by side:

- the whole-process time and peak memory of ``relimport import`` for the deals,
- the *floor*: one Python process that reads the deals file with polars (all
  text), decodes a compact columnar JSON holding the same records and links with
  orjson, encodes it again and writes it with fsync,
- their ratio; and the same for a 1,000-row import into that store against the
  floor of loading and saving the store.

Usage::

    .venv/bin/python bench/bench_import.py [--rows 1000000] [--companies 200000]
                                           [--persons 500000] [--dir bench/out]

``--scaling`` runs the deal import at 100k / 300k / 1M rows to show linear cost.
The 1,000-row case runs ``--repeat-small`` times (default 5) alternating with its
floor; the medians are compared (``--only-small`` runs just that case).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
RELIMPORT = [sys.executable, "-m", "relimport.tui.cli"]

FLOOR = r"""
import os, sys, orjson, polars as pl
deals, doc_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
df = pl.read_csv(deals, infer_schema=False, separator=";")
with open(doc_path, "rb") as fh:
    doc = orjson.loads(fh.read())
payload = orjson.dumps(doc)
with open(out, "wb") as fh:
    fh.write(payload); fh.flush(); os.fsync(fh.fileno())
print(df.height, len(payload))
"""

FLOOR_STORE = r"""
import os, sys, orjson
doc_path, out = sys.argv[1], sys.argv[2]
with open(doc_path, "rb") as fh:
    doc = orjson.loads(fh.read())
payload = orjson.dumps(doc)
with open(out, "wb") as fh:
    fh.write(payload); fh.flush(); os.fsync(fh.fileno())
"""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run ``cmd`` under /usr/bin/time -v: (wall seconds, peak RSS MiB, stdout)."""
    t0 = time.perf_counter()
    r = subprocess.run(
        ["/usr/bin/time", "-v", *cmd],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env or os.environ.copy(),
    )
    wall = time.perf_counter() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    rss = int(m.group(1)) / 1024 if m else float("nan")
    if r.returncode not in (0, 3):
        sys.stderr.write(r.stderr[-2000:])
        raise SystemExit(f"command failed ({r.returncode}): {' '.join(cmd)}")
    return wall, rss, r.stdout


def valid_nips(n: int) -> pl.Series:
    """``n`` distinct NIPs with a valid check digit (the import rejects any other)."""
    first9 = pl.int_range(100_000_000, 100_000_000 + n + n // 8 + 20, eager=True)
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(((first9 // 10 ** (8 - k)) % 10) * w for k, w in enumerate(weights)) % 11
    ok = pl.DataFrame({"first9": first9, "check": check}).filter(pl.col("check") != 10).head(n)
    return ok.select(pl.format("{}{}", "first9", "check")).to_series()


def generate(out: Path, companies: int, persons: int, rows: int) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "companies": out / f"companies_{companies}.csv",
        "persons": out / f"persons_{persons}.csv",
        "deals": out / f"deals_{rows}_{companies}_{persons}.csv",
    }
    if not paths["companies"].exists():
        i = pl.int_range(companies)
        pl.select(
            pl.format("Firma {} Sp. z o.o.", i).alias("Nazwa"),
            valid_nips(companies).alias("NIP"),
            pl.lit("Łódź").alias("Miasto"),
        ).write_csv(paths["companies"], separator=";")
    if not paths["persons"].exists():
        i = pl.int_range(persons)
        pl.select(
            pl.lit("Jan").alias("Imię"),
            pl.format("Nowak{}", i).alias("Nazwisko"),
            pl.format("osoba{}@example.pl", i).alias("E-mail"),
        ).write_csv(paths["persons"], separator=";")
    if not paths["deals"].exists():
        i = pl.int_range(rows, dtype=pl.Int64)
        pl.select(
            pl.format("Szansa {}", i).alias("Nazwa"),
            (i % 100_000).cast(pl.String).alias("Wartość"),
            pl.format("Firma {} Sp. z o.o.", (i * 7919) % companies).alias("Klient"),
            pl.format("osoba{}@example.pl", (i * 104_729) % persons).alias("Decydent"),
        ).write_csv(paths["deals"], separator=";")
    return paths


def build_store(out: Path, paths: dict[str, Path], companies: int, persons: int) -> Path:
    base = out / f"base_{companies}_{persons}.json"
    if base.exists():
        return base
    tmp = out / "building.json"
    tmp.unlink(missing_ok=True)
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    for args in (
        ["relations", "add", "Klient", "--from", "deal", "--to", "company"],
        ["relations", "add", "Decydent", "--from", "deal", "--to", "person", "--one"],
        ["import", str(paths["companies"]), "--type", "company", "-q"],
        ["import", str(paths["persons"]), "--type", "person", "-q"],
    ):
        r = subprocess.run(
            [*RELIMPORT, "--store", str(tmp), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if r.returncode:
            raise SystemExit(r.stderr)
    tmp.rename(base)
    return base


def floor_doc(out: Path, base: Path, deals: Path) -> Path:
    """A compact columnar JSON holding the records and links the import ends with."""
    doc_path = out / f"floor_{deals.stem}.json"
    if doc_path.exists():
        return doc_path
    import orjson

    doc = orjson.loads(base.read_bytes())
    d = pl.read_csv(deals, infer_schema=False, separator=";")
    n = d.height
    doc["records"]["deal"] = {
        "id": list(range(10_000_000, 10_000_000 + n)),
        "created_batch": [3] * n,
        "modified_batch": [3] * n,
        "name": d["Nazwa"].to_list(),
        "value": d["Wartość"].to_list(),
    }
    ids = list(range(n))
    doc["links"]["2"] = {"source": ids, "target": ids, "batch": [3] * n}
    doc["links"]["3"] = {"source": ids, "target": ids, "batch": [3] * n}
    doc_path.write_bytes(orjson.dumps(doc))
    return doc_path


def run_case(out: Path, base: Path, deals: Path, label: str) -> dict[str, float]:
    store = out / "store.json"
    shutil.copyfile(base, store)
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    wall, rss, stdout = timed(
        [*RELIMPORT, "--store", str(store), "import", str(deals), "--type", "deal", "--json"], env
    )
    rep = json.loads(stdout)
    doc = floor_doc(out, base, deals)
    fwall, frss, _ = timed([sys.executable, "-c", FLOOR, str(deals), str(doc), str(out / "floor_out.json")])
    return {
        "case": label,
        "import_s": wall,
        "floor_s": fwall,
        "ratio": wall / fwall,
        "peak_mib": rss,
        "links": rep["links"]["created"],
        "problems": len(rep["problems"]),
        "created": rep["records"]["created"],
    }


def small_case(out: Path, base: Path, paths: dict[str, Path], repeat: int) -> dict[str, float]:
    """1,000 rows into the big store vs the floor of loading and saving it.

    Both take about a second, where run-to-run noise on a small machine is
    ±0.2 s: they run ``repeat`` times, alternating, and the medians are compared.
    """
    small = out / "deals_1000.csv"
    pl.read_csv(paths["deals"], infer_schema=False, separator=";").head(1000).write_csv(small, separator=";")
    store = out / "store.json"
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    walls, floors, rsss = [], [], []
    for _ in range(repeat):
        shutil.copyfile(base, store)
        wall, rss, stdout = timed(
            [*RELIMPORT, "--store", str(store), "import", str(small), "--type", "deal", "--json"], env
        )
        fwall, _, _ = timed([sys.executable, "-c", FLOOR_STORE, str(base), str(out / "floor_out.json")])
        walls.append(wall)
        floors.append(fwall)
        rsss.append(rss)
    rep = json.loads(stdout)
    wall, fwall = statistics.median(walls), statistics.median(floors)
    return {
        "case": f"1k rows (median of {repeat})",
        "import_s": wall,
        "floor_s": fwall,
        "ratio": wall / fwall,
        "peak_mib": max(rsss),
        "links": rep["links"]["created"],
        "problems": len(rep["problems"]),
        "created": rep["records"]["created"],
        "runs": ", ".join(f"{w:.2f}/{f:.2f}" for w, f in zip(walls, floors, strict=True)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--companies", type=int, default=200_000)
    ap.add_argument("--persons", type=int, default=500_000)
    ap.add_argument("--dir", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--scaling", action="store_true", help="also 100k and 300k rows")
    ap.add_argument("--repeat-small", type=int, default=5, help="runs of the 1,000-row case")
    ap.add_argument("--only-small", action="store_true", help="only the 1,000-row case")
    a = ap.parse_args()
    paths = generate(a.dir, a.companies, a.persons, a.rows)
    base = build_store(a.dir, paths, a.companies, a.persons)
    results = []
    sizes = [] if a.only_small else [100_000, 300_000, a.rows] if a.scaling else [a.rows]
    for n in sizes:
        p = generate(a.dir, a.companies, a.persons, n)["deals"]
        results.append(run_case(a.dir, base, p, f"{n:,} rows"))
    results.append(small_case(a.dir, base, paths, a.repeat_small))
    print(
        f"{'case':>22} {'import s':>9} {'floor s':>8} {'ratio':>6} {'peak MiB':>9} "
        f"{'created':>9} {'links':>9} {'problems':>8}"
    )
    for r in results:
        print(
            f"{r['case']:>22} {r['import_s']:>9.2f} {r['floor_s']:>8.2f} {r['ratio']:>6.2f} "
            f"{r['peak_mib']:>9.0f} {r['created']:>9,} {r['links']:>9,} {r['problems']:>8,}"
        )
    for r in results:
        if "runs" in r:
            print(f"{r['case']}: each run, import/floor s: {r['runs']}")


if __name__ == "__main__":
    main()
