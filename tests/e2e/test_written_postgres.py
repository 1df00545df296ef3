"""On the team store too, Ctrl-C right after the COMMIT says what was written (exit 3):
the batch or undo is noted the moment the commit returns, with the signal held back
until it is. The CLI runs in a subprocess whose commit sends a real SIGINT."""

from __future__ import annotations

import json

from tests.e2e.cli import cli
from tests.e2e.test_written import run
from tests.writers import write_csv

#: SIGINT to ourselves the moment a transaction is committed.
SIGINT_AFTER_COMMIT = """
import psycopg
_commit = psycopg.Connection.commit
def commit(self):
    _commit(self)
    os.kill(os.getpid(), signal.SIGINT)
psycopg.Connection.commit = commit
"""


def _relations(url: str) -> None:
    r = cli(url, "relations", "add", "Klient", "--from", "deal", "--to", "company")
    assert r.returncode == 0, r.stderr


def test_sigint_just_after_the_commit_names_the_batch(pg_url, tmp_path):
    _relations(pg_url)
    deals = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["Wdrożenie", "Nope"], ["Serwis", ""]])
    r = run(pg_url, SIGINT_AFTER_COMMIT, "import", str(deals), "--type", "deal", "-q", "--json")
    assert r.returncode == 3, r.stderr
    assert r.stderr.strip() == "relimport: interrupted; batch B1 was written to the store"
    assert json.loads(r.stdout)["written"] == ["batch B1"]
    history = json.loads(cli(pg_url, "history", "--json").stdout)
    assert [(b["batch"], b["status"]) for b in history] == [("B1", "applied")]

    r = run(pg_url, SIGINT_AFTER_COMMIT, "undo")
    assert r.returncode == 3, r.stderr
    assert r.stderr.strip() == "relimport: interrupted; undo of B1 was written to the store"
    assert json.loads(cli(pg_url, "history", "--json").stdout)[0]["status"] == "undone"
