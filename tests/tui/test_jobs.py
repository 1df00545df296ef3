"""The small pieces behind the screens: progress relay, cancel flag, charts, one-line errors."""

from __future__ import annotations

import threading

from relimport.core.domain.errors import FileError
from relimport.core.importing.report import ImportReport
from relimport.tui.errors import one_line
from relimport.tui.jobs import CancelFlag, JobProgressed, ProgressRelay
from relimport.tui.widgets.report_view import counts_line, headline, problems_line


class Collector:
    def __init__(self) -> None:
        self.messages: list[JobProgressed] = []

    def post_message(self, message: JobProgressed) -> bool:
        self.messages.append(message)
        return True


def test_progress_relay_coalesces_a_flood_from_threads() -> None:
    target = Collector()
    relay = ProgressRelay(target, interval=10.0)  # type: ignore[arg-type]

    def work() -> None:
        for i in range(10_000):
            relay("resolving records", i, 1_000_000)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    relay("writing", 0, 1)
    relay("done", 1, 1)
    phases = [m.phase for m in target.messages]
    assert phases.count("resolving records") == 1
    assert phases[-2:] == ["writing", "done"]
    # A queued progress message is replaced by the next one.
    assert JobProgressed("a", 1, 2).can_replace(JobProgressed("b", 2, 2))


def test_cancel_flag_outside_a_worker() -> None:
    flag = CancelFlag()
    assert flag() is False
    flag.set()
    assert flag() is True and flag.is_set


def test_one_line_errors() -> None:
    assert one_line(FileError("x.csv: row 3\nhas 4 cells")) == "x.csv: row 3 has 4 cells"
    text = one_line(KeyError("boom"))
    assert text.startswith("unexpected error (KeyError)") and "\n" not in text


def test_chart_and_headline_read_without_colour() -> None:
    chart = counts_line("Records", {"created": 100, "updated": 0, "unchanged": 1}, width=10).plain
    assert chart.startswith("Records")
    assert "created 100 " + "█" * 10 in chart
    assert "updated 0  " in chart  # a zero has no bar
    assert "unchanged 1 ▌" in chart  # small but visible
    rep = ImportReport(
        file="f.csv",
        kind="deal",
        mode="upsert",
        dry_run=False,
        batch="B4",
        rows_total=3,
        rows_imported=2,
        rows_with_problems=1,
    )
    assert headline(rep).plain.splitlines() == [
        "Imported as batch B4 · f.csv · upsert",
        "3 rows: 2 imported, 1 with problems",
    ]
    # Problem kinds in words with their mark: readable without colour.
    from relimport.core.resolve.problems import Problem

    rep.problems = [
        Problem(2, "Klient", "X", "not_found", "no company"),
        Problem(3, "", None, "missing_key", ""),
    ]
    assert problems_line(rep, width=0).plain == "Problems ✗ no key 1  ! not found 1"


def test_problems_line_breaks_between_kinds_never_inside_one():
    from relimport.core.resolve.problems import Problem

    rep = ImportReport(file="f.csv", kind="deal", mode="upsert", dry_run=True)
    rep.problems = [
        Problem(2, "Klient", "x", "not_found", ""),
        Problem(3, "Klient", "y", "ambiguous", ""),
        Problem(4, "Decydent", "z", "cardinality", ""),
    ]
    lines = problems_line(rep, wrap=40).plain.split("\n")
    assert lines == ["Problems ! not found 1  ! ambiguous 1", "         ! one link only 1"]
    assert "\n" not in problems_line(rep, wrap=200).plain
