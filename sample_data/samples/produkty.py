"""``produkty.csv``: products (UTF-8, ``,``), SKUs with leading zeros, deals in ``W szansach``."""

from __future__ import annotations

from relimport.sample_data.spreadsheets import Csv, Row, SampleFile

FILE = SampleFile(
    "produkty.csv",
    Csv(encoding="utf-8", delimiter=",", newline="\n"),
    {"Nazwa": "name", "Kod": "sku", "Cena": "price", "Jednostka": "unit", "Tagi": "tags", "W szansach": None},
    (
        Row(
            "unchanged; W szansach existing",
            like=("pr", "00110"),
            cells={"W szansach": "{de[kotlownia][name]}"},
        ),
        Row(
            "new price -> updated; linked to a second deal",
            like=("pr", "00123"),
            cells={"Cena": "64,50", "W szansach": "{de[maka][name]}; {de[drozdze][name]}"},
        ),
        Row(
            "created (SKU 00130 keeps its zeros); linked",
            cells={
                "Nazwa": "Zasobnik c.w.u. 200 l",
                "Kod": "00130",
                "Cena": "2350,00",
                "Jednostka": "szt.",
                "Tagi": "instalacje",
                "W szansach": "{de[kotlownia][name]}",
            },
        ),
        Row(
            "created; price with a thousands space is a number; deal name without Polish letters"
            ' -> not_found (did you mean "Modernizacja kotłowni – Hydro-Tech")',
            cells={
                "Nazwa": "Grzejnik łazienkowy drabinkowy",
                "Kod": "00131",
                "Cena": "1 299,00",
                "Jednostka": "szt.",
                "Tagi": "instalacje",
                "W szansach": "Modernizacja kotlowni – Hydro-Tech",
            },
        ),
        Row(
            "same SKU as row 4 -> duplicate_in_file; its deal is still linked to that product",
            cells={"Nazwa": "Zasobnik c.w.u. 200 l", "Kod": "00130", "W szansach": "{de[odra_serwis][name]}"},
        ),
        Row(
            'created; "ok. 500 zł" is not a number -> invalid_value',
            cells={
                "Nazwa": "Naczynie wzbiorcze 25 l",
                "Kod": "00132",
                "Cena": "ok. 500 zł",
                "Jednostka": "szt.",
                "Tagi": "instalacje",
            },
        ),
        Row(
            "no name and no SKU -> missing_key",
            cells={"Cena": "99,00", "Jednostka": "szt.", "W szansach": "{de[crm][name]}"},
        ),
        Row(
            "new tags (separated by a comma, stored as instalacje; wyprzedaż) -> updated;"
            " empty value between separators -> invalid",
            like=("pr", "00112"),
            cells={
                "Tagi": "instalacje, wyprzedaż",
                "W szansach": "{de[kotlownia][name]};;{de[odra_serwis][name]}",
            },
        ),
    ),
)
