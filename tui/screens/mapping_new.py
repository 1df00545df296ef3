"""A new relationship type for a column of the mapping step, created in place.

The form opens prefilled: the column's header as the name, the imported type as
the source and, as the target, the type the column's values most likely name
(core's :func:`relimport.core.ops.advice.likely_target`: by the records they
match, else by their shape). Once it is saved the column maps to it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual import work

from relimport.core.domain.objects import kind_types
from relimport.core.mapping import columns as mp
from relimport.core.ops.advice import likely_target
from relimport.tui.dialogs.relationship import RelationshipForm, store_saver
from relimport.tui.fmt import clip
from relimport.tui.widgets.mapping_table import samples

if TYPE_CHECKING:
    from relimport.core.mapping.columns import Mapping
    from relimport.tui.state import WizardState


class NewRelationship:
    """N on a column (or "new relationship type…" in its Target list)."""

    # Provided by the mapping screen: state, app, store, mapping, _current(),
    # _show_column(), _fill_options(), _retarget() and notify().
    state: WizardState
    app: Any
    store: Any
    mapping: Mapping
    #: Set while the form is open: coming back, the mapping screen does not announce the
    #: column the new type maps (this action does).
    quiet_next_resume: bool = False

    @work(exclusive=True, exit_on_error=False, group="new-rel")
    async def action_new_relationship(self) -> None:
        col = self._current()
        if col is None:
            return
        subject = kind_types(self.mapping.kind)[0].key
        values = self._values(col.header)
        data = self.store.data
        target = await asyncio.to_thread(likely_target, data, values) or (
            "company" if subject != "company" else "person"
        )
        prefill = {"name": " ".join(col.header.split()), "source": subject, "target": target}
        # A few values, cut short: the form must fit a small terminal (60x20).
        seen = clip(samples(self.state.preview, col.header), 48) or "no values"
        form = RelationshipForm(
            data,
            store_saver(self.store),
            prefill=prefill,
            note=f"For the column {col.header!r} ({seen}); once saved, the column maps to it.",
        )
        # The form's own note says the column maps to the new type: no second one on return.
        self.quiet_next_resume = True
        saved = await self.app.push_screen_wait(form)
        if saved is None:
            self._show_column()
            return
        self._fill_options()
        view = next(
            (
                v
                for v in mp.kind_rel_views(self.mapping.kind, self.store.data.relationship_types)
                if v.rel.id == saved.id
            ),
            None,
        )
        if view is None:
            self.notify(
                f"{saved.name!r} does not start or end at {subject}: the column stays as it was",
                severity="warning",
            )
            self._show_column()
            return
        self._retarget(col, f"rel:{view.header}", separator=self.state.separator)
        self.notify(f"relationship type {saved.name!r} added; the column {col.header!r} maps to it")

    def _values(self, header: str) -> list[str]:
        """The preview's values of a column, split on the separator (what a relationship would look up)."""
        preview = self.state.preview
        if preview is None or header not in preview.frame.columns:
            return []
        sep = self.state.separator
        out: list[str] = []
        for cell in preview.frame.get_column(header).drop_nulls().to_list():
            out += [p for p in (cell.split(sep) if sep else [cell]) if p.strip()]
        return out
