"""The app as a new admin meets it on a small terminal (60×20), without colour, and when
there is nothing left to do: every step in view, every problem kind and message whole,
text readable under NO_COLOR, a key that does nothing says why."""

from __future__ import annotations

import textwrap

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.widgets import Checkbox

from relimport.core.resolve.problems import Problem
from relimport.tui.legible import LegibleMonochrome, legible_style
from relimport.tui.screens.check import CheckScreen
from relimport.tui.screens.history import BatchScreen, HistoryScreen, batch_option
from relimport.tui.screens.results import ResultsScreen
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.widgets.problems import (
    COLUMNS,
    NARROW_COLUMNS,
    ProblemDetail,
    ProblemTable,
    problem_detail,
)
from relimport.tui.words import problem_label
from tests.tui.helpers import SIZE, BrowseApp, Workspace, settle, to_check, to_results, until

SMALL = (60, 20)


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def drawn(widget) -> str:
    """What a widget shows on screen, line by line (its visible region only)."""
    return "\n".join(
        "".join(seg.text for seg in line).rstrip() for line in widget.render_lines(widget.region.reset_offset)
    )


def fits_whole(detail: ProblemDetail, p: Problem) -> bool:
    """Whether the pane has the lines its head (kind, row, column, value) and the
    problem's message need."""
    width = detail.content_region.width
    head = problem_detail(p).plain.split("\n")[0]
    need = len(textwrap.wrap(head, width)) + len(textwrap.wrap(p.message, width))
    return need <= detail.content_region.height


async def test_a_small_terminal_shows_each_kind_whole_and_the_message_in_the_pane(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SMALL) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        screen = app.screen
        assert isinstance(screen, CheckScreen)
        table = screen.query_one("#check-problems", ProblemTable)
        # A 22-cell cut of the message told nothing: the pane has it, the kind is whole.
        assert [c.key for c in table.cols] == [c.key for c in NARROW_COLUMNS]
        kinds = [problem_label(p.kind) for p in table.shown]
        assert table.columns["kind"].width >= max(map(len, kinds))
        assert table.region.height >= 5  # the head and at least four problems
        detail = screen.query_one("#check-detail", ProblemDetail)
        for row, p in enumerate(table.shown):
            table.move_cursor(row=row)
            await pilot.pause()
            assert fits_whole(detail, p), p.message
        # Everything in view: the screen does not scroll, every step is named.
        assert screen.max_scroll_y == 0
        assert "6 Results" in drawn(screen.query_one(".step-bar"))

        # Wider again: the message is back in the table, the cursor on the same problem.
        table.move_cursor(row=2)
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert [c.key for c in table.cols] == [c.key for c in COLUMNS]
        assert table.cursor_row == 2


async def test_all_or_nothing_on_a_small_terminal_keeps_problems_in_view(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SMALL) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        screen = app.screen
        screen.query_one("#check-aon", Checkbox).value = True
        await settle(pilot)
        assert app.state.report is not None and app.state.report.refused
        status = screen.query_one("#check-status")
        # Why Import is off, and the ways out, in two lines beside the button.
        assert status.region.height <= 2
        said = " ".join(drawn(status).split())
        assert said.startswith("Import is off: all-or-nothing, 2 rows with problems")
        assert "turn it off" in said
        summary = drawn(screen.query_one("#check-summary"))
        assert "Nothing would be written (all-or-nothing) · szanse.csv" in summary
        assert "Without all-or-nothing: 4 created, 0 updated, 4 links" in summary
        table = screen.query_one("#check-problems", ProblemTable)
        assert table.region.height >= 4 and screen.max_scroll_y == 0


async def test_undo_of_an_undone_import_says_so(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_results(pilot, "4", "szanse.csv")
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await until(pilot, lambda: screen.undone is not None)
        batch = app.state.report.batch
        await pilot.press("u")
        await pilot.pause()
        assert f"import {batch} was already undone: nothing to undo" in notes(app)


async def test_history_says_a_batch_was_already_undone(store_path) -> None:
    from relimport.tui.dialogs import ConfirmDialog, TextDialog

    app = BrowseApp(store_path, HistoryScreen)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        history = app.screen
        await pilot.press("u")  # the newest batch, B3
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, TextDialog))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is history)
        assert history.check_action("undo", ()) is False  # not offered…
        await pilot.press("u")
        await pilot.pause()
        said = [n for n in notes(app) if "already undone" in n]
        assert len(said) == 1 and said[0].startswith("B3 was already undone (")  # …and says why
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BatchScreen))
        await pilot.press("u")
        await pilot.pause()
        assert len([n for n in notes(app) if n.startswith("B3 was already undone (")]) == 2
        # The batch's problems have the pane the check step has: the message whole.
        detail = app.screen.query_one("#batch-detail", ProblemDetail)
        assert "no company with name 'Brak'" in drawn(detail)


def test_a_batch_keeps_its_counts_whole_on_a_narrow_list() -> None:
    item = {
        "batch": "B12",
        "time": "2026-01-02T10:00:00+01:00",
        "status": "applied",
        "file": "kontakty.csv",
        "type": "person_company",
        "mode": "upsert",
        "counts": {"records": {"created": 100, "updated": 3}, "links": {"created": 1234}},
        "problems": 12,
    }
    counts = "100 created, 3 updated, 1,234 links, 12 problems"
    wide = str(batch_option(item, 100).prompt).splitlines()
    assert len(wide) == 2 and wide[1].endswith(counts)
    narrow = str(batch_option(item, 56).prompt).splitlines()
    assert len(narrow) == 3 and narrow[2].strip() == counts and all(len(x) <= 56 for x in narrow)


async def test_keys_that_read_alike_keep_a_second_word(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=(92, 24)) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        line = drawn(bar)
        assert "c Create " in line and "C Create all " in line and "Create all missing" not in line


def test_no_colour_keeps_every_text_readable() -> None:
    dark = Color(18, 18, 18)
    # Red text turns a grey near the dark background's: it is lifted.
    red = legible_style(Style(color=RichColor.from_rgb(205, 0, 0)), dark)
    assert red.color is not None
    assert abs(Color.from_rich_color(red.color).brightness - dark.brightness) >= 0.4
    # Text already far from its background keeps its grey.
    light = Style(color=RichColor.from_rgb(220, 220, 220))
    assert legible_style(light, dark).color == Color(220, 220, 220).rich_color
    # Borders and bars keep their shades: only segments with something to read change.
    near = Style(color=RichColor.from_rgb(40, 40, 40))
    border, words = LegibleMonochrome().apply([Segment("▊▔▔", near), Segment("✗ no key", near)], dark)
    assert border.style is not None and border.style.color == Color(40, 40, 40).rich_color
    assert words.style is not None and words.style.color != border.style.color


async def test_no_colour_uses_the_legible_filter(ws: Workspace, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ws.app()
    assert app.no_color and any(isinstance(f, LegibleMonochrome) for f in app._filters)
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        assert "Problems" in app.export_screenshot()


async def test_a_new_relationship_type_form_fits_a_small_terminal(ws: Workspace) -> None:
    from relimport.tui.dialogs.relationship import RelationshipForm
    from tests.tui.helpers import to_mapping
    from tests.writers import write_file

    long_notes = "Klient prosi o rabat przy zamówieniu powyżej 10 t, odpowiedzieć do piątku " * 3
    write_file(ws.dir / "notatki.csv", f"Nazwa;Uwagi\nAudyt;{long_notes}\nSerwis;{long_notes}x\n")
    app = ws.app()
    async with app.run_test(size=SMALL) as pilot:
        await to_mapping(pilot, "4", "notatki.csv")
        app.screen.query_one("#map-table").move_cursor(row=1)
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RelationshipForm))
        await pilot.pause()
        form = app.screen.query_one("#relform")
        # The whole form in view: its last line (the note) and its bottom edge.
        assert form.region.bottom <= SMALL[1] - 1 and form.max_scroll_y == 0
        why = app.screen.query_one("#relform-why")
        assert "For the column 'Uwagi'" in drawn(why) and why.region.height <= 3


async def test_a_long_message_gets_the_lines_it_needs(ws: Workspace) -> None:
    from tests.writers import write_file

    stage = "Negocjacje z zarządem klienta"
    name = "Audyt energetyczny hali produkcyjnej"  # the pane's head wraps on 60 columns
    write_file(
        ws.dir / "duble.csv",
        f"Nazwa;Wartość;Etap;Waluta\n{name};1000;Oferta;PLN\n{name};2000;{stage};EUR\n",
    )
    for size in (SIZE, SMALL):
        app = ws.app()
        async with app.run_test(size=size) as pilot:
            await to_check(pilot, "4", "duble.csv")
            table = app.screen.query_one("#check-problems", ProblemTable)
            [dup] = [p for p in table.shown if p.kind == "duplicate_in_file"]
            assert len(textwrap.wrap(dup.message, size[0] - 2)) >= 4  # more than four lines' worth
            table.move_cursor(row=table.shown.index(dup))
            await pilot.pause()
            await pilot.pause()
            assert fits_whole(app.screen.query_one("#check-detail", ProblemDetail), dup), size
            assert app.screen.max_scroll_y == 0


async def test_the_mapping_title_names_the_kind_on_a_small_terminal(ws: Workspace) -> None:
    from tests.tui.helpers import to_mapping

    app = ws.app()
    async with app.run_test(size=SMALL) as pilot:
        await to_mapping(pilot, "4", "szanse.csv")
        title = " ".join(drawn(app.screen.query_one("#map-title")).split())
        assert title.endswith("szanse.csv → Szansa sprzedaży / Deal")


async def test_help_fits_a_small_terminal(ws: Workspace) -> None:
    from relimport.tui.dialogs.help import HelpScreen

    app = ws.app()
    async with app.run_test(size=SMALL) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        # The whole box in view, "Esc closes" and its bottom edge too; the text scrolls.
        assert box.region.y >= 0 and box.region.bottom <= SMALL[1]
        assert "Esc closes" in drawn(app.screen.query_one("#help-close"))
        assert app.screen.query_one("#help-close").region.bottom <= SMALL[1] - 1


async def test_the_selected_problem_stays_in_view_when_the_pane_grows(ws: Workspace) -> None:
    from tests.writers import write_file

    note = "Negocjacje z zarządem klienta"
    # Short messages first (not an amount), then one that needs more lines than four.
    rows = "".join(f"Szansa {i};abc;Oferta;PLN\n" for i in range(1, 9))
    rows += f"Audyt;1000;Oferta;PLN\nAudyt;2000;{note};EUR\n"
    write_file(ws.dir / "duble.csv", "Nazwa;Wartość;Etap;Waluta\n" + rows)
    app = ws.app()
    async with app.run_test(size=SMALL) as pilot:
        await to_check(pilot, "4", "duble.csv")
        table = app.screen.query_one("#check-problems", ProblemTable)
        table.focus()
        for _ in range(len(table.shown) - 1):
            await pilot.press("down")
        await settle(pilot)
        await pilot.pause()
        # The last problem selected, its long message whole below, its row still in view.
        visible = range(int(table.scroll_y), int(table.scroll_y) + table.scrollable_content_region.height)
        assert table.cursor_row == len(table.shown) - 1 and table.cursor_row in visible
