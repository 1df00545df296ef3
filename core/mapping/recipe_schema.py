"""The shape a recipe file must have: every table, key, type and range, checked up front.

A recipe is a file users edit by hand, so a wrong value gets one line naming the file
and the key (``recipe r.toml: import.replace: expected true or false, got 'no'``) and
exit status 2 — never a guess (``"no"`` is not false) and never an internal error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from relimport.core.domain.errors import UsageError
from relimport.core.domain.options import MODES

#: Ids and versions fit a signed 64-bit integer (the store's id column).
_MAX_INT = 2**63 - 1
_FORMATS = ("csv", "xlsx", "xls", "ods")

Check = Callable[[Any], str | None]  # returns what was expected, or None when fine


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "expected text"


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "expected true or false"


def _int(lo: int, hi: int = _MAX_INT) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number from {lo} to {hi}"
        return None if lo <= value <= hi else f"expected a whole number from {lo} to {hi}"

    return check


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else f"expected one of {', '.join(choices)}"

    return check


def _text_or_index(value: Any) -> str | None:
    if isinstance(value, str):
        return None
    return _int(0, 10_000)(value) and "expected a sheet name or a 0-based sheet number"


def _delimiter(value: Any) -> str | None:
    if isinstance(value, str) and (len(value) == 1 or value in ("tab", "\\t")):
        return None
    return "expected one character (or tab)"


TABLES: dict[str, dict[str, Check]] = {
    "relimport": {"version": _int(1), "type": _text},
    "file": {
        "encoding": _text,
        "delimiter": _delimiter,
        "sheet": _text_or_index,
        "format": _one_of(_FORMATS),
        "decimal": _one_of((",", ".")),
        "date_order": _one_of(("dmy", "mdy", "ymd")),
    },
    "import": {
        "mode": _one_of(MODES),
        "replace": _bool,
        "all_or_nothing": _bool,
        "strict": _bool,
        "decimal": _one_of((",", ".")),
        "date_order": _one_of(("dmy", "mdy", "ymd")),
    },
}
ARRAYS: dict[str, tuple[dict[str, Check], tuple[str, ...]]] = {
    "columns": ({"header": _text, "target": _text, "separator": _text}, ("header",)),
    "decisions": (
        {"column": _text, "value": _text, "id": _int(1), "create": _bool, "remember": _bool},
        ("column", "value"),
    ),
}


def check_recipe(doc: dict[str, Any], name: str) -> None:
    """Raise :class:`UsageError` for the first thing in ``doc`` that is not a valid recipe."""

    def fail(where: str, expected: str, value: Any) -> UsageError:
        return UsageError(f"recipe {name}: {where}: {expected}, got {_show(value)}")

    def check_table(where: str, table: Any, keys: dict[str, Check]) -> None:
        if not isinstance(table, dict):
            raise fail(where, "expected a table", table)
        for key, value in table.items():
            if key not in keys:
                raise UsageError(f"recipe {name}: {where}.{key}: unknown key (known: {', '.join(keys)})")
            if isinstance(value, float) and not math.isfinite(value):
                raise fail(f"{where}.{key}", "expected a finite value", value)
            expected = keys[key](value)
            if expected:
                raise fail(f"{where}.{key}", expected, value)

    known = set(TABLES) | set(ARRAYS) | {"sheets"}
    for key in doc:
        if key not in known:
            raise UsageError(f"recipe {name}: {key}: unknown table (known: {', '.join(sorted(known))})")
    for table, keys in TABLES.items():
        if table in doc:
            check_table(table, doc[table], keys)
    for array, (keys, required) in ARRAYS.items():
        items = doc.get(array, [])
        if not isinstance(items, list):
            raise fail(array, f"expected a list of [[{array}]] tables", items)
        for i, item in enumerate(items, start=1):
            where = f"{array}[{i}]"
            check_table(where, item, keys)
            for key in required:
                if key not in item:
                    raise UsageError(f"recipe {name}: {where}: {key} is missing")
            if array == "decisions" and ("id" in item) == bool(item.get("create", False)):
                raise UsageError(f"recipe {name}: {where}: give either id = N or create = true")
    sheets = doc.get("sheets", {})
    if not isinstance(sheets, dict):
        raise fail("sheets", "expected a table of sheet name = type", sheets)
    for sheet, kind in sheets.items():
        if not isinstance(kind, str):
            raise fail(f"sheets.{sheet}", "expected an import type", kind)
