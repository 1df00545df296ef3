"""Recipes: a mapping plus file and import options, saved as TOML and replayed.

Written with tomli-w, read with the standard library's tomllib::

    [relimport]
    version = 1
    type = "deal"

    [file]
    encoding = "cp1250"
    delimiter = ";"
    sheet = ""

    [import]
    mode = "upsert"
    replace = false
    all_or_nothing = false
    strict = false            # true: an ignored column or sheet is an error
    decimal = ","             # decimal mark of money columns (default: decided per column)
    date_order = "dmy"        # dmy, mdy or ymd (default: decided per column)

    [[columns]]
    header = "Klient"
    target = "rel:Klient@name"
    separator = ";"

    [[decisions]]             # values settled once (see relimport.core.resolve.resolutions)
    column = "Klient"
    value = "Polmet"
    id = 12                   # or: create = true

    [sheets]                  # workbook imports: sheet name → import type
    Arkusz1 = "company"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from relimport.core.domain.errors import UsageError
from relimport.core.domain.values import DATE_ORDERS, DECIMAL_MARKS
from relimport.core.mapping.columns import Mapping
from relimport.core.mapping.decisions import Decision
from relimport.core.mapping.recipe_schema import check_recipe

RECIPE_VERSION = 1
NO_SEPARATOR = ""


@dataclass(frozen=True)
class RecipeColumn:
    header: str
    target: str
    separator: str | None = None


@dataclass(frozen=True)
class Recipe:
    kind: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    mode: str | None = None
    replace: bool | None = None
    all_or_nothing: bool | None = None
    columns: tuple[RecipeColumn, ...] = field(default_factory=tuple)
    decisions: tuple[Decision, ...] = field(default_factory=tuple)
    #: Workbook sheet name → import kind (for ``--workbook``).
    sheets: dict[str, str] = field(default_factory=dict)
    #: Read the file as this format whatever its suffix (csv, xlsx, xls, ods).
    format: str | None = None
    #: Decimal mark of money columns and order of dates (``None``: decided per column).
    decimal: str | None = None
    date_order: str | None = None
    #: An ignored column or sheet, or a recipe column the file lacks, is an error.
    strict: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"relimport": {"version": RECIPE_VERSION, "type": self.kind}}
        f = {
            k: v
            for k, v in (
                ("encoding", self.encoding),
                ("delimiter", self.delimiter),
                ("sheet", self.sheet),
                ("format", self.format),
            )
            if v is not None
        }
        if f:
            doc["file"] = f
        imp = {
            k: v
            for k, v in (
                ("mode", self.mode),
                ("replace", self.replace),
                ("all_or_nothing", self.all_or_nothing),
                ("strict", self.strict),
                ("decimal", self.decimal),
                ("date_order", self.date_order),
            )
            if v is not None
        }
        if imp:
            doc["import"] = imp
        cols = []
        for c in self.columns:
            d: dict[str, Any] = {"header": c.header, "target": c.target}
            if c.target.startswith("rel:"):
                d["separator"] = c.separator if c.separator is not None else NO_SEPARATOR
            cols.append(d)
        doc["columns"] = cols
        if self.decisions:
            doc["decisions"] = [d.to_json() for d in self.decisions]
        if self.sheets:
            doc["sheets"] = dict(self.sheets)
        return doc


def recipe_from(
    mapping: Mapping,
    *,
    encoding: str | None,
    delimiter: str | None,
    sheet: str | None,
    mode: str,
    replace: bool,
    all_or_nothing: bool,
    decisions: tuple[Decision, ...] = (),
    decimal: str | None = None,
    date_order: str | None = None,
    strict: bool | None = None,
) -> Recipe:
    """The recipe that replays ``mapping`` with these options."""
    cols = tuple(
        RecipeColumn(c.header, c.target_text(), c.separator if c.target == "rel" else None)
        for c in mapping.columns
    )
    return Recipe(
        mapping.kind,
        encoding,
        delimiter,
        sheet,
        mode,
        replace,
        all_or_nothing,
        cols,
        tuple(decisions),
        decimal=decimal,
        date_order=date_order,
        strict=strict,
    )


def save_recipe(recipe: Recipe, path: Path) -> None:
    """Write ``recipe`` as TOML, atomically (a temp file, then a rename); a new file is
    created ``0600``, an existing one keeps its mode.

    Raises:
        UsageError: the file cannot be written (one line).
    """
    from relimport.core.files.export import write_bytes_atomic

    try:
        write_bytes_atomic(Path(path), tomli_w.dumps(recipe.to_dict()).encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the recipe ({exc.strerror})") from None


def load_recipe(path: Path) -> Recipe:
    """Read a recipe file.

    Raises:
        UsageError: missing file, invalid TOML or wrong shape (one line, naming the file).
    """
    name = Path(path).name
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"recipe {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"recipe {name}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"recipe {name}: invalid TOML ({exc})") from None
    check_recipe(doc, name)
    try:
        head = doc.get("relimport", {})
        if int(head.get("version", 1)) > RECIPE_VERSION:
            raise UsageError(f"recipe {name}: version {head['version']} is newer than supported")
        f = doc.get("file", {})
        imp = doc.get("import", {})
        cols = tuple(
            RecipeColumn(
                str(c["header"]),
                str(c.get("target", "skip")),
                (None if c.get("separator") == NO_SEPARATOR else str(c["separator"]))
                if "separator" in c
                else None,
            )
            for c in doc.get("columns", [])
        )
        return Recipe(
            kind=str(head.get("type", "")),
            encoding=f.get("encoding") or None,
            delimiter=f.get("delimiter") or None,
            sheet=(str(f["sheet"]) if f.get("sheet") not in (None, "") else None),
            format=f.get("format") or None,
            mode=imp.get("mode"),
            replace=imp.get("replace"),
            all_or_nothing=imp.get("all_or_nothing"),
            strict=imp.get("strict"),
            decimal=_value_option(imp, "decimal", DECIMAL_MARKS),
            date_order=_value_option(imp, "date_order", DATE_ORDERS),
            columns=cols,
            decisions=tuple(Decision.from_json(d) for d in doc.get("decisions", [])),
            sheets={str(k): str(v) for k, v in (doc.get("sheets") or {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UsageError(f"recipe {name}: wrong shape ({exc})") from None


def _value_option(section: dict[str, Any], name: str, allowed: tuple[str, ...]) -> str | None:
    value = section.get(name)
    if value in (None, ""):
        return None
    if value not in allowed:
        raise ValueError(f"{name} {value!r} is not one of {', '.join(allowed)}")
    return str(value)
