"""Output files (--report, --save-recipe, template -o) never land on the store or its own
files, are refused before any work, and are written atomically and 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.e2e.cli import cli
from tests.writers import write_csv


def _store(path: Path) -> Path:
    """A store at ``path`` written twice (so it has a ``.bak``), with a symlink to it."""
    for name, other in (("Klient", "company"), ("Opiekun", "person")):
        r = cli(path, "relations", "add", name, "--from", "deal", "--to", other)
        assert r.returncode == 0, r.stderr
    assert path.with_name(path.name + ".bak").exists()
    path.with_name("link" + path.suffix).symlink_to(path)
    return path


@pytest.fixture
def file_store(tmp_path: Path) -> Path:
    return _store(tmp_path / "store.json")


def _deals(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    return write_csv(tmp_path / "data" / "d.csv", [["Nazwa", "Klient"], ["Wdrożenie", "Nope"]])


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mode) for p in folder.iterdir() if p.is_file()}


def _refused(store: Path, args: list[str]) -> None:
    before = _snapshot(store.parent)
    r = cli(store, *args)
    assert r.returncode == 2, r.stderr
    assert "the store's own file" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert _snapshot(store.parent) == before  # nothing imported, nothing written, no leftovers


OWN = [
    "store.json",
    "link.json",
    "store.json.bak",
    "store.json.lock",
    "store.json.lock.owner",
    ".store.json.bak.tmp",
]


@pytest.mark.parametrize("name", OWN)
@pytest.mark.parametrize("dry_run", [True, False])
def test_save_recipe_onto_the_store_or_its_files_is_refused(file_store, tmp_path, name, dry_run):
    args = ["import", str(_deals(tmp_path)), "--type", "deal", "--save-recipe", str(tmp_path / name)]
    _refused(file_store, args + (["--dry-run"] if dry_run else []))


@pytest.mark.parametrize("name", ["crm.csv", "link.csv"])
@pytest.mark.parametrize("dry_run", [True, False])
def test_report_and_template_onto_the_store_are_refused(tmp_path, name, dry_run):
    store = _store(tmp_path / "crm.csv")  # a store may be named anything
    args = ["import", str(_deals(tmp_path)), "--type", "deal", "--report", str(tmp_path / name)]
    _refused(store, args + (["--dry-run"] if dry_run else []))
    _refused(store, ["template", "deal", "-o", str(tmp_path / name)])


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda d: d / "reports.csv", "is a directory"),
        (lambda d: d / "nowhere" / "r.csv", "does not exist"),
        (lambda d: d / "fifo.csv", "not a regular file"),
    ],
)
def test_report_paths_that_cannot_be_written_are_refused_before_the_import(
    file_store, tmp_path, make, needle
):
    target = make(tmp_path)
    if target.name == "reports.csv":
        target.mkdir()
    if target.name == "fifo.csv":
        os.mkfifo(target)
    before = file_store.read_bytes()
    r = cli(file_store, "import", str(_deals(tmp_path)), "--type", "deal", "--report", str(target))
    assert r.returncode == 2, r.stderr
    assert needle in r.stderr and r.stderr.startswith("relimport: --report ")
    assert file_store.read_bytes() == before  # refused before the import was written


def test_recipe_and_report_are_written_0600_and_atomically(file_store, tmp_path):
    recipe, report = tmp_path / "r.toml", tmp_path / "p.csv"
    old_umask = os.umask(0)
    try:
        r = cli(
            file_store,
            "import",
            str(_deals(tmp_path)),
            "--type",
            "deal",
            "--dry-run",
            "--save-recipe",
            str(recipe),
            "--report",
            str(report),
        )
    finally:
        os.umask(old_umask)
    assert r.returncode == 3, r.stderr
    for out in (recipe, report):
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # A second save replaces the recipe whole and keeps the mode the user gave it.
    recipe.chmod(0o640)
    r = cli(
        file_store,
        "import",
        str(_deals(tmp_path)),
        "--type",
        "deal",
        "--dry-run",
        "--save-recipe",
        str(recipe),
    )
    assert r.returncode == 3 and stat.S_IMODE(recipe.stat().st_mode) == 0o640
    assert "[relimport]" in recipe.read_text(encoding="utf-8")


def test_own_files_of_a_team_store_are_none():
    from relimport.core.store.backends import own_files

    assert own_files("postgresql://u:secret@localhost/crm") == []
    names = {p.name for p in own_files(Path("/tmp/x/store.json"))}
    assert {"store.json", "store.json.bak", "store.json.lock", "store.json.lock.owner"} <= names
