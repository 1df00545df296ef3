"""The demo store and the sample import files in ``sample_data/`` (built by build_demo.py).

The store must load and hold, and every sample file's dry run against it must show,
the figures of ``sample_data/expectations.py`` (sample_data/README.md's, as data, which
build_demo.py checks too); together the samples show every outcome kind.
Nothing here writes to ``sample_data/``: plans are computed, never applied.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from relimport.core.domain.objects import IMPORT_KINDS
from relimport.core.importing.report import ImportReport
from relimport.core.importing.request import ImportRequest, ImportResult
from relimport.core.importing.run import run_import
from relimport.core.mapping.precedence import Choices
from relimport.core.store import jsonfile as store
from relimport.core.store.model import StoreData
from relimport.sample_data.expectations import (
    BATCHES,
    LINKS,
    RECORDS,
    RELATIONSHIP_TYPES,
    SAMPLES,
    report_counts,
)

SAMPLE_DATA = Path(__file__).resolve().parents[3] / "sample_data"
DEMO_STORE = SAMPLE_DATA / "demo-store.json"

#: Problem kinds that some sample file must show.
REQUIRED_PROBLEMS = {
    "not_found",
    "ambiguous",
    "cardinality",
    "self_link",
    "invalid",
    "missing_key",
    "duplicate_in_file",
    "invalid_value",
}

#: name: (source, target, inverse, cardinality, symmetric); Firma is built in.
RELATIONSHIPS = {"Firma": ("person", "company", "Osoby", "one", False)} | {
    r.name: (r.source, r.target, r.inverse, "one" if r.one else "many", r.symmetric)
    for r in RELATIONSHIP_TYPES
}


@pytest.fixture(scope="module")
def demo() -> StoreData:
    return store.load(DEMO_STORE)


@pytest.fixture(scope="module")
def dry_runs(demo: StoreData) -> dict[str, tuple[ImportResult, ImportReport]]:
    out = {}
    for name, sample in SAMPLES.items():
        result = run_import(demo, ImportRequest(SAMPLE_DATA / name, sample.kind, dry_run=True))
        out[name] = (result, result.report)
    return out


def _nip_ok(nip: str) -> bool:
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    return (
        len(nip) == 10
        and nip.isdigit()
        and sum(int(d) * w for d, w in zip(nip, weights, strict=False)) % 11 == int(nip[9])
    )


# --- the demo store ---------------------------------------------------------------------


def test_demo_store_counts(demo: StoreData) -> None:
    counts = {t: df.height for t, df in demo.records.items()}
    assert counts == RECORDS
    assert len(demo.batches) == BATCHES
    assert all(b.status == "applied" and not b.problems for b in demo.batches)
    # Every record came in through an import batch.
    batch_ids = {b.id for b in demo.batches}
    for df in demo.records.values():
        assert set(df["created_batch"].unique().to_list()) <= batch_ids


def test_demo_store_relationship_types(demo: StoreData) -> None:
    got = {
        r.name: (r.source, r.target, r.inverse_name, r.cardinality, r.symmetric)
        for r in demo.relationship_types
    }
    assert got == RELATIONSHIPS
    assert {r.name: demo.links[r.id].height for r in demo.relationship_types} == LINKS
    assert all(LINKS.values())


def test_every_person_has_one_company(demo: StoreData) -> None:
    firma = next(r for r in demo.relationship_types if r.builtin)
    links = demo.links[firma.id]
    assert links.height == RECORDS["person"]
    assert links["source"].n_unique() == RECORDS["person"]


def test_demo_companies_look_real(demo: StoreData) -> None:
    companies = demo.records["company"]
    nips = companies["tax_id"].to_list()
    assert all(_nip_ok(n) for n in nips)
    assert len(set(nips)) == len(nips)
    polmet = companies.filter(pl.col("name") == "Polmet")
    assert polmet.height == 2
    assert polmet["tax_id"].n_unique() == 2 and polmet["city"].n_unique() == 2
    # Polish letters survive the round trip through the store.
    assert "Piekarnia Złoty Kłos" in companies["name"].to_list()
    assert "Łódź" in companies["city"].to_list()


# --- the sample files -------------------------------------------------------------------


def test_samples_cover_every_import_kind() -> None:
    assert sorted(s.kind for s in SAMPLES.values()) == sorted(IMPORT_KINDS)
    for name in SAMPLES:
        assert (SAMPLE_DATA / name).is_file(), name


@pytest.mark.parametrize("name", list(SAMPLES))
def test_sample_reads_and_maps(name: str, dry_runs: dict[str, tuple[ImportResult, ImportReport]]) -> None:
    prepared, report = dry_runs[name]
    assert 5 <= prepared.table.frame.height <= 20
    # Every column maps automatically; only the free-text note of szanse.csv is skipped.
    assert report.ignored_columns == (["Uwagi"] if name == "szanse.csv" else [])
    # Every count and problem kind that sample_data/README.md gives for the file.
    assert report_counts(report) == SAMPLES[name].counts()
    assert report.links_created > 0
    assert report.created > 0


def test_szanse_is_a_polish_excel_export(
    dry_runs: dict[str, tuple[ImportResult, ImportReport]],
) -> None:
    raw = (SAMPLE_DATA / "szanse.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.count(b"\r\n") >= 12 and "Wartość".encode("cp1250") in raw
    prepared, report = dry_runs["szanse.csv"]
    info = prepared.table.info
    assert info.encoding is not None and info.encoding.replace("-", "").lower() in (
        "cp1250",
        "windows1250",
    )
    assert info.delimiter == ";"
    # A quoted multi-line cell is one row; the blank row 11 keeps its number.
    by_kind = {p.kind: p.row for p in report.problems if p.kind in ("missing_key", "duplicate_in_file")}
    assert by_kind == {"missing_key": 12, "duplicate_in_file": 13}
    assert report.rows_total == 12


def test_encodings_and_workbooks(dry_runs: dict[str, tuple[ImportResult, ImportReport]]) -> None:
    assert (SAMPLE_DATA / "osoby_i_firmy.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert dry_runs["osoby_i_firmy.csv"][0].table.info.delimiter == ","
    assert dry_runs["osoby.csv"][0].table.info.delimiter == ";"
    firmy = dry_runs["firmy.xlsx"][0].table
    assert firmy.info.sheets == ("Firmy", "Notatki") and firmy.info.sheet == "Firmy"
    # NIP/REGON are Excel numbers, read as text without ".0".
    assert all(_nip_ok(v) for v in firmy.frame["NIP"].drop_nulls().to_list())
    produkty = dry_runs["produkty.csv"][0].table
    assert "00123" in produkty.frame["Kod"].to_list()
    assert dry_runs["pojazdy.ods"][0].table.info.format == "ods"


def test_near_misses_get_suggestions(dry_runs: dict[str, tuple[ImportResult, ImportReport]]) -> None:
    wanted = {
        ("szanse.csv", "Hydrotech"): "Hydro-Tech Sp. z o.o.",
        ("szanse.csv", "Tartak Lodz"): "Tartak Łódź Sp. j.",
        ("firmy.xlsx", "Piekarnia Zloty Klos"): "Piekarnia Złoty Kłos",
        ("pojazdy.ods", "Baltyk Logistyka S.A."): "Bałtyk Logistyka S.A.",
    }
    for (name, value), label in wanted.items():
        problems = [p for p in dry_runs[name][1].problems if p.kind == "not_found" and p.value == value]
        assert problems, (name, value)
        assert label in [c["label"] for c in problems[0].candidates], (name, value)


def test_polmet_is_never_linked_silently(
    dry_runs: dict[str, tuple[ImportResult, ImportReport]],
) -> None:
    # A person already linked to another company reports "Polmet" as a cardinality problem.
    hits = [
        p for _, r in dry_runs.values() for p in r.problems if p.value == "Polmet" and p.kind != "cardinality"
    ]
    assert len(hits) >= 4
    for p in hits:
        assert p.kind == "ambiguous"
        assert sorted(c["label"] for c in p.candidates) == ["Polmet", "Polmet"]


def test_all_outcomes_across_the_samples(
    dry_runs: dict[str, tuple[ImportResult, ImportReport]],
) -> None:
    kinds: Counter[str] = Counter()
    for _, report in dry_runs.values():
        kinds.update(p.kind for p in report.problems)
    missing = REQUIRED_PROBLEMS - set(kinds)
    assert not missing, f"no sample file shows {sorted(missing)}"
    reports = [r for _, r in dry_runs.values()]
    for outcome in ("created", "updated", "unchanged", "links_created", "links_existing"):
        assert sum(getattr(r, outcome) for r in reports) > 0, outcome


def test_modes_show_exists_and_no_match(demo: StoreData) -> None:
    """The same products file in mode create / update shows the two mode problems."""
    kinds = {}
    for mode in ("create", "update"):
        request = ImportRequest(
            SAMPLE_DATA / "produkty.csv", "product", choices=Choices(mode=mode), dry_run=True
        )
        report = run_import(demo, request).report
        kinds[mode] = {p.kind for p in report.problems}
    assert "exists" in kinds["create"]
    assert "no_match" in kinds["update"]
