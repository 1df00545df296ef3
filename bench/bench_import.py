"""Benchmark: SPEC §6's import figures, each against its floor measured in the same run.

The workload: a store of 200,000 companies (valid NIPs) and 500,000 persons built
through the CLI, and deal files with ``Klient`` (company by name) and ``Decydent``
(person by e-mail). Cases:

- **1M rows**: ``relimport import`` of 1,000,000 deal rows into that store, against
  the *floor*: one Python process that reads the deals file with polars (all text),
  decodes a compact columnar JSON holding the same records and links with orjson,
  encodes it again and writes it with fsync. The JSON is the store file that import
  itself wrote (a copy): exactly the records and links it ends with.
- **1k rows**: the first 1,000 of those rows into the same store, against the floor
  of loading and saving the store (orjson decode, encode, write with fsync).
- the same two into the **10× store** (2,000,000 companies, 5,000,000 persons);
- **scaling**: 100k / 300k / 1M rows into the 700,000-record store.

Each figure is the median of ``--runs`` runs, each run paired with a floor run
(the pair's order alternates, so drift hits both sides alike); min–max are shown,
and the CPU time (user + sys) and peak memory (``/usr/bin/time -v``, max RSS).
Every import's report must show its rows created, two links per row and no problem.
At the end one verdict line per SPEC §6 number. relimport is measured as an installed
package runs: its bytecode is compiled first (this environment sets
PYTHONDONTWRITEBYTECODE, which would otherwise make every process compile its modules
from source, 0.1 s each time).

Usage::

    .venv/bin/python bench/bench_import.py            # everything (~2-3 minutes; the 10x store
                                                      # is built once, ~5 minutes, ~1 GB on disk)
    .venv/bin/python bench/bench_import.py --quick    # smoke run: one run each, small sizes
    .venv/bin/python bench/bench_import.py --only 1m,1k --runs 3

Generated files live in ``--dir`` (default ``bench/out``) and are reused; a base store
written by an older store format is rebuilt.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import (  # noqa: E402 - after the path is set
    RELIMPORT,
    ROOT,
    Run,
    bench_env,
    build_store,
    check_nips,
    compile_package,
    generate,
    load_text,
    measure,
    small_file,
)

GIB = 1024.0


#: SPEC's floor for an import of a file: read it (polars, all text), decode the store
#: JSON holding the same records and links, encode it again, write it with fsync.
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

#: SPEC's floor for a small import: loading and saving the store.
FLOOR_STORE = r"""
import os, sys, orjson
doc_path, out = sys.argv[1], sys.argv[2]
with open(doc_path, "rb") as fh:
    doc = orjson.loads(fh.read())
payload = orjson.dumps(doc)
with open(out, "wb") as fh:
    fh.write(payload); fh.flush(); os.fsync(fh.fileno())
print(len(payload))
"""


# --- the cases ---------------------------------------------------------------------------------


@dataclass
class Case:
    label: str
    store: str
    rows: int
    imports: list[Run] = field(default_factory=list)
    floors: list[Run] = field(default_factory=list)
    created: int = 0
    links: int = 0
    problems: int = 0
    load: str = ""

    @property
    def ratios(self) -> list[float]:
        return [i.wall / f.wall for i, f in zip(self.imports, self.floors, strict=True)]

    def median(self, what: str, side: str = "imports") -> float:
        return statistics.median(getattr(r, what) for r in getattr(self, side))

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def peak(self) -> float:
        return max(r.rss_mib for r in self.imports)

    @property
    def floor_peak(self) -> float:
        return max(r.rss_mib for r in self.floors)

    def ok(self) -> bool:
        return self.created == self.rows and self.links == 2 * self.rows and not self.problems


def _import_run(case: Case, store: Path, deals: Path) -> None:
    cmd = [*RELIMPORT, "--store", str(store), "import", str(deals), "--type", "deal", "--json"]
    r = measure(cmd, bench_env())
    case.imports.append(r)
    rep = json.loads(r.stdout)
    case.rows = rep["rows"]["total"]
    case.created, case.links = rep["records"]["created"], rep["links"]["created"]
    case.problems = len(rep["problems"])


def _floor_run(case: Case, deals: Path | None, doc: Path, out: Path) -> None:
    """SPEC's floor: with ``deals``, of an import of that file; else of loading and saving."""
    if deals is None:
        cmd = [sys.executable, "-c", FLOOR_STORE, str(doc), str(out)]
    else:
        cmd = [sys.executable, "-c", FLOOR, str(deals), str(doc), str(out)]
    case.floors.append(measure(cmd))


def run_case(
    out: Path, base: Path, deals: Path, label: str, runs: int, *, small: bool, store_label: str
) -> Case:
    """``runs`` imports of ``deals`` into fresh copies of ``base``, each paired with a floor run."""
    case = Case(label, store_label, 0)
    case.load = load_text()
    store = out / "store.json"
    floor_out = out / "floor_out.json"
    floor_doc = base if small else out / "floor_doc.json"
    floor_deals = None if small else deals
    for i in range(runs):
        for p in (store, *out.glob("store.json.*"), floor_out):
            p.unlink(missing_ok=True)
        shutil.copyfile(base, store)
        # The first pair imports first: the floor's JSON is the very file that import wrote
        # (the same records and links). Later pairs alternate their order.
        if i % 2 == 0:
            _import_run(case, store, deals)
            if i == 0 and not small:
                shutil.copyfile(store, floor_doc)
            _floor_run(case, floor_deals, floor_doc, floor_out)
        else:
            _floor_run(case, floor_deals, floor_doc, floor_out)
            _import_run(case, store, deals)
        print(
            f"  {label} [{store_label}] run {i + 1}/{runs}: import {case.imports[-1].wall:.2f} s, "
            f"floor {case.floors[-1].wall:.2f} s, load {load_text()}",
            flush=True,
        )
    for p in (store, *out.glob("store.json.*"), floor_out):
        p.unlink(missing_ok=True)
    if not small:
        floor_doc.unlink(missing_ok=True)
    return case


# --- report ------------------------------------------------------------------------------------


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else ""


def table(cases: list[Case]) -> list[str]:
    head = (
        "| case | store | import s (min–max) | floor s (min–max) | ratio (min–max) | import CPU s "
        "| peak MiB (floor) | created | links | problems |"
    )
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cases:
        lines.append(
            f"| {c.label} | {c.store} | {c.median('wall'):.2f} ({spread([r.wall for r in c.imports])}) "
            f"| {c.median('wall', 'floors'):.2f} ({spread([r.wall for r in c.floors])}) "
            f"| **{c.ratio:.2f}** ({spread(c.ratios)}) | {c.median('cpu'):.2f} "
            f"| {c.peak:.0f} ({c.floor_peak:.0f}) | {c.created:,} | {c.links:,} | {c.problems:,} |"
        )
    return lines


def verdicts(cases: dict[str, Case], scaling: list[Case], rows: int) -> list[str]:
    out = []

    def line(ok: bool, text: str) -> None:
        out.append(f"{'PASS' if ok else 'FAIL'}  {text}")

    big, small = cases.get("1m"), cases.get("1k")
    if big:
        line(big.ratio <= 1.3, f"{rows:,} rows: median paired ratio {big.ratio:.2f} (SPEC ≤ 1.3)")
        line(big.peak < 2 * GIB, f"{rows:,} rows: peak {big.peak:.0f} MiB (SPEC < 2048 MiB)")
        line(big.ok(), f"{rows:,} rows: {big.links:,} links, {big.problems} problems (SPEC: 2 per row, none)")
    if small:
        line(small.ratio <= 1.5, f"1,000 rows: median paired ratio {small.ratio:.2f} (SPEC ≤ 1.5)")
    big10, small10 = cases.get("1m10"), cases.get("1k10")
    if big10 and big:
        # Linear in the store: the import grows no faster than the floor (which decodes and
        # encodes the whole store, so is linear by construction) — within the run's noise.
        t, ft = (
            big10.median("wall") / big.median("wall"),
            big10.median("wall", "floors") / big.median("wall", "floors"),
        )
        m, fm = big10.peak / big.peak, big10.floor_peak / big.floor_peak
        line(
            t <= 1.25 * ft and m <= 1.25 * fm and big10.ok(),
            f"10× store, {rows:,} rows: time ×{t:.2f} (floor ×{ft:.2f}), peak ×{m:.2f} (floor ×{fm:.2f}); "
            f"ratio {big10.ratio:.2f}, peak {big10.peak:.0f} MiB, {big10.links:,} links, "
            f"{big10.problems} problems",
        )
    if small10:
        line(
            small10.ratio <= 1.5,
            f"10× store, 1,000 rows: median paired ratio {small10.ratio:.2f} (SPEC ≤ 1.5)",
        )
    if len(scaling) >= 3:
        a, b, c = scaling[:3]
        # The floor decodes and encodes everything, so it is linear by construction: a step
        # worse than linear in the import would make its ratio grow with the rows.
        ratios = [s.ratio for s in (a, b, c)]
        per1 = (b.median("wall") - a.median("wall")) / ((b.rows - a.rows) / 100_000)
        per2 = (c.median("wall") - b.median("wall")) / ((c.rows - b.rows) / 100_000)
        mem1 = (b.peak - a.peak) / ((b.rows - a.rows) / 100_000)
        mem2 = (c.peak - b.peak) / ((c.rows - b.rows) / 100_000)
        line(
            ratios[2] <= 1.15 * ratios[0] and mem2 <= 1.5 * mem1 + 10,
            f"linear in rows: ratio to the floor {ratios[0]:.2f}, {ratios[1]:.2f}, {ratios[2]:.2f} at "
            f"{a.rows:,}, {b.rows:,}, {c.rows:,} rows; +{per1:.2f} then +{per2:.2f} s and +{mem1:.0f} "
            f"then +{mem2:.0f} MiB per 100k rows",
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--companies", type=int, default=200_000)
    ap.add_argument("--persons", type=int, default=500_000)
    ap.add_argument("--scale", type=int, default=10, help="the big store is this many times larger")
    ap.add_argument("--runs", type=int, default=5, help="paired runs per case")
    ap.add_argument("--scaling-runs", type=int, default=3, help="paired runs per size of the scaling table")
    ap.add_argument("--only", default="1m,1k,1m10,1k10,scaling", help="cases to run (comma-separated)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 1 run each, 100k rows, 20k/50k store")
    ap.add_argument("--dir", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args()
    if a.quick:
        a.rows, a.companies, a.persons, a.runs, a.scaling_runs = 100_000, 20_000, 50_000, 1, 1
    only = set(a.only.split(","))
    out = a.dir
    t_start = time.perf_counter()
    print(
        f"machine: {os.cpu_count()} cores, load {load_text()}; {time.strftime('%Y-%m-%d %H:%M')}", flush=True
    )
    print(compile_package(), flush=True)

    paths = generate(out, a.companies, a.persons, a.rows)
    valid, total = check_nips(paths["companies"])
    print(f"generated NIPs valid (python-stdnum): {valid:,} of {total:,}", flush=True)
    base = build_store(out, paths, a.companies, a.persons)
    store1 = f"{a.companies // 1000}k+{a.persons // 1000}k"
    cases: dict[str, Case] = {}
    if "1m" in only:
        cases["1m"] = run_case(
            out, base, paths["deals"], f"{a.rows:,} rows", a.runs, small=False, store_label=store1
        )
    if "1k" in only:
        cases["1k"] = run_case(
            out, base, small_file(out, paths["deals"]), "1,000 rows", a.runs, small=True, store_label=store1
        )
    if {"1m10", "1k10"} & only:
        c10, p10 = a.companies * a.scale, a.persons * a.scale
        paths10 = generate(out, c10, p10, a.rows)
        valid10, total10 = check_nips(paths10["companies"])
        print(
            f"generated NIPs valid (python-stdnum), {a.scale}× store: {valid10:,} of {total10:,}", flush=True
        )
        valid, total = valid + valid10, total + total10
        base10 = build_store(out, paths10, c10, p10)
        store10 = f"{c10 / 1e6:g}M+{p10 / 1e6:g}M"
        if "1m10" in only:
            cases["1m10"] = run_case(
                out, base10, paths10["deals"], f"{a.rows:,} rows", a.runs, small=False, store_label=store10
            )
        if "1k10" in only:
            cases["1k10"] = run_case(
                out,
                base10,
                small_file(out, paths10["deals"]),
                "1,000 rows",
                a.runs,
                small=True,
                store_label=store10,
            )
    scaling: list[Case] = []
    if "scaling" in only:
        for n in (a.rows // 10, a.rows * 3 // 10, a.rows):
            deals = generate(out, a.companies, a.persons, n)["deals"]
            if n == a.rows and "1m" in cases and a.scaling_runs <= a.runs:
                scaling.append(cases["1m"])
                continue
            scaling.append(
                run_case(out, base, deals, f"{n:,} rows", a.scaling_runs, small=False, store_label=store1)
            )

    print()
    print(f"relimport import against SPEC §6's floor, medians of paired runs ({os.cpu_count()} cores):")
    print("\n".join(table(list(cases.values()))))
    for key, c in cases.items():
        print(
            f"  {key}: load {c.load}; runs (import/floor s): "
            + ", ".join(f"{i.wall:.2f}/{f.wall:.2f}" for i, f in zip(c.imports, c.floors, strict=True))
        )
    if scaling:
        print()
        print(f"scaling (medians of {a.scaling_runs}; the last row is the {a.rows:,}-row case):")
        print("\n".join(table(scaling)))
    print()
    print(f"generated NIPs valid (python-stdnum): {valid:,} of {total:,}")
    for v in verdicts(cases, scaling, a.rows):
        print(v)
    print(f"(bench took {(time.perf_counter() - t_start) / 60:.1f} min; load now {load_text()})")
    if a.json:
        a.json.write_text(
            json.dumps(
                {
                    k: {
                        "label": c.label,
                        "store": c.store,
                        "imports": [r.__dict__ | {"stdout": ""} for r in c.imports],
                        "floors": [r.__dict__ | {"stdout": ""} for r in c.floors],
                        "ratio": c.ratio,
                        "load": c.load,
                    }
                    for k, c in list(cases.items()) + [(f"scaling_{s.rows}", s) for s in scaling]
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
