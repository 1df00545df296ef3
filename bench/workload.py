"""The import benchmarks' workload and how they run a process.

The workload of SPEC §6: companies with valid NIPs and persons, written as CSV and
imported through the CLI into a base store (built once, kept in ``bench/out``), and deal
files with ``Klient`` (company by name) and ``Decydent`` (person by e-mail). A process
is measured under ``/usr/bin/time -v``: wall time, CPU time, peak memory.
Used by ``bench_import.py``, ``bench_postgres.py`` and ``bench_tui.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
RELIMPORT = [sys.executable, "-m", "relimport.tui.cli"]

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


def bench_env() -> dict[str, str]:
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
            [*RELIMPORT, "--store", str(tmp), *args],
            cwd=ROOT,
            env=bench_env(),
            capture_output=True,
            text=True,
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
