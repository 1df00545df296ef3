"""Regenerate the workbook corpus and its oracle: ``python tests/core/files/corpus/make_corpus.py``.

Needs openpyxl, xlsxwriter and LibreOffice (``soffice``; Debian package
``libreoffice-calc-nogui``). The tests need none of them: the workbooks and the
oracle CSVs they are compared with are committed beside this script.

Workbooks are written by openpyxl (1900 and 1904 date systems, a hidden first
sheet, data starting at B3, merged cells, errors, times, durations,
high-precision numbers, a leading-zero number format), by xlsxwriter (a chart
on the sheet and a chart sheet, formulas with cached values) and by
LibreOffice (the same workbooks saved as ``.ods``, ``.xls`` and ``.xlsx``).
``mac_1904_extlst.xlsx`` is the 1904 workbook with the second ``workbookPr``
Excel for Mac writes into ``extLst``; ``no_mimetype.ods`` lacks the optional
``mimetype`` member. The oracle is LibreOffice's own CSV export of every sheet
(``oracle/<workbook>-<sheet>.csv``, UTF-8, cells as shown).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
ORACLE = HERE / "oracle"
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

ROWS = [
    # text, number, date, datetime, time, duration, logical, error, zip code (00000)
    [
        "Zażółć gęślą jaźń",
        1.0413926851582251,
        dt.date(2026, 12, 31),
        dt.datetime(2026, 1, 2, 3, 4, 5),
        dt.time(14, 30),
        dt.timedelta(hours=36, minutes=5),
        True,
        "#N/A",
        1234,
    ],
    [
        "0123",
        1e-10,
        dt.date(2000, 2, 29),
        dt.datetime(1999, 12, 31, 23, 59, 59),
        dt.time(0, 0),
        dt.timedelta(minutes=90),
        False,
        "#DIV/0!",
        501,
    ],
    [
        "  spaced  ",
        123456789012345.0,
        dt.date(1970, 1, 1),
        dt.datetime(2026, 6, 30, 12, 0),
        dt.time(23, 59, 59),
        dt.timedelta(0),
        True,
        "#VALUE!",
        0,
    ],
    [None, None, None, None, None, None, None, None, None],  # a blank row keeps its number
    [
        "NIP",
        1234567890.0,
        dt.date(2024, 2, 29),
        dt.datetime(2024, 2, 29, 6, 30),
        dt.time(6, 0, 1),
        dt.timedelta(days=2),
        False,
        "#REF!",
        12,
    ],
    [
        "-0.25",
        -0.25,
        dt.date(1904, 1, 2),
        dt.datetime(1904, 1, 2, 0, 0, 1),
        dt.time(12, 0),
        dt.timedelta(seconds=1),
        True,
        "#NAME?",
        99999,
    ],
    [
        "0.1+0.2",
        0.1 + 0.2,
        dt.date(2099, 12, 31),
        dt.datetime(2099, 12, 31, 23, 59),
        dt.time(1, 2, 3),
        dt.timedelta(hours=100),
        False,
        "#NUM!",
        7,
    ],
]
HEADERS = ["Nazwa", "Liczba", "Data", "Data i czas", "Godzina", "Czas trwania", "Logiczna", "Błąd", "Kod"]
FORMATS = [None, None, "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS", "HH:MM:SS", "[HH]:MM:SS", None, None, "00000"]


def openpyxl_book(path: Path, epoch_1904: bool) -> None:
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "Ukryty"
    hidden.append(["secret", "value"])
    hidden.append(["x", 1])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("Dane")
    if epoch_1904:
        wb.epoch = CALENDAR_MAC_1904
    for c, h in enumerate(HEADERS):
        ws.cell(row=3, column=2 + c, value=h)  # data from B3: rows 1-2 and column A empty
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            if value is None:
                continue
            cell = ws.cell(row=4 + r, column=2 + c, value=value)
            if FORMATS[c]:
                cell.number_format = FORMATS[c]
    last = 4 + len(ROWS)
    ws.cell(row=last, column=2, value="scalone")
    ws.merge_cells(start_row=last, start_column=2, end_row=last, end_column=4)
    ws.cell(row=last, column=5, value=dt.date(2026, 12, 31)).number_format = "YYYY-MM-DD"
    empty = wb.create_sheet("Pusty")
    del empty
    wb.save(path)


def xlsxwriter_book(path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Wykres")
    ws.write_row(0, 0, ["Firma", "Sprzedaż", "Udział", "Wynik"])
    for i in range(1, 8):
        ws.write_string(i, 0, f"Firma {i}")
        ws.write_number(i, 1, i * 1000.5)
        ws.write_formula(i, 2, f"=B{i + 1}/SUM($B$2:$B$8)", None, i * 1000.5 / 28014)
    ws.write_formula(1, 3, "=1/0", None, "#DIV/0!")
    ws.write_formula(2, 3, '=IF(B3>1,"duża","mała")', None, "duża")
    ws.write_formula(3, 3, "=B4>1", None, True)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"categories": "=Wykres!$A$2:$A$8", "values": "=Wykres!$B$2:$B$8"})
    ws.insert_chart("F2", chart)
    sheet = wb.add_chartsheet("Wykres2")
    line = wb.add_chart({"type": "line"})
    line.add_series({"values": "=Wykres!$B$2:$B$8"})
    sheet.set_chart(line)
    wb.close()


def mac_extlst(source: Path, target: Path) -> None:
    """The 1904 workbook with Excel for Mac's second ``workbookPr`` in ``extLst``."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                ext = (
                    '<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" '
                    'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
                    '<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst></workbook>'
                )
                data = data.replace(b"</workbook>", ext.encode())
                assert b"date1904" in data and b"x15:workbookPr" in data
            zout.writestr(item, data)


def without_mimetype(source: Path, target: Path) -> None:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename != "mimetype":
                zout.writestr(item, zin.read(item.filename))


def soffice(*args: str, outdir: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                *args,
                "--outdir",
                str(outdir),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )


def main() -> int:
    if not shutil.which("soffice"):
        print("soffice (LibreOffice) not found: apt-get install libreoffice-calc-nogui", file=sys.stderr)
        return 1
    openpyxl_book(HERE / "openpyxl_1900.xlsx", epoch_1904=False)
    openpyxl_book(HERE / "openpyxl_1904.xlsx", epoch_1904=True)
    mac_extlst(HERE / "openpyxl_1904.xlsx", HERE / "mac_1904_extlst.xlsx")
    xlsxwriter_book(HERE / "xlsxwriter_chart.xlsx")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for fmt in ("ods", "xls"):
            soffice("--convert-to", fmt, str(HERE / "openpyxl_1900.xlsx"), outdir=out)
            shutil.copy(out / f"openpyxl_1900.{fmt}", HERE / f"libreoffice.{fmt}")
        soffice("--convert-to", "xls", str(HERE / "xlsxwriter_chart.xlsx"), outdir=out)
        shutil.copy(out / "xlsxwriter_chart.xls", HERE / "libreoffice_chart.xls")
        soffice("--convert-to", "ods", str(HERE / "openpyxl_1904.xlsx"), outdir=out)
        shutil.copy(out / "openpyxl_1904.ods", HERE / "libreoffice_1904.ods")
        (out / "resave").mkdir()
        soffice("--convert-to", "xlsx", str(HERE / "libreoffice.ods"), outdir=out / "resave")
        shutil.copy(out / "resave" / "libreoffice.xlsx", HERE / "libreoffice.xlsx")
    without_mimetype(HERE / "libreoffice.ods", HERE / "no_mimetype.ods")
    if ORACLE.exists():
        shutil.rmtree(ORACLE)
    ORACLE.mkdir()
    books = sorted(p for p in HERE.iterdir() if p.suffix in (".xlsx", ".xls", ".ods"))
    for book in books:
        source = HERE / "libreoffice.ods" if book.name == "no_mimetype.ods" else book
        if book.name == "mac_1904_extlst.xlsx":
            source = HERE / "openpyxl_1904.xlsx"  # LibreOffice reads both alike
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / f"{book.stem}{source.suffix}"
            shutil.copy(source, copy)
            soffice("--convert-to", _CSV_FILTER, str(copy), outdir=ORACLE)
    print(f"{len(books)} workbooks, {len(list(ORACLE.iterdir()))} oracle CSVs in {HERE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
