"""``osoby_i_firmy.csv``: persons with their companies (UTF-8 with BOM, ``,``)."""

from __future__ import annotations

from relimport.sample_data.samples.osoby import PERSON_COLUMNS
from relimport.sample_data.spreadsheets import Csv, Row, SampleFile

#: Hydro-Tech in the company columns of osoby_i_firmy.csv, its NIP typed plainly.
_HYDRO = {"Firma": "{co[hydro][name]}", "NIP": "{co[hydro][tax_id]}"}
#: A new company shared by two new persons (a fixed, valid NIP).
_KAWIARNIA = {"Firma": "Kawiarnia Pod Arkadami", "NIP": "5833162143"}
_ZOFIA = {"Imię": "Zofia", "Nazwisko": "Wójcik", "E-mail": "zofia.wojcik@hydro-tech.pl"}

FILE = SampleFile(
    "osoby_i_firmy.csv",
    Csv(encoding="utf-8-sig", delimiter=",", newline="\r\n"),
    PERSON_COLUMNS | {"Firma": None, "NIP": None, "WWW": None},
    (
        Row(
            "person created; company matched by a NIP typed with dashes -> unchanged; Firma linked",
            cells=_ZOFIA
            | {"Telefon": "+48 601 222 333", "Stanowisko": "Specjalista ds. zakupów", "Miasto": "Łódź"}
            | _HYDRO
            | {"NIP": "{dashed[hydro]}", "WWW": "{co[hydro][domain]}"},
        ),
        Row(
            "as in the store -> unchanged (the NIP with a PL prefix is the same); Firma existing",
            like=("pe", "anna"),
            cells=_HYDRO | {"NIP": "PL {co[hydro][tax_id]}", "WWW": "{co[hydro][domain]}"},
        ),
        Row(
            "new phone and position -> updated; Firma existing",
            like=("pe", "piotr"),
            cells={"Telefon": "+48 600 100 200", "Stanowisko": "Dyrektor zakupów"} | _HYDRO,
        ),
        Row(
            "a new company shared by two new persons -> 3 created, 2 Firma linked",
            cells={
                "Imię": "Wiktor",
                "Nazwisko": "Żmuda",
                "E-mail": "wiktor.zmuda@kawiarniaarkady.pl",
                "Telefon": "+48 512 000 111",
                "Stanowisko": "Właściciel",
                "Miasto": "Gdańsk",
                "Firma": "Kawiarnia Pod Arkadami",
                "NIP": "583-316-21-43",
                "WWW": "kawiarniaarkady.pl",
            },
        ),
        Row(
            "the second person of the new company",
            cells={
                "Imię": "Oliwia",
                "Nazwisko": "Żmuda",
                "E-mail": "oliwia.zmuda@kawiarniaarkady.pl",
                "Telefon": "+48 512 000 112",
                "Stanowisko": "Kierownik sali",
                "Miasto": "Gdańsk",
            }
            | _KAWIARNIA,
        ),
        Row(
            'e-mail "(at)" -> invalid_value; the row is not imported (an identity value that does'
            " not parse could match a weaker key and duplicate a person)",
            cells={
                "Imię": "Tomasz",
                "Nazwisko": "Lis",
                "E-mail": "tomasz.lis(at)eko-pak.pl",
                "Telefon": "+48 503 404 505",
                "Stanowisko": "Kierownik magazynu",
                "Miasto": "Łódź",
                "Firma": "{co[ekopak][name]}",
                "NIP": "{co[ekopak][tax_id]}",
            },
        ),
        Row(
            "company only, no person -> missing_key",
            cells={"Firma": "{co[stalbud][name]}", "NIP": "{co[stalbud][tax_id]}"},
        ),
        Row("same e-mail as row 2 -> duplicate_in_file", cells=_ZOFIA | _HYDRO),
        Row(
            "works at Polmet Białystok in the store, file says Polmet Poznań -> cardinality (kept)",
            like=("pe", "marek"),
            cells={"Firma": "Polmet", "NIP": "{co[polmet_poz][tax_id]}"},
        ),
        Row(
            'company "Polmet" with no NIP -> ambiguous company; the person is created without Firma',
            cells={
                "Imię": "Adam",
                "Nazwisko": "Kruk",
                "E-mail": "adam.kruk@polmet.com.pl",
                "Telefon": "+48 698 765 432",
                "Stanowisko": "Handlowiec",
                "Miasto": "Poznań",
                "Firma": "Polmet",
            },
        ),
    ),
)
