"""The exit status and message always match the store: a failure or Ctrl-C after the
store was replaced never says "nothing written".

Each test runs the real CLI in a subprocess whose ``os.replace`` (or report writer) is
wrapped, so that a real SIGINT arrives at an exact moment, or a disk fills up just
after the import was written — no sleeps, no timing luck.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.e2e.cli import ROOT, cli
from tests.writers import write_csv

#: Run the CLI with a hook installed first; the hook's code is formatted in.
_RUNNER = """
import errno, os, signal, sys
{hook}
from relimport.tui.cli import main
sys.exit(main(sys.argv[1:]))
"""

#: SIGINT to ourselves the moment the store file is replaced (before anything else runs).
SIGINT_AFTER_REPLACE = """
_replace = os.replace
def replace(src, dst, *a, **k):
    _replace(src, dst, *a, **k)
    if str(dst).endswith("store.json"):
        os.kill(os.getpid(), signal.SIGINT)
os.replace = replace
"""

#: SIGINT while the file is being read: nothing is written yet.
SIGINT_WHILE_READING = """
import relimport.core.files.reader as reader
_read = reader.read_table
def read_table(*a, **k):
    os.kill(os.getpid(), signal.SIGINT)
    return _read(*a, **k)
reader.read_table = read_table
import relimport.core.importing.prepare as prepare
prepare.read_table = read_table
"""

#: The disk is full when the report is written (after the import).
REPORT_DISK_FULL = """
import relimport.core.files.export as export
def write_bytes_atomic(path, payload, mode=0o600):
    raise OSError(errno.ENOSPC, "No space left on device")
export.write_bytes_atomic = write_bytes_atomic
"""


def run(store: Path, hook: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "RELIMPORT_STORE"}
    code = _RUNNER.format(hook=textwrap.dedent(hook))
    return subprocess.run(
        [sys.executable, "-c", code, "--store", str(store), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env | {"PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def store(tmp_path: Path) -> Path:
    s = tmp_path / "store.json"
    assert cli(s, "relations", "add", "Klient", "--from", "deal", "--to", "company").returncode == 0
    return s


def _deals(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["Wdrożenie", "Nope"], ["Serwis", ""]])


def _batches(store: Path) -> list[dict]:
    r = cli(store, "history", "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("as_json", [False, True])
def test_sigint_just_after_the_replace_says_the_batch_was_written(store, tmp_path, as_json):
    r = run(
        store,
        SIGINT_AFTER_REPLACE,
        "import",
        str(_deals(tmp_path)),
        "--type",
        "deal",
        "-q",
        *(["--json"] if as_json else []),
    )
    assert r.returncode == 3, r.stderr
    assert r.stderr.strip() == "relimport: interrupted; batch B1 was written to the store"
    assert "nothing written" not in r.stderr and "Traceback" not in r.stderr
    if as_json:
        assert json.loads(r.stdout) == {
            "error": "interrupted; batch B1 was written to the store",
            "exit": 3,
            "written": ["batch B1"],
        }
    (batch,) = _batches(store)
    assert batch["batch"] == "B1" and batch["status"] == "applied"


def test_sigint_just_after_an_undo_is_written_says_so(store, tmp_path):
    assert cli(store, "import", str(_deals(tmp_path)), "--type", "deal").returncode == 3
    r = run(store, SIGINT_AFTER_REPLACE, "undo")
    assert r.returncode == 3, r.stderr
    assert r.stderr.strip() == "relimport: interrupted; undo of B1 was written to the store"
    assert _batches(store)[0]["status"] == "undone"


def test_sigint_before_the_write_says_nothing_written(store, tmp_path):
    before = store.read_bytes()
    r = run(store, SIGINT_WHILE_READING, "import", str(_deals(tmp_path)), "--type", "deal", "-q")
    assert r.returncode == 1, r.stderr
    assert r.stderr.strip() == "relimport: interrupted, nothing written"
    assert store.read_bytes() == before


@pytest.mark.parametrize("as_json", [False, True])
def test_report_failing_after_the_import_names_the_batch_written(store, tmp_path, as_json):
    report = tmp_path / "problems.csv"
    args = ["import", str(_deals(tmp_path)), "--type", "deal", "--report", str(report)]
    r = run(store, REPORT_DISK_FULL, *args, *(["--json"] if as_json else []))
    assert r.returncode == 3, r.stderr  # done (the store holds the batch), with a problem
    line = r.stderr.strip().splitlines()[-1]
    assert line == (
        f"relimport: {report}: cannot write (No space left on device); batch B1 was written to the store"
    )
    assert "nothing written" not in r.stderr and "Traceback" not in r.stderr
    if as_json:
        out = json.loads(r.stdout)
        assert out["batch"] == "B1" and out["error"].endswith("(No space left on device)")
    else:
        assert "batch B1" in r.stdout
    assert not report.exists() and not list(tmp_path.glob(".problems.csv.*"))
    assert [b["batch"] for b in _batches(store)] == ["B1"]


def test_report_failing_on_a_dry_run_says_nothing_was_written(store, tmp_path):
    before = store.read_bytes()
    report = tmp_path / "problems.csv"
    args = ["import", str(_deals(tmp_path)), "--type", "deal", "--dry-run", "--report", str(report)]
    r = run(store, REPORT_DISK_FULL, *args)
    assert r.returncode == 2, r.stderr
    assert "written to the store" not in r.stderr and "Traceback" not in r.stderr
    assert store.read_bytes() == before
