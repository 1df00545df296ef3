"""Bytes of a delimited file to UTF-8 for polars: encoding detection and checks.

A byte-order mark wins; then strict UTF-8; then a Polish-aware choice between
Windows-1250 and ISO-8859-2. Workbooks, PDFs and archives saved under a text
suffix are recognised by their magic bytes and refused with a clear message.
"""

from __future__ import annotations

import codecs
import re

from relimport.core.domain.errors import FileError, UsageError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ASCII_BYTES = bytes(range(0x80))
# Polish letters that only one of the two encodings puts on these bytes:
# cp1250 ą ś ź Ą Ś Ź = B9 9C 9F A5 8C 8F; ISO-8859-2 ą ś ź Ą Ś Ź = B1 B6 BC A1 A6 AC.
# Bytes 0x80-0x9F are printable in cp1250 (letters, typographic quotes, dashes) and
# C1 control codes in ISO-8859-2, so each one is evidence for cp1250; B1 B6 BC A1
# A6 AC are ± ¶ ľ ˇ ¦ ¬ in cp1250, unusual in Polish text.
_CP1250_EVIDENCE = bytes(range(0x80, 0xA0)) + b"\xb9\xa5"
_ISO8859_2_EVIDENCE = b"\xb1\xb6\xbc\xa1\xa6\xac"
_HIGH_BYTES = bytes(range(0x80, 0x100))


#: UTF-8 is validated in pieces of this size, so no single call holds the GIL for long
#: (the TUI's event loop keeps running while a worker reads a big file).
_UTF8_STEP = 1 << 22


def _check_utf8(raw: bytes, final: bool) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    for off in range(0, len(raw), _UTF8_STEP):
        end = off + _UTF8_STEP
        decoder.decode(view[off:end], final=final and end >= len(raw))


def decode(name: str, raw: bytes, forced: str | None, *, final: bool) -> tuple[bytes, str]:
    """UTF-8 bytes for polars, and the codec name actually used.

    ``final=False`` means ``raw`` is the beginning of a longer file: a character
    cut at the end is not an error.
    """
    _check_magic(name, raw)
    if forced is not None:
        text = _decode_strict(name, raw, forced, final)
        if forced == "utf-8" and "\x00" not in text:
            return raw.removeprefix(codecs.BOM_UTF8), forced  # already UTF-8: no copy
        return _text_bytes(name, text), forced
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text = _decode_strict(name, raw, codec, final)
            return _text_bytes(name, text), codec
    nul = raw.find(b"\x00")
    if nul >= 0:
        head = raw[:4096]
        if head.count(b"\x00") * 3 > len(head):  # every other byte: UTF-16 text
            raise FileError(
                f"{name}: looks like UTF-16 without a byte-order mark; "
                "choose the encoding utf-16-le or utf-16-be"
            )
        raise FileError(f"{name}: binary content (NUL byte at offset {nul}), not a text table")
    if raw.isascii():
        return raw, "utf-8"
    try:
        _check_utf8(raw, final)
        return raw, "utf-8"
    except UnicodeDecodeError:
        try:  # the exact position, from one decode of the whole buffer (rare path)
            codecs.getincrementaldecoder("utf-8")().decode(raw, final=final)
            return raw, "utf-8"
        except UnicodeDecodeError as exc:
            utf8_error = exc
    at = utf8_error.start
    if _looks_like_broken_utf8(raw, at):
        line = raw.count(b"\n", 0, at) + 1
        raise FileError(
            f"{name}: not valid UTF-8 (byte 0x{raw[at]:02X} at offset {at}, line {line}); "
            "fix the file or choose its encoding"
        )
    high = raw.translate(None, _ASCII_BYTES)
    cp1250 = len(high) - len(high.translate(None, _CP1250_EVIDENCE))
    iso = len(high) - len(high.translate(None, _ISO8859_2_EVIDENCE))
    order = ("iso8859_2", "cp1250") if iso > cp1250 else ("cp1250", "iso8859_2")
    for codec in order:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(raw, final=final)
        except UnicodeDecodeError:
            continue
        if codec == "iso8859_2":
            # ISO-8859-2 maps every byte, but 0x80-0x9F are control codes there, never
            # text: bytes cp1250 does not know either mean the file is not text at all.
            bad = _C1.search(text)
            if bad:
                at = len(text[: bad.start()].encode("iso8859_2"))
                line = raw.count(b"\n", 0, at) + 1
                raise FileError(
                    f"{name}: not text in UTF-8, Windows-1250 or ISO-8859-2 (byte 0x{raw[at]:02X} "
                    f"at offset {at}, line {line}); choose its encoding if it is another one"
                )
        return _text_bytes(name, text), codec
    # Not reached: ISO-8859-2 decodes every byte.
    raise FileError(f"{name}: cannot detect the text encoding; choose it")


_C1 = re.compile("[\x80-\x9f]")


def _looks_like_broken_utf8(raw: bytes, at: int) -> bool:
    """UTF-8 with a damaged byte at ``at``, rather than a legacy code page?

    Around the first invalid byte, real UTF-8 text has many valid multi-byte
    characters and few invalid bytes; cp1250/ISO-8859-2 Polish text is the
    other way round (its letters seldom pair up as valid UTF-8).
    """
    window = raw[max(0, at - (1 << 20)) : at + (1 << 20)]
    text = window.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    ascii_count = len(window.translate(None, _HIGH_BYTES))
    valid = len(text) - invalid - ascii_count  # valid non-ASCII characters
    return valid >= 4 * invalid


def _decode_strict(name: str, raw: bytes, codec: str, final: bool) -> str:
    try:
        return codecs.getincrementaldecoder(codec)().decode(raw, final=final)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise FileError(
            f"{name}: cannot be decoded as {codec}: byte 0x{raw[exc.start]:02X} at offset "
            f"{exc.start} (line {line})"
        ) from None


def _text_bytes(name: str, text: str) -> bytes:
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        raise FileError(f"{name}: binary content (NUL character at position {nul}), not a text table")
    return text.encode("utf-8")


def _check_magic(name: str, raw: bytes) -> None:
    """Workbooks, PDFs and archives saved as .csv: say what they are."""
    kind = None
    if raw.startswith(ZIP_MAGIC):
        kind = "a ZIP archive (an XLSX/ODS workbook?)"
    elif raw.startswith(OLE_MAGIC):
        kind = "an XLS workbook"
    elif raw.startswith(b"%PDF"):
        kind = "a PDF document"
    if kind:
        raise FileError(f"{name}: content is {kind}, not a text table (content does not match the extension)")


def check_encoding(name: str, encoding: str | None) -> str | None:
    if encoding is None or not encoding.strip():
        return None
    try:
        info = codecs.lookup(encoding.strip())
    except LookupError:
        raise UsageError(f"{name}: unknown encoding '{encoding}'") from None
    # Codecs like rot13 or base64 are not text encodings.
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"{name}: unknown encoding '{encoding}'")
    return _codec_name(info.name)


def _codec_name(codec: str) -> str:
    """The name reported in ``TableInfo.encoding`` (ISO codecs as ``iso8859_2``)."""
    name = codecs.lookup(codec).name
    return name.replace("-", "_") if name.startswith("iso8859") else name
