"""relimport.core.files.reader: real files written to tmp_path, read back as text tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relimport.core.domain.errors import Cancelled, FileError
from relimport.core.files import csvparse, delimited, sheets
from relimport.core.files import decode as textdecode
from relimport.core.files.reader import (
    ROW_COLUMN,
    SUPPORTED_SUFFIXES,
    FileOptions,
    Table,
    preview_table,
    read_table,
)
from tests.writers import write_file, write_ods, write_xlsx

POLISH = "Zażółć gęślą jaźń"


# --- helpers ---------------------------------------------------------------------------


def rows(table: Table) -> list[tuple]:
    """Data rows as tuples, ``__row`` last."""
    return table.frame.rows()


def error_of(path: Path, options: FileOptions | None = None) -> str:
    with pytest.raises(FileError) as info:
        read_table(path, options or FileOptions())
    message = str(info.value)
    assert "\n" not in message and "\r" not in message, message
    assert "Traceback" not in message
    return message


# --- delimited: encodings, delimiters, shapes -----------------------------------------

# (file name, bytes, encoding reported, delimiter, headers, data rows with __row last)
DELIMITED = [
    pytest.param(
        "polish_excel.csv",
        f"Nazwa;Miasto;NIP\r\n{POLISH};Łódź;0123456789\r\nŚliwka Sp. z o.o.;Gdańsk;"
        "0012\r\nŹródło „Ąą”;Kraków;\r\n".encode("cp1250"),
        "cp1250",
        ";",
        ("Nazwa", "Miasto", "NIP"),
        [
            (POLISH, "Łódź", "0123456789", 2),
            ("Śliwka Sp. z o.o.", "Gdańsk", "0012", 3),
            ("Źródło „Ąą”", "Kraków", None, 4),
        ],
        id="cp1250-semicolon-crlf",
    ),
    pytest.param(
        "iso.csv",
        f"Nazwa;Miasto\n{POLISH};Łódź\nŚliwa Ąś;Źdźbło\n".encode("iso8859_2"),
        "iso8859_2",
        ";",
        ("Nazwa", "Miasto"),
        [(POLISH, "Łódź", 2), ("Śliwa Ąś", "Źdźbło", 3)],
        id="iso-8859-2",
    ),
    pytest.param(
        "shared_letters.csv",
        "Imię,Miasto\nŁukasz,Łomża\n".encode("cp1250"),
        "cp1250",
        ",",
        ("Imię", "Miasto"),
        [("Łukasz", "Łomża", 2)],
        id="cp1250-only-letters-both-share",
    ),
    pytest.param(
        "bom.csv",
        f"Nazwa,Miasto\n{POLISH},Łódź\n".encode("utf-8-sig"),
        "utf-8-sig",
        ",",
        ("Nazwa", "Miasto"),
        [(POLISH, "Łódź", 2)],
        id="utf8-bom",
    ),
    pytest.param(
        "plain.csv",
        f"Nazwa,Miasto\n{POLISH},Łódź\n".encode(),
        "utf-8",
        ",",
        ("Nazwa", "Miasto"),
        [(POLISH, "Łódź", 2)],
        id="utf8",
    ),
    pytest.param(
        "le.csv",
        f"Nazwa;Miasto\r\n{POLISH};Łódź\r\n".encode("utf-16"),
        "utf-16",
        ";",
        ("Nazwa", "Miasto"),
        [(POLISH, "Łódź", 2)],
        id="utf16-bom-le",
    ),
    pytest.param(
        "be.csv",
        b"\xfe\xff" + f"Nazwa;Miasto\r\n{POLISH};Łódź\r\n".encode("utf-16-be"),
        "utf-16",
        ";",
        ("Nazwa", "Miasto"),
        [(POLISH, "Łódź", 2)],
        id="utf16-bom-be",
    ),
    pytest.param(
        "tabs.tsv",
        b"a\tb\tc\n1\t2,5\t3;4\n",
        "utf-8",
        "\t",
        ("a", "b", "c"),
        [("1", "2,5", "3;4", 2)],
        id="tab",
    ),
    pytest.param(
        "pipes.txt",
        b"a|b\n1,5|x;y\n2|z\n",
        "utf-8",
        "|",
        ("a", "b"),
        [("1,5", "x;y", 2), ("2", "z", 3)],
        id="pipe",
    ),
    pytest.param(
        "decimal_comma.csv",
        b"Kwota;Opis\n12,50;a\n3,5;b,c,d\n",
        "utf-8",
        ";",
        ("Kwota", "Opis"),
        [("12,50", "a", 2), ("3,5", "b,c,d", 3)],
        id="semicolon-with-decimal-commas",
    ),
    pytest.param(
        "quoted.csv",
        b'Name;Note;Id\n"Kowalski; Jan";"He said ""hi""";0042\n'
        b'"multi\nline";"crlf\r\ninside";7\n\n;;\n"";" ";\n  \nlast;x;\n',
        "utf-8",
        ";",
        ("Name", "Note", "Id"),
        [
            ("Kowalski; Jan", 'He said "hi"', "0042", 2),
            ("multi\nline", "crlf\r\ninside", "7", 3),
            ("last", "x", None, 8),
        ],
        id="quotes-newlines-blank-rows-numbered",
    ),
    pytest.param(
        "crlf_multi.csv",
        b'a,b\r\n1,"x\r\ny\r\nz"\r\n\r\n2,3\r\n,\r\n4,5\r\n',
        "utf-8",
        ",",
        ("a", "b"),
        [("1", "x\r\ny\r\nz", 2), ("2", "3", 4), ("4", "5", 6)],
        id="crlf-multiline-then-blank",
    ),
    pytest.param(
        "leading_blank.csv",
        b"\n;\n  \nA;B\n1;2\n\n\n",
        "utf-8",
        ";",
        ("A", "B"),
        [("1", "2", 5)],
        id="blank-lines-before-header",
    ),
    pytest.param(
        "raw_cells.csv",
        b"a,b,c\n  padded ,,0123\n",
        "utf-8",
        ",",
        ("a", "b", "c"),
        [("  padded ", None, "0123", 2)],
        id="cells-kept-raw-empty-is-null",
    ),
    pytest.param(
        "one_column.csv",
        b"Email\na@b.pl\n\nc@d.pl\n",
        "utf-8",
        ",",
        ("Email",),
        [("a@b.pl", 2), ("c@d.pl", 4)],
        id="single-column",
    ),
    pytest.param(
        "mac.csv",
        b"a;b\r1;2\r3;4\r",
        "utf-8",
        ";",
        ("a", "b"),
        [("1", "2", 2), ("3", "4", 3)],
        id="cr-only-line-ends",
    ),
    pytest.param(
        "stray_quote.csv",
        b'Produkt;Cena\nTV 55" Samsung;2999\nKabel 3";10\n',
        "utf-8",
        ";",
        ("Produkt", "Cena"),
        [('TV 55" Samsung', "2999", 2), ('Kabel 3"', "10", 3)],
        id="stray-quote-inside-unquoted-cell",
    ),
    pytest.param(
        "empty_last.csv",
        b'a;b;c\n"x\ny";1;\n2;3;\n\n4;5;\n',
        "utf-8",
        ";",
        ("a", "b", "c"),
        [("x\ny", "1", None, 2), ("2", "3", None, 3), ("4", "5", None, 5)],
        id="empty-last-cells-with-multiline",
    ),
    pytest.param(
        "one_column.csv",
        b"Nazwa, firma\nKowalski Jan\nNowak; Anna\n",
        "utf-8",
        "\t",
        ("Nazwa, firma",),
        [("Kowalski Jan", 2), ("Nowak; Anna", 3)],
        id="single-column-with-commas-and-semicolons",
    ),
    pytest.param(
        "excel_sep.csv",
        b"sep=;\r\nNazwa;Kwota\r\nA;1,5\r\n",
        "utf-8",
        ";",
        ("Nazwa", "Kwota"),
        [("A", "1,5", 2)],
        id="excel-sep-line",
    ),
    pytest.param(
        "no_final_newline.csv",
        b"a,b\n1,2",
        "utf-8",
        ",",
        ("a", "b"),
        [("1", "2", 2)],
        id="no-final-newline",
    ),
]


@pytest.mark.parametrize(("name", "content", "encoding", "delimiter", "headers", "data"), DELIMITED)
def test_delimited(tmp_path, name, content, encoding, delimiter, headers, data):
    table = read_table(write_file(tmp_path / name, content))
    info = table.info
    assert (info.encoding, info.delimiter, info.headers) == (encoding, delimiter, headers)
    assert (info.format, info.sheet, info.sheets) == ("csv", None, ())
    assert rows(table) == data
    assert info.rows == len(data)
    assert table.frame.columns == [*headers, ROW_COLUMN]
    assert table.frame.dtypes == [pl.String] * len(headers) + [pl.Int64]


def test_info_path_and_sha256(tmp_path):
    import hashlib

    content = b"a;b\n1;2\n"
    path = write_file(tmp_path / "x.csv", content)
    info = read_table(str(path)).info
    assert info.path == str(path)
    assert info.sha256 == hashlib.sha256(content).hexdigest()


def test_empty_headers_get_placeholders(tmp_path):
    table = read_table(write_file(tmp_path / "h.csv", b"Nazwa;;Miasto; \n1;x;3;\n"))
    assert table.info.headers == ("Nazwa", "(column 2)", "Miasto", "(column 4)")
    assert table.info.empty_headers == ("(column 2)", "(column 4)")
    assert rows(table) == [("1", "x", "3", None, 2)]


def test_headers_trimmed(tmp_path):
    table = read_table(write_file(tmp_path / "h.csv", b' Nazwa ;"Miasto "\n1;2\n'))
    assert table.info.headers == ("Nazwa", "Miasto")


@pytest.mark.parametrize(
    ("option", "expected"),
    [(";", ";"), (",", ","), ("tab", "\t"), ("\\t", "\t"), ("\t", "\t"), (None, ";")],
)
def test_delimiter_override(tmp_path, option, expected):
    path = write_file(tmp_path / "o.csv", b"a,b;c\td\n1,2;3\t4\n")
    table = read_table(path, FileOptions(delimiter=option))
    assert table.info.delimiter == expected


def test_encoding_override(tmp_path):
    path = write_file(tmp_path / "e.csv", "Miasto\nŁódź\n".encode("cp1250"))
    table = read_table(path, FileOptions(encoding="windows-1250"))
    assert table.info.encoding == "cp1250"
    assert rows(table) == [("Łódź", 2)]
    # ź is 0x9F in cp1250, a C1 control code in ISO-8859-2: the wrong choice is refused.
    assert error_of(path, FileOptions(encoding="iso-8859-2")) == (
        "e.csv: with the encoding iso8859_2, byte 0x9F (offset 10, row 2) reads as a control "
        "character; the file is in another encoding"
    )


def test_big_cell_and_many_columns(tmp_path):
    big = "ą" * 500_000  # 1 MB of UTF-8
    table = read_table(write_file(tmp_path / "big.csv", f'a;b\n"{big}";x\n'))
    assert rows(table) == [(big, "x", 2)]
    header = ";".join(f"c{i}" for i in range(10_000))
    line = ";".join(str(i) for i in range(10_000))
    wide = read_table(write_file(tmp_path / "wide.csv", f"{header}\n{line}\n\n{line}\n"))
    assert len(wide.info.headers) == 10_000
    assert wide.frame.get_column(ROW_COLUMN).to_list() == [2, 4]
    assert wide.frame.get_column("c9999").to_list() == ["9999", "9999"]


def test_regular_files_take_the_fast_path(tmp_path, monkeypatch):
    """Blank lines, quoted newlines and empty last cells must not need the csv-module path."""

    def boom(*args, **kwargs):
        raise AssertionError("slow path used")

    monkeypatch.setattr(csvparse, "_parse_slow", boom)
    content = b'a;b;c\n"x\r\ny";1;\n\n;;\n2;"3;4";\n' * 50
    table = read_table(write_file(tmp_path / "fast.csv", b"h1;h2;h3\n" + content))
    assert table.info.rows == 150
    assert table.frame.get_column(ROW_COLUMN).head(4).to_list() == [2, 3, 6, 7]


# Fast path (polars) and the csv-module fallback must both match a model of the file.
CELL = st.lists(
    st.sampled_from(["a", "b", " ", ";", ",", '"', "\n", "\r\n", "\t", "ł", "Ł"]), max_size=5
).map("".join)
RECORD = st.one_of(
    st.none(),  # a blank line
    st.lists(CELL, min_size=4, max_size=4),  # cut to the header's width
    st.lists(CELL, min_size=1, max_size=5).map(tuple),  # ragged: kept as is
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    width=st.integers(1, 4),
    body=st.lists(RECORD, max_size=8),
    crlf=st.booleans(),
    final_newline=st.booleans(),
)
def test_fast_and_slow_paths_agree(tmp_path, width, body, crlf, final_newline):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n" if crlf else "\n")
    writer.writerow([f"h{i}" for i in range(width)])
    expected: list[tuple] = []
    problem = None
    for number, record in enumerate(body, start=2):
        if record is None:
            out.write("\n")
            continue
        cells = list(record) if isinstance(record, tuple) else record[:width]
        writer.writerow(cells)
        if not any(c.strip() for c in cells):
            continue  # blank row: dropped, never ragged
        if len(cells) != width:
            problem = problem or f"p.csv: row {number} has {len(cells)} cells, the header has {width}"
        expected.append((*[c or None for c in cells], number))
    text = out.getvalue()
    path = write_file(tmp_path / "p.csv", text if final_newline else text.rstrip("\r\n"))
    options = FileOptions(delimiter=";")
    with pytest.MonkeyPatch.context() as mp:
        for slow in (False, True):
            mp.setattr(csvparse, "_polars_keeps_blank_lines", lambda slow=slow: not slow)
            if problem:
                assert error_of(path, options).startswith(problem), f"slow={slow}"
            elif not expected:
                assert "only a header row" in error_of(path, options), f"slow={slow}"
            else:
                assert rows(read_table(path, options)) == expected, f"slow={slow}"


# --- delimited: errors ----------------------------------------------------------------

ERRORS = [
    ("empty.csv", b"", "empty.csv: file is empty"),
    ("spaces.csv", b"  \r\n\n", "spaces.csv: file is empty"),
    ("bom_only.csv", b"\xef\xbb\xbf", "bom_only.csv: file is empty"),
    ("header.csv", b"a;b\r\n", "header.csv: only a header row, no data"),
    ("header_blank.csv", b"a;b\n\n;\n  \n", "header_blank.csv: only a header row, no data"),
    (
        "more.csv",
        b"a;b;c;d\n1;2;3;4\n\n1;2;3;4;5\n",
        "more.csv: row 4 has 5 cells, the header has 4",
    ),
    ("fewer.csv", b"a;b;c\n1;2;3\n1;2\n", "fewer.csv: row 3 has 2 cells, the header has 3"),
    (
        "fewer_multiline.csv",
        b'a;b;c\n1;2;3\n"x\ny";2\n4;5;6\n',
        "fewer_multiline.csv: row 3 has 2 cells, the header has 3",
    ),
    (
        "fewer_quoted.csv",
        b'a;b;c\n"x\ny";2;3\n"1;2";3\n',
        "fewer_quoted.csv: row 3 has 2 cells, the header has 3",
    ),
    ("many.csv", b"a,b\n1,2,3\n4\n5,6,7\n", "many.csv: row 2 has 3 cells, the header has 2 (and 2"),
    (
        "dup.csv",
        b"Nazwa;Miasto;NIP;Nazwa\n1;2;3;4\n",
        "dup.csv: duplicate column headers: 'Nazwa' (columns 1 and 4)",
    ),
    (
        "dup_norm.csv",
        b"E-mail;Imi\xc4\x99;email\n1;2;3\n",
        "dup_norm.csv: duplicate column headers: 'E-mail', 'email' (columns 1 and 3)",
    ),
    (
        "nul.csv",
        b"a;b\n1;2\x003\n",
        "nul.csv: binary content (NUL byte at offset 7), not a text table",
    ),
    ("zip.csv", b"PK\x03\x04\x14\x00rest", "zip.csv: content is a ZIP archive"),
    ("ole.csv", textdecode.OLE_MAGIC + b"rest", "ole.csv: content is an XLS workbook"),
    ("pdf.csv", b"%PDF-1.7\n", "pdf.csv: content is a PDF document"),
    ("open.csv", b'a;b\n1;"never closed\n2;3\n', "open.csv: row 2: a quoted cell is never closed"),
    (
        "broken_utf8.csv",
        "Miasto\nŁódź\nGdańsk\nKraków\n".encode() + b"Z\xb3e\n",
        "broken_utf8.csv: not valid UTF-8 (byte 0xB3 at offset 32, line 5)",
    ),
    ("reserved.csv", b"__row;b\n1;2\n", "reserved.csv: column header '__row' is reserved"),
    ("open_eof.csv", b'a;b\n1;2\n3;"""', "open_eof.csv: row 3: a quoted cell is never closed"),
    ("extra_eof.csv", b"a;b\n1;2\n3;4;", "extra_eof.csv: row 3 has 3 cells, the header has 2"),
    (
        "utf16_no_bom.csv",
        "a;b\n1;2\n".encode("utf-16-le"),
        "utf16_no_bom.csv: looks like UTF-16 without a byte-order mark",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), ERRORS, ids=[e[0] for e in ERRORS])
def test_delimited_errors(tmp_path, name, content, expected):
    assert expected in error_of(write_file(tmp_path / name, content))


@pytest.mark.parametrize(
    ("options", "content", "expected"),
    [
        (FileOptions(encoding="xyz"), b"a\n1\n", "o.csv: unknown encoding 'xyz'"),
        (FileOptions(encoding="rot13"), b"a\n1\n", "o.csv: unknown encoding 'rot13'"),
        (
            FileOptions(encoding="utf-8"),
            "a;b\nŁ;2\n".encode("cp1250"),
            "o.csv: cannot be decoded as utf-8: byte 0xA3 at offset 4 (line 2)",
        ),
        (FileOptions(delimiter="ab"), b"a\n1\n", "o.csv: invalid delimiter 'ab'"),
        (FileOptions(delimiter='"'), b"a\n1\n", "o.csv: invalid delimiter"),
    ],
)
def test_option_errors(tmp_path, options, content, expected):
    assert expected in error_of(write_file(tmp_path / "o.csv", content), options)


def test_path_errors(tmp_path, monkeypatch):
    assert error_of(tmp_path / "missing.csv") == "missing.csv: file not found"
    (tmp_path / "dir.csv").mkdir()
    assert error_of(tmp_path / "dir.csv") == "dir.csv: is a directory, not a file"
    msg = error_of(write_file(tmp_path / "deals.pdf", b"%PDF"))
    assert msg.startswith("deals.pdf: unsupported file type '.pdf' (supported: .csv")
    assert "(no extension)" in error_of(write_file(tmp_path / "README", b"a\n1\n"))

    locked = write_file(tmp_path / "locked.csv", b"a\n1\n")
    real_open = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "locked.csv":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    assert error_of(locked) == "locked.csv: permission denied"


def test_unexpected_failures_are_file_errors(tmp_path, monkeypatch):
    def crash(*args, **kwargs):
        raise pl.exceptions.ComputeError("boom\nwith a second line")

    monkeypatch.setattr(delimited, "parse_delimited", crash)
    assert error_of(write_file(tmp_path / "x.csv", b"a\n1\n")) == "x.csv: cannot be read (boom)"


def test_progress_and_cancel(tmp_path):
    path = write_file(tmp_path / "p.csv", b"a;b\n1;2\n")
    calls = []
    read_table(path, progress=lambda phase, done, total: calls.append((phase, done, total)))
    assert calls[0] == ("reading", 0, 8)
    assert ("reading", 8, 8) in calls
    assert calls[-1] == ("parsing", 1, 1)
    with pytest.raises(Cancelled):
        read_table(path, cancel=lambda: True)
    xlsx = write_xlsx(tmp_path / "c.xlsx", {"S": [["a"], ["b"]]})
    with pytest.raises(Cancelled):
        read_table(xlsx, cancel=lambda: True)


# --- preview --------------------------------------------------------------------------


def test_preview_reads_the_beginning(tmp_path, monkeypatch):
    # ~1.5 MB: bigger than the first chunk, with quoted line breaks everywhere.
    lines = ["Id;Opis;Miasto"]
    for i in range(20_000):
        lines.append(f'{i:05d};"opis {i}\r\nciąg dalszy; {i}";Łódź' if i % 3 else f"{i:05d};x;")
        if i % 100 == 0:
            lines.append("")
    path = write_file(tmp_path / "big.csv", "\r\n".join(lines) + "\r\n", "cp1250")
    full = read_table(path)
    monkeypatch.setattr(delimited, "_read_all", None)  # a preview never reads the whole file
    for n in (1, 50, 12_000):
        preview = preview_table(path, n_rows=n)
        assert preview.info.rows == n
        assert preview.info.sha256 == ""
        assert preview.info.encoding == "cp1250"
        assert preview.frame.equals(full.frame.head(n))


def test_preview_small_file_and_errors(tmp_path):
    path = write_file(tmp_path / "s.csv", b"a;b\n1;2\n3;4\n")
    assert preview_table(path, n_rows=50).info.rows == 2
    assert preview_table(path, n_rows=1).frame.rows() == [("1", "2", 2)]
    with pytest.raises(FileError, match="only a header row"):
        preview_table(write_file(tmp_path / "h.csv", b"a;b\n"))
    with pytest.raises(FileError, match="duplicate column headers"):
        preview_table(write_file(tmp_path / "d.csv", b"a;a\n1;2\n"))


def test_preview_utf16(tmp_path):
    body = "".join(f"{i};Łódź\r\n" for i in range(30_000))
    path = write_file(tmp_path / "u.csv", "a;b\r\n" + body, "utf-16")
    preview = preview_table(path, n_rows=10)
    assert preview.info.encoding == "utf-16"
    assert preview.frame.rows()[-1] == ("9", "Łódź", 11)


# --- workbooks ------------------------------------------------------------------------


@pytest.fixture
def workbook(tmp_path) -> Path:
    return write_xlsx(
        tmp_path / "crm.xlsx",
        {
            "Notes": [],  # empty first sheet: skipped by default
            "Firmy": [
                [],  # rows 1-2 blank: the header is on row 3
                [],
                ["NIP", "Kwota", "Data", "Kod", None, "Zmiana"],
                [1234567890, 12.5, dt.datetime(2025, 3, 1), "0123", None, dt.datetime(2025, 3, 1, 14, 30)],
                [],  # row 5 left blank
                [5.0, -0.25, None, "  ", "orphan", True],
            ],
            "Osoby": [["Imię", "Nazwisko"], ["Łukasz", "Żółć"]],
        },
    )


def test_xlsx_cells_are_text(workbook):
    table = read_table(workbook)
    info = table.info
    assert (info.format, info.sheet, info.sheets) == ("xlsx", "Firmy", ("Notes", "Firmy", "Osoby"))
    assert (info.encoding, info.delimiter) == (None, None)
    assert info.headers == ("NIP", "Kwota", "Data", "Kod", "(column 5)", "Zmiana")
    assert info.empty_headers == ("(column 5)",)
    assert rows(table) == [
        ("1234567890", "12.5", "2025-03-01", "0123", None, "2025-03-01 14:30:00", 4),
        ("5", "-0.25", None, "  ", "orphan", "TRUE", 6),
    ]
    assert info.rows == 2
    assert len(info.sha256) == 64
    assert table.frame.dtypes == [pl.String] * 6 + [pl.Int64]


@pytest.mark.parametrize(
    ("sheet", "expected"), [("Osoby", "Osoby"), (2, "Osoby"), (" osoby", "Osoby"), (1, "Firmy")]
)
def test_sheet_selection(workbook, sheet, expected):
    table = read_table(workbook, FileOptions(sheet=sheet))
    assert table.info.sheet == expected
    if expected == "Osoby":
        assert rows(table) == [("Łukasz", "Żółć", 2)]


def test_sheet_errors(workbook):
    assert error_of(workbook, FileOptions(sheet="X")) == (
        "crm.xlsx: sheet 'X' not found (sheets: Notes, Firmy, Osoby)"
    )
    assert "sheet 7 not found (sheets: Notes, Firmy, Osoby)" in error_of(workbook, FileOptions(sheet=7))
    assert error_of(workbook, FileOptions(sheet="Notes")) == "crm.xlsx: sheet 'Notes' is empty"


def test_workbook_data_from_row_one_and_placeholders_use_sheet_columns(tmp_path):
    path = write_xlsx(
        tmp_path / "b.xlsx",
        {"S": [[None, "Nazwa", None, "Miasto"], [None, "A", "x", "B"]]},
    )
    table = read_table(path)
    # Column A is empty in the whole sheet; B is the first column read.
    assert table.info.headers == ("Nazwa", "(column 3)", "Miasto")
    assert rows(table) == [("A", "x", "B", 2)]


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        ({"A": [], "B": []}, "w.xlsx: file is empty (every sheet is blank)"),
        ({"A": [["x", "y"]]}, "w.xlsx: only a header row, no data"),
        (
            {"A": [["Nazwa", "nazwa"], [1, 2]]},
            "w.xlsx: duplicate column headers: 'Nazwa', 'nazwa' (columns 1 and 2)",
        ),
    ],
)
def test_workbook_content_errors(tmp_path, sheets, expected):
    assert error_of(write_xlsx(tmp_path / "w.xlsx", sheets)) == expected


def test_workbook_preview(workbook):
    preview = preview_table(workbook, n_rows=1)
    assert rows(preview) == [rows(read_table(workbook))[0]]
    assert preview.info.rows == 1
    assert preview.info.sha256 == ""


def test_ods(tmp_path):
    path = write_ods(
        tmp_path / "a.ods",
        {"Arkusz1": [["NIP", "Miasto"], [1234567890, "Łódź"], [None, None], [12.5, "Gdańsk"]]},
    )
    table = read_table(path)
    assert (table.info.format, table.info.sheet) == ("ods", "Arkusz1")
    assert rows(table) == [("1234567890", "Łódź", 2), ("12.5", "Gdańsk", 4)]


def test_workbook_mismatch_errors(tmp_path, workbook):
    text = write_file(tmp_path / "text.xlsx", b"a;b\n1;2\n")
    assert error_of(text) == ("text.xlsx: not a valid XLSX workbook (content does not match the extension)")
    empty = write_file(tmp_path / "empty.xlsx", b"")
    assert error_of(empty) == "empty.xlsx: file is empty"
    as_xls = write_file(tmp_path / "renamed.xls", workbook.read_bytes())
    assert "renamed.xls: not a valid XLS workbook (content is a ZIP archive" in error_of(as_xls)
    html = write_file(tmp_path / "export.xls", b"<html><table><tr><td>1</td></tr></table></html>")
    assert "export.xls: not a valid XLS workbook (content does not match" in error_of(html)
    ods_as_xlsx = write_file(tmp_path / "o.xlsx", write_ods(tmp_path / "x.ods", {"A": [["a"]]}).read_bytes())
    assert "o.xlsx: not a valid XLSX workbook" in error_of(ods_as_xlsx)
    old = write_file(tmp_path / "old.xlsx", textdecode.OLE_MAGIC + b"\x00" * 100)
    assert "content is an old XLS workbook" in error_of(old)


def test_corrupt_workbook_is_a_file_error(tmp_path):
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<nonsense")
        z.writestr("xl/workbook.xml", "<also nonsense")
    assert error_of(path).startswith("bad.xlsx: ")


def test_zip_bomb_refused(workbook, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_UNCOMPRESSED_BYTES", 1000)
    assert "crm.xlsx: workbook would unpack to" in error_of(workbook)


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")


def test_bytes_that_are_no_supported_text_are_refused(tmp_path):
    """0x81 is undefined in cp1250 and a control code in ISO-8859-2: not text."""
    p = tmp_path / "x.csv"
    p.write_bytes(b"Nazwa,NIP\nA\xff\xfe\xfd\x81,1\n")
    with pytest.raises(FileError, match=r"not text in UTF-8, Windows-1250 or ISO-8859-2 \(byte 0x81"):
        read_table(p)


def test_format_override_reads_any_suffix(tmp_path):
    p = tmp_path / "export.dat"
    p.write_text("Nazwa;NIP\nAcme;123\n", encoding="utf-8")
    with pytest.raises(FileError, match="unsupported file type '.dat'"):
        read_table(p)
    table = read_table(p, FileOptions(format="csv"))
    assert table.info.headers == ("Nazwa", "NIP") and table.frame["Nazwa"].to_list() == ["Acme"]
