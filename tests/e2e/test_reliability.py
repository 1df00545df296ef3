"""Crash safety under SIGKILL and concurrent writers, with real `relimport` processes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.writers import write_csv

ROOT = Path(__file__).resolve().parents[2]


def cmd(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "relimport.tui.cli", "--store", str(store), *args]


def env(**extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "RELIMPORT_STORE"}
    return e | {"PYTHONPATH": str(ROOT)} | extra


def stats(store: Path) -> dict:
    r = subprocess.run(cmd(store, "stats", "--json"), capture_output=True, text=True, env=env(), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def valid_nip(i: int) -> str:
    """A NIP with a valid check digit, different for every ``i``."""
    for k in range(10):
        first9 = str(100_000_000 + 10 * i + k)
        check = sum(int(d) * w for d, w in zip(first9, (6, 5, 7, 2, 3, 4, 5, 6, 7), strict=True)) % 11
        if check != 10:
            return first9 + str(check)
    raise AssertionError(i)  # pragma: no cover - one of ten prefixes always works


def companies_file(path: Path, start: int, n: int) -> Path:
    rows = [[f"Firma {i}", valid_nip(i), f"Firma {i - 1}"] for i in range(start, start + n)]
    return write_csv(path, [["Nazwa", "NIP", "Partner"], *rows])


@pytest.fixture
def store(tmp_path: Path) -> Path:
    s = tmp_path / "store.json"
    r = subprocess.run(
        cmd(s, "relations", "add", "Partner", "--from", "company", "--to", "company", "--symmetric"),
        capture_output=True,
        text=True,
        env=env(),
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr
    return s


def test_sigkill_leaves_store_before_or_after(store: Path, tmp_path: Path):
    f = companies_file(tmp_path / "firmy.csv", 0, 10_000)
    before_bytes = store.read_bytes()
    before = stats(store)
    # One full run on a copy tells what "after" looks like and how long a run takes.
    ref = tmp_path / "ref.json"
    ref.write_bytes(before_bytes)
    t0 = time.monotonic()
    subprocess.run(
        cmd(ref, "import", str(f), "--type", "company", "-q"),
        env=env(),
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    duration = time.monotonic() - t0
    after = stats(ref)
    assert after["records"]["company"] == 10_000
    rng = random.Random(7)
    seen = {"before": 0, "after": 0}
    for i in range(10):
        store.write_bytes(before_bytes)
        p = subprocess.Popen(
            cmd(store, "import", str(f), "--type", "company", "-q"),
            env=env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Spread kills over the whole run, a few past its usual end (the write happens last).
        time.sleep(duration * (i + rng.random()) / 9)
        p.send_signal(signal.SIGKILL)
        p.wait()
        now = stats(store)
        assert now in (before, after), f"torn store after kill #{i}: {now}"
        seen["before" if now == before else "after"] += 1
        leftovers = [x.name for x in tmp_path.iterdir() if x.name.endswith(".tmp")]
        # A leftover temp file of a killed writer must not break the next run.
        r = subprocess.run(cmd(store, "stats", "--json"), capture_output=True, text=True, env=env(), cwd=ROOT)
        assert r.returncode == 0, (leftovers, r.stderr)
    assert seen["before"] > 0


def test_concurrent_writers_apply_all_or_refuse_clearly(store: Path, tmp_path: Path):
    files = [companies_file(tmp_path / f"f{i}.csv", i * 1000, 1000) for i in range(4)]
    procs = [
        subprocess.Popen(
            cmd(store, "import", str(f), "--type", "company", "--json"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env(RELIMPORT_LOCK_TIMEOUT="60"),
        )
        for f in files
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = [p.returncode for p in procs]
    # Every file's first row names a partner from the previous file ("Firma -1" for the first).
    assert all(c in (0, 3) for c in codes), outs
    s = stats(store)
    assert s["records"]["company"] == 4000
    assert s["batches"] == 4


def test_second_writer_refused_with_locked_by(store: Path, tmp_path: Path):
    f = companies_file(tmp_path / "big.csv", 0, 150_000)
    g = companies_file(tmp_path / "small.csv", 50_000, 10)
    before = stats(store)
    first = subprocess.Popen(
        cmd(store, "import", str(f), "--type", "company", "-q"),
        cwd=ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    owner = store.with_name(store.name + ".lock.owner")
    deadline = time.monotonic() + 20
    while not owner.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    r = subprocess.run(
        cmd(store, "import", str(g), "--type", "company"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env(RELIMPORT_LOCK_TIMEOUT="0"),
    )
    first.wait(60)
    assert r.returncode == 1
    assert f"locked by pid {first.pid}" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert stats(store)["records"]["company"] == before["records"]["company"] + 150_000
