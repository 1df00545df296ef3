"""What the demo store holds and what each sample file shows: README.md's figures as data.

``build_demo.py`` creates the relationship types listed here and refuses to finish when
the rebuilt store or a sample file's dry run differs from these figures;
``tests/core/test_sample_data.py`` and the wheel test assert the same figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RelationshipType:
    """A relationship type of the demo store, as ``relations.add_relationship`` takes it."""

    name: str
    source: str
    target: str
    inverse: str | None = None
    one: bool = False
    symmetric: bool = False


#: The relationship types the demo store adds (``Firma``, person → company, is built in).
RELATIONSHIP_TYPES: tuple[RelationshipType, ...] = (
    RelationshipType("Klient", "deal", "company", inverse="Szanse"),
    RelationshipType("Decydent", "deal", "person", inverse="Decyzje", one=True),
    RelationshipType("Partner", "company", "company", symmetric=True),
    RelationshipType("Centrala", "company", "company", inverse="Oddziały", one=True),
    RelationshipType("Konkurent", "company", "company", symmetric=True),
    RelationshipType("Produkty", "deal", "product", inverse="W szansach"),
    RelationshipType("Opiekun", "company", "person", inverse="Podopieczni"),
    RelationshipType("Flota", "company", "vehicle_space", inverse="Właściciel"),
)

#: Records per object type in the demo store.
RECORDS: dict[str, int] = {"company": 52, "person": 100, "deal": 40, "product": 20, "vehicle_space": 11}

#: Links per relationship type in the demo store (320 in all).
LINKS: dict[str, int] = {
    "Firma": 100,
    "Klient": 40,
    "Decydent": 33,
    "Partner": 11,
    "Centrala": 4,
    "Konkurent": 6,
    "Produkty": 62,
    "Opiekun": 53,
    "Flota": 11,
}

#: Import batches that built the demo store (B1–B6).
BATCHES = 6


@dataclass(frozen=True)
class Sample:
    """A sample file's outcome when dry-run alone against a fresh demo store."""

    kind: str
    rows: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    linked: int
    existing: int
    problems: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """The figures as one flat mapping (what :func:`report_counts` returns)."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "linked": self.linked,
            "existing": self.existing,
        } | {f"problem {kind}": n for kind, n in sorted(self.problems.items())}


#: Sample file -> its import kind and outcome (README.md describes each row).
SAMPLES: dict[str, Sample] = {
    "szanse.csv": Sample(
        kind="deal",
        rows=12,
        created=7,
        updated=1,
        unchanged=2,
        skipped=2,
        linked=21,
        existing=10,
        problems={
            "not_found": 2,
            "ambiguous": 1,
            "cardinality": 3,
            "invalid": 1,
            "invalid_value": 2,
            "missing_key": 1,
            "duplicate_in_file": 1,
        },
    ),
    "osoby_i_firmy.csv": Sample(
        kind="person_company",
        rows=10,
        created=5,
        updated=1,
        unchanged=6,
        skipped=3,
        linked=3,
        existing=3,
        problems={
            "invalid_value": 1,
            "missing_key": 1,
            "duplicate_in_file": 1,
            "cardinality": 1,
            "ambiguous": 1,
        },
    ),
    "firmy.xlsx": Sample(
        kind="company",
        rows=9,
        created=3,
        updated=1,
        unchanged=4,
        skipped=1,
        linked=3,
        existing=2,
        problems={"cardinality": 3, "ambiguous": 2, "self_link": 1, "not_found": 1},
    ),
    "osoby.csv": Sample(
        kind="person",
        rows=9,
        created=4,
        updated=1,
        unchanged=2,
        skipped=2,
        linked=1,
        existing=2,
        problems={
            "cardinality": 3,
            "ambiguous": 1,
            "not_found": 1,
            "invalid_value": 1,
            "missing_key": 1,
        },
    ),
    "produkty.csv": Sample(
        kind="product",
        rows=8,
        created=3,
        updated=2,
        unchanged=1,
        skipped=2,
        linked=5,
        existing=2,
        problems={
            "not_found": 1,
            "duplicate_in_file": 1,
            "invalid_value": 1,
            "missing_key": 1,
            "invalid": 1,
        },
    ),
    "pojazdy.ods": Sample(
        kind="vehicle_space",
        rows=7,
        created=4,
        updated=1,
        unchanged=1,
        skipped=1,
        linked=3,
        existing=2,
        problems={"ambiguous": 1, "missing_key": 1, "not_found": 1},
    ),
}


def report_counts(report: Any) -> dict[str, int]:
    """The figures of an ``ImportReport`` in the shape of :meth:`Sample.counts`."""
    problems = Counter(p.kind for p in report.problems)
    return Sample(
        kind=report.kind,
        rows=report.rows_total,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        skipped=report.skipped,
        linked=report.links_created,
        existing=report.links_existing,
        problems=dict(problems),
    ).counts()


def json_counts(doc: dict[str, Any]) -> dict[str, int]:
    """The figures of ``relimport import --json`` output in the shape of :meth:`Sample.counts`."""
    problems = Counter(p["kind"] for p in doc["problems"])
    return Sample(
        kind=doc["type"],
        rows=doc["rows"]["total"],
        created=doc["records"]["created"],
        updated=doc["records"]["updated"],
        unchanged=doc["records"]["unchanged"],
        skipped=doc["records"]["skipped"],
        linked=doc["links"]["created"],
        existing=doc["links"]["existing"],
        problems=dict(problems),
    ).counts()
