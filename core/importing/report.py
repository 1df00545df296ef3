"""The outcome of an import: counts and problems, in the CLI's JSON shape (``--json``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from relimport.core.resolve.problems import PROBLEM_KINDS, Problem


@dataclass
class ImportReport:
    """Everything a dry run or an applied import tells the user."""

    file: str
    kind: str
    mode: str
    dry_run: bool
    batch: str | None = None
    rows_total: int = 0
    rows_imported: int = 0
    rows_with_problems: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    links_created: int = 0
    links_existing: int = 0
    links_replaced: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    #: True when all-or-nothing refused to write because of problems.
    refused: bool = False
    #: Match key used by each relationship column (header → key).
    match_keys: dict[str, str] = field(default_factory=dict)
    #: Values settled by a decision, an alias or a created record (column, value,
    #: type, id, label, via, rows); in the JSON under "resolved" only when any.
    resolved: list[dict[str, Any]] = field(default_factory=list)
    #: What the import left out (ignored columns and sheets, recipe columns the file
    #: lacks), one line each; in the JSON under "warnings" only when any.
    warnings: list[str] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """One line per settled value, for the text output and the TUI."""
        from relimport.core.resolve.resolutions import resolved_note

        return [resolved_note(r) for r in self.resolved]

    @property
    def applied(self) -> bool:
        return self.batch is not None

    def problem_counts(self) -> dict[str, int]:
        counts = {k: 0 for k in PROBLEM_KINDS}
        for p in self.problems:
            counts[p.kind] = counts.get(p.kind, 0) + 1
        return {k: v for k, v in counts.items() if v}

    def outcome_counts(self) -> dict[str, int]:
        """Every outcome with its count (records, links, problems), for charts."""
        out = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "linked": self.links_created,
            "existing": self.links_existing,
            "replaced": self.links_replaced,
        }
        out.update(self.problem_counts())
        return out

    @property
    def exit_code(self) -> int:
        """The CLI's exit status: 0 without problems, 3 when some rows had problems, 1 when
        all-or-nothing refused them (nothing written)."""
        if self.refused:
            return 1
        return 3 if self.problems else 0

    def to_json(self) -> dict[str, Any]:
        extra: dict[str, Any] = {"resolved": list(self.resolved)} if self.resolved else {}
        if self.warnings:
            extra["warnings"] = list(self.warnings)
        return {
            "batch": self.batch,
            "dry_run": self.dry_run,
            "file": self.file,
            "type": self.kind,
            "mode": self.mode,
            "rows": {
                "total": self.rows_total,
                "imported": self.rows_imported,
                "with_problems": self.rows_with_problems,
            },
            "records": {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "skipped": self.skipped,
            },
            "links": {
                "created": self.links_created,
                "existing": self.links_existing,
                "replaced": self.links_replaced,
            },
            "problems": [p.to_json() for p in self.problems],
            "ignored_columns": list(self.ignored_columns),
        } | extra

    def counts_json(self) -> dict[str, Any]:
        d = self.to_json()
        return {k: d[k] for k in ("rows", "records", "links")} | {"problems": self.problem_counts()}
