"""The real ``relimport`` command in a subprocess, against a given store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The keys of every ``relimport import --json`` report.
EXPECTED_KEYS = {
    "batch",
    "dry_run",
    "file",
    "type",
    "mode",
    "rows",
    "records",
    "links",
    "problems",
    "ignored_columns",
}


def cli(store: Path | str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "RELIMPORT_STORE"}
    return subprocess.run(
        [sys.executable, "-m", "relimport.tui.cli", "--store", str(store), *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env=env | {"PYTHONPATH": str(ROOT)},
    )


def jcli(store: Path | str, *args: str) -> tuple[int, dict]:
    r = cli(store, *args, "--json")
    return r.returncode, json.loads(r.stdout)


def store_bytes(store: Path | str) -> bytes:
    """What the store holds: the file's bytes, or a database store copied to a JSON file
    (``relimport migrate``'s copy: the same bytes for the same content)."""
    if isinstance(store, Path):
        return store.read_bytes()
    from relimport.core.store.copying import copy_store

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "copy.json"
        copy_store(store, out)
        return out.read_bytes()
