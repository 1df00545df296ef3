"""``osoby.csv``: persons only (UTF-8, ``;``) with a ``Firma`` column naming companies."""

from __future__ import annotations

from relimport.sample_data.spreadsheets import Csv, Row, SampleFile

#: Person columns and the record fields they hold (also in osoby_i_firmy.csv).
PERSON_COLUMNS = {
    "Imię": "first_name",
    "Nazwisko": "last_name",
    "E-mail": "email",
    "Telefon": "phone",
    "Stanowisko": "position",
    "Miasto": "city",
}


FILE = SampleFile(
    "osoby.csv",
    Csv(encoding="utf-8", delimiter=";", newline="\n"),
    PERSON_COLUMNS | {"Firma": None},
    (
        Row(
            "created; Firma linked; Telefon (42) 631-22-11 stored as +48426312211",
            cells={
                "Imię": "Krzysztof",
                "Nazwisko": "Jabłoński",
                "E-mail": "krzysztof.jablonski@hydro-tech.pl",
                "Telefon": "(42) 631-22-11",
                "Stanowisko": "Serwisant",
                "Miasto": "Łódź",
                "Firma": "{co[hydro][name]}",
            },
        ),
        Row(
            "e-mail with an upper-case domain, the same address -> unchanged; Firma existing",
            like=("pe", "anna"),
            cells={"E-mail": "anna.kowalska@Hydro-Tech.PL", "Firma": "{co[hydro][name]}"},
        ),
        Row(
            'created; Firma "Polmet" ambiguous (Białystok or Poznań?)',
            cells={
                "Imię": "Dorota",
                "Nazwisko": "Kruczek",
                "E-mail": "dorota.kruczek@polmet.com.pl",
                "Telefon": "+48 605 333 444",
                "Stanowisko": "Handlowiec",
                "Miasto": "Poznań",
                "Firma": "Polmet",
            },
        ),
        Row(
            'created; Firma "Tartak Lodz" not found (did you mean "Tartak Łódź Sp. j.");'
            " an old number with the trunk zero, 042 633 44 55, stored as +48426334455",
            cells={
                "Imię": "Henryk",
                "Nazwisko": "Drzewiecki",
                "E-mail": "henryk.drzewiecki@tartak-lodz.pl",
                "Telefon": "042 633 44 55",
                "Stanowisko": "Brygadzista",
                "Miasto": "Lodz",
                "Firma": "Tartak Lodz",
            },
        ),
        Row(
            "created; two companies for the one-valued Firma -> cardinality",
            cells={
                "Imię": "Iga",
                "Nazwisko": "Sowińska",
                "E-mail": "iga.sowinska@bitwise.com.pl",
                "Telefon": "+48 607 555 666",
                "Stanowisko": "Konsultant",
                "Miasto": "Kraków",
                "Firma": "{co[wawel][name]}; {co[bitwise][name]}",
            },
        ),
        Row(
            "no e-mail: found by full name -> updated (new position); Firma existing",
            like=("pe", "halina"),
            cells={
                "E-mail": "",
                "Telefon": "",
                "Stanowisko": "Prezes Zarządu, wspólniczka",
                "Firma": "{co[termodom][name]}",
            },
        ),
        Row(
            "bad e-mail -> invalid_value; the row is not imported",
            cells={
                "Imię": "Magdalena",
                "Nazwisko": "Kaczmarczyk",
                "E-mail": "magdalena.kaczmarczyk@",
                "Telefon": "+48 609 777 888",
                "Stanowisko": "Księgowa",
                "Miasto": "Lublin",
                "Firma": "{co[medica][name]}",
            },
        ),
        Row(
            "nothing to identify the person by -> missing_key",
            cells={
                "Telefon": "+48 600 000 000",
                "Stanowisko": "Recepcja",
                "Miasto": "Gdańsk",
                "Firma": "{co[baltyk][name]}",
            },
        ),
        Row(
            "already works at Hydro-Tech -> cardinality (kept; --replace moves him)",
            like=("pe", "piotr"),
            cells={"Firma": "{co[termodom][name]}"},
        ),
    ),
)
