"""Native readers within limits: a workbook that makes the reader abort, or a zip that
lies about its sizes, is one line (FileError, exit 1) — never an abort of relimport."""

from __future__ import annotations

import io
import os
import signal
import struct
import time
import zipfile
from pathlib import Path

import pytest

from relimport.core.domain.errors import Cancelled, FileError
from relimport.core.files import isolated, sheets
from relimport.core.files.reader import preview_table, read_table
from tests.writers import far_cell_xlsx

pytestmark = pytest.mark.skipif(not isolated.isolation_available(), reason="needs fork")


@pytest.mark.parametrize("read", [read_table, preview_table])
def test_a_cell_at_xfd1048576_is_one_line_not_an_abort(tmp_path, read):
    p = far_cell_xlsx(tmp_path / "far.xlsx")
    assert p.stat().st_size < 10_000
    with pytest.raises(FileError) as err:
        read(p)
    message = str(err.value)
    assert message.startswith("far.xlsx: too large to read") and "\n" not in message
    assert "512.0 GiB" in message


def test_the_readers_crash_is_one_line(tmp_path):
    with pytest.raises(FileError, match=r"^x\.xlsx: cannot be read \(the reader crashed: SIGABRT\)$"):
        isolated.run_isolated(os.abort, name="x.xlsx")
    with pytest.raises(FileError, match=r"^x\.xlsx: cannot be read \(the reader crashed: SIGSEGV\)$"):
        isolated.run_isolated(_segfault, name="x.xlsx")


def _segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)  # runs in the child: its own pid


def _fail(message: str) -> None:
    raise FileError(message)


def _boom() -> None:
    raise KeyError("\x1b]0;title\x07")


def test_errors_in_the_child_come_back_as_they_were():
    with pytest.raises(FileError, match="^a.xlsx: sheet 'X' not found$"):
        isolated.run_isolated(_fail, "a.xlsx: sheet 'X' not found", name="a.xlsx")
    with pytest.raises(FileError, match=r"^a\.xlsx: cannot be read \(KeyError: "):
        isolated.run_isolated(_boom, name="a.xlsx")
    assert isolated.run_isolated(sorted, [3, 1, 2], name="a.xlsx") == [1, 2, 3]


def _children() -> set[str]:
    tasks = Path(f"/proc/{os.getpid()}/task")
    return {pid for t in tasks.iterdir() for pid in (t / "children").read_text().split()}


def test_cancel_kills_the_reader_at_once():
    before = _children() if Path("/proc/self/task").exists() else set()
    start = time.monotonic()
    with pytest.raises(Cancelled):
        isolated.run_isolated(time.sleep, 60, name="slow.xlsx", cancel=lambda: True)
    assert time.monotonic() - start < 5
    if Path("/proc/self/task").exists():
        assert _children() <= before  # the reader is gone (killed and reaped)


def lying_zip(path: Path, real_size: int) -> Path:
    """An XLSX-looking zip whose sheet part inflates to ``real_size`` bytes while its
    local header and central directory both say 1,000."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * real_size)
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: size
    central = data.rfind(b"PK\x01\x02")  # the last central entry is the sheet's
    struct.pack_into("<I", data, central + 24, 1000)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        assert sum(m.file_size for m in z.infolist()) < 2000  # what the directory claims
    return path


def test_a_zip_that_understates_its_sizes_is_counted_as_it_inflates(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_UNCOMPRESSED_BYTES", 16 << 20)
    p = lying_zip(tmp_path / "bomb.xlsx", 64 << 20)
    assert p.stat().st_size < 200_000
    with pytest.raises(FileError, match=r"^bomb\.xlsx: workbook unpacks to more than .*understates"):
        read_table(p)
