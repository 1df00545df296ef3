"""The app sees another process's write to a team store: the check is a query, made in
the worker thread (``reload_if_free``), never on the UI thread."""

from __future__ import annotations

from relimport.core.store.postgres import PostgresStore
from relimport.tui.watch import changed_on_disk, checks_by_query, reload_if_free, store_work
from tests.stores import run
from tests.writers import write_csv


def test_a_write_by_another_connection_is_seen(pg_url, tmp_path):
    mine, other = PostgresStore(pg_url), PostgresStore(pg_url)
    try:
        assert checks_by_query(mine)
        assert not changed_on_disk(mine)  # nothing read yet: nothing to refresh
        assert mine.data.count_records("company") == 0
        assert not changed_on_disk(mine) and not reload_if_free(mine)
        f = write_csv(tmp_path / "c.csv", [["Nazwa"], ["Acme"], ["Polmet"]])
        run(other, f, "company")  # another connection (another process, as far as mine knows)
        assert changed_on_disk(mine)
        with store_work():  # work in progress: no re-read swaps the data meanwhile
            assert not _in_thread(lambda: reload_if_free(mine))
        assert reload_if_free(mine)
        assert mine.data.count_records("company") == 2
        assert not changed_on_disk(mine) and not reload_if_free(mine)
    finally:
        mine.close()
        other.close()


def _in_thread(fn):
    import threading

    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]
