"""Field value types: parsing, validation and the canonical form, one value at a time.

Every field has a type (:data:`FIELD_TYPES`). A value is parsed on the way
in and stored in one canonical form, so the store never holds ``1 234,50`` next to
``1234.50``. Here each rule is plain Python over one value: the store's migration,
``show``, aliases and tests use it, and :mod:`relimport.core.resolve.values` applies
the same rules to whole columns (polars for the common shapes, these functions over a
column's distinct values for the rest). Tests keep the two in agreement. How a key's
values compare (their compare forms) is in :mod:`relimport.core.domain.forms`.

The libraries are the field's well-kept ones, imported on first use (the TUI's first
screen imports this package and must stay light): python-stdnum for NIP, REGON and EU
VAT numbers, phonenumbers for phones, email-validator (no DNS) for e-mail addresses,
iso4217 for currency codes.

Two column-wide choices are never guessed per cell: the decimal mark of a money
column and the day/month order of a date column. :func:`decide_decimal` and
:func:`decide_date_order` make them from all the column's values (or the user
overrides them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from relimport.core.domain.amounts import (  # noqa: F401 - re-exported: the field types' parsers
    DEFAULT_DATE_ORDER,
    DEFAULT_DECIMAL,
    MONEY_SPACES,
    Parsed,
    date_order_of,
    decide_date_order,
    decide_decimal,
    money_mark,
    parse_currency,
    parse_date,
    parse_money,
)
from relimport.core.domain.formula import unguard

#: The value types of fields.
FIELD_TYPES: tuple[str, ...] = (
    "text",
    "nip",
    "regon",
    "email",
    "phone",
    "domain",
    "money",
    "currency",
    "date",
    "key_text",
    "tags",
)
#: Decimal marks of a money column; the other one is the grouping mark.
DECIMAL_MARKS: tuple[str, ...] = (",", ".")
#: Orders of day, month and year in dates whose year comes last (or first: ``ymd``).
DATE_ORDERS: tuple[str, ...] = ("dmy", "mdy", "ymd")


_WS = re.compile(r"\s+")
#: Invisible characters that sneak in from web pages and Word (zero-width space, BOM...).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def tidy_cell(text: str | None) -> str | None:
    """A cell as read: NFC, invisible characters removed, trimmed; empty is ``None``.

    Inner line breaks are kept. The apostrophe relimport puts before a cell that a
    spreadsheet could read as a formula (:mod:`relimport.core.domain.formula`) is
    dropped, so exports re-import as they were.
    """
    if text is None:
        return None
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", unguard(text))).strip()
    return text or None


def clean_cell(text: str | None) -> str | None:
    """:func:`tidy_cell` with inner whitespace collapsed to one space: the ``text`` type."""
    text = tidy_cell(text)
    return _WS.sub(" ", text) if text else None


# --- nip, regon ---------------------------------------------------------------------


def _stdnum_reason(exc: Exception, what: str) -> str:
    name = type(exc).__name__
    if name == "InvalidChecksum":
        return f"{what} checksum does not match"
    return ""


#: Separators people type inside tax numbers: spaces, dashes, dots, slashes.
ID_SEPARATORS = re.compile(r"[\s\-./\u2010-\u2015]+")
#: Fewest digits a foreign VAT number has (a prefixed name such as ``ACMEPOLSKA`` has none).
MIN_VAT_DIGITS = 7


def parse_nip(text: str) -> Parsed:
    """A Polish NIP as 10 digits, or another EU VAT number as its prefix + compact number.

    ``526-000-12-46``, ``PL 5260001246``, ``5260001246`` → ``5260001246``;
    ``DE 136 695 976`` → ``DE136695976``. The checksum must be valid.
    """
    from stdnum.eu import vat
    from stdnum.exceptions import ValidationError
    from stdnum.pl import nip

    text = ID_SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    try:
        return nip.validate(text), None
    except ValidationError as exc:
        pl_error = exc
    compact = nip.compact(text)
    foreign = re.fullmatch(r"[A-Za-z]{2}.*", compact) and not compact.upper().startswith("PL")
    if foreign and sum(ch.isdigit() for ch in compact) >= MIN_VAT_DIGITS:
        try:
            return vat.validate(text), None
        except ValidationError as exc:
            return None, _stdnum_reason(exc, "VAT number") or "not an EU VAT number"
    if compact.isdigit() and len(compact) == 10:
        return None, _stdnum_reason(pl_error, "NIP") or "not a NIP"
    return None, "not a NIP (10 digits, or an EU VAT number with its country prefix)"


def parse_regon(text: str) -> Parsed:
    """A REGON as 9 or 14 digits with a valid checksum.

    A number cell whose leading zero a spreadsheet dropped (``12345675``) gets it back
    when the 9- (or 14-) digit number then has a valid checksum.
    """
    from stdnum.exceptions import ValidationError
    from stdnum.pl import regon

    compact = regon.compact(ID_SEPARATORS.sub("", unicodedata.normalize("NFKC", text)))
    if compact.isdigit() and len(compact) in (8, 13) and regon.is_valid("0" + compact):
        return "0" + compact, None
    try:
        return regon.validate(compact), None
    except ValidationError as exc:
        if compact.isdigit() and len(compact) in (9, 14):
            return None, _stdnum_reason(exc, "REGON") or "not a REGON"
        return None, "not a REGON (9 or 14 digits)"


# --- email, phone, domain -----------------------------------------------------------


_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
#: The common ASCII shape email-validator accepts: atoms of letters, digits and ``_%+-``
#: separated by single dots, then host labels and a top-level domain of letters. Such an
#: address needs no library call (4 µs less than 50 µs a value); every other value goes
#: to email-validator. Written for both Python's and polars' regular expressions; the
#: tests check that the library accepts every address of this shape, unchanged.
EMAIL_COMMON = (
    r"^[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
#: What email-validator refuses among those: a label whose third and fourth characters are
#: dashes (only Punycode may), special-use domains.
EMAIL_REJECTED = r"[@.][A-Za-z0-9][A-Za-z0-9\-]--|\.(?i:arpa|invalid|local|localhost|onion|test)$"
_EMAIL_COMMON = re.compile(EMAIL_COMMON)
_EMAIL_REJECTED = re.compile(EMAIL_REJECTED)


def email_is_common(text: str) -> bool:
    """Whether ``text`` has the common shape that is valid without asking the library."""
    if not _EMAIL_COMMON.search(text) or _EMAIL_REJECTED.search(text):
        return False
    return len(text.encode()) <= 254 and text.index("@") <= 64


def parse_email(text: str) -> Parsed:
    """An e-mail address with its domain lower-cased (syntax checked, no DNS look-up)."""
    if email_is_common(text):
        local, domain = text.rsplit("@", 1)
        return f"{local}@{domain.lower()}", None
    from email_validator import EmailNotValidError, validate_email

    text = _MAILTO.sub("", text).strip()
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        why = str(exc).rstrip(".")
        return None, f"not an e-mail address ({why[:1].lower()}{why[1:]})"
    return f"{result.local_part}@{result.domain.lower()}", None


#: Default region of phone numbers written without a country code.
PHONE_REGION = "PL"


#: Separators inside phone numbers people type: spaces, dashes, dots, brackets, slashes.
PHONE_SEPARATORS = r"[\s\-.()/]"
#: A Polish number written with 9 digits, optionally after +48 or 0048 (separators removed).
PHONE_PL_SHAPE = r"^(?:\+48|0048)?([0-9]{9})$"
_PHONE_SEPARATORS = re.compile(PHONE_SEPARATORS)
_PHONE_PL_SHAPE = re.compile(PHONE_PL_SHAPE)


@cache
def phone_pl_pattern() -> tuple[str, str]:
    """The 9-digit Polish numbers phonenumbers holds valid: a number matching both.

    Built from the library's own metadata for the region (its general pattern, and the
    patterns of every number type with 9-digit numbers), so a common Polish number is
    checked without parsing it (30 µs a value); the tests check the agreement with the
    library.
    """
    from phonenumbers.phonemetadata import PhoneMetadata

    md = PhoneMetadata.metadata_for_region(PHONE_REGION)
    assert md is not None and md.general_desc is not None
    kinds = (
        *("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan"),
        *("voicemail", "fixed_line", "mobile"),
    )
    types = [
        d.national_number_pattern
        for d in (getattr(md, k) for k in kinds)
        if d is not None and d.national_number_pattern and 9 in (d.possible_length or (9,))
    ]
    general = md.general_desc.national_number_pattern
    return f"^(?:{general})$", f"^(?:{'|'.join(types)})$"


def phone_pl_fast(text: str) -> str | None:
    """The E.164 form of a common Polish number, or ``None`` when the library must decide."""
    m = _PHONE_PL_SHAPE.match(_PHONE_SEPARATORS.sub("", text))
    if not m:
        return None
    general, types = phone_pl_pattern()
    national = m.group(1)
    if re.match(general, national) and re.match(types, national):
        return "+48" + national
    return None


def parse_phone(text: str) -> Parsed:
    """A phone number in E.164 (``+48221234567``), numbers without a country code Polish.

    Old Polish numbers with the trunk zero (``022 123 45 67``) are read without it.
    """
    fast = phone_pl_fast(text)
    if fast is not None:
        return fast, None
    import phonenumbers

    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None, "not a phone number"
    if not phonenumbers.is_valid_number(number):
        digits = re.sub(r"\D", "", text)
        if text.lstrip().startswith("0") and not digits.startswith("00") and len(digits) == 10:
            retry = phonenumbers.parse(digits[1:], PHONE_REGION)
            if phonenumbers.is_valid_number(retry):
                number = retry
        if not phonenumbers.is_valid_number(number):
            return None, "not a valid phone number"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://")
_HOST_END = re.compile(r"[/?#].*$")
_PORT = re.compile(r":[0-9]*$")
_HOST_LABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
_HOST = re.compile(rf"(?:{_HOST_LABEL}\.)+[^\W\d_](?:[^\W_]|-)*[^\W_]")


def domain_host(text: str | None) -> str | None:
    """The host of a web address, lower-case, without ``www.``: the domain's compare form.

    ``https://www.Alfa.pl/kontakt`` → ``alfa.pl``. Not validated (see :func:`parse_domain`).
    """
    text = clean_cell(text)
    if not text:
        return None
    text = _SCHEME.sub("", text.lower())
    text = _HOST_END.sub("", text)
    if "@" in text:  # user:password@host; a host starts with no apostrophe (nor a form of it)
        text = text.rsplit("@", 1)[-1].lstrip("'")
    # Trailing dots first, so that a port they hid (``a:.``) goes too: idempotent.
    text = _PORT.sub("", text.strip(" .")).removeprefix("www.").strip(" .")
    return text or None


def parse_domain(text: str) -> Parsed:
    """A web address as its host only, lower-case (``https://www.Alfa.pl/`` → ``alfa.pl``)."""
    host = domain_host(text)
    if host is None or " " in host or not _HOST.fullmatch(host) or "--" in host.replace("xn--", ""):
        return None, "not a web address"
    return host, None


# --- key text, tags ---------------------------------------------------------------------

_KEY_DROP = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def key_text_form(text: str | None) -> str | None:
    """How key text compares: without spaces and dashes, case-folded (``WX 1234A`` = ``wx-1234a``)."""
    text = clean_cell(text)
    if not text:
        return None
    return _KEY_DROP.sub("", text).lower() or None


_TAG_SPLIT = re.compile(r"[;,]")
#: Tags are stored as one text, entries joined by this.
TAG_JOIN = "; "


def parse_tags(text: str) -> Parsed:
    """Tags split on ``;`` or ``,``, each trimmed, empty and repeated ones dropped.

    ``vip, stały klient;VIP`` → ``vip; stały klient``.
    """
    seen: dict[str, str] = {}
    for part in _TAG_SPLIT.split(text):
        tag = clean_cell(part)
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return (TAG_JOIN.join(seen.values()) or None), None


# --- one entry point ------------------------------------------------------------------


def _text(text: str) -> Parsed:
    return text, None


PARSERS: dict[str, Callable[..., Parsed]] = {
    "text": _text,
    "key_text": _text,
    "nip": parse_nip,
    "regon": parse_regon,
    "email": parse_email,
    "phone": parse_phone,
    "domain": parse_domain,
    "money": parse_money,
    "currency": parse_currency,
    "date": parse_date,
    "tags": parse_tags,
}


def parse_value(
    ftype: str,
    text: str | None,
    *,
    decimal: str = DEFAULT_DECIMAL,
    date_order: str = DEFAULT_DATE_ORDER,
) -> Parsed:
    """Parse one cell as a value of type ``ftype``: (canonical, None) or (None, reason).

    The cell is cleaned first (:func:`clean_cell`); an empty cell gives (None, None).
    """
    text = clean_cell(text)
    if text is None:
        return None, None
    if ftype == "money":
        return parse_money(text, decimal)
    if ftype == "date":
        return parse_date(text, date_order)
    return PARSERS[ftype](text)


def column_choices(ftype: str, values: Iterable[str | None]) -> dict[str, Any]:
    """The column-wide choices for parsing ``values`` as ``ftype`` (decimal, date order)."""
    if ftype == "money":
        return {"decimal": decide_decimal(clean_cell(v) for v in values)}
    if ftype == "date":
        return {"date_order": decide_date_order(clean_cell(v) for v in values)}
    return {}
