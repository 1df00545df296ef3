"""Delimited text: line ends, quoting and encodings as a spreadsheet reads them; native crashes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from relimport.core.domain.errors import FileError
from relimport.core.domain.options import FileOptions
from relimport.core.files import sheets
from relimport.core.files.decode import OLE_MAGIC
from relimport.core.files.reader import read_table


def cells(path: Path, **options) -> list[tuple]:
    return read_table(path, FileOptions(**options)).frame.rows()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'a,b,c\r1,"x\ny",\r2,z,w\r', [("1", "x\ny", None, 2), ("2", "z", "w", 3)]),
        (
            b'a,b,c\r1,"x\ny",3\r2,,\r4,5,6\r',
            [("1", "x\ny", "3", 2), ("2", None, None, 3), ("4", "5", "6", 4)],
        ),
        (b"a;b\r1;2\r3;4", [("1", "2", 2), ("3", "4", 3)]),
        (b'a,b\n1,"x\r"', [("1", "x\r", 2)]),  # a CR inside the last quoted cell is kept
        (b'a,b\r\n1,"x\r"\r\n2,y\r\n', [("1", "x\r", 2), ("2", "y", 3)]),
        (b'a,b\n1,"x\r\ny"\n', [("1", "x\r\ny", 2)]),
    ],
)
def test_line_ends(tmp_path, raw, expected):
    p = tmp_path / "t.csv"
    p.write_bytes(raw)
    assert cells(p) == expected


@pytest.mark.parametrize("rest", [b"", b'4,"un""even",5\n', b"6,7,8\n" * 50])
def test_a_malformed_row_reads_the_same_whatever_the_rest_holds(tmp_path, rest):
    p = tmp_path / "m.csv"
    p.write_bytes(b'a,b,c\n1,"ab"cd"ef",2\n' + rest)
    assert cells(p)[0] == ("1", 'abcd"ef"', "2", 2)


POLISH_CP1250 = [
    "Łożysko;±0,5 mm",  # only ł and ±: ± is 0xB1, ą in ISO-8859-2
    "Ustawa;§ 5 ust. 2 – „tekst” 20 °C 15 €",
    "Zażółć gęślą jaźń;Śródmieście",
]
POLISH_ISO = ["Zażółć gęślą jaźń;się są idą", "Ściółka;źdźbło § 5, 20 °C"]


@pytest.mark.parametrize("line", POLISH_CP1250)
def test_cp1250_detected(tmp_path, line):
    p = tmp_path / "c.csv"
    p.write_bytes(f"Nazwa;Opis\n{line}\n".encode("cp1250"))
    table = read_table(p)
    assert table.info.encoding == "cp1250"
    assert table.frame.rows()[0][:2] == tuple(line.split(";"))


@pytest.mark.parametrize("line", POLISH_ISO)
def test_iso8859_2_detected(tmp_path, line):
    p = tmp_path / "i.csv"
    p.write_bytes(f"Nazwa;Opis\n{line}\n".encode("iso8859_2"))
    table = read_table(p)
    assert table.info.encoding == "iso8859_2"
    assert table.frame.rows()[0][:2] == tuple(line.split(";"))


def test_chosen_encoding_yielding_controls_is_refused(tmp_path):
    p = tmp_path / "f.csv"
    p.write_bytes("Nazwa;Opis\nA;1\nB;„tekst”\n".encode("cp1250"))
    with pytest.raises(FileError) as info:
        read_table(p, FileOptions(encoding="iso-8859-2"))
    assert str(info.value) == (
        "f.csv: with the encoding iso8859_2, byte 0x84 (offset 17, row 3) reads as a control "
        "character; the file is in another encoding"
    )
    assert cells(p, encoding="cp1250")[1] == ("B", "„tekst”", 3)


def test_password_protected_xlsx_named_as_such(tmp_path):
    p = tmp_path / "secret.xlsx"
    p.write_bytes(OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    with pytest.raises(FileError, match=r"^secret.xlsx: the workbook is password-protected"):
        read_table(p)


def test_encrypted_ods_named_as_such(tmp_path):
    p = tmp_path / "secret.ods"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("content.xml", b"\x8f\x00garbage")
        z.writestr("META-INF/manifest.xml", b"<manifest:encryption-data/>")
    with pytest.raises(FileError, match=r"^secret.ods: the workbook is password-protected"):
        read_table(p)


class PanicException(BaseException):
    """What pyo3 raises for a Rust panic (a BaseException, not an Exception)."""


def test_native_panic_is_one_line(tmp_path, monkeypatch):
    from tests.writers import write_xlsx

    path = write_xlsx(tmp_path / "p.xlsx", {"S": [["a"], ["b"]]})

    def crash(p, name):
        raise PanicException("called `Option::unwrap()` on a `None` value\nstack backtrace: ...")

    monkeypatch.setattr("relimport.core.files.xlsx.open_xlsx", crash)
    with pytest.raises(FileError) as info:
        read_table(path)
    assert str(info.value) == (
        "p.xlsx: not a valid XLSX workbook (the reader crashed: called `Option::unwrap()` on a `None` value)"
    )
    assert sheets.native_crash(PanicException())
