"""Store guarantees (docs/store-format.md): versioned JSON, atomic writes, lock, refusal of bad files."""

from __future__ import annotations

import multiprocessing as mp
import os
import stat
import time

import orjson
import pytest

from relimport.core.domain.errors import StoreError, StoreLockedError
from relimport.core.ops.relations import add_relationship
from relimport.core.store import check as storecheck
from relimport.core.store.check import precheck
from relimport.core.store.jsonfile import FORMAT, VERSION, Store, load, locked, save
from relimport.core.store.model import StoreData
from tests.writers import write_csv


def test_missing_store_is_empty_with_firma(tmp_path):
    data = load(tmp_path / "none.json")
    assert [r.name for r in data.relationship_types] == ["Firma"]


def test_round_trip_and_mode_0600(tmp_path):
    p = tmp_path / "s.json"
    data = StoreData.empty()
    add_relationship(data, "Klient", "deal", "company")
    save(p, data)
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    doc = orjson.loads(p.read_bytes())
    assert (doc["format"], doc["version"]) == (FORMAT, VERSION)
    again = load(p)
    assert [r.name for r in again.relationship_types] == ["Firma", "Klient"]


def test_long_columns_are_encoded_in_slices_and_read_back_the_same(tmp_path, monkeypatch):
    """Columns longer than one encoding slice (frames and passed-through lists) round-trip."""
    import relimport.core.store.jsonencode as encode_mod
    from tests.stores import run

    monkeypatch.setattr(encode_mod, "ENCODE_SLICE", 3)
    rows = [[f"Firma {i}", f"Miasto {i}" if i % 3 else ""] for i in range(11)]
    src = write_csv(tmp_path / "firmy.csv", [["Nazwa", "Miasto"], *rows])
    data = StoreData.empty()
    run(data, src, "company")
    p = tmp_path / "s.json"
    save(p, data)  # frames: encoded by polars, 3 values per call
    first = load(p)
    save(p, first)  # untouched tables: the decoded lists, by orjson, 3 values per call
    again = load(p)
    for loaded in (first, again):
        got = loaded.records["company"].sort("id")
        assert got.equals(data.records["company"].sort("id").select(got.columns))
        assert got["city"].null_count() == 4


def test_existing_mode_is_kept(tmp_path):
    p = tmp_path / "s.json"
    save(p, StoreData.empty())
    p.chmod(0o640)
    save(p, StoreData.empty())
    assert stat.S_IMODE(p.stat().st_mode) == 0o640


def test_symlink_writes_through(tmp_path):
    real = tmp_path / "real.json"
    save(real, StoreData.empty())
    link = tmp_path / "link.json"
    link.symlink_to(real)
    data = load(link)
    add_relationship(data, "Klient", "deal", "company")
    save(link, data)
    assert link.is_symlink()
    assert len(load(real).relationship_types) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "invalid JSON"),
        (b"", "empty"),
        (b'{"format": "other"}', "not a relimport store"),
        (b'{"format": "relimport-store", "version": 99}', "newer"),
        (
            b'{"format": "relimport-store", "version": 1, '
            b'"records": {"company": {"id": [1, 2], "name": ["a"]}}}',
            "wrong shape",
        ),
        (
            b'{"format": "relimport-store", "version": 1, "records": {"company": {"id": ["x"]}}}',
            "wrong shape",
        ),
    ],
)
def test_bad_stores_are_refused_and_never_overwritten(tmp_path, content, message):
    p = tmp_path / "s.json"
    p.write_bytes(content)
    with pytest.raises(StoreError, match=message) as exc:
        _ = Store(p).data
    assert "\n" not in str(exc.value)
    with pytest.raises(StoreError), Store(p).transaction():
        pass
    assert p.read_bytes() == content
    if message != "wrong shape":  # the quick check before the TUI opens says the same
        with pytest.raises(StoreError) as quick:
            precheck(p)
        assert str(quick.value) == str(exc.value)


def test_precheck_of_a_big_store_reads_only_its_ends(tmp_path, monkeypatch):
    """Beyond the full-parse size: a store cut off or of a newer version is refused from
    its first and last bytes; a good store and a missing one pass."""
    monkeypatch.setattr(storecheck, "PRECHECK_FULL_BYTES", 100)
    data = StoreData.empty()
    for name in ("Klient", "Partner", "Dostawca", "Serwis"):
        add_relationship(data, name, "deal", "company")
    p = tmp_path / "s.json"
    save(p, data)
    good = p.read_bytes()
    assert len(good) > 100
    precheck(p)
    precheck(tmp_path / "missing.json")
    p.write_bytes(good[: len(good) // 2])
    with pytest.raises(StoreError, match="damaged .*cut off"):
        precheck(p)
    p.write_bytes(good.replace(b'"version":%d' % VERSION, b'"version":7', 1))
    with pytest.raises(StoreError, match="version 7 is newer"):
        precheck(p)


def test_failed_write_leaves_old_store(tmp_path, monkeypatch):
    p = tmp_path / "s.json"
    save(p, StoreData.empty())
    before = p.read_bytes()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(StoreError, match="No space left"):
        data = StoreData.empty()
        add_relationship(data, "Klient", "deal", "company")
        save(p, data)
    assert p.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir() if f.name.endswith(".tmp")] == []


def test_exception_in_transaction_writes_nothing(tmp_path):
    p = tmp_path / "s.json"
    save(p, StoreData.empty())
    before = p.read_bytes()
    store = Store(p)
    with pytest.raises(RuntimeError), store.transaction() as data:
        add_relationship(data, "Klient", "deal", "company")
        raise RuntimeError("stop")
    assert p.read_bytes() == before


def _hold_lock(path, ready, release):
    with locked(path):
        ready.set()
        release.wait(10)


def test_second_writer_gets_locked_by_message(tmp_path):
    p = tmp_path / "s.json"
    ctx = mp.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_hold_lock, args=(p, ready, release))
    proc.start()
    try:
        assert ready.wait(10)
        t0 = time.monotonic()
        with (
            pytest.raises(StoreLockedError, match=rf"locked by pid {proc.pid}"),
            locked(p, timeout=0.3),
        ):
            pass
        assert time.monotonic() - t0 < 5
    finally:
        release.set()
        proc.join(10)
    with locked(p, timeout=1):
        pass
    lock_file = p.with_name(p.name + ".lock")
    assert stat.S_IMODE(lock_file.stat().st_mode) == 0o600


def test_killed_holder_leaves_no_stale_lock(tmp_path):
    p = tmp_path / "s.json"
    ctx = mp.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_hold_lock, args=(p, ready, release))
    proc.start()
    assert ready.wait(10)
    proc.kill()
    proc.join(10)
    with locked(p, timeout=2):
        pass
