"""Reading ``.xlsx``/``.xlsm`` workbooks: python-calamine for the cells, plus two checks of the XML.

python-calamine (the Rust calamine library) returns every cell with its own
type, which the text of :mod:`relimport.core.files.cells` is made from. Two
things it gets wrong are read from the workbook's XML here:

- error values (``#N/A``, ``#DIV/0!``) come back as empty cells: their codes
  are taken from the sheet XML (cells ``t="e"``);
- older releases take the date system from the last ``workbookPr`` element,
  so a second one in ``extLst`` (Excel for Mac writes one) hides
  ``date1904="1"``: the workbook's own ``workbookPr`` decides, and dates are
  shifted by the difference (1462 days) when the installed library is such a
  release (asked once, of a tiny workbook).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, fromstring

from relimport.core.files.book import Book, Grid

#: Days between the 1900 and the 1904 date systems' day zero.
DAYS_1904 = 1462

_TRUE = {"1", "true", "on"}
_ERROR_CELL = re.compile(rb"<(?:[\w.-]+:)?c\s([^>]*?\bt\s*=\s*[\"']e[\"'][^>]*)>")
_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c\s*>")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>(.*?)</(?:[\w.-]+:)?v\s*>", re.S)
_REF_ATTR = re.compile(rb"\br\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d+)[\"']")
_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(row|c)(\s[^>]*)?>")
_ROW_ATTR = re.compile(rb"\br\s*=\s*[\"'](\d+)[\"']")


def open_xlsx(p: Path, name: str) -> Book:
    import python_calamine  # imported here: delimited files do not need it

    workbook = python_calamine.CalamineWorkbook.from_path(str(p))
    meta = workbook.sheets_metadata
    names = tuple(m.name for m in meta)
    hidden = frozenset(i for i, m in enumerate(meta) if m.visible != python_calamine.SheetVisibleEnum.Visible)
    charts = frozenset(i for i, m in enumerate(meta) if m.typ != python_calamine.SheetTypeEnum.WorkSheet)
    with zipfile.ZipFile(p) as zf:
        paths, shift = _workbook_xml(zf)

    def load(index: int) -> Grid:
        if index in charts:
            return Grid(columns=[], first_row=0, first_col=0)
        sheet = workbook.get_sheet_by_index(index)
        start = sheet.start
        rows = sheet.to_python(skip_empty_area=True) if start is not None else []
        first_row, first_col = start or (0, 0)
        columns: list[list[Any]] = [list(c) for c in zip(*rows, strict=True)] if rows else []
        path = paths[index] if index < len(paths) else None
        if path and columns:
            with zipfile.ZipFile(p) as zf:
                errors = _error_cells(zf, path)
            for (r, c), code in errors.items():
                r, c = r - first_row, c - first_col
                if 0 <= c < len(columns) and 0 <= r < len(columns[c]):
                    columns[c][r] = code
        return Grid(columns=columns, first_row=first_row, first_col=first_col, day_shift=shift)

    return Book(sheets=names, load=load, hidden=hidden, charts=charts)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _workbook_xml(zf: zipfile.ZipFile) -> tuple[list[str | None], int]:
    """The worksheet part of each sheet (in order), and the days calamine's dates are off by."""
    path = _office_document(zf)
    try:
        root = fromstring(zf.read(path))
    except (KeyError, SyntaxError):
        return [], 0
    pr = [el for el in root.iter() if _local(el.tag) == "workbookPr"]
    own = next((el for el in root if _local(el.tag) == "workbookPr"), None)
    is_1904 = own is not None and (own.get("date1904") or "").strip().lower() in _TRUE
    read_as = is_1904
    if _reader_takes_last_workbook_pr():  # older calamine: the last workbookPr anywhere decides
        read_as = bool(pr) and (pr[-1].get("date1904") or "").strip().lower() in _TRUE
    shift = (int(is_1904) - int(read_as)) * DAYS_1904
    targets = _relationships(zf, path)
    paths: list[str | None] = []
    for el in root.iter():
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            paths.append(targets.get(rid or ""))
    return paths, shift


def prepare_reader() -> None:
    """Ask the installed library the one question :func:`open_xlsx` needs answered (kept
    for the process, so the children that read workbooks do not each ask again)."""
    _reader_takes_last_workbook_pr()


@functools.cache
def _reader_takes_last_workbook_pr() -> bool:
    """Whether the installed calamine reads the date system from the last ``workbookPr``.

    Older releases do, so the one Excel for Mac adds to ``extLst`` (without
    ``date1904``) turns a 1904 workbook into a 1900 one. Asked once, of a tiny
    workbook built here: its one date cell reads 2026-12-31 when the library
    gets it right.
    """
    import python_calamine

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": rels
        + f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {ns} xmlns:r="{rel}"><workbookPr date1904="1"/><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets><extLst><ext uri="{x}" xmlns:x15="urn:x15">'
        '<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst></workbook>',
        "xl/_rels/workbook.xml.rels": rels
        + f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet {ns}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" '
        'applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet {ns}><sheetData><row r="1"><c r="A1" s="1"><v>44925</v></c>'
        "</row></sheetData></worksheet>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for part, text in parts.items():
            zf.writestr(part, text)
    buf.seek(0)
    try:
        value = python_calamine.CalamineWorkbook.from_filelike(buf).get_sheet_by_index(0).to_python()[0][0]
    except Exception:
        return False
    return value != dt.date(2026, 12, 31)


def _office_document(zf: zipfile.ZipFile) -> str:
    try:
        rels = fromstring(zf.read("_rels/.rels"))
    except (KeyError, SyntaxError):
        return "xl/workbook.xml"
    for rel in rels:
        if (rel.get("Type") or "").endswith("/officeDocument") and rel.get("Target"):
            return _resolve("", rel.get("Target") or "")
    return "xl/workbook.xml"


def _relationships(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, _, base = part.rpartition("/")
    try:
        rels: Element = fromstring(zf.read(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"))
    except (KeyError, SyntaxError):
        return {}
    return {rel.get("Id") or "": _resolve(folder, rel.get("Target") or "") for rel in rels}


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n - 1


def _error_cells(zf: zipfile.ZipFile, path: str) -> dict[tuple[int, int], str]:
    """(row, column) → error code of every error cell of a worksheet part (0-based)."""
    try:
        data = zf.read(path)
    except KeyError:
        return {}
    if b't="e"' not in data and b"t='e'" not in data:
        return {}
    found: dict[tuple[int, int], str] = {}
    unplaced = False
    for m in _ERROR_CELL.finditer(data):
        attrs = m.group(1)
        if attrs.rstrip().endswith(b"/"):
            continue  # no cached value
        end = _CELL_END.search(data, m.end())
        body = data[m.end() : end.start() if end else len(data)]
        value = _VALUE.search(body)
        if not value:
            continue
        code = html.unescape(value.group(1).decode("utf-8", "replace")).strip()
        ref = _REF_ATTR.search(attrs)
        if ref is None:
            unplaced = True
            break
        found[(int(ref.group(2)) - 1, _column_number(ref.group(1)))] = code
    return _error_cells_by_position(data) if unplaced else found


def _error_cells_by_position(data: bytes) -> dict[tuple[int, int], str]:
    """The same, for parts whose cells do not all say where they are (``r`` is optional)."""
    found: dict[tuple[int, int], str] = {}
    row = col = -1
    for m in _ROW_OR_CELL.finditer(data):
        attrs = m.group(2) or b""
        if m.group(1) == b"row":
            r = _ROW_ATTR.search(attrs)
            row = int(r.group(1)) - 1 if r else row + 1
            col = -1
            continue
        ref = _REF_ATTR.search(attrs)
        col = _column_number(ref.group(1)) if ref else col + 1
        if ref:
            row = int(ref.group(2)) - 1
        if _ERROR_CELL.match(data, m.start()) and not attrs.rstrip().endswith(b"/"):
            end = _CELL_END.search(data, m.end())
            value = _VALUE.search(data[m.end() : end.start() if end else len(data)])
            if value:
                found[(row, col)] = html.unescape(value.group(1).decode("utf-8", "replace")).strip()
    return found
