"""Add or edit a relationship type: a form validated live by core.

The form only collects values and shows what :func:`relimport.core.ops.relations.validate_relationship`
says about them; saving is a callback from the screen (a store transaction run
in a thread), whose one-line error, if any, also appears inline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static

from relimport.core.ops.relations import validate_relationship
from relimport.core.store.model import RelationshipType, StoreData
from relimport.tui.errors import one_line
from relimport.tui.fmt import TYPE_OPTIONS, shown
from relimport.tui.widgets.inputs import SafeInput
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.widgets.toggles import MarkedCheckbox


def store_saver(store: Any, rel_id: int | None = None) -> Callable[[dict[str, Any]], RelationshipType]:
    """A form's save for ``store``: add (``rel_id`` None) or edit a relationship type in one
    store transaction (lock, read the latest, change, write), run in a thread."""
    from relimport.core.ops import relations as rel_core
    from relimport.tui.watch import store_work

    def save(v: dict[str, Any]) -> RelationshipType:
        with store_work(), store.transaction() as data:
            if rel_id is None:
                return rel_core.add_relationship(
                    data,
                    v["name"],
                    v["source"],
                    v["target"],
                    inverse_name=v["inverse_name"],
                    one=v["one"],
                    symmetric=v["symmetric"],
                )
            return rel_core.edit_relationship(
                data,
                rel_id,
                name=v["name"],
                source=v["source"],
                target=v["target"],
                inverse_name=v["inverse_name"],
                cardinality="one" if v["one"] else "many",
                symmetric=v["symmetric"],
            )

    return save


def clean_name(text: str) -> str | None:
    """Trim and collapse inner whitespace, as core does when adding (empty → ``None``)."""
    out = " ".join(text.split())
    return out or None


class RelationshipForm(ModalScreen[RelationshipType | None]):
    """Add (``rel is None``) or edit a relationship type.

    ``save(values)`` receives ``name, source, target, inverse_name, one, symmetric``
    and returns the saved type or raises a :class:`relimport.core.domain.errors.RelimportError`.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        data: StoreData,
        save: Callable[[dict[str, Any]], RelationshipType],
        rel: RelationshipType | None = None,
        links: int = 0,
        *,
        prefill: dict[str, str] | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self._data = data
        self._save = save
        self._rel = rel
        self._links = links
        self._touched = rel is not None or bool(prefill)
        #: A new type's starting values (``name``, ``source``, ``target``).
        self._prefill = prefill or {}
        #: Why the form was opened (shown under its title).
        self._why = note

    def compose(self) -> ComposeResult:
        rel = self._rel
        pre = self._prefill
        title = f"Edit relationship type {shown(repr(rel.name))}" if rel else "New relationship type"
        src, tgt = (
            (rel.source, rel.target) if rel else (pre.get("source", "company"), pre.get("target", "company"))
        )
        fixed_types = bool(rel and (rel.builtin or self._links))
        with Vertical(id="relform"):
            yield Label(title, id="relform-title", markup=False)
            if self._why:
                yield Static(shown(self._why), id="relform-why", markup=False)
            with Horizontal(classes="relform-row"):
                yield Label("Name")
                yield SafeInput(
                    shown(rel.name) if rel else shown(pre.get("name", "")),
                    id="rel-name",
                    compact=True,
                    placeholder="header when importing the 'from' type",
                )
            with Horizontal(classes="relform-row"):
                yield Label("From")
                yield Select(
                    TYPE_OPTIONS,
                    value=src,
                    id="rel-source",
                    allow_blank=False,
                    compact=True,
                    disabled=fixed_types,
                )
            with Horizontal(classes="relform-row"):
                yield Label("To")
                yield Select(
                    TYPE_OPTIONS,
                    value=tgt,
                    id="rel-target",
                    allow_blank=False,
                    compact=True,
                    disabled=fixed_types,
                )
            with Horizontal(classes="relform-row"):
                yield Label("Inverse name")
                yield SafeInput(
                    shown(rel.inverse_name or "") if rel else "",
                    id="rel-inverse",
                    compact=True,
                    placeholder="header when importing the 'to' type (optional)",
                )
            with Horizontal(id="relform-flags"):
                yield MarkedCheckbox(
                    "One target per source",
                    rel is not None and rel.cardinality == "one",
                    id="rel-one",
                    compact=True,
                    disabled=bool(rel and rel.builtin),
                )
                yield MarkedCheckbox(
                    "Symmetric (A–B = B–A)",
                    bool(rel and rel.symmetric),
                    id="rel-symmetric",
                    compact=True,
                    disabled=bool(rel and rel.builtin),
                )
            yield Static(self._note(fixed_types), id="relform-note", markup=False)
            yield Static("", id="relform-errors", markup=False)
        yield KeyBar()

    def _note(self, fixed_types: bool) -> str:
        rel = self._rel
        if rel and rel.builtin:
            return f"{shown(repr(rel.name))} is built in: only its names can change."
        if fixed_types:
            return f"It has {self._links} links, so its object types cannot change."
        return "Names are unique per object type. Enter or Ctrl+S saves."

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.query_one("#rel-name", Input).focus()
        if self._prefill:
            self.show_errors(self.problems())

    def values(self) -> dict[str, Any]:
        """What the form holds now, names cleaned."""
        return {
            "name": clean_name(self.query_one("#rel-name", Input).value) or "",
            "source": self.query_one("#rel-source", Select).value,
            "target": self.query_one("#rel-target", Select).value,
            "inverse_name": clean_name(self.query_one("#rel-inverse", Input).value),
            "one": self.query_one("#rel-one", Checkbox).value,
            "symmetric": self.query_one("#rel-symmetric", Checkbox).value,
        }

    def candidate(self) -> RelationshipType:
        v = self.values()
        base = self._rel or RelationshipType(id=self._data.next_rel, name="", source="", target="")
        return replace(
            base,
            name=v["name"],
            source=str(v["source"]),
            target=str(v["target"]),
            inverse_name=v["inverse_name"],
            cardinality="one" if v["one"] else "many",
            symmetric=bool(v["symmetric"]),
        )

    def problems(self) -> list[str]:
        return validate_relationship(self._data, self.candidate())

    def show_errors(self, errors: list[str]) -> None:
        unique = dict.fromkeys(errors)  # a name and an inverse name may clash alike
        self.query_one("#relform-errors", Static).update("\n".join(f"✗ {shown(e)}" for e in unique))

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Any) -> None:
        if isinstance(event, Input.Changed) and event.input.id == "rel-name":
            self._touched = True
        if self._touched:
            self.show_errors(self.problems())

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self._touched = True
        errors = self.problems()
        self.show_errors(errors)
        if not errors:
            self._run_save(self.values())

    @work(exclusive=True, exit_on_error=False)
    async def _run_save(self, values: dict[str, Any]) -> None:
        box = self.query_one("#relform")
        box.loading = True
        try:
            saved = await asyncio.to_thread(self._save, values)
        except Exception as exc:  # core's one-line message, shown inline
            box.loading = False
            self.show_errors([one_line(exc, "saving a relationship type")])
            return
        box.loading = False
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)
