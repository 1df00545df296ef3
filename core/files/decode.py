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
_HIGH_BYTES = bytes(range(0x80, 0x100))
# Bytes 0x80-0x9F are printable in cp1250 (Ś Ź ś ź, typographic quotes „ ”, dashes –,
# €) and C1 control codes in ISO-8859-2: one of them settles it. Otherwise the two
# differ only on these bytes, each a Polish letter in one encoding and a sign or a
# Czech/Slovak letter in the other (ISO ą ś ź Ą Ś Ź = B1 B6 BC A1 A6 AC are
# ± ¶ Ľ ˇ ¦ ¬ in cp1250; cp1250 ą Ą = B9 A5 are š Ľ in ISO-8859-2).
_CP1250_ONLY = bytes(b for b in range(0x80, 0xA0) if b not in (0x81, 0x83, 0x88, 0x90, 0x98))
_AMBIGUOUS = re.compile(rb"[\xa1\xa5\xa6\xa9\xab\xac\xae\xb1\xb5\xb6\xb7\xb9\xbb\xbc\xbe]")
_POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
#: Ambiguous bytes weighed at most (spread over the whole file).
_EVIDENCE_SAMPLE = 50_000


def _letters(codec: str) -> bytes:
    """256 flags: is this byte a letter in ``codec``."""
    return bytes(int(bytes([b]).decode(codec, errors="replace").isalpha()) for b in range(256))


_LETTER = {"cp1250": _letters("cp1250"), "iso8859_2": _letters("iso8859_2")}


def _weight(ch: str, letters_around: int) -> float:
    """How likely ``ch`` is with 0, 1 or 2 letters beside it."""
    if not ch.isalpha():  # a sign: fine beside digits, spaces, punctuation; not inside a word
        return (1.5, 0.5, -2.0)[letters_around]
    if ch in _POLISH:  # alone it is no word; at a word's edge it often is (są, idą)
        return (-2.0, 1.0, 2.0)[letters_around]
    return (-2.5, -1.0, 1.5)[letters_around]  # Czech or Slovak letters: rare in Polish text


def _iso8859_2_likelier(raw: bytes) -> bool:
    """Polish text in ISO-8859-2 rather than cp1250, by the evidence of the whole file.

    Each byte the two read differently is scored in its context under both: a
    letter inside a word is likely (``się``), a letter standing alone is not
    (``ą0,5 mm``); a sign between letters is unlikely (``si¶``), one beside
    digits, spaces or punctuation is likely (``±0,5 mm``). Polish letters weigh
    more than Czech or Slovak ones. Ties go to cp1250, Windows' own.
    """
    high = raw.translate(None, _ASCII_BYTES)
    if len(high) != len(high.translate(None, _CP1250_ONLY)):
        return False
    positions = [m.start() for m in _AMBIGUOUS.finditer(raw)]
    if not positions:
        return False
    step = max(1, len(positions) // _EVIDENCE_SAMPLE)
    score = {"cp1250": 0.0, "iso8859_2": 0.0}
    end = len(raw) - 1
    for at in positions[::step]:
        before = raw[at - 1] if at else 0x20
        after = raw[at + 1] if at < end else 0x20
        for codec, letter in _LETTER.items():
            ch = bytes([raw[at]]).decode(codec)
            score[codec] += _weight(ch, letter[before] + letter[after])
    return score["iso8859_2"] > score["cp1250"]


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
        _check_controls(name, text, forced)
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
    order = ("iso8859_2", "cp1250") if _iso8859_2_likelier(raw) else ("cp1250", "iso8859_2")
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
#: Control characters no text table holds (tab, line ends and NUL are dealt with apart).
_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x80-\x9f]")


def _check_controls(name: str, text: str, codec: str) -> None:
    """A chosen encoding that turns bytes into control characters is the wrong one."""
    bad = _CONTROLS.search(text)
    if not bad:
        return
    at = bad.start()
    before = text[:at]
    offset = len(before.encode(codec, errors="replace"))
    shown = text[at].encode(codec, errors="replace").hex().upper()
    raise FileError(
        f"{name}: with the encoding {codec}, byte 0x{shown} (offset {offset}, row {_row_of(before)}) "
        "reads as a control character; the file is in another encoding"
    )


def _row_of(before: str) -> int:
    """The spreadsheet row of the text that follows ``before`` (quoted line breaks stay in a row)."""
    row, inside, start = 1, False, 0
    while (nl := before.find("\n", start)) >= 0:
        if before.count('"', start, nl) % 2:
            inside = not inside
        if not inside:
            row += 1
        start = nl + 1
    return row


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
