"""The CLI's tables in a terminal 60, 80 and 120 columns wide: batch ids, times, counts
and object types are shown whole (free text may wrap), and no line is wider than the
terminal."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import polars as pl
import pytest

from relimport.core.store.jsonfile import save
from relimport.core.store.model import Batch, RelationshipType, StoreData
from tests.e2e.cli import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="runs the CLI on a POSIX pty")

WIDTHS = [60, 80, 120]
#: Escape sequences a terminal gets besides the text (styles, cursor).
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def in_terminal(store: Path, width: int, *args: str) -> str:
    """What ``relimport --store STORE ARGS`` shows in a terminal ``width`` columns wide."""
    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "RELIMPORT_STORE"}
    env |= {"PYTHONPATH": str(ROOT), "COLUMNS": str(width), "LINES": "50", "TERM": "xterm-256color"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "relimport.tui.cli", "--store", str(store), *args],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=ROOT,
        env=env,
    )
    os.close(child)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert proc.wait(timeout=60) == 0, out.decode(errors="replace")
    return ESCAPES.sub("", out.decode()).replace("\r\n", "\n")


def _words(text: str) -> set[str]:
    """Every run of characters between spaces and table borders, line by line (a comma
    or colon after it dropped)."""
    return {w.rstrip(",:") for row in text.splitlines() for w in re.split(r"[\s│┃]+", row) if w}


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose history and relationship types hold wide numbers, ids and times."""
    data = StoreData.empty()
    rel = RelationshipType(
        id=2,
        name="Dostawca podzespołów do linii montażowych",
        source="vehicle_space",
        target="vehicle_space",
        inverse_name="Odbiorca podzespołów z linii montażowych",
    )
    data.relationship_types.append(rel)
    data.next_rel = 3
    n = 12_345
    data.links[rel.id] = pl.DataFrame(
        {"source": range(1, n + 1), "target": range(2, n + 2), "batch": [123_456] * n},
        schema={"source": pl.Int64, "target": pl.Int64, "batch": pl.Int64},
    )
    data.batches.append(
        Batch(
            id=123_456,
            time="2026-12-04T23:59:58+01:00",
            file="kontakty-eksport-z-systemu-sprzedazowego-grudzien-2026-wersja-ostateczna.csv",
            sha256="0" * 64,
            kind="person_company",
            mode="upsert",
            recipe={},
            counts={"records": {"created": 1_234_567, "updated": 7_654_321}, "links": {"created": 9_876_543}},
            problems=[{"row": r, "kind": "not_found"} for r in range(2, 10_002)],
        )
    )
    data.next_batch = 123_457
    path = tmp_path_factory.mktemp("widths") / "store.json"
    save(path, data)
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_history_never_cuts_ids_times_or_counts(big_store: Path, width: int) -> None:
    text = in_terminal(big_store, width, "history")
    words = _words(text)
    for whole in ("B123456", "2026-12-04", "23:59", "1,234,567", "7,654,321", "9,876,543", "10,000"):
        assert whole in words, f"{whole!r} not shown whole at {width} columns:\n{text}"
    # The type by its name, as the TUI shows it (wrapped between words in a block, if at all).
    assert "Persons" in words and "companies" in words and "person_company" not in text
    assert "upsert" in words and "applied" in words
    assert "…" not in text
    # The file name is free text: wrapped, every character of it still there.
    assert "kontakty-eksport" in text.replace("\n", "").replace(" ", "").replace("│", "")
    assert max(len(row.rstrip()) for row in text.splitlines()) <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_relations_never_cut_types_or_link_counts(big_store: Path, width: int) -> None:
    text = in_terminal(big_store, width, "relations")
    words = _words(text)
    for whole in ("12,345", "Vehicle/Space", "Person", "Company", "many", "one"):
        assert whole in words, f"{whole!r} not shown whole at {width} columns:\n{text}"
    assert "vehicle_space" not in text
    assert "…" not in text
    assert max(len(row.rstrip()) for row in text.splitlines()) <= width
