"""Tables a store reads lazily: built into polars frames column by column on first use.

A backend hands :class:`LazyTables` each table's stored columns and a
:data:`relimport.core.store.model.TableBuilder` that turns them into a frame. A table
nobody asked for is never built; a table asked for some columns builds only those; a
table never replaced keeps its stored columns, so a save writes them back as they were.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    from relimport.core.store.model import TableBuilder


class LazyTables(MutableMapping[Any, pl.DataFrame]):
    """Tables read from the store file, turned into polars frames only when used.

    A table that was never replaced keeps its decoded JSON columns, so saving
    writes them back without a round trip through polars (a 500,000-record table
    an import only looked at costs nothing to save).
    """

    def __init__(
        self,
        raw: dict[Any, dict[str, list[Any]]],
        build: TableBuilder,
        order: list[Any],
    ) -> None:
        self._raw = dict(raw)
        self._build = build
        self._frames: dict[Any, pl.DataFrame] = {}
        self._views: dict[tuple[Any, tuple[str, ...]], pl.DataFrame] = {}
        self._order = list(order)

    def __getitem__(self, key: Any) -> pl.DataFrame:
        if key not in self._frames:
            if key not in self._order:
                raise KeyError(key)
            self._frames[key] = self._build(key, self._raw.get(key), None)
        return self._frames[key]

    def __setitem__(self, key: Any, value: pl.DataFrame) -> None:
        if key not in self._order:
            self._order.append(key)
        self._frames[key] = value
        self._raw.pop(key, None)
        self._views = {k: v for k, v in self._views.items() if k[0] != key}

    def __delitem__(self, key: Any) -> None:
        if key not in self._order:
            raise KeyError(key)
        self._order.remove(key)
        self._frames.pop(key, None)
        self._raw.pop(key, None)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def view(self, key: Any, columns: tuple[str, ...]) -> pl.DataFrame:
        """Some columns of a table, built without building the rest when it is not built yet."""
        if key in self._frames or key not in self._raw:
            return self[key].select(columns)
        cache = (key, columns)
        if cache not in self._views:
            self._views[cache] = self._build(key, self._raw.get(key), columns)
        return self._views[cache]

    @property
    def built(self) -> tuple[Any, ...]:
        """The tables whose whole frame has been built (views of some columns are not)."""
        return tuple(self._frames)

    def rows(self, key: Any, ids: Collection[int]) -> pl.DataFrame:
        """The rows of a table whose ``id`` is one of ``ids``, every column; when the table
        is not built yet, only those rows are (a record of a million is one row's work)."""
        wanted = [int(i) for i in ids]
        if key in self._frames or key not in self._raw:
            return self[key].filter(pl.col("id").is_in(wanted))
        at = self.view(key, ("id",)).select(pl.col("id").is_in(wanted)).to_series().arg_true().to_list()
        raw = self._raw[key]
        return self._build(key, {c: [values[i] for i in at] for c, values in raw.items()}, None)

    def copy(self) -> LazyTables:
        """Another mapping over the same tables: replacing one in either leaves the other alone."""
        twin = LazyTables(self._raw, self._build, self._order)
        twin._frames = dict(self._frames)
        twin._views = dict(self._views)
        return twin

    def raw(self, key: Any) -> dict[str, list[Any]] | None:
        """The decoded JSON columns of an unchanged table, else ``None``."""
        return self._raw.get(key) if key in self._order else None

    def height(self, key: Any) -> int:
        """Rows of a table without building its frame."""
        raw = self.raw(key)
        if raw is not None and key not in self._frames:
            return len(raw.get("id", raw.get("source", [])))
        return self[key].height
