"""``firmy.xlsx``: companies, NIP and REGON as Excel numbers, a second sheet of notes."""

from __future__ import annotations

from relimport.sample_data.spreadsheets import Row, SampleFile, Xlsx

FILE = SampleFile(
    "firmy.xlsx",
    Xlsx(
        sheet="Firmy",
        title="Firmy – import",
        numbers=("NIP", "REGON"),
        widths=((0, 0, 38), (1, 2, 13), (6, 8, 36)),
        notes=(
            "Arkusz 'Firmy' jest arkuszem danych; ten arkusz nie jest importowany.",
            "NIP i REGON są zapisane jako liczby – import czyta je jako tekst bez '.0'.",
            "Polmet bez NIP jest niejednoznaczny: w bazie są dwie firmy o tej nazwie.",
        ),
    ),
    {
        "Nazwa": "name",
        "NIP": "tax_id",
        "REGON": "regon",
        "WWW": "domain",
        "Miasto": "city",
        "Tagi": "tags",
        "Partner": None,
        "Centrala": None,
        "Konkurent": None,
    },
    (
        Row(
            "unchanged; Partner existing; Konkurent linked",
            like=("co", "hydro"),
            cells={"Partner": "{co[termodom][name]}", "Konkurent": "{co[elektromont][name]}"},
        ),
        Row(
            "same domain written as a URL (not a change), new tags -> updated; Partner existing",
            like=("co", "baltyk"),
            cells={
                "WWW": "https://www.baltyk-logistyka.pl/",
                "Tagi": "logistyka; klient VIP; port",
                "Partner": "{co[chlodnia][name]}",
            },
        ),
        Row(
            "created; Centrala linked to an existing company",
            cells={
                "Nazwa": "Hydro-Tech Serwis Poznań Sp. z o.o.",
                "NIP": "7792433421",
                "WWW": "poznan.hydro-tech.pl",
                "Miasto": "Poznań",
                "Tagi": "instalacje; oddział",
                "Centrala": "{co[hydro][name]}",
            },
        ),
        Row(
            "the branch already has another Centrala -> cardinality (kept)",
            like=("co", "baltyk_gdy"),
            cells={"Centrala": "{co[mewa][name]}"},
        ),
        Row(
            "created; two values for the one-valued Centrala -> cardinality, none linked;"
            " REGON 015472931 as an Excel number loses its leading zero and gets it back;"
            " tags separated by a comma",
            cells={
                "Nazwa": "Warsztat Samochodowy Turbo",
                "NIP": "7282817068",
                "REGON": "015472931",
                "WWW": "turbo-warsztat.pl",
                "Miasto": "Łódź",
                "Tagi": "motoryzacja, serwis",
                "Centrala": "{co[hydro][name]}; {co[baltyk][name]}",
            },
        ),
        Row(
            "a company as its own partner -> self_link",
            like=("co", "wawel"),
            cells={"Partner": "{co[wawel][name]}"},
        ),
        Row(
            'Partner "Piekarnia Zloty Klos" not found (did you mean …); Konkurent "Polmet" ambiguous',
            like=("co", "meble"),
            cells={"Partner": "Piekarnia Zloty Klos", "Konkurent": "Polmet"},
        ),
        Row(
            "no NIP/REGON and a name two companies share -> ambiguous record, not imported",
            cells={"Nazwa": "Polmet", "Miasto": "Radom", "Tagi": "metal"},
        ),
        Row(
            "created; its partner is created by row 4 of this same file -> linked",
            cells={
                "Nazwa": "Eko-Serwis Instalacje Sp. z o.o.",
                "NIP": "9542751865",
                "WWW": "eko-serwis.pl",
                "Miasto": "Katowice",
                "Tagi": "instalacje",
                "Partner": "Hydro-Tech Serwis Poznań Sp. z o.o.",
            },
        ),
    ),
)
