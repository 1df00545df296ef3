"""The wheel as a user installs it: built from the working tree, installed (not editable)
into a fresh venv, its ``relimport`` command run outside the repository.

Building and installing takes ~20 s (the venv's dependencies come from the configured
package index), so the wheel is made once for this module.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from relimport.sample_data.expectations import LINKS, SAMPLES, json_counts

ROOT = Path(__file__).resolve().parents[2]
#: Source folder -> the package folder it becomes inside the wheel.
PACKAGE_DIRS = {"core": "relimport/core", "tui": "relimport/tui", "sample_data": "relimport/sample_data"}
#: Not part of a build (caches, the dev venv, an earlier in-tree build).
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".*_cache", ".hypothesis"
)
FIRST_SCREEN = "What do you want to import?"
ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the TUI check drives a POSIX pty")


@dataclass
class Installed:
    source: Path
    wheel: Path
    bin: Path
    home: Path

    def env(self) -> dict[str, str]:
        """No repository on the path, and a home of its own (data dir, logs)."""
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "RELIMPORT", "VIRTUAL_ENV"))
        }
        env.update(
            HOME=str(self.home),
            XDG_DATA_HOME=str(self.home / ".local/share"),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_STATE_HOME=str(self.home / ".local/state"),
            PATH=f"{self.bin}{os.pathsep}{env.get('PATH', '')}",
            TERM="xterm-256color",
            COLUMNS="80",
            LINES="24",
        )
        env.pop("NO_COLOR", None)
        return env

    def run(self, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "relimport"), *map(str, args)],
            cwd=cwd,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )


def _check(cmd: list[str], **kwargs) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kwargs)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    # A copy of the working tree: setuptools builds in the source folder, and a stale
    # build/ there would put deleted modules into the wheel.
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)
    dist = base / "dist"
    _check([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)])
    (wheel,) = dist.glob("relimport-*.whl")
    venv = base / "venv"
    _check([sys.executable, "-m", "venv", str(venv)])
    _check([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=base)
    home = base / "home"
    home.mkdir()
    return Installed(src, wheel, venv / "bin", home)


def test_wheel_has_one_top_level_package_and_its_data(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as whl:
        names = set(whl.namelist())
        (top_level,) = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        assert whl.read(top_level).decode().split() == ["relimport"]
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {"relimport"}
    # Every module and stylesheet of the source folders, and the demo data, is inside.
    for folder, package in PACKAGE_DIRS.items():
        for path in (installed.source / folder).rglob("*"):
            if path.suffix in (".py", ".tcss"):
                assert f"{package}/{path.relative_to(installed.source / folder).as_posix()}" in names, path
    for name in ("demo-store.json", *SAMPLES):
        assert f"relimport/sample_data/{name}" in names, name
    assert "relimport/core/py.typed" in names


def test_installed_version_is_the_projects(installed: Installed, tmp_path: Path) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    done = installed.run("--version", cwd=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, f"relimport {version}")
    where = subprocess.run(
        [str(installed.bin / "python"), "-c", "import relimport.core as c; print(c.__file__)"],
        cwd=tmp_path,
        env=installed.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    # The installed copy, not the repository's folders.
    assert Path(where.stdout.strip()).is_relative_to(installed.bin.parent)


class Terminal:
    """A program on a pseudo-terminal of 80x24; what it writes is read as text."""

    def __init__(self, args: list[str], **popen) -> None:
        self.fd, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.proc = subprocess.Popen(
            args, stdin=child, stdout=child, stderr=child, start_new_session=True, **popen
        )
        os.close(child)
        self.raw = b""

    @property
    def text(self) -> str:
        """The output so far without its escape sequences (CSI, OSC and two-byte ones)."""
        return ESCAPES.sub("", self.raw.decode("utf-8", "replace"))

    def read(self, timeout: float, until: tuple[str, ...] = ()) -> None:
        """Read until every text of ``until`` has shown, the program closed the terminal, or time ran out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if until and all(t in self.text for t in until):
                return
            if select.select([self.fd], [], [], 0.2)[0]:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # EIO: the program exited
                    return
                if not chunk:
                    return
                self.raw += chunk

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # the program and the app it forked
            self.proc.wait()
        os.close(self.fd)


def test_demo_opens_on_the_first_screen_then_imports(installed: Installed, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    term = Terminal([str(installed.bin / "relimport"), "demo", str(demo)], cwd=tmp_path, env=installed.env())
    try:
        # The first screen, then the store line once the demo store is read.
        wanted = (FIRST_SCREEN, f"{sum(LINKS.values())} links")
        term.read(timeout=60, until=wanted)
        assert all(t in term.text for t in wanted), term.text[-2000:]
        os.write(term.fd, b"\x11")  # ctrl+q
        term.read(timeout=30)  # drained, so the program never blocks on a full terminal
        assert term.proc.wait(timeout=5) == 0, term.text[-2000:]
    finally:
        term.close()

    # The demo folder holds a copy of the shipped store and every sample file.
    assert (demo / "store.json").is_file()
    for name in SAMPLES:
        assert (demo / name).is_file(), name
    store_bytes = (demo / "store.json").read_bytes()
    for name, sample in SAMPLES.items():
        done = installed.run(
            "import",
            demo / name,
            "--type",
            sample.kind,
            "--store",
            demo / "store.json",
            "--dry-run",
            "--json",
            cwd=tmp_path,
        )
        assert done.returncode == 3, done.stderr  # done; some rows have problems
        assert json_counts(json.loads(done.stdout)) == sample.counts(), name
    assert (demo / "store.json").read_bytes() == store_bytes  # a dry run writes nothing
