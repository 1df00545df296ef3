"""Typed cells to text, kind by kind (the workbook readers' common last step)."""

from __future__ import annotations

import datetime as dt

from relimport.core.files.cells import column_text


def test_numbers_at_full_precision():
    values = [1.0413926851582251, 1e-10, 123456789012345.0, 1e16, -0.0, 12.0, 0.1 + 0.2, 2.5, 7, ""]
    assert column_text("n", values).to_list() == [
        "1.0413926851582251",
        "1e-10",
        "123456789012345",
        "1e+16",
        "0",
        "12",
        "0.30000000000000004",
        "2.5",
        "7",
        None,
    ]


def test_each_kind_of_value():
    values = [
        "text",
        "",
        True,
        False,
        dt.date(2026, 12, 31),
        dt.datetime(2026, 12, 31, 14, 30),
        dt.datetime(2026, 1, 1, 0, 0, 0, 250_000),
        dt.time(0, 0),
        dt.time(14, 30, 5),
        dt.timedelta(hours=36, minutes=5),
        dt.timedelta(seconds=-90),
        dt.timedelta(milliseconds=1500),
        "#N/A",
        "a\x00b",
    ]
    assert column_text("c", values).to_list() == [
        "text",
        None,
        "TRUE",
        "FALSE",
        "2026-12-31",
        "2026-12-31 14:30:00",
        "2026-01-01 00:00:00.250",
        "00:00:00",
        "14:30:05",
        "36:05:00",
        "-00:01:30",
        "00:00:01.500",
        "#N/A",
        "ab",
    ]


def test_day_shift_moves_dates_only():
    values = [dt.date(2022, 12, 30), dt.datetime(2022, 12, 30, 6, 0), dt.time(6, 0), 5.0]
    assert column_text("d", values, day_shift=1462).to_list() == [
        "2026-12-31",
        "2026-12-31 06:00:00",
        "06:00:00",
        "5",
    ]
