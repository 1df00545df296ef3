"""Reading OpenDocument spreadsheets (``.ods``) from their ``content.xml``.

relimport reads the XML itself (stdlib expat, streamed) rather than through a
native library: each cell's own value type says what it holds (``float``,
``percentage``, ``currency``, ``date``, ``time``, ``boolean``, ``string``),
LibreOffice marks error cells ``calcext:value-type="error"`` with the code as
their text, and the optional ``mimetype`` member is not needed. Repeated rows
and columns are expanded only where they hold values (a sheet that ends in a
million repeated empty rows costs nothing).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, iterparse

from relimport.core.domain.errors import FileError
from relimport.core.files.book import Book, Grid

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"

_CELL = _TABLE + "table-cell"
_COVERED = _TABLE + "covered-table-cell"
_ROW = _TABLE + "table-row"
_SHEET = _TABLE + "table"
_ANNOTATION = _OFFICE + "annotation"
_MAX_ROWS = 1 << 20
_MAX_COLUMNS = 1 << 14

# How LibreOffice shows a logical value (its own languages' words among them).
_TRUE_WORDS = {"TRUE", "PRAWDA", "WAHR", "VRAI", "VERDADERO", "VERO", "WAAR", "SANT", "PRAVDA"}
_FALSE_WORDS = {"FALSE", "FAŁSZ", "FALSCH", "FAUX", "FALSO", "ONWAAR", "FALSKT", "NEPRAVDA"}
_DURATION = re.compile(r"^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def open_ods(p: Path, name: str) -> Book:
    with zipfile.ZipFile(p) as zf:
        _check_not_encrypted(zf, name)
        with zf.open("content.xml") as fh:
            sheets, hidden = _parse(fh)
    names = tuple(s[0] for s in sheets)
    grids = {i: s[1] for i, s in enumerate(sheets)}
    return Book(
        sheets=names,
        load=lambda index: grids[index],
        hidden=frozenset(i for i, s in enumerate(sheets) if s[2] in hidden),
    )


def _check_not_encrypted(zf: zipfile.ZipFile, name: str) -> None:
    try:
        manifest = zf.read("META-INF/manifest.xml")
    except KeyError:
        return
    if b"encryption-data" in manifest:
        raise FileError(f"{name}: the workbook is password-protected (encrypted); save it without a password")


def _parse(fh: Any) -> tuple[list[tuple[str, Grid, str]], set[str]]:
    """Every sheet's name, cells and style name; the table styles that hide a sheet."""
    sheets: list[tuple[str, Grid, str]] = []
    hidden: set[str] = set()
    rows: list[tuple[int, list[Any]]] = []  # (sheet row, cells) of rows holding values
    row_at = 0
    cells: list[Any] = []
    col_at = 0
    depth_annotation = 0
    sheet_name, sheet_style = "", ""
    for event, el in iterparse(fh, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == _ANNOTATION:
                depth_annotation += 1
            elif tag == _SHEET:
                sheet_name = el.get(_TABLE + "name", f"Sheet{len(sheets) + 1}")
                sheet_style = el.get(_TABLE + "style-name", "")
                rows, row_at = [], 0
            elif tag == _ROW:
                cells, col_at = [], 0
            continue
        if tag == _ANNOTATION:
            depth_annotation -= 1
        elif depth_annotation:
            continue
        elif tag in (_CELL, _COVERED):
            repeat = _count(el.get(_TABLE + "number-columns-repeated"))
            value = _value(el)
            if value != "" and col_at < _MAX_COLUMNS:
                cells.extend([""] * (col_at - len(cells)))
                cells.extend([value] * min(repeat, _MAX_COLUMNS - col_at))
            col_at += repeat
            el.clear()
        elif tag == _ROW:
            repeat = _count(el.get(_TABLE + "number-rows-repeated"))
            if cells and row_at < _MAX_ROWS:
                for k in range(min(repeat, _MAX_ROWS - row_at)):
                    rows.append((row_at + k, cells))
            row_at += repeat
            el.clear()
        elif tag == _SHEET:
            sheets.append((sheet_name, _grid(rows), sheet_style))
            el.clear()
        elif tag == _STYLE + "style" and el.get(_STYLE + "family") == "table":
            props = el.find(_STYLE + "table-properties")
            if props is not None and props.get(_TABLE + "display") == "false":
                hidden.add(el.get(_STYLE + "name", ""))
    return sheets, hidden


def _grid(rows: list[tuple[int, list[Any]]]) -> Grid:
    if not rows:
        return Grid(columns=[], first_row=0, first_col=0)
    first_row = rows[0][0]
    height = rows[-1][0] - first_row + 1
    first_col = min(next((i for i, v in enumerate(cells) if v != ""), len(cells)) for _, cells in rows)
    width = max(len(cells) for _, cells in rows) - first_col
    columns: list[list[Any]] = [[""] * height for _ in range(width)]
    for r, cells in rows:
        at = r - first_row
        for c in range(first_col, len(cells)):
            columns[c - first_col][at] = cells[c]
    return Grid(columns=columns, first_row=first_row, first_col=first_col)


def _count(text: str | None) -> int:
    try:
        return max(1, int(text)) if text else 1
    except ValueError:
        return 1


def _value(el: Element) -> Any:
    """A cell's value by its declared type; its text where it has none (or is an error)."""
    kind = el.get(_OFFICE + "value-type")
    if el.get(_CALCEXT + "value-type") == "error":
        return _paragraphs(el)
    try:
        if kind in ("float", "percentage", "currency"):
            value = float(el.get(_OFFICE + "value", ""))
            if value in (0.0, 1.0) and kind == "float" and el.get(_TABLE + "formula") is not None:
                shown = _paragraphs(el).strip().upper()
                if shown in _TRUE_WORDS or shown in _FALSE_WORDS:
                    return shown in _TRUE_WORDS  # a logical formula's result, shown as such
            return value
        if kind == "date":
            return _date(el.get(_OFFICE + "date-value", ""))
        if kind == "time":
            return _duration(el.get(_OFFICE + "time-value", ""))
        if kind == "boolean":
            return el.get(_OFFICE + "boolean-value", "").strip().lower() in ("true", "1")
    except ValueError:
        pass
    if kind == "string" and el.get(_OFFICE + "string-value") is not None:
        return el.get(_OFFICE + "string-value")
    return _paragraphs(el)


def _date(text: str) -> dt.date | dt.datetime:
    text = text.strip()
    if "T" not in text:
        return dt.date.fromisoformat(text)
    value = dt.datetime.fromisoformat(text.rstrip("Z"))
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return value.date() if value.time() == dt.time() else value


def _duration(text: str) -> dt.time | dt.timedelta:
    """``PT14H30M00S``: a time of day when under a day, else a duration (``36:05:00``)."""
    m = _DURATION.match(text.strip())
    if not m:
        raise ValueError(text)
    sign, days, hours, minutes, seconds = m.groups()
    total = dt.timedelta(
        days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0), seconds=float(seconds or 0)
    )
    total = dt.timedelta(milliseconds=round(total / dt.timedelta(milliseconds=1)))
    if not sign and total < dt.timedelta(days=1):
        return (dt.datetime.min + total).time()
    return -total if sign else total


def _paragraphs(el: Element) -> str:
    parts: list[str] = []
    for child in el:
        if child.tag == _TEXT + "p" or child.tag == _TEXT + "h":
            if parts:
                parts.append("\n")
            _inline(child, parts)
    return "".join(parts)


def _inline(el: Element, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if tag == _TEXT + "s":
            parts.append(" " * _count(child.get(_TEXT + "c")))
        elif tag == _TEXT + "tab":
            parts.append("\t")
        elif tag == _TEXT + "line-break":
            parts.append("\n")
        elif tag != _ANNOTATION and tag != _TEXT + "note":
            _inline(child, parts)
        if child.tail:
            parts.append(child.tail)
