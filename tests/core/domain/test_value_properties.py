"""Typed field values, properties: the whole-column (polars) and single-value forms agree,
canonical forms are idempotent, and the fast paths give what the libraries give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from relimport.core.domain.forms import compare_form
from relimport.core.domain.values import (
    decide_decimal,
    email_is_common,
    parse_email,
    parse_value,
    phone_pl_fast,
)
from relimport.core.resolve.values import decide_decimal_series, parse_column


@st.composite
def amounts(draw):
    """An amount as people write it, with its decimal mark."""
    whole = draw(st.integers(min_value=0, max_value=10**12))
    frac = draw(st.text(alphabet="0123456789", max_size=4))
    mark = draw(st.sampled_from([",", "."]))
    group = draw(st.sampled_from(["", " ", "\u00a0", "\u202f", "." if mark == "," else ","]))
    digits = str(whole)
    if group:
        head = len(digits) % 3 or 3
        digits = digits[:head] + "".join(group + digits[i : i + 3] for i in range(head, len(digits), 3))
    sign = draw(st.sampled_from(["", "-", "+"]))
    return sign + digits + (mark + frac if frac or draw(st.booleans()) else ""), mark


@settings(max_examples=300, deadline=None)
@given(amounts())
def test_money_python_and_polars_agree_and_are_idempotent(case):
    text, mark = case
    one = parse_value("money", text, decimal=mark)
    col = parse_column("money", pl.Series([text]), decimal=mark)
    assert (col.values[0], col.reasons[0]) == one
    assert one[0] is not None, text
    assert parse_value("money", one[0], decimal=".") == one
    group = "." if mark == "," else ","
    plain = "".join(ch for ch in text if ch not in (" ", "\u00a0", "\u202f", group)).replace(mark, ".")
    assert Decimal(one[0]) == Decimal(plain.rstrip(".") or "0")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.,- \u00a0", max_size=12), max_size=12))
def test_money_marks_agree(values):
    assert decide_decimal(values) == decide_decimal_series(pl.Series(values, dtype=pl.String))
    col = parse_column("money", pl.Series(values, dtype=pl.String))
    mark = col.choices["decimal"]
    assert list(zip(col.values.to_list(), col.reasons.to_list(), strict=True)) == [
        parse_value("money", v, decimal=mark) for v in values
    ]


def _nip(first9: str) -> str | None:
    check = sum(int(d) * w for d, w in zip(first9, (6, 5, 7, 2, 3, 4, 5, 6, 7), strict=True)) % 11
    return None if check == 10 else first9 + str(check)


@st.composite
def spelled_nips(draw):
    nip = None
    while nip is None:
        nip = _nip(draw(st.text(alphabet="0123456789", min_size=9, max_size=9)))
    style = draw(st.sampled_from(["plain", "dashes", "spaces", "pl", "PL "]))
    if style == "dashes":
        text = f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"
    elif style == "spaces":
        text = f"{nip[:3]} {nip[3:6]} {nip[6:8]} {nip[8:]}"
    else:
        text = (style.strip() if style != "plain" else "") + (" " if style == "PL " else "") + nip
    return nip, text


@settings(max_examples=200, deadline=None)
@given(spelled_nips())
def test_a_nip_and_its_respelling_are_one_value(case):
    nip, text = case
    assert parse_value("nip", text) == (nip, None)
    assert compare_form("nip", text) == compare_form("nip", nip) == nip


@st.composite
def dates(draw):
    d = draw(st.dates(min_value=dt.date(1900, 1, 1)))
    style = draw(st.sampled_from(["iso", "dot", "slash", "dash"]))
    if style == "iso":
        return d, d.isoformat()
    sep = {"dot": ".", "slash": "/", "dash": "-"}[style]
    return d, f"{d.day}{sep}{d.month:02d}{sep}{d.year:04d}"


@settings(max_examples=200, deadline=None)
@given(dates())
def test_dates_canonical_and_idempotent(case):
    d, text = case
    assert parse_value("date", text, date_order="dmy") == (d.isoformat(), None)
    assert parse_value("date", d.isoformat(), date_order="mdy") == (d.isoformat(), None)


_local = st.text(alphabet="abcXYZ019_%+-.", min_size=1, max_size=12)
_label = st.text(alphabet="abcXYZ019-", min_size=1, max_size=8)


@settings(max_examples=400, deadline=None)
@given(
    _local, st.lists(_label, min_size=1, max_size=3), st.sampled_from(["pl", "COM", "test", "x", "museum"])
)
def test_email_fast_path_agrees_with_the_library(local, labels, tld):
    text = f"{local}@{'.'.join(labels)}.{tld}"
    from email_validator import EmailNotValidError, validate_email

    try:
        r = validate_email(text, check_deliverability=False)
        library = f"{r.local_part}@{r.domain.lower()}"
    except EmailNotValidError:
        library = None
    if email_is_common(text):
        assert library == f"{local}@{'.'.join(labels).lower()}.{tld.lower()}"
    assert parse_email(text)[0] == library
    assert parse_column("email", pl.Series([text])).values[0] == library


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["nip", "regon", "email", "phone", "domain", "currency", "tags", "text", "key_text"]),
    st.text(alphabet="aąZ09-@. ,;+()/€zł", max_size=16),
)
def test_canonical_forms_are_idempotent_and_compare_like_their_input(ftype, text):
    value, reason = parse_value(ftype, text)
    if value is None:
        return
    assert parse_value(ftype, value) == (value, None)
    if ftype in ("nip", "regon", "email", "domain", "key_text"):
        # A value and its canonical form find the same record.
        assert compare_form(ftype, value) == compare_form(ftype, text)
    col = parse_column(ftype, pl.Series([text]))
    assert (col.values[0], col.reasons[0]) == (value, reason)


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.sampled_from(["", "+48 ", "0048", "(", "+48-"]),
    st.sampled_from(["", " ", "-"]),
)
def test_phone_fast_path_agrees_with_the_library(digits, prefix, sep):
    import phonenumbers

    text = f"{prefix}{digits[:3]}{sep}{digits[3:6]}{sep}{digits[6:]}"
    try:
        number = phonenumbers.parse(text.replace("(", ""), "PL")
    except phonenumbers.NumberParseException:
        assert phone_pl_fast(text) is None
        return
    library = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    valid = phonenumbers.is_valid_number(number)
    fast = phone_pl_fast(text)
    assert fast is None or (valid and fast == library)
    if valid:
        assert parse_value("phone", text) == (library, None)
        assert parse_column("phone", pl.Series([text])).values[0] == library


def test_common_polish_numbers_take_the_fast_path():
    assert phone_pl_fast("600 000 004") == "+48600000004"
    assert phone_pl_fast("+48 (22) 123-45-67") == "+48221234567"
    assert phone_pl_fast("022 123 45 67") is None  # ten digits: the library reads it
    assert phone_pl_fast("+49 30 1234567") is None
