"""relimport.core.files: delimited text read back as tables — encodings, delimiters, shapes, overrides."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relimport.core.files import csvparse
from relimport.core.files.reader import (
    ROW_COLUMN,
    FileOptions,
    read_table,
)
from tests.core.files.expect import error_of, rows
from tests.writers import write_file

POLISH = "Zażółć gęślą jaźń"

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
