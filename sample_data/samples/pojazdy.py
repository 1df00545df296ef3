"""``pojazdy.ods``: vehicles and spaces, with the companies that own them in ``Właściciel``."""

from __future__ import annotations

from relimport.sample_data.spreadsheets import Ods, Row, SampleFile

FILE = SampleFile(
    "pojazdy.ods",
    Ods(sheet="Pojazdy i przestrzenie"),
    {
        "Nazwa": "name",
        "Nr rejestracyjny": "code",
        "Rodzaj": "kind",
        "Lokalizacja": "location",
        "Właściciel": None,
    },
    (
        Row(
            "the code written wx-12345 is the same as WX 12345 (kept as first typed) -> unchanged;"
            " Właściciel existing",
            like=("ve", "WX 12345"),
            cells={"Nr rejestracyjny": "wx-12345", "Właściciel": "{co[relacja][name]}"},
        ),
        Row(
            "created; linked",
            cells={
                "Nazwa": "Fiat Ducato",
                "Nr rejestracyjny": "EL 5T882",
                "Rodzaj": "Samochód dostawczy",
                "Lokalizacja": "Łódź",
                "Właściciel": "{co[hydro][name]}",
            },
        ),
        Row(
            "created; a shared space with two owners -> 2 linked",
            cells={
                "Nazwa": "Magazyn Łódź – hala B",
                "Nr rejestracyjny": "MAG-LDZ-B",
                "Rodzaj": "Przestrzeń magazynowa",
                "Lokalizacja": "Łódź, ul. Pomorska 122",
                "Właściciel": "{co[hydro][name]}; {co[tartak][name]}",
            },
        ),
        Row(
            "moved to another city -> updated; owner existing",
            like=("ve", "EL 4H219"),
            cells={"Lokalizacja": "Wrocław", "Właściciel": "{co[hydro][name]}"},
        ),
        Row(
            'created; Właściciel "Polmet" ambiguous',
            cells={
                "Nazwa": "MAN TGL 12.250",
                "Nr rejestracyjny": "BI 66120",
                "Rodzaj": "Samochód ciężarowy",
                "Lokalizacja": "Białystok",
                "Właściciel": "Polmet",
            },
        ),
        Row(
            "only a kind -> missing_key",
            cells={"Rodzaj": "Samochód osobowy", "Lokalizacja": "Kraków", "Właściciel": "{co[wawel][name]}"},
        ),
        Row(
            'created; "Baltyk Logistyka S.A." not found (did you mean "Bałtyk Logistyka S.A.")',
            cells={
                "Nazwa": "Naczepa plandeka Krone",
                "Nr rejestracyjny": "GD 2N907",
                "Rodzaj": "Naczepa",
                "Lokalizacja": "Gdańsk",
                "Właściciel": "Baltyk Logistyka S.A.",
            },
        ),
    ),
)
