"""Temp files and ownership around a store write: nothing left behind by an exception, a
signal or a killed writer; owner, group and mode kept; the file written is the one read."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from relimport.core.domain.errors import StoreError
from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.ops.relations import add_relationship
from relimport.core.store import atomic
from relimport.core.store.jsonfile import Store, save
from relimport.core.store.model import StoreData
from tests.e2e.cli import ROOT
from tests.writers import write_csv


def _store(tmp_path: Path) -> Path:
    p = tmp_path / "store.json"
    data = StoreData.empty()
    add_relationship(data, "Klient", "deal", "company")
    save(p, data)
    return p


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_temp_file_is_named_after_its_writer_and_removed_on_an_exception(tmp_path, monkeypatch):
    p = _store(tmp_path)
    before = p.read_bytes()
    seen = []

    def interrupted(fd):
        seen.append(_temps(tmp_path))
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt), Store(p).transaction() as data:
        add_relationship(data, "Partner", "company", "company", symmetric=True)
    (names,) = seen
    host = atomic._host()
    assert len(names) == 1 and names[0].startswith(f".store.json.{host}.{os.getpid()}.")
    assert p.read_bytes() == before and _temps(tmp_path) == []


#: Run a write in a child process that signals itself while the temp file is written.
_SIGNAL_MID_WRITE = """
import os, signal, sys
from pathlib import Path
_fsync = os.fsync
def fsync(fd):
    _fsync(fd)
    if os.readlink(f"/proc/self/fd/{{fd}}").endswith(".tmp"):
        os.kill(os.getpid(), signal.{sig})
os.fsync = fsync
from relimport.core.ops.relations import add_relationship
from relimport.core.store.jsonfile import Store
with Store(Path(sys.argv[1])).transaction() as data:
    add_relationship(data, "Partner", "company", "company", symmetric=True)
print("written")
"""


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="reads /proc/self/fd")
@pytest.mark.parametrize(("sig", "code"), [("SIGINT", -2), ("SIGTERM", -15), ("SIGKILL", -9)])
def test_a_signal_during_the_write_leaves_the_store_and_no_temp_file_or_one_the_next_write_sweeps(
    tmp_path, sig, code
):
    p = _store(tmp_path)
    before = p.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_SIGNAL_MID_WRITE.format(sig=sig)), str(p)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == code, done.stderr
    assert "written" not in done.stdout and p.read_bytes() == before
    if sig != "SIGKILL":
        assert _temps(tmp_path) == []  # removed before the signal took effect
        return
    (left,) = _temps(tmp_path)  # nothing can clean up after kill -9 ...
    assert left.startswith(f".store.json.{atomic._host()}.")
    with Store(p).transaction() as data:  # ... but the next write sweeps it
        add_relationship(data, "Partner", "company", "company", symmetric=True)
    assert _temps(tmp_path) == []


def test_stale_temps_of_dead_writers_are_swept_others_kept(tmp_path):
    p = _store(tmp_path)
    host = atomic._host()
    dead = tmp_path / f".store.json.{host}.{_dead_pid()}.0a1b2c3d.tmp"
    alive = tmp_path / f".store.json.{host}.{os.getppid()}.0a1b2c3d.tmp"
    elsewhere = tmp_path / f".store.json.other-host.{_dead_pid()}.0a1b2c3d.tmp"
    unrelated = tmp_path / ".notes.txt.tmp"
    for f in (dead, alive, elsewhere, unrelated):
        f.write_bytes(b"x" * 1000)
    with Store(p).transaction() as data:
        add_relationship(data, "Partner", "company", "company", symmetric=True)
    assert not dead.exists()
    assert alive.exists() and elsewhere.exists() and unrelated.exists()
    assert socket.gethostname()  # the host part is this machine's name, made file-safe


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_root_writing_a_users_store_keeps_its_owner_group_and_mode(tmp_path):
    p = _store(tmp_path)
    os.chown(p, 65534, 65534)
    p.chmod(0o640)
    for _ in range(2):  # a write, and one after it (the backup is then the first new file)
        with Store(p).transaction() as data:
            add_relationship(data, f"R{len(data.relationship_types)}", "company", "company")
        st = p.stat()
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 65534, 0o640)


def test_a_store_another_user_owns_is_refused_before_any_work(tmp_path, monkeypatch):
    p = _store(tmp_path)
    before = p.read_bytes()
    monkeypatch.setattr(os, "geteuid", lambda: p.stat().st_uid + 4242)
    f = write_csv(tmp_path / "f.csv", [["Nazwa"], ["Acme"]])
    planned = []
    with pytest.raises(StoreError, match=r"store\.json: the store belongs to user .* would take it over"):
        run_import(Store(p), ImportRequest(f, "company"), progress=lambda *a: planned.append(a))
    assert planned == []  # refused under the lock, before the file was read
    assert p.read_bytes() == before and _temps(tmp_path) == []


def test_store_swapped_for_a_symlink_mid_import_does_not_overwrite_its_target(tmp_path):
    p = _store(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    f = write_csv(tmp_path / "f.csv", [["Nazwa"], ["Acme"]])

    def swap(phase: str, done: int, total: int) -> None:
        if phase == "writing" and not p.is_symlink():
            p.unlink()
            p.symlink_to(victim)

    with pytest.raises(StoreError) as err:
        run_import(Store(p), ImportRequest(f, "company"), progress=swap)
    assert "replaced by another file (or a link)" in str(err.value) and "nothing written" in str(err.value)
    assert victim.read_text() == "precious" and p.is_symlink()
    assert _temps(tmp_path) == []


def test_a_store_read_through_a_symlink_is_still_written_through_it(tmp_path):
    real = _store(tmp_path)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    store = Store(link)
    for name in ("Partner", "Centrala"):
        with store.transaction() as data:
            add_relationship(data, name, "company", "company")
    assert link.is_symlink() and "Centrala" in real.read_text()
