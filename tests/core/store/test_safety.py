"""Hostile paths and text around the store: planted symlinks, control characters."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from relimport.core.domain.errors import StoreLockedError
from relimport.core.domain.text import has_controls, visible
from relimport.core.store.lock import locked


def test_planted_owner_symlink_is_not_followed(tmp_path):
    store = tmp_path / "store.json"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    owner = tmp_path / "store.json.lock.owner"
    owner.symlink_to(victim)
    with locked(store, timeout=1):
        assert not owner.is_symlink()
        assert "pid" in owner.read_text()
    assert victim.read_text() == "precious"


def test_lock_owner_text_is_shown_inert(tmp_path, monkeypatch):
    store = tmp_path / "store.json"
    owner = tmp_path / "store.json.lock.owner"
    with locked(store, timeout=1):
        owner.write_text("pid 1 \x1b]52;c;ZXZpbA==\x07 \x1b[2J" + "x" * 1000)
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        q = ctx.Queue()

        def other() -> None:
            try:
                with locked(store, timeout=0.1):
                    q.put("got it")
            except StoreLockedError as exc:
                q.put(str(exc))

        p = ctx.Process(target=other)
        p.start()
        p.join(10)
        message = q.get(timeout=5)
    assert message.startswith(f"{store}: locked by pid 1 ␛]52;c;ZXZpbA==␇ ␛[2J")
    assert not has_controls(message) and len(message) < 500


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain Łódź", "plain Łódź"),
        ("a\x1b[31mred", "a␛[31mred"),
        ("\x00\x07\x7f", "␀␇␡"),
        ("x\x85y\x9bz", "x\\u0085y\\u009bz"),
        ("abc\u202eevil", "abc\\u202eevil"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("two\nlines", "two␊lines"),
    ],
)
def test_visible(text, shown):
    assert visible(text) == shown
    assert not has_controls(visible(text))


def test_visible_multiline_keeps_newlines():
    assert visible("a\nb\x1b", multiline=True) == "a\nb␛"
    assert visible("a\r\nb") == "a␍␊b"


@pytest.mark.parametrize("special", ["fifo", "dir", "device"])
def test_special_files_are_refused_as_stores(tmp_path, special):
    from relimport.core.domain.errors import StoreError
    from relimport.core.store.jsonfile import load

    if special == "fifo":
        path = tmp_path / "store.json"
        os.mkfifo(path)
    elif special == "dir":
        path = tmp_path
    else:
        path = Path("/dev/zero")
    with pytest.raises(StoreError, match="not a regular file|is a directory"):
        load(path)


def test_error_lines_show_controls_visibly():
    from relimport.core.domain.errors import FileError

    err = FileError("bad\x1b]0;title\x07 file\nname \u202eexe")
    assert str(err) == "bad␛]0;title␇ file name \\u202eexe"


def _store_doc(**extra):
    doc = {
        "format": "relimport-store",
        "version": 1,
        "next_id": 3,
        "records": {"company": {"id": [1, 2], "name": ["A", "B"]}},
    }
    doc.update(extra)
    return doc


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"next_id": 1e20}, "next_id is 1e+20"),
        ({"next_id": True}, "next_id is True"),
        ({"next_batch": -1}, "next_batch is -1"),
        ({"records": {"spaceship": {"id": [1]}}}, "records of unknown type 'spaceship'"),
        ({"links": {"77": {"source": [1], "target": [2], "batch": [1]}}}, "unknown relationship type id 77"),
        ({"records": {"company": {"id": [1, 1], "name": ["A", "B"]}}}, "repeated or out-of-range ids"),
        ({"batches": [{"id": 1}, {"id": 1}]}, "batch ids repeat"),
    ],
)
def test_hand_made_stores_are_refused_in_one_line(tmp_path, change, words):
    import json

    from relimport.core.domain.errors import StoreError
    from relimport.core.store.jsonfile import load

    path = tmp_path / "store.json"
    path.write_text(json.dumps(_store_doc(**change)))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="wrong shape") as err:
        data = load(path)
        data.records["company"]  # tables are built when first used
    assert words in str(err.value)
    assert path.read_bytes() == before
