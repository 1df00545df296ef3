"""What the user decided for a value that did not resolve on its own (queue, recipes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from relimport.core.domain.errors import UsageError

#: What a decision does with its value.
ACTIONS = ("link", "create")


@dataclass(frozen=True)
class Decision:
    """What the user decided for one value of one relationship column."""

    column: str
    value: str
    action: str = "link"
    id: int | None = None
    #: Keep it as an alias for later imports (else it applies to this import only).
    remember: bool = False

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise UsageError(f"decision for {self.value!r}: action must be link or create")
        if self.action == "link" and self.id is None:
            raise UsageError(f"decision for {self.value!r}: a link needs a record id")

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"column": self.column, "value": self.value}
        if self.action == "create":
            d["create"] = True
        else:
            d["id"] = self.id
        if self.remember:
            d["remember"] = True
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Decision:
        create = bool(d.get("create", False))
        return cls(
            column=str(d["column"]),
            value=str(d["value"]),
            action="create" if create else "link",
            id=None if create else int(d["id"]),
            remember=bool(d.get("remember", False)),
        )
