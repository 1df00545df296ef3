"""``szanse.csv``: deals as a Polish Excel CSV export (cp1250, ``;``, CRLF, a multi-line cell)."""

from __future__ import annotations

from relimport.sample_data.spreadsheets import Csv, Row, SampleFile

FILE = SampleFile(
    "szanse.csv",
    # Polish Excel: cp1250, semicolons, CRLF rows; the multi-line note keeps its LF inside quotes.
    Csv(encoding="cp1250", delimiter=";", newline="\r\n"),
    {
        "Nazwa": "name",
        "Wartość": "value",
        "Waluta": "currency",
        "Etap": "stage",
        "Data zamknięcia": "close_date",
        "Klient": None,
        "Decydent": None,
        "Produkty": None,
        "Uwagi": None,
    },
    (
        Row(
            "the stored values written another way (185\u00a0000,00 with a no-break space,"
            " 30/06/2025) -> unchanged; every link existing",
            like=("de", "kotlownia"),
            cells={
                "Wartość": "185\u00a0000,00",
                "Data zamknięcia": "30/06/2025",
                "Klient": "{co[hydro][name]}",
                "Decydent": "{pe[anna][email]}",
                "Produkty": "00110;00114",
            },
        ),
        Row(
            "new stage and value -> updated; 00123 existing, 00124 linked;"
            " a multi-line note in the ignored column Uwagi",
            like=("de", "maka"),
            cells={
                "Wartość": "52000,00",
                "Waluta": "PLN",
                "Etap": "Negocjacje",
                "Klient": "{co[klos][name]}",
                "Decydent": "{pe[jozef][email]}",
                "Produkty": "00123;00124",
                "Uwagi": "Klient prosi o rabat\nprzy zamówieniu powyżej 10 t;\nodpowiedzieć do piątku",
            },
        ),
        Row(
            'created; "Tartak Lodz" is not found (did you mean "Tartak Łódź Sp. j.")',
            cells={
                "Nazwa": "Instalacja fotowoltaiki – Tartak Łódź",
                "Wartość": "96000,00",
                "Waluta": "PLN",
                "Etap": "Oferta",
                "Data zamknięcia": "30.09.2025",
                "Klient": "Tartak Lodz",
                "Decydent": "{pe[grzegorz][email]}",
                "Produkty": "00127;00128",
            },
        ),
        Row(
            'created; "Hydrotech" is not found (did you mean "Hydro-Tech Sp. z o.o.")',
            cells={
                "Nazwa": "Serwis instalacji – Hydrotech",
                "Wartość": "12500,00",
                "Waluta": "PLN",
                "Etap": "Kwalifikacja",
                "Data zamknięcia": "2025-05-31",
                "Klient": "Hydrotech",
                "Decydent": "{pe[piotr][email]}",
                "Produkty": "00115",
            },
        ),
        Row(
            'created; "Polmet" is ambiguous (two companies of that name)',
            cells={
                "Nazwa": "Dostawa blachy – Polmet",
                "Wartość": "41000,00",
                "Waluta": "PLN",
                "Etap": "Oferta",
                "Data zamknięcia": "2025-08-29",
                "Klient": "Polmet",
                "Decydent": "{pe[ewa][email]}",
                "Produkty": "00125",
                "Uwagi": "który Polmet? sprawdzić NIP",
            },
        ),
        Row(
            'created; Decydent is "one" and the cell gives two persons -> cardinality',
            cells={
                "Nazwa": "Audyt energetyczny – Odra Chem",
                "Wartość": "5500,00",
                "Waluta": "PLN",
                "Etap": "Analiza potrzeb",
                "Data zamknięcia": "2025-10-15",
                "Klient": "{co[odra][name]}",
                "Decydent": "{pe[bartosz][email]}; {pe[anna][email]}",
                "Produkty": "00129",
            },
        ),
        Row(
            "created; empty value between separators -> invalid (the two names are linked)",
            cells={
                "Nazwa": "Wdrożenie CRM – Medica",
                "Wartość": "18000,00",
                "Waluta": "EUR",
                "Etap": "Kwalifikacja",
                "Data zamknięcia": "2025-11-28",
                "Klient": "{co[medica][name]};;{co[optima][name]}",
                "Produkty": "00116;00117",
            },
        ),
        Row(
            "the deal already has another Decydent -> cardinality (kept; --replace changes it);"
            " Waluta € is EUR (not a change)",
            like=("de", "crm"),
            cells={
                "Waluta": "€",
                "Klient": "{co[wawel][name]}",
                "Decydent": "{pe[agnieszka][email]}",
                "Produkty": "00116;00117",
                "Uwagi": "decyzję przejęła dyr. finansowa",
            },
        ),
        Row(
            'created; Wartość "abc" -> invalid_value (the rest of the row is imported)',
            cells={
                "Nazwa": "Regały wysokiego składowania – Bałtyk Logistyka",
                "Wartość": "abc",
                "Waluta": "EUR",
                "Etap": "Oferta",
                "Data zamknięcia": "2025-12-15",
                "Klient": "{co[baltyk][name]}",
                "Decydent": "{pe[katarzyna][email]}",
                "Produkty": "00119",
            },
        ),
        Row("blank row: skipped, but numbering keeps its place"),
        Row(
            "no Nazwa -> missing_key (nothing of the row is imported)",
            cells={
                "Wartość": "15000,00",
                "Waluta": "PLN",
                "Etap": "Oferta",
                "Data zamknięcia": "2025-06-30",
                "Klient": "{co[stalbud][name]}",
                "Produkty": "00125",
            },
        ),
        Row(
            "same name as row 4 -> duplicate_in_file; its product is still linked to that deal",
            cells={
                "Nazwa": "Instalacja fotowoltaiki – Tartak Łódź",
                "Produkty": "00129",
                "Uwagi": "drugi wiersz",
            },
        ),
        Row(
            "created; a date that does not exist -> invalid_value; the currency zł is read as PLN",
            cells={
                "Nazwa": "Szkolenie zespołu – Wawel Soft",
                "Wartość": "7600,00",
                "Waluta": "zł",
                "Etap": "Oferta",
                "Data zamknięcia": "31.09.2025",
                "Klient": "{co[wawel][name]}",
                "Decydent": "{pe[lukasz][email]}",
                "Produkty": "00118",
            },
        ),
    ),
)
