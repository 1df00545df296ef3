"""Probes of a Textual app's event loop for ``bench_tui.py``: heartbeats and a stack sampler."""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from pathlib import Path

#: The longest acceptable loop gap (ms); ``BENCH_STALL_MS`` changes it.
STALL_LIMIT_MS = float(os.environ.get("BENCH_STALL_MS", "100"))


class Heartbeat:
    """Loop gaps of a 20 ms interval timer, and the delay of a callback through the app's queue."""

    def __init__(self, app, interval: float = 0.02) -> None:  # noqa: ANN001
        self.app = app
        self.interval = interval
        self.gaps: list[float] = []
        #: Gaps that began and ended while the dry run / import worker ran (the
        #: rest are screen changes: building the check or results screen).
        self.work_gaps: list[float] = []
        self._was_working = False
        self.queue: list[float] = []
        self.where: list[tuple[float, str, float, float]] = []
        self._last: float | None = None
        self._timer = None

    def start(self) -> None:
        self.gaps.clear()
        self.work_gaps.clear()
        self.queue.clear()
        self.where.clear()
        self._last = time.perf_counter()
        self._timer = self.app.set_interval(self.interval, self._beat)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _working(self) -> bool:
        return any(w.group in ("check", "import") and w.is_running for w in self.app.workers)

    def _beat(self) -> None:
        now = time.perf_counter()
        working = self._working()
        if self._last is not None:
            gap = now - self._last
            self.gaps.append(gap)
            if working and self._was_working:
                self.work_gaps.append(gap)
            if gap > STALL_LIMIT_MS / 1000:
                self.where.append((gap, type(self.app.screen).__name__, self._last, now))
        self._last = now
        self._was_working = working
        sent = now
        self.app.call_later(lambda: self.queue.append(time.perf_counter() - sent))

    def figures(self) -> dict[str, float]:
        gaps = sorted(self.gaps) or [0.0]
        q = sorted(self.queue) or [0.0]
        return {
            "beats": len(self.gaps),
            "work_beats": len(self.work_gaps),
            "work_max": max(self.work_gaps, default=0.0) * 1000,
            "max": gaps[-1] * 1000,
            "p99": gaps[min(len(gaps) - 1, int(0.99 * len(gaps)))] * 1000,
            "p50": statistics.median(gaps) * 1000,
            "qmax": q[-1] * 1000,
            "over": sum(1 for g in gaps if g > STALL_LIMIT_MS / 1000),
        }


class Sampler:
    """``--why``: a thread sampling every thread's stack every 5 ms, to explain stalls.

    A stall with samples in it shows what the UI thread was doing (work on the
    loop); a stall *without* samples means no Python thread could run — the GIL
    was held by C code (the worker's last sample before the hole says which),
    or, when that code releases the GIL (a polars ``collect``), no CPU was free.
    """

    def __init__(self) -> None:
        self.samples: list[tuple[float, dict[str, str]]] = []
        #: Cyclic garbage collections: (start, end, generation, objects collected).
        self.gcs: list[tuple[float, float, int, int]] = []
        self._gc_start = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="bench-sampler")
        self.main_id = threading.main_thread().ident

    def start(self) -> None:
        import gc

        gc.callbacks.append(self._gc)
        self._thread.start()

    def stop(self) -> None:
        import gc

        self._stop.set()
        self._thread.join()
        gc.callbacks.remove(self._gc)

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gcs.append((self._gc_start, time.perf_counter(), info["generation"], info["collected"]))

    def _run(self) -> None:
        me = threading.get_ident()
        names = {}
        while not self._stop.wait(0.005):
            now = time.perf_counter()
            frames = sys._current_frames()
            if len(names) != len(frames):
                names = {t.ident: t.name for t in threading.enumerate()}
            snap = {}
            for tid, frame in frames.items():
                if tid == me:
                    continue
                where = self._where(frame)
                if where:
                    snap["UI" if tid == self.main_id else names.get(tid, str(tid))] = where
            self.samples.append((now, snap))

    @staticmethod
    def _where(frame) -> str:  # noqa: ANN001
        """Innermost project frame (core/ or tui/) and the innermost frame of all ("" = idle)."""
        inner, own, f = frame, None, frame
        while f is not None:
            name = f.f_code.co_filename
            if "/core/" in name or "/tui/" in name:
                own = f
                break
            f = f.f_back
        if own is None and inner.f_code.co_filename.endswith(
            ("selectors.py", "threading.py", "queue.py", "thread.py")
        ):
            return ""  # idle: waiting for events or for work

        def short(f) -> str:  # noqa: ANN001
            return f"{'/'.join(Path(f.f_code.co_filename).parts[-2:])}:{f.f_lineno} {f.f_code.co_name}"

        if own is None:
            return short(inner)
        return short(own) + (f" > {short(inner)}" if own is not inner else "")

    def explain(self, start: float, end: float) -> str:
        """What ran between two heartbeats ``start`` and ``end``."""
        from collections import Counter

        window = [(t, snap) for t, snap in self.samples if start - 0.006 <= t <= end + 0.006]
        if len(window) < 2:
            return "no samples"
        hole, i = max((window[k + 1][0] - window[k][0], k) for k in range(len(window) - 1))
        parts = []
        if hole > 0.05:

            def fmt(snap: dict[str, str]) -> str:
                return "; ".join(f"{k}: {v}" for k, v in snap.items()) or "idle"

            parts.append(
                f"no Python thread ran for {hole * 1000:.0f} ms (GIL held by C code, or no CPU free); "
                f"before: {fmt(window[i][1])} | after: {fmt(window[i + 1][1])}"
            )
        for g0, g1, gen, collected in self.gcs:
            if g1 >= start and g0 <= end and g1 - g0 > 0.005:
                parts.append(f"gc gen{gen}: {(g1 - g0) * 1000:.0f} ms ({collected:,} collected)")
        counts = Counter(f"{k}: {v}" for _, snap in window for k, v in snap.items())
        if counts:
            parts.append(
                f"{len(window)} samples, busy: " + "; ".join(f"{n}× {w}" for w, n in counts.most_common(3))
            )
        return " || ".join(parts)
