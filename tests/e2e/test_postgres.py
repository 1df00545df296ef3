"""The team store with real ``relimport`` processes against a real PostgreSQL server:
concurrent importers, a client killed mid-COPY, a dropped connection, the lock holder
named, connection errors in one line, ``migrate`` both ways."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.cli import ROOT, cli, jcli, store_bytes
from tests.writers import write_csv

#: Fields the concurrent importers each set on one shared company (one field each).
SHARED_FIELDS = [
    ("Miasto", "Łódź", "city"),
    ("E-mail", "biuro@wspolna.pl", "email"),
    ("Telefon", "600 000 004", "phone"),
    ("WWW", "https://www.wspolna.pl/", "domain"),
    ("REGON", "123456785", "regon"),
    ("Tagi", "vip", "tags"),
]
SHARED_NIP = "5260001246"


def env(**extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "RELIMPORT_STORE"}
    return e | {"PYTHONPATH": str(ROOT)} | extra


def spawn(store: str, *args: str, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "relimport.tui.cli", "--store", store, *args],
        cwd=ROOT,
        env=env(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def valid_nip(i: int) -> str:
    """A NIP with a valid check digit, different for every ``i``."""
    for k in range(10):
        first9 = str(200_000_000 + 10 * i + k)
        check = sum(int(d) * w for d, w in zip(first9, (6, 5, 7, 2, 3, 4, 5, 6, 7), strict=True)) % 11
        if check != 10:
            return first9 + str(check)
    raise AssertionError(i)  # pragma: no cover - one of ten prefixes always works


def companies(path: Path, start: int, n: int) -> Path:
    rows = [
        [f"Firma {i}", valid_nip(i), f"Firma {i - 1}" if i > start else ""] for i in range(start, start + n)
    ]
    return write_csv(path, [["Nazwa", "NIP", "Partner"], *rows])


@pytest.fixture
def pg_store(pg_url: str) -> str:
    r = cli(pg_url, "relations", "add", "Partner", "--from", "company", "--to", "company", "--symmetric")
    assert r.returncode == 0, r.stderr
    return pg_url


def test_six_concurrent_importers_lose_nothing(pg_store: str, tmp_path: Path) -> None:
    n = 40
    procs = []
    for k, (header, value, _) in enumerate(SHARED_FIELDS):
        rows = [
            [f"Firma {i}", valid_nip(i), f"Firma {i - 1}" if i % n else "", ""]
            for i in range(k * n, k * n + n)
        ]
        rows.append(["Wspólna", SHARED_NIP, "", value])
        f = write_csv(tmp_path / f"f{k}.csv", [["Nazwa", "NIP", "Partner", header], *rows])
        procs.append(
            spawn(pg_store, "import", str(f), "--type", "company", "--json", RELIMPORT_LOCK_TIMEOUT="120")
        )
    outs = [(p.wait(timeout=240), *p.communicate()) for p in procs]
    assert all(code == 0 for code, _, _ in outs), [err for _, _, err in outs]
    reports = [json.loads(out) for _, out, _ in outs]
    assert sorted(r["batch"] for r in reports) == [f"B{i}" for i in range(1, 7)]
    assert sum(r["records"]["created"] for r in reports) == 6 * n + 1
    code, stats = jcli(pg_store, "stats")
    assert stats["records"]["company"] == 6 * n + 1
    assert stats["links"] == 6 * (n - 1) and stats["batches"] == 6
    code, shared = jcli(pg_store, "show", "company", SHARED_NIP)
    assert code == 0
    # Every importer's value of the shared company is there: no update was lost.
    assert all(shared["fields"][field] for _, _, field in SHARED_FIELDS), shared["fields"]
    # Writers that had to wait said who held the lock.
    waited = [err for _, _, err in outs if "waiting for the store lock" in err]
    assert waited and all("held by relimport import pid" in err for err in waited)


def _poll(pg_server, url: str, query: str, proc: subprocess.Popen, timeout: float = 120) -> list[tuple]:
    """Rows of ``query`` as soon as it has any (while ``proc`` runs)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        rows = pg_server.execute(url, query)
        if rows:
            return rows
        time.sleep(0.005)
    return []


IMPORTER = "a.application_name LIKE 'relimport import pid %%' AND a.datname = current_database()"


def test_kill_9_mid_copy_leaves_the_database_as_before(pg_server, pg_store: str, tmp_path: Path) -> None:
    seed = companies(tmp_path / "seed.csv", 0, 50)
    assert cli(pg_store, "import", str(seed), "--type", "company").returncode == 0
    before = store_bytes(pg_store)
    big = companies(tmp_path / "big.csv", 1000, 120_000)
    proc = spawn(pg_store, "import", str(big), "--type", "company", "--quiet")
    copying = _poll(
        pg_server,
        pg_store,
        "SELECT c.pid FROM pg_stat_progress_copy c JOIN pg_stat_activity a USING (pid) "
        f"WHERE c.command = 'COPY FROM' AND {IMPORTER}",
        proc,
    )
    proc.kill()
    proc.wait(timeout=30)
    assert copying, "the import ended before its COPY was seen"
    assert proc.returncode == -signal.SIGKILL
    # The server rolls the transaction back when the client's connection goes: the
    # database is as before, and the lock is free for the next writer at once.
    assert store_bytes(pg_store) == before
    r = cli(pg_store, "import", str(companies(tmp_path / "next.csv", 500, 5)), "--type", "company")
    assert r.returncode == 0, r.stderr
    assert jcli(pg_store, "stats")[1]["records"]["company"] == 55


def test_dropped_connection_mid_import_is_one_line_and_writes_nothing(
    pg_server, pg_store: str, tmp_path: Path
) -> None:
    seed = companies(tmp_path / "seed.csv", 0, 20)
    assert cli(pg_store, "import", str(seed), "--type", "company").returncode == 0
    before = store_bytes(pg_store)
    big = companies(tmp_path / "big.csv", 1000, 60_000)
    proc = spawn(pg_store, "import", str(big), "--type", "company", "--quiet")
    # Once the importer holds the store's lock (its transaction is open), cut its connection.
    holders = _poll(
        pg_server,
        pg_store,
        "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
        f"WHERE l.locktype = 'advisory' AND l.granted AND {IMPORTER}",
        proc,
    )
    assert holders, "the import ended before it took the lock"
    pg_server.execute(pg_store, "SELECT pg_terminate_backend(%s)", (holders[0][0],))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "connection" in lines[0] and "nothing written" in lines[0], err
    assert "Traceback" not in err
    assert store_bytes(pg_store) == before


def test_waiting_writer_names_the_holder_and_gives_up(pg_server, pg_store: str, tmp_path: Path) -> None:
    import psycopg

    from relimport.core.store.pgschema import LOCK_KEY

    f = companies(tmp_path / "a.csv", 0, 3)
    with psycopg.connect(pg_store, application_name="holder on host-a") as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        t0 = time.monotonic()
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "relimport.tui.cli",
                "--store",
                pg_store,
                "import",
                str(f),
                "--type",
                "company",
            ],
            cwd=ROOT,
            env=env(RELIMPORT_LOCK_TIMEOUT="1.5"),
            capture_output=True,
            text=True,
        )
        assert time.monotonic() - t0 < 30
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith("relimport: waiting for the store lock (held by holder on host-a (user ")
    assert "locked by holder on host-a" in lines[-1] and "try again later" in lines[-1]
    assert jcli(pg_store, "stats")[1]["records"]["company"] == 0
    # The holder gone, the same import goes through.
    assert cli(pg_store, "import", str(f), "--type", "company").returncode == 0


def test_connection_errors_are_one_line_without_the_password(tmp_path: Path) -> None:
    url = "postgresql://alice:s3cr3t-pw@127.0.0.1:9/crm"
    for args in (
        ["stats"],
        ["import", str(companies(tmp_path / "a.csv", 0, 2)), "--type", "company"],
        ["undo"],
    ):
        r = cli(url, *args)
        assert r.returncode == 1, r.stderr
        assert r.stderr.count("\n") == 1
        assert r.stderr.startswith("relimport: postgresql://alice@127.0.0.1:9/crm: cannot connect (")
        assert "s3cr3t" not in r.stderr + r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "relimport.tui.cli", "stats", "--json"],
        cwd=ROOT,
        env=env(RELIMPORT_STORE=url),
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1 and json.loads(r.stdout)["exit"] == 1 and "s3cr3t" not in r.stderr + r.stdout


def test_store_from_the_environment(pg_store: str, tmp_path: Path) -> None:
    f = companies(tmp_path / "a.csv", 0, 3)
    r = subprocess.run(
        [sys.executable, "-m", "relimport.tui.cli", "import", str(f), "--type", "company", "--json"],
        cwd=ROOT,
        env=env(RELIMPORT_STORE=pg_store),
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert jcli(pg_store, "stats")[1]["records"]["company"] == 3


def test_migrate_demo_round_trip_is_byte_identical(pg_url: str, tmp_path: Path) -> None:
    r = cli(tmp_path / "unused.json", "demo", str(tmp_path / "demo"), "--no-tui")
    demo = Path(r.stdout.strip())
    r = cli(tmp_path / "unused.json", "migrate", str(demo), pg_url)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("copied ") and "223 records, 320 links" in r.stdout
    back = tmp_path / "back.json"
    code, done = jcli(tmp_path / "unused.json", "migrate", pg_url, str(back))
    assert code == 0 and done["batches"] == 6
    assert back.read_bytes() == demo.read_bytes()
    # Non-empty targets are refused without --force, both ways; --force replaces.
    for target in (pg_url, str(back)):
        r = cli(tmp_path / "unused.json", "migrate", str(demo), target)
        assert r.returncode == 2 and "--force" in r.stderr and r.stderr.count("\n") == 1
    assert cli(tmp_path / "unused.json", "migrate", str(demo), pg_url, "--force").returncode == 0
    # The copy behaves as the file: the same dry run, the same undo.
    sample = tmp_path / "demo" / "szanse.csv"
    undone = [jcli(store, "undo", "B5") for store in (demo, pg_url)]
    assert undone[0] == undone[1] and undone[0][1]["records_removed"] == 40
    code_f, rep_f = jcli(demo, "import", str(sample), "--type", "deal", "--dry-run")
    code_p, rep_p = jcli(pg_url, "import", str(sample), "--type", "deal", "--dry-run")
    assert (code_f, rep_f) == (code_p, rep_p)
