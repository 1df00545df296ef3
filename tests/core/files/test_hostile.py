"""Hostile files: only a one-line error or a correct import, never another exception."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relimport.core.domain.errors import RelimportError
from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from tests.stores import base_store
from tests.writers import write_csv

SUFFIXES = [".csv", ".txt", ".tsv", ".xlsx", ".ods", ".xls"]
cell = st.text(alphabet=st.sampled_from(list("ab;,|\t\"\n\r\x00 ąŁ=+-@'")), max_size=12)
table = st.lists(st.lists(cell, min_size=1, max_size=6), min_size=0, max_size=8)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1250", "iso8859_2"])


def attempt(path: Path, kind: str = "company") -> None:
    """Import ``path`` as a dry run: fine, or a RelimportError with a one-line message."""
    data = base_store()
    try:
        run_import(data, ImportRequest(path, kind, dry_run=True))
    except RelimportError as exc:
        assert str(exc) and "\n" not in str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(tmp_path, raw, suffix):
    p = tmp_path / f"x{suffix}"
    p.write_bytes(raw)
    attempt(p)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=table,
    sep=st.sampled_from([",", ";", "\t", "|"]),
    enc=encodings,
    kind=st.sampled_from(["company", "person_company", "deal", "person"]),
)
def test_random_delimited_text(tmp_path, rows, sep, enc, kind):
    text = "\r\n".join(sep.join(r) for r in [["Nazwa", "NIP", "Partner"], *rows])
    try:
        raw = text.encode(enc)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    p = tmp_path / "x.csv"
    p.write_bytes(raw)
    attempt(p, kind)


def test_huge_cell_and_many_columns(tmp_path):
    attempt(write_csv(tmp_path / "big.csv", [["Nazwa", "NIP"], ["A" * 1_000_000, "123"]]))
    header = ["Nazwa", *(f"k{i}" for i in range(10_000))]
    attempt(write_csv(tmp_path / "wide.csv", [header, ["A", *("x" for _ in range(10_000))]]))


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_zip_bomb_and_wrong_zip(tmp_path, suffix):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (64 << 20))  # 64 MiB of zeros, tiny packed
        z.writestr("[Content_Types].xml", b"<Types/>")
    p = tmp_path / f"bomb{suffix}"
    p.write_bytes(buf.getvalue())
    attempt(p)
