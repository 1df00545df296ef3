"""Relationship types: list them, add and edit them in a form, remove them with their links.

Every decision (validation, name clashes, what removal takes along, the
built-in ``Firma``) is core's; the screen shows core's answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.widgets import DataTable, Static

from relimport.core.ops import relations as rel_core
from relimport.core.store.model import RelationshipType
from relimport.tui.dialogs import ConfirmDialog
from relimport.tui.dialogs.relationship import RelationshipForm, store_saver
from relimport.tui.errors import one_line
from relimport.tui.fmt import inert, plural, shown, type_label
from relimport.tui.screens.listing import ListingScreen
from relimport.tui.watch import store_work
from relimport.tui.widgets.fit_table import Col

COLUMNS = (
    Col("name", "Name", min=8, max=24),
    Col("types", "From → To", min=12, max=36, flex=True),
    Col("inverse", "Inverse", min=6, max=22),
    Col("card", "Card.", cut=False),
    Col("links", "Links", cut=False, right=True),
)

BUILTIN_WHY = (
    "the persons-and-companies import links each person to its company with it; it can be renamed (e)"
)


def rel_words(rel: RelationshipType) -> str:
    """A relationship type in the words of its table: ``Klient: Deal → Company (inverse
    Szanse)`` (the object types by their names, never their keys)."""
    arrow = "↔" if rel.symmetric else "→"
    extra = [f"inverse {rel.inverse_name}"] if rel.inverse_name else []
    if rel.cardinality == "one":
        extra.append("one per source")
    more = f" ({', '.join(extra)})" if extra else ""
    return f"{rel.name}: {type_label(rel.source)} {arrow} {type_label(rel.target)}{more}"


def row_cells(rel: RelationshipType, links: int) -> tuple[Text, ...]:
    """One table row; meaning never depends on colour (works with NO_COLOR)."""
    arrow = "↔" if rel.symmetric else "→"
    name = rel.name + (" *" if rel.builtin else "")
    return (
        inert(name),
        Text(f"{type_label(rel.source)} {arrow} {type_label(rel.target)}"),
        inert(rel.inverse_name or ""),
        Text(rel.cardinality),
        Text(f"{links:,}"),
    )


class RelationsScreen(ListingScreen):
    """The list of relationship types, with add / edit / remove."""

    PREFIX = "rel"
    COLUMNS = COLUMNS

    CSS_PATH = "relations.tcss"
    AUTO_FOCUS = "#rel-table"
    TITLE = "Relationship types"
    HELP = """\
The relationship types ("powiązania") a file's columns can link by: a name,
the type it goes from and to, the name seen from the other side, whether a
record has one or many, and whether it is symmetric (partners). A column whose
header is a type's name maps to it by itself. a adds, e edits, d removes (after
saying how many links go with it); Firma, between a person and their company,
is built in."""
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d", "remove", "Remove"),
        Binding("delete", "remove", "Remove", show=False),
    ]

    # --- display ----------------------------------------------------------------

    def refresh_table(self, select_id: int | None = None) -> None:
        table = self.table
        keep = select_id if select_id is not None else self.selected_id()
        counts = rel_core.link_counts(self.data)
        table.fill([(row_cells(r, counts.get(r.id, 0)), r.id) for r in self.data.relationship_types])
        n = len(self.data.relationship_types)
        self.query_one("#rel-intro", Static).update(
            f"{plural(n, 'relationship type')}. The name is the column header when importing the "
            "'from' type, the inverse name when importing the 'to' type. * built in; Card. one or "
            "many targets per source; ↔ symmetric (A–B = B–A)."
        )
        if keep is not None:
            ids = [r.id for r in self.data.relationship_types]
            if keep in ids:
                table.move_cursor(row=ids.index(keep))
        self._show_detail()

    def selected(self) -> RelationshipType | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        try:
            return self.data.rel(int(key or 0))
        except KeyError:
            return None

    def selected_id(self) -> int | None:
        r = self.selected()
        return r.id if r else None

    @on(DataTable.RowHighlighted, "#rel-table")
    def _show_detail(self) -> None:
        r = self.selected()
        text = ""
        if r:
            links = rel_core.link_counts(self.data).get(r.id, 0)
            card = "at most one target per source" if r.cardinality == "one" else "many targets"
            text = f"{shown(rel_words(r))}\n{card}; {plural(links, 'link')}"
            if r.builtin:
                text += f"\nBuilt in, cannot be removed: {BUILTIN_WHY}."
        self.query_one("#rel-detail", Static).update(text)

    # --- actions ----------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        self.app.push_screen(RelationshipForm(self.data, self._saver(None)), self._after_form)

    @on(DataTable.RowSelected, "#rel-table")
    def action_edit(self) -> None:
        r = self.selected()
        if r is None:
            return
        links = rel_core.link_counts(self.data).get(r.id, 0)
        self.app.push_screen(RelationshipForm(self.data, self._saver(r.id), r, links), self._after_form)

    def _saver(self, rel_id: int | None) -> Callable[[dict[str, Any]], RelationshipType]:
        return store_saver(self.app.store, rel_id)  # type: ignore[attr-defined]

    def _after_form(self, saved: RelationshipType | None) -> None:
        if saved is None:
            return
        self.refresh_table(select_id=saved.id)
        self.notify(f"saved {shown(rel_words(saved))}", title="Relationship types", markup=False)

    def action_remove(self) -> None:
        r = self.selected()
        if r is None:
            return
        if r.builtin:
            self.notify(
                f"{r.name!r} is built in and cannot be removed: {BUILTIN_WHY}.",
                title="Cannot remove",
                severity="warning",
                timeout=8,
            )
            return
        self._confirm_remove(r)

    @work(exclusive=True, exit_on_error=False, group="rel-write")
    async def _confirm_remove(self, r: RelationshipType) -> None:
        links = rel_core.link_counts(self.data).get(r.id, 0)
        goes = (
            f"Its {links} link{'' if links == 1 else 's'} will be removed with it."
            if links
            else "It has no links."
        )
        msg = f"{shown(rel_words(r))}\n\n{goes}\nImports will no longer recognise the column {r.name!r}" + (
            f" or {r.inverse_name!r}." if r.inverse_name else "."
        )
        if not await self.app.push_screen_wait(ConfirmDialog(f"Remove {r.name!r}?", msg)):
            return
        store = self.app.store  # type: ignore[attr-defined]

        def remove() -> int:
            with store_work(), store.transaction() as data:
                return rel_core.remove_relationship(data, r.id, force=True)

        table = self.table
        table.loading = True
        try:
            n = await asyncio.to_thread(remove)
        except Exception as exc:
            self.notify(
                one_line(exc, "removing a relationship type"),
                title="Not removed",
                severity="error",
                timeout=8,
            )
            return
        finally:
            table.loading = False
        self.refresh_table()
        self.notify(f"removed {r.name!r} and {plural(n, 'link')}", title="Relationship types")
