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
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
RELIMPORT = [sys.executable, "-m", "relimport.tui.cli"]
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


# --- running a process ---------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mib: float
    stdout: str


def measure(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` under /usr/bin/time -v: wall seconds, user+sys seconds, peak RSS, stdout."""
    t0 = time.perf_counter()
    r = subprocess.run(
        ["/usr/bin/time", "-v", *cmd],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env or os.environ.copy(),
    )
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 3):
        sys.stderr.write(r.stderr[-3000:])
        raise SystemExit(f"command failed ({r.returncode}): {' '.join(cmd)}")

    def field_of(name: str) -> float:
        m = re.search(rf"{re.escape(name)}: ([0-9.]+)", r.stderr)
        return float(m.group(1)) if m else float("nan")

    cpu = field_of("User time (seconds)") + field_of("System time (seconds)")
    return Run(wall, cpu, field_of("Maximum resident set size (kbytes)") / 1024, r.stdout)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, stdout) of ``cmd`` (see :func:`measure`)."""
    run = measure(cmd, env)
    return run.wall, run.rss_mib, run.stdout


def compile_package() -> str:
    """Compile relimport's bytecode, as installing the package does (pip writes the .pyc
    files once). Without it, an environment with PYTHONDONTWRITEBYTECODE set (this one)
    compiles some sixty modules from source in every process: 0.1 s of each import."""
    import compileall

    ok = all(compileall.compile_dir(ROOT / d, quiet=2) for d in ("core", "tui", "sample_data"))
    flag = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    return f"relimport's bytecode compiled{'' if ok else ' (with errors)'} (PYTHONDONTWRITEBYTECODE {flag})"


def _env() -> dict[str, str]:
    return os.environ | {"PYTHONPATH": str(ROOT)}


def load_text() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# --- the workload ----------------------------------------------------------------------------


def valid_nips(n: int) -> pl.Series:
    """``n`` distinct NIPs with a valid check digit (the import rejects any other)."""
    first9 = pl.int_range(100_000_000, 100_000_000 + n + n // 8 + 20, eager=True)
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(((first9 // 10 ** (8 - k)) % 10) * w for k, w in enumerate(weights)) % 11
    ok = pl.DataFrame({"first9": first9, "check": check}).filter(pl.col("check") != 10).head(n)
    return ok.select(pl.format("{}{}", "first9", "check")).to_series()


def deals_frame(rows: int, companies: int, persons: int) -> pl.DataFrame:
    i = pl.int_range(rows, dtype=pl.Int64)
    return pl.select(
        pl.format("Szansa {}", i).alias("Nazwa"),
        (i % 100_000).cast(pl.String).alias("Wartość"),
        pl.format("Firma {} Sp. z o.o.", (i * 7919) % companies).alias("Klient"),
        pl.format("osoba{}@example.pl", (i * 104_729) % persons).alias("Decydent"),
    )


def generate(out: Path, companies: int, persons: int, rows: int) -> dict[str, Path]:
    """The companies, persons and deals files (made once, then reused)."""
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
        deals_frame(rows, companies, persons).write_csv(paths["deals"], separator=";")
    return paths


def small_file(out: Path, deals: Path, rows: int = 1000) -> Path:
    path = out / f"{deals.stem}_first{rows}.csv"
    if not path.exists():
        pl.read_csv(deals, infer_schema=False, separator=";", n_rows=rows).write_csv(path, separator=";")
    return path


def check_nips(path: Path) -> tuple[int, int]:
    """(valid, total) NIPs of a companies file, by python-stdnum (cached beside the file)."""
    stamp = path.with_suffix(".nips.json")
    key = [path.stat().st_size, path.stat().st_mtime_ns]
    if stamp.exists():
        saved = json.loads(stamp.read_text())
        if saved.get("key") == key:
            return saved["valid"], saved["total"]
    from stdnum.pl import nip

    values = pl.read_csv(path, infer_schema=False, separator=";", columns=["NIP"])["NIP"].to_list()
    valid = sum(1 for v in values if v and nip.is_valid(v))
    stamp.write_text(json.dumps({"key": key, "valid": valid, "total": len(values)}))
    return valid, len(values)


def _store_version() -> int:
    from relimport.core.store.check import VERSION

    return VERSION


def _file_version(path: Path) -> int | None:
    with path.open("rb") as fh:
        m = re.search(rb'"version":\s*([0-9]+)', fh.read(300))
    return int(m.group(1)) if m else None


def _rewrite_if_old(base: Path) -> None:
    """A base store written before the current file layout is written again as relimport
    writes it now (its data unchanged): imports are measured against the files they make."""
    with base.open("rb") as fh:
        fh.seek(max(0, base.stat().st_size - (64 << 10)))
        if b'"column_sums"' in fh.read():
            return
    from relimport.core.store.jsonfile import load, save

    save(base, load(base))
    Path(f"{base}.bak").unlink(missing_ok=True)
    print(f"  rewrote {base.name} in the current layout", flush=True)


def build_store(
    out: Path, paths: dict[str, Path], companies: int, persons: int, chunk: int = 1_000_000
) -> Path:
    """The base store: the two relationship types, then the companies and persons
    imported through the CLI (in files of at most ``chunk`` rows). Made once; rebuilt
    when it was written in another store format version."""
    base = out / f"base_{companies}_{persons}.json"
    if base.exists() and _file_version(base) == _store_version():
        _rewrite_if_old(base)
        return base
    tmp = out / "building.json"
    for p in (tmp, *out.glob("building.json.*")):
        p.unlink(missing_ok=True)
    steps = [
        ["relations", "add", "Klient", "--from", "deal", "--to", "company"],
        ["relations", "add", "Decydent", "--from", "deal", "--to", "person", "--one"],
    ]
    parts: list[Path] = []
    for kind, total in (("company", companies), ("person", persons)):
        src = paths["companies" if kind == "company" else "persons"]
        files = [src]
        if total > chunk:
            frame = pl.read_csv(src, infer_schema=False, separator=";")
            files = []
            for k in range(0, total, chunk):
                part = out / f"part_{kind}_{k}.csv"
                frame.slice(k, chunk).write_csv(part, separator=";")
                files.append(part)
            parts += files
        steps += [["import", str(f), "--type", kind, "-q", "--json"] for f in files]
    for args in steps:
        t0 = time.perf_counter()
        r = subprocess.run(
            [*RELIMPORT, "--store", str(tmp), *args], cwd=ROOT, env=_env(), capture_output=True, text=True
        )
        if r.returncode:
            raise SystemExit(r.stderr)
        if args[0] == "import":
            rep = json.loads(r.stdout)
            if rep["problems"] or rep["records"]["created"] != rep["rows"]["total"]:
                raise SystemExit(f"building the store: {args[1]}: {rep['problems'][:3]}")
            print(f"  built: {Path(args[1]).name} in {time.perf_counter() - t0:.1f} s", flush=True)
    for p in parts:
        p.unlink()
    for p in out.glob("building.json.*"):
        p.unlink()
    tmp.rename(base)
    return base


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
    r = measure(cmd, _env())
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
