"""The first step: what to import (the six import kinds with record counts), and the way to browse."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from relimport.core.domain.objects import IMPORT_KINDS, KIND_LABELS, OBJECT_TYPES, kind_label
from relimport.tui.fmt import plural, shown
from relimport.tui.screens.base import StepBar, WizardScreen, display_path
from relimport.tui.widgets.keybar import KeyBar

BROWSE = (
    ("relations", "F2  Relationship types — list, add, edit, remove"),
    ("records", "F3  Records — search records and see their links"),
    ("history", "F4  Import history — past imports, undo"),
    ("aliases", "F5  Aliases — remembered values, open or remove"),
)


def flow(items: list[str], width: int, sep: str = " · ") -> str:
    """``items`` joined by ``sep``, a line broken between two items (never inside one) when
    the next would pass ``width``."""
    out, column = "", 0
    for i, item in enumerate(items):
        if i and column + len(sep) + len(item) > width:
            out, column = out + " ·\n", 0
        elif i:
            out, column = out + sep, column + len(sep)
        out, column = out + item, column + len(item)
    return out


class KindScreen(WizardScreen):
    """Choose the import kind; the app's first screen."""

    STEP = "kind"
    TITLE = "What do you want to import?"
    CSS_PATH = "kind.tcss"
    AUTO_FOCUS = "#kinds"
    HELP = """\
choose what the file holds. Persons and companies is one file
with both (each person is linked to its company with the relationship Firma).
The numbers are the records of each type already in the store.
Press 1-6 or move with the arrows and press Enter. Tab reaches the browsing
screens (relationship types, records, import history)."""
    BINDINGS = [
        *(Binding(str(i), f"pick({i - 1})", show=False) for i in range(1, len(IMPORT_KINDS) + 1)),
        Binding("f2", "app.relations", "Relationships"),
        Binding("f3", "app.records", "Records"),
        Binding("f4", "app.history", "History"),
    ]

    def compose(self) -> ComposeResult:
        yield StepBar(self.STEP)
        yield Static("", id="kind-store", markup=False)
        yield Static("What do you want to import?", classes="question")
        yield OptionList(id="kinds")
        yield Static("Browse the store", classes="question")
        yield OptionList(*(Option(text, id=key) for key, text in BROWSE), id="browse")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_counts()

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def on_resize(self) -> None:
        self.refresh_counts()

    def store_changed(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Rebuild the list with the store's current record counts."""
        if not self.is_mounted:
            return  # on_mount comes later and does it
        kinds = self.query_one("#kinds", OptionList)
        if not self.rapp.store_ready:
            self.query_one("#kind-store", Static).update(
                f"Store: {shown(display_path(self.rapp.store_path))} · reading…"
            )
            if not kinds.option_count:
                kinds.set_options(
                    Option(_kind_prompt(i, kind, None, self.app.size.width), id=kind)
                    for i, kind in enumerate(IMPORT_KINDS, 1)
                )
                kinds.highlighted = 0
            return
        # Counts from the lazily loaded columns: ``relimport.core.ops.query.stats`` would build
        # every record table here, on the UI thread (~0.3 s for 700,000 records).
        data = self.store.data
        counts = {t: data.count_records(t) for t in OBJECT_TYPES}
        items = [
            f"Store: {shown(display_path(self.store.path))}",
            plural(len(data.relationship_types), "relationship type"),
            plural(data.count_links(), "link"),
            plural(len(data.batches), "import"),
        ]
        self.query_one("#kind-store", Static).update(flow(items, self.app.size.width - 2))
        highlighted = kinds.highlighted
        width = self.app.size.width
        kinds.set_options(
            Option(_kind_prompt(i, kind, counts, width), id=kind) for i, kind in enumerate(IMPORT_KINDS, 1)
        )
        current = self.state.kind
        if current in IMPORT_KINDS:
            kinds.highlighted = IMPORT_KINDS.index(current)
        else:
            kinds.highlighted = highlighted if highlighted is not None else 0

    @on(OptionList.OptionSelected, "#kinds")
    def _kind_selected(self, event: OptionList.OptionSelected) -> None:
        self._start(str(event.option.id))

    @on(OptionList.OptionSelected, "#browse")
    def _browse_selected(self, event: OptionList.OptionSelected) -> None:
        getattr(self.rapp, f"action_{event.option.id}")()

    def action_pick(self, index: int) -> None:
        self._start(IMPORT_KINDS[index])

    def _start(self, kind: str) -> None:
        # Keys pressed while the store is still being read take effect once it is.
        self.rapp.when_ready(lambda: self._chosen(kind))

    def _chosen(self, kind: str) -> None:
        self.state.choose_kind(kind)
        self.step_done()


def _kind_prompt(number: int, kind: str, counts: dict[str, int] | None, width: int = 80) -> Text:
    """``1 Osoby i firmy / Persons and companies      100 persons · 52 companies`` on one
    line of the list's width (the English name alone on narrow terminals)."""
    label = kind_label(kind)
    if width < 72:
        label = KIND_LABELS[kind][1] if kind in KIND_LABELS else label
    if counts is None:  # the store is still being read
        count = "…"
    elif kind == "person_company":
        count = f"{counts.get('person', 0):,} persons · {counts.get('company', 0):,} companies"
    else:
        n = counts.get(kind, 0)
        count = f"{n:,} record" + ("" if n == 1 else "s")
    room = max(width - 8, 20)  # the list's borders and padding
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(f"{number} ", style="bold")
    text.append(label)
    text.append(" " * max(2, room - 2 - len(label) - len(count)))
    text.append(count, style="dim")
    return text
