"""The real ``relimport`` command in a subprocess, against a given store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


def cli(store: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "RELIMPORT_STORE"}
    return subprocess.run(
        [sys.executable, "-m", "relimport.tui.cli", "--store", str(store), *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env=env | {"PYTHONPATH": str(ROOT)},
    )


def jcli(store: Path, *args: str) -> tuple[int, dict]:
    r = cli(store, *args, "--json")
    return r.returncode, json.loads(r.stdout)
