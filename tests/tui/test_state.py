"""The wizard's state drops what depends on a choice when that choice changes.

Object type → file and reading options → mapping → options and decisions →
report: each change is made through a ``WizardState`` method that forgets what
was derived from the old choice (and keeps what was not).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from relimport.core.domain.options import FileOptions, ImportOptions
from relimport.core.mapping.columns import ColumnMap, Mapping
from relimport.core.mapping.decisions import Decision
from relimport.core.resolve.resolutions import QueueItem
from relimport.tui.screens.check import CheckScreen
from relimport.tui.screens.file import FileScreen
from relimport.tui.screens.kind import KindScreen
from relimport.tui.screens.queue import QueueScreen
from relimport.tui.state import WizardState
from tests.tui.helpers import SIZE, Workspace, settle, to_check

KLIENT = ColumnMap("Klient", target="rel", rel_id=1, direction="out", subject="deal")
DECYDENT = ColumnMap("Decydent", target="rel", rel_id=2, direction="out", subject="deal")
NAZWA = ColumnMap("Nazwa", target="field", field="name", subject="deal")
PREVIEW: Any = object()  # stands for the file's first rows; the state only keeps it


def item(column: str, value: str) -> QueueItem:
    return QueueItem(column, value, "not_found", 1, "company", ())


def prepared() -> WizardState:
    """A deal import checked once, with a decision for a value of each relationship column."""
    st = WizardState()
    st.choose_kind("deal")
    st.choose_file(Path("szanse.csv"), FileOptions(), PREVIEW)
    st.set_mapping(Mapping("deal", (NAZWA, KLIENT, DECYDENT)))
    st.suggestions = {"Etapp": "field:stage"}
    st.set_decisions(
        {
            ("Klient", "Brak"): Decision("Klient", "Brak", action="create"),
            ("Decydent", "ola@x.pl"): Decision("Decydent", "ola@x.pl", id=7),
        }
    )
    st.queue_items([item("Klient", "Brak"), item("Decydent", "ola@x.pl")])
    st.report = object()  # type: ignore[assignment]
    return st


def test_another_object_type_drops_mapping_report_and_decisions_but_keeps_the_file() -> None:
    st = prepared()
    st.choose_kind("deal")  # the same type: nothing goes
    assert st.mapping is not None and st.report is not None and len(st.decisions) == 2
    st.choose_kind("company")
    assert st.kind == "company"
    assert st.mapping is None and st.suggestions == {} and st.report is None
    assert st.decisions == {} and st.queue_seen == {}
    assert st.path == Path("szanse.csv") and st.preview is PREVIEW


def test_another_file_or_reading_options_drop_everything_read_from_it() -> None:
    st = prepared()
    st.choose_file(Path("szanse.csv"), FileOptions(), PREVIEW)  # the same: nothing goes
    assert len(st.decisions) == 2 and st.mapping is not None
    st.choose_file(Path("szanse.csv"), FileOptions(encoding="cp1250"), PREVIEW)
    assert st.file_options.encoding == "cp1250" and st.preview is PREVIEW
    assert st.mapping is None and st.report is None and st.decisions == {} and st.queue_seen == {}
    assert st.kind == "deal"

    st = prepared()
    st.remember_table(object(), None)  # type: ignore[arg-type]
    st.choose_file(Path("inne.csv"), FileOptions(), PREVIEW)
    assert st.path == Path("inne.csv") and st.table is None
    assert st.mapping is None and st.decisions == {}


def test_a_remapped_column_drops_its_own_decisions_only() -> None:
    st = prepared()
    # Another separator: the values still name the same records; decisions stay.
    st.set_mapping(st.mapping.with_column(replace(KLIENT, separator="|")))
    assert st.report is None and len(st.decisions) == 2
    # Klient now links by another relationship: its decision named a record of the old target.
    st.set_mapping(st.mapping.with_column(replace(KLIENT, rel_id=3)))
    assert set(st.decisions) == {("Decydent", "ola@x.pl")}
    assert set(st.queue_seen) == {("Decydent", "ola@x.pl")}
    # Decydent skipped: nothing left to decide for it.
    st.set_mapping(st.mapping.with_column(ColumnMap("Decydent")))
    assert st.decisions == {} and st.queue_seen == {}


def test_options_and_decisions_drop_the_report_when_they_change() -> None:
    st = prepared()
    assert st.set_options(ImportOptions()) is False and st.report is not None
    assert st.set_options(ImportOptions(mode="update")) is True and st.report is None
    st.report = object()  # type: ignore[assignment]
    assert st.set_decisions(dict(st.decisions)) is False and st.report is not None
    assert st.set_decisions({}) is True and st.report is None
    # The queue still lists a settled value while a decision names it.
    st = prepared()
    assert [(i.column, i.value) for i in st.queue_items([])] == [("Klient", "Brak"), ("Decydent", "ola@x.pl")]


async def test_choosing_another_type_drops_the_queue_decisions_in_the_app(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        unresolved = {p.value for p in app.state.report.problems if p.kind in ("ambiguous", "not_found")}
        assert unresolved == {"Brak Takiej", "Polmet"}
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("c", "down", "1", "escape")  # create Brak Takiej, Polmet = first candidate
        await settle(pilot)
        assert isinstance(app.screen, CheckScreen) and len(app.state.decisions) == 2

        # Back to the first step and the same type again: the decisions stay.
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, KindScreen)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, FileScreen) and len(app.state.decisions) == 2
        await pilot.press("escape")
        await settle(pilot)

        # Another type: its columns are other columns, the decisions go (the file stays).
        await pilot.press("3")
        await settle(pilot)
        assert app.state.kind == "company"
        assert app.state.decisions == {} and app.state.queue_seen == {} and app.state.mapping is None
        assert app.state.path == ws.dir / "szanse.csv"
        await pilot.press("escape")
        await settle(pilot)

        # Deals again: the values are unresolved again, nothing decided for them carried over.
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CheckScreen)
        again = {p.value for p in app.state.report.problems if p.kind in ("ambiguous", "not_found")}
        assert again == unresolved and not app.state.report.resolved


def test_the_recipe_carries_the_decisions_and_loading_one_replays_them(tmp_path: Path) -> None:
    from relimport.core.files.reader import preview_table
    from relimport.core.ops.relations import add_relationship
    from relimport.core.store.model import StoreData

    st = prepared()
    st.preview = None
    assert set(st.recipe().decisions) == set(st.decisions.values())

    data = StoreData.empty()
    add_relationship(data, "Klient", "deal", "company")
    f = tmp_path / "szanse.csv"
    f.write_text("Nazwa;Klient\nA;Brak\n", encoding="utf-8")
    fresh = WizardState()
    fresh.choose_kind("deal")
    fresh.choose_file(f, FileOptions(), preview_table(f, FileOptions(), n_rows=5))
    fresh.auto_map(data)
    mine = Decision("Klient", "Inna", id=3)
    fresh.set_decisions({("Klient", "Inna"): mine})
    recipe = replace(st.recipe(), columns=(), decisions=(Decision("Klient", "Brak", id=9),))
    fresh.apply_recipe(data, recipe)
    assert fresh.decisions == {("Klient", "Inna"): mine, ("Klient", "Brak"): Decision("Klient", "Brak", id=9)}
