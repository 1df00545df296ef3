"""relimport.core.files: delimited text that cannot be read (one line each), progress and cancel, previews."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from relimport.core.domain.errors import Cancelled, FileError
from relimport.core.files import decode as textdecode
from relimport.core.files import delimited
from relimport.core.files.reader import (
    FileOptions,
    preview_table,
    read_table,
)
from tests.core.files.expect import error_of
from tests.writers import write_file, write_xlsx

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
