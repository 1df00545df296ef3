"""Typed field values: each accepted spelling → its canonical form, invalid values with
their reason, the whole-column form agreeing with the single-value one, the per-column
decimal mark and date order, and compare forms (properties: test_value_properties.py)."""

from __future__ import annotations

import polars as pl
import pytest

from relimport.core.domain.forms import compare_form, fits
from relimport.core.domain.values import (
    column_choices,
    decide_date_order,
    decide_decimal,
    parse_value,
)
from relimport.core.resolve import values as column_values
from relimport.core.resolve.normalize import fits_expr, form_series
from relimport.core.resolve.values import decide_decimal_series, parse_column

# (type, cell, canonical) — the canonical forms of docs/store-format.md, from spellings people type.
VALID = [
    ("text", "  Acme \t Sp.  z o.o. ", "Acme Sp. z o.o."),
    ("text", "Łódź", "Łódź"),
    ("nip", "526-000-12-46", "5260001246"),
    ("nip", "PL 5260001246", "5260001246"),
    ("nip", "pl5260001246", "5260001246"),
    ("nip", "5260001246", "5260001246"),  # a number cell
    ("nip", "526 000 12 46", "5260001246"),
    ("nip", "DE136695976", "DE136695976"),
    ("nip", "de 136 695 976", "DE136695976"),
    ("nip", "FR40303265045", "FR40303265045"),
    ("regon", "012345675", "012345675"),
    ("regon", "12345675", "012345675"),  # Excel dropped the leading zero
    ("regon", "123456785", "123456785"),
    ("regon", "12345678512347", "12345678512347"),
    ("regon", "123-456-785", "123456785"),
    ("email", "Jan.Kowalski@Firma.PL", "Jan.Kowalski@firma.pl"),
    ("email", "A8@EXAMPLE.COM", "A8@example.com"),
    ("email", "mailto:jan@firma.pl", "jan@firma.pl"),
    ("email", "ząb@wp.pl", "ząb@wp.pl"),
    ("email", "jan@ŁÓDŹ.pl", "jan@łódź.pl"),
    ("phone", "600 000 004", "+48600000004"),
    ("phone", "(22) 123-45-67", "+48221234567"),
    ("phone", "+49 30 1234567", "+49301234567"),
    ("phone", "022 123 45 67", "+48221234567"),  # old trunk zero
    ("phone", "0048 22 123 45 67", "+48221234567"),
    ("phone", "600000004", "+48600000004"),  # a number cell
    ("domain", "https://www.Alfa.pl/", "alfa.pl"),
    ("domain", "alfa.pl", "alfa.pl"),
    ("domain", "http://sklep.alfa.pl:8080/oferta?x=1", "sklep.alfa.pl"),
    ("domain", "WWW.ŁÓDŹ.PL", "łódź.pl"),
    ("money", "1 234,50", "1234.50"),
    ("money", "1.234,50", "1234.50"),
    ("money", "125\u00a0000,50", "125000.50"),
    ("money", "125\u202f000,50", "125000.50"),
    ("money", "10000", "10000.00"),
    ("money", "0,125", "0.125"),
    ("money", "-12,5", "-12.50"),
    ("money", "+7", "7.00"),
    ("money", "-0,00", "0.00"),
    ("money", "007,10", "7.10"),
    ("money", "12,", "12.00"),
    ("currency", "PLN", "PLN"),
    ("currency", "pln", "PLN"),
    ("currency", "zł", "PLN"),
    ("currency", "ZŁ", "PLN"),
    ("currency", "EUR", "EUR"),
    ("currency", "€", "EUR"),
    ("currency", "usd", "USD"),
    ("date", "31.12.2026", "2026-12-31"),
    ("date", "2026-12-31", "2026-12-31"),
    ("date", "31/12/2026", "2026-12-31"),
    ("date", "31-12-2026", "2026-12-31"),
    ("date", "1.2.2026", "2026-02-01"),
    ("date", "2026.12.31", "2026-12-31"),
    ("date", "2026-12-31 14:30:00", "2026-12-31"),  # a workbook date-time cell
    ("key_text", "00042", "00042"),
    ("key_text", " WX  1234A ", "WX 1234A"),
    ("tags", "vip; stały klient", "vip; stały klient"),
    ("tags", "vip, stały klient", "vip; stały klient"),
    ("tags", " vip ;; VIP, b ", "vip; b"),
]

# (type, cell, reason) — the reason is what the problem message says after the header.
INVALID = [
    ("nip", "1234567890", "NIP checksum does not match"),
    ("nip", "12345", "not a NIP (10 digits, or an EU VAT number with its country prefix)"),
    ("nip", "Acme", "not a NIP (10 digits, or an EU VAT number with its country prefix)"),
    ("nip", "DE123456789", "VAT number checksum does not match"),
    ("regon", "12345", "not a REGON (9 or 14 digits)"),
    ("regon", "123456786", "REGON checksum does not match"),
    ("email", "abc", "not an e-mail address (an email address must have an @-sign)"),
    (
        "email",
        "jan@firma",
        "not an e-mail address (the part after the @-sign is not valid. It should have a period)",
    ),
    ("email", "a..b@x.pl", "not an e-mail address (an email address cannot have two periods in a row)"),
    ("phone", "abc", "not a phone number"),
    ("phone", "123", "not a valid phone number"),
    ("domain", "alfa", "not a web address"),
    ("domain", "alfa .pl", "not a web address"),
    ("money", "abc", "not an amount (decimal mark of this column: ',')"),
    ("money", "12.34.56,7", "not an amount (decimal mark of this column: ',')"),
    ("money", "1.23", "not an amount (decimal mark of this column: ',')"),
    ("currency", "XYZ", "not a currency (an ISO 4217 code such as PLN or EUR)"),
    ("currency", "złotówki", "not a currency (an ISO 4217 code such as PLN or EUR)"),
    ("date", "jutro", "not a date"),
    ("date", "31.02.2026", "not a date (no such day in day.month.year order)"),
    ("date", "46022", "not a date"),  # an Excel serial number
]


@pytest.mark.parametrize(("ftype", "cell", "canonical"), VALID)
def test_valid_spellings_become_canonical(ftype, cell, canonical):
    assert parse_value(ftype, cell) == (canonical, None)
    column = parse_column(ftype, pl.Series([cell, None]), decimal=",", date_order="dmy")
    assert column.values.to_list() == [canonical, None]
    assert column.reasons.to_list() == [None, None]


@pytest.mark.parametrize(("ftype", "cell", "reason"), INVALID)
def test_invalid_values_say_why(ftype, cell, reason):
    assert parse_value(ftype, cell) == (None, reason)
    column = parse_column(ftype, pl.Series([cell]), decimal=",", date_order="dmy")
    assert column.values.to_list() == [None]
    assert column.reasons.to_list() == [reason]


@pytest.mark.parametrize("ftype", sorted({t for t, _, _ in VALID}))
def test_empty_cells_are_no_value(ftype):
    assert parse_value(ftype, "  ") == (None, None)
    assert parse_value(ftype, None) == (None, None)
    column = parse_column(ftype, pl.Series(["", " ", None], dtype=pl.String))
    assert column.values.to_list() == [None, None, None] and column.reasons.null_count() == 3


@pytest.mark.parametrize(("ftype", "cell", "canonical"), VALID)
def test_canonical_values_are_fixed_points(ftype, cell, canonical):
    assert parse_value(ftype, canonical, decimal=".") == (canonical, None)


# --- per-column choices -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "mark"),
    [
        (["1 234,50", "10000"], ","),
        (["1.234,50", "2.000"], ","),
        (["1,234.50", "2,000"], "."),
        (["1234.5", "99.99"], "."),
        (["1,234,567"], "."),
        (["1.234.567"], ","),
        (["12,5", "1234.5"], ","),  # a tie: the Polish default
        (["1,234", "2.500", "100"], ","),  # nothing tells: the Polish default
        (["0.125"], "."),  # a leading zero is no thousands group
        (["1234.567"], "."),  # four digits before the mark: no group either
        ([], ","),
    ],
)
def test_decimal_mark_is_decided_per_column(values, mark):
    assert decide_decimal(values) == mark
    assert decide_decimal_series(pl.Series(values, dtype=pl.String)) == mark
    assert column_choices("money", values) == {"decimal": mark}


def test_a_money_column_is_read_with_one_mark_never_per_cell():
    cells = pl.Series(["1,234.50", "2,000", "3,000.00", "12,5"])
    column = parse_column("money", cells)
    assert column.choices == {"decimal": "."}
    assert column.values.to_list() == ["1234.50", "2000.00", "3000.00", None]
    # The user overrides the column's decision.
    column = parse_column("money", cells, decimal=",")
    assert column.values.to_list() == [None, "2.00", None, "12.50"]


@pytest.mark.parametrize(
    ("values", "order"),
    [
        (["31.12.2026", "01.02.2026"], "dmy"),
        (["12/31/2026", "01/02/2026"], "mdy"),
        (["01.02.2026"], "dmy"),  # nothing tells: day first
        (["2026-12-31"], "dmy"),
        (["13/01/2026", "01/13/2026"], "dmy"),  # a tie: day first
    ],
)
def test_date_order_is_decided_per_column(values, order):
    assert decide_date_order(values) == order
    column = parse_column("date", pl.Series(values, dtype=pl.String))
    assert column.choices == {"date_order": order}


def test_a_date_column_is_read_in_one_order():
    column = parse_column(
        "date", pl.Series(["12/31/2026", "12/30/2026", "01/02/2026", "2026-03-04", "31/12/2026"])
    )
    assert column.values.to_list() == ["2026-12-31", "2026-12-30", "2026-01-02", "2026-03-04", None]
    assert column.reasons[4] == "not a date (no such day in month/day/year order)"
    ymd = parse_column("date", pl.Series(["2026-12-31", "31.12.2026"]), date_order="ymd")
    assert ymd.values.to_list() == ["2026-12-31", None]
    assert ymd.reasons[1] == "not a date in year-month-day order"


def _long_column(ftype: str) -> tuple[pl.Series, dict[str, str]]:
    """10,000 cells, at most half of them distinct; for money and dates the cells of
    one repeated value outvote the many distinct values of the other convention."""
    if ftype == "money":
        cells = ["12,5"] * 6000 + [f"{i}.25" for i in range(3990)] + ["abc", " 7 ", None] * 3 + ["1 234,5"]
        return pl.Series(cells, dtype=pl.String), {"decimal": ","}
    if ftype == "date":
        dmy = [f"{d}.{m:02}.{y}" for y in range(2000, 2031) for m in range(1, 13) for d in range(13, 29)]
        cells = ["12/31/2026"] * 6000 + dmy[:3990] + ["31.02.2026", "x", None] * 3 + ["2026-01-02"]
        return pl.Series(cells, dtype=pl.String), {"date_order": "mdy"}
    few = {
        "nip": ["526-000-12-46", "PL 5260001246", "1234567890", "DE136695976"],
        "email": ["Jan@Firma.PL", "zły@", "mailto:a@b.pl", "a.b@x.com"],
        "phone": ["22 123 45 67", "+49 30 1234567", "123", "(022) 123-45-67"],
        "currency": ["PLN", "zł", "€", "XYZ"],
    }[ftype]
    return pl.Series([few[i % len(few)] for i in range(9999)] + [None], dtype=pl.String), {}


@pytest.mark.parametrize("ftype", ["money", "date", "nip", "email", "phone", "currency"])
def test_a_long_column_parses_once_per_value_as_it_would_cell_by_cell(ftype, monkeypatch):
    cells, choices = _long_column(ftype)
    assert cells.len() >= column_values.DISTINCT_MIN_ROWS
    column = parse_column(ftype, cells)
    if choices:
        assert column.choices == choices  # weighed by cells, not by distinct values
    monkeypatch.setattr(column_values, "DISTINCT_MIN_ROWS", 10**9)
    by_cell = parse_column(ftype, cells)
    assert column.choices == by_cell.choices
    assert column.values.to_list() == by_cell.values.to_list()
    assert column.reasons.to_list() == by_cell.reasons.to_list()
    assert column.reasons.null_count() < column.reasons.len()  # some cells are invalid


# --- compare forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "a", "b", "equal"),
    [
        ("nip", "PL 526-000-12-46", "5260001246", True),
        ("nip", "de 136 695 976", "DE136695976", True),
        ("nip", "5260001246", "DE5260001246", False),
        ("regon", "12345675", "012345675", True),
        ("email", "Jan@Firma.PL", "jan@firma.pl", True),
        ("domain", "https://www.Alfa.pl/kontakt", "alfa.pl", True),
        ("key_text", "WX 1234A", "wx-1234a", True),
        ("key_text", "00042", "42", False),  # as typed: leading zeros count
        ("text", "Łódź", "Lodz", False),
        ("id", "0042", "42", True),
    ],
)
def test_compare_forms(kind, a, b, equal):
    assert (compare_form(kind, a) == compare_form(kind, b)) is equal


@pytest.mark.parametrize(
    ("kind", "cell", "fits_it"),
    [
        ("nip", "PL 526-000-12-46", True),
        ("nip", "DE136695976", True),
        ("nip", "Firma 12", False),
        ("nip", "ACME POLSKA", False),
        ("regon", "12345675", True),
        ("regon", "Firma 12345", False),
        ("email", "jan@firma.pl", True),
        ("email", "Jan Kowalski", False),
        ("domain", "alfa.pl", True),
        ("domain", "Acme Sp. z o.o.", False),
        ("id", "17", True),
        ("id", "Firma 17", False),
        ("text", "anything", True),
        ("key_text", "00042", True),
    ],
)
def test_shapes_a_value_must_fit_to_be_tried_under_a_key(kind, cell, fits_it):
    form = compare_form(kind, cell)
    assert fits(kind, form) is fits_it
    col = pl.DataFrame({"f": form_series(kind, pl.Series([cell]))}).select(fits_expr(kind, pl.col("f")))
    assert col.item() is fits_it
