"""Benchmark of the TUI: first screen, preview, a responsive UI.

Prints a small table of:

1. **First screen** — wall time from launching ``relimport --store S`` in a real
   80×24 terminal (a tmux pane on a private tmux socket) until the first screen
   (the question and its six choices) is on the pane, and until the store line
   with its counts is (``relimport`` reads the store in a background thread
   while the screen opens; keys pressed meanwhile act once it is read); for the
   demo store and for the big store of ``bench/bench_import.py``
   (``bench/out/base_200000_500000.json``; a smaller one is generated when it
   is missing, and the table says so). For scale: an empty command in the same
   kind of pane (tmux's own overhead), a bare Textual app (Static + Footer:
   the floor of any Textual first screen here), and ``relimport.core.store.jsonfile.load`` of the
   big store alone.
2. **Preview** of a 1,000,000-row CSV: ``relimport.core.files.reader.preview_table`` alone, and
   in a Pilot run (80×24) the time from setting the file step's path until the
   preview table holds its rows (and after the next idle, i.e. painted).
3. **Event-loop stalls** in that Pilot run (big store, the 1M-row file): during
   the dry run (mapping → check, reads the whole file) and during the import
   (check → import → results). Two heartbeats run meanwhile:

   - ``loop``: an ``app.set_interval(0.02)`` callback — the gap between two calls
     (nominal 20 ms) is how long the asyncio loop could not run;
   - ``queue``: each beat also posts a callback through the app's message
     queue (``app.call_later``) — its delay is what a key press would wait.

   Max and 99th-percentile gap, queue delay max, and the wall time of the step;
   the max is given twice: over the gaps that began and ended while the dry-run
   or import worker ran, and over the whole step, which also holds the screen
   changes (building the check or results screen is UI-thread work of its own).
   The limit applied is a gap of at most 100 ms (strict: it includes the 20 ms
   period; ``BENCH_STALL_MS`` changes it). ``--why`` also samples every thread's
   stack every 5 ms and prints, for each gap over the limit, what ran (UI-thread
   work), cyclic GC pauses, or that no Python ran at all (the GIL held by C code
   in a worker: orjson, polars ``write_ndjson``…; or every CPU busy).

Usage::

    .venv/bin/python bench/bench_tui.py [--rows 1000000] [--repeat 3] [--dir bench/out]
                                        [--skip-terminal] [--skip-pilot] [--why]

The big store is copied before the import (the originals are never written).
Pilot runs headless: layout and compositing happen, the terminal write does not.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from loop_probes import STALL_LIMIT_MS  # noqa: E402 - after the path is set
from tui_pilot import pilot_run, preview_alone, store_load_alone  # noqa: E402

VENV_BIN = Path(sys.executable).parent
RELIMPORT = str(VENV_BIN / "relimport") if (VENV_BIN / "relimport").exists() else None
TMUX_SOCKET = f"relimport-bench-{os.getpid()}"
#: The first screen: the question and its six choices (usable: keys act from here on).
FIRST_SCREEN_TEXT = ("What do you want to import?", "Vehicle/Space")
#: ... and the store read in the background: its line with the counts.
STORE_SHOWN_TEXT = ("relationship type",)
#: SPEC §6: the first screen within 0.6 s, a 1,000,000-row file's preview within 0.3 s.
FIRST_SCREEN_LIMIT = 0.6
PREVIEW_LIMIT = 0.3
#: The floor of a Textual first screen on this machine: Python, Textual, one Static and a Footer.
BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Static


class Bare(App):
    def compose(self):
        yield Static("BARE-READY")
        yield Footer()


Bare().run()
"""

# --- workload --------------------------------------------------------------------------


def deals_file(out: Path, rows: int, companies: int, persons: int) -> Path:
    """The deals CSV of bench_import.py (name, value, Klient by name, Decydent by e-mail)."""
    path = out / f"deals_{rows}_{companies}_{persons}.csv"
    if path.exists():
        return path
    import polars as pl

    out.mkdir(parents=True, exist_ok=True)
    i = pl.int_range(rows, dtype=pl.Int64)
    pl.select(
        pl.format("Szansa {}", i).alias("Nazwa"),
        (i % 100_000).cast(pl.String).alias("Wartość"),
        pl.format("Firma {} Sp. z o.o.", (i * 7919) % companies).alias("Klient"),
        pl.format("osoba{}@example.pl", (i * 104_729) % persons).alias("Decydent"),
    ).write_csv(path, separator=";")
    return path


def big_store(out: Path) -> tuple[Path, int, int, str]:
    """(store, companies, persons, note): bench_import's store, else a smaller one made here."""
    base = out / "base_200000_500000.json"
    if base.exists():
        return base, 200_000, 500_000, ""
    companies, persons = 20_000, 50_000
    sys.path.insert(0, str(ROOT / "bench"))
    import workload  # same generator and CLI steps as the import benchmark

    paths = workload.generate(out, companies, persons, 1000)
    store = workload.build_store(out, paths, companies, persons)
    note = (
        f"NOTE: {base.name} missing (run bench/bench_import.py); "
        f"used a smaller store of {companies:,} companies / {persons:,} persons"
    )
    return store, companies, persons, note


def demo_store(tmp: Path) -> Path:
    r = subprocess.run(
        [sys.executable, "-m", "relimport.tui.cli", "demo", str(tmp / "demo"), "--no-tui"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(r.stdout.strip().splitlines()[-1].strip())


# --- 1. first screen in a real terminal (tmux) ------------------------------------------


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", TMUX_SOCKET, *args], capture_output=True, text=True, check=check)


def time_to_text(
    command: str, milestones: tuple[tuple[str, ...], ...], cwd: Path, timeout: float = 20.0
) -> list[float]:
    """Seconds from starting ``command`` in a fresh 80×24 tmux window until each
    milestone's texts all show on the pane (one figure per milestone)."""
    name = f"w{time.monotonic_ns()}"
    seen: list[float | None] = [None] * len(milestones)
    t0 = time.perf_counter()
    tmux("new-window", "-d", "-t", "bench", "-n", name, "-c", str(cwd), command)
    try:
        while True:
            elapsed = time.perf_counter() - t0
            pane = tmux("capture-pane", "-p", "-t", f"bench:{name}", check=False).stdout
            for i, texts in enumerate(milestones):
                if seen[i] is None and all(t in pane for t in texts):
                    seen[i] = elapsed
            if all(t is not None for t in seen):
                return [float(t) for t in seen if t is not None]
            if elapsed > timeout:
                raise SystemExit(f"timeout waiting for {milestones!r}; pane:\n{pane}")
            time.sleep(0.005)
    finally:
        tmux("kill-window", "-t", f"bench:{name}", check=False)


def first_screen(stores: list[tuple[str, Path]], repeat: int, cwd: Path) -> list[tuple[str, list[float]]]:
    if shutil.which("tmux") is None:
        raise SystemExit("tmux not found (use --skip-terminal)")
    relimport = RELIMPORT or f"{sys.executable} -m relimport.tui.cli"
    # A private tmux server (own socket), sized 80×24, killed at the end.
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", "80", "-y", "24", "sleep 3600")
    tmux("set-option", "-g", "default-size", "80x24", check=False)
    results = []
    try:
        floor = [time_to_text("echo PANE-READY; sleep 30", (("PANE-READY",),), cwd)[0] for _ in range(repeat)]
        results.append(("empty command (tmux overhead)", floor))
        bare = cwd / "bare_textual.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        times = [
            time_to_text(f"{sys.executable} {bare}; sleep 30", (("BARE-READY",),), cwd)[0]
            for _ in range(repeat)
        ]
        results.append(("bare Textual app (Static + Footer)", times))
        for label, store in stores:
            cmd = f"{relimport} --store {store}; sleep 30"
            runs = [time_to_text(cmd, (FIRST_SCREEN_TEXT, STORE_SHOWN_TEXT), cwd) for _ in range(repeat)]
            results.append((f"first screen, {label}", [r[0] for r in runs]))
            results.append((f"  … its counts shown (store read), {label}", [r[1] for r in runs]))
    finally:
        tmux("kill-server", check=False)
        sockets = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (sockets / TMUX_SOCKET).unlink(missing_ok=True)
    return results


# --- report ------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--skip-terminal", action="store_true", help="no tmux first-screen timing")
    ap.add_argument("--skip-pilot", action="store_true", help="no Pilot run (preview in app, stalls)")
    ap.add_argument("--why", action="store_true", help="sample stacks and explain each stall over 100 ms")
    args = ap.parse_args()

    out: Path = args.dir
    out.mkdir(parents=True, exist_ok=True)
    store, companies, persons, note = big_store(out)
    deals = deals_file(out, args.rows, companies, persons)
    import workload  # its compile step: the app as an installed package starts

    print(workload.compile_package())
    load = os.getloadavg()
    print(f"relimport TUI benchmark · {os.cpu_count()} CPUs · load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"big store: {store} ({store.stat().st_size / 1e6:.0f} MB)")
    print(f"file:      {deals} ({args.rows:,} rows, {deals.stat().st_size / 1e6:.0f} MB)")
    if note:
        print(note)
    print()

    with tempfile.TemporaryDirectory(prefix="relimport-tui-bench-") as tmpdir:
        tmp = Path(tmpdir)
        rows: list[tuple[str, str, str, str]] = []  # what, figure, limit, verdict

        if not args.skip_terminal:
            demo = demo_store(tmp)
            big_copy = tmp / "big.json"
            shutil.copy(store, big_copy)
            for label, times in first_screen(
                [("demo store", demo), ("big store", big_copy)],
                args.repeat,
                tmp,
            ):
                best, med = min(times), statistics.median(times)
                is_app = label.startswith("first screen")
                rows.append(
                    (
                        f"{label} (tmux, min / median of {len(times)})",
                        f"{ms(best)} / {ms(med).strip()}",
                        "0.6 s" if is_app else "",
                        verdict(med <= FIRST_SCREEN_LIMIT) if is_app else "",
                    )
                )

        times = store_load_alone(store, args.repeat)
        rows.append(
            (
                "relimport.core.store.jsonfile.load(big store) alone (min / median)",
                f"{ms(min(times))} / {ms(statistics.median(times)).strip()}",
                "",
                "",
            )
        )

        times = preview_alone(deals, args.repeat)
        rows.append(
            (
                f"preview_table alone, {args.rows:,} rows (min / median)",
                f"{ms(min(times))} / {ms(statistics.median(times)).strip()}",
                "0.3 s",
                verdict(statistics.median(times) <= PREVIEW_LIMIT),
            )
        )

        res: dict[str, object] = {}
        if not args.skip_pilot:
            work_store = tmp / "store.json"
            shutil.copy(store, work_store)
            res = asyncio.run(pilot_run(work_store, deals, tmp, args.why))
            rows.append(
                (
                    f"preview in the file step (Pilot, {res['preview_rows']} rows in table)",
                    ms(res["preview_shown"]),
                    "0.3 s",
                    verdict(res["preview_shown"] <= PREVIEW_LIMIT),
                )
            )
            rows.append(
                (
                    "  … and after the next idle (painted)",
                    ms(res["preview_painted"]),
                    "0.3 s",
                    verdict(res["preview_painted"] <= PREVIEW_LIMIT),
                )
            )
            for step, label in (
                ("check", "dry run (mapping → check shown)"),
                ("import", "import (check → results shown)"),
            ):
                f = res[step]
                rows.append((f"{label}: wall time", ms(res[f"{step}_time"]), "", ""))
                rows.append(
                    (
                        f"  loop gap max while the worker runs ({f['work_beats']} beats)",
                        ms(f["work_max"] / 1000),
                        "100 ms",
                        verdict(f["work_max"] <= STALL_LIMIT_MS),
                    )
                )
                rows.append(
                    (
                        f"  loop gap max, whole step incl. screen changes ({f['beats']} beats)",
                        ms(f["max"] / 1000),
                        "100 ms",
                        verdict(f["max"] <= STALL_LIMIT_MS),
                    )
                )
                rows.append(
                    ("  loop gap p99 / p50", f"{ms(f['p99'] / 1000)} / {ms(f['p50'] / 1000).strip()}", "", "")
                )
                rows.append(
                    (
                        "  app-queue delay max",
                        ms(f["qmax"] / 1000),
                        "100 ms",
                        verdict(f["qmax"] <= STALL_LIMIT_MS),
                    )
                )
                rows.append(("  gaps over 100 ms", f"{f['over']:>7}", "0", verdict(f["over"] == 0)))

    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'figure':>20}  {'limit':>6}  verdict")
    print("-" * (w + 40))
    for what, figure, limit, ok in rows:
        print(f"{what:<{w}}  {figure:>20}  {limit:>6}  {ok}")
    if res:
        print()
        print("mapping:", ", ".join(f"{h}→{t}{'@' + m if t == 'rel' else ''}" for h, t, m in res["mapping"]))
        rows_, created, links, problems = res["check_report"]
        print(f"dry run: rows {rows_:,}, would create {created:,}, links {links:,}, problems {problems:,}")
        rows_, created, links, problems, batch = res["import_report"]
        print(
            f"import:  rows {rows_:,}, created {created:,}, links {links:,}, "
            f"problems {problems:,}, batch {batch}"
        )
        for step in ("check", "import"):
            where = res[f"{step}_where"]
            if where:
                print(
                    f"{step}: gaps over 100 ms (ms @ screen): "
                    + ", ".join(f"{g * 1000:.0f}@{s}" for g, s, _, _ in where)
                )
                for (g, _, _, _), why in zip(where, res.get(f"{step}_why", []), strict=False):
                    print(f"  {g * 1000:4.0f} ms: {why}")
    load = os.getloadavg()
    print(f"\nload at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
