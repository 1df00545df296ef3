"""The demo's raw material: Polish companies, people, products, vehicles, deal templates,
and the NIP/REGON check-digit helpers. Used by ``build_demo.py``."""

from __future__ import annotations

import unicodedata

# --- small helpers ---------------------------------------------------------------------

_FOLD = str.maketrans({"ł": "l", "Ł": "L"})


def ascii_fold(text: str) -> str:
    """``Łukasz Dąbrowski`` -> ``Lukasz Dabrowski`` (for e-mail addresses)."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def nip_check(first9: str) -> int:
    """The NIP check digit (10 = the 9 digits cannot start a valid NIP)."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    return sum(int(d) * w for d, w in zip(first9, weights, strict=True)) % 11


def regon_check(first8: str) -> int:
    weights = (8, 9, 2, 3, 4, 5, 6, 7)
    r = sum(int(d) * w for d, w in zip(first8, weights, strict=True)) % 11
    return 0 if r == 10 else r


def is_valid_nip(nip: str) -> bool:
    return len(nip) == 10 and nip.isdigit() and nip_check(nip[:9]) == int(nip[9])


def with_check(first9: str) -> str:
    """A full NIP from its first nine digits (fixed NIPs of new companies in the samples)."""
    check = nip_check(first9)
    assert check != 10, first9
    return first9 + str(check)


def fmt_nip(nip: str) -> str:
    """``7251234567`` -> ``725-123-45-67`` (how NIPs are often typed)."""
    return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"


# --- the people and companies of the demo ----------------------------------------------

#: city -> (NIP tax-office prefixes, REGON voivodeship prefix, phone area code)
CITIES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "Łódź": (("725", "726", "727", "728"), "47", "42"),
    "Gdańsk": (("583", "584", "604"), "19", "58"),
    "Gdynia": (("586",), "19", "58"),
    "Kraków": (("676", "677", "678", "679", "945"), "35", "12"),
    "Wrocław": (("894", "895", "896", "897", "898", "899"), "93", "71"),
    "Poznań": (("777", "778", "779", "781", "782"), "63", "61"),
    "Białystok": (("542", "966"), "20", "85"),
    "Warszawa": (("521", "522", "525", "526", "527", "951"), "14", "22"),
    "Katowice": (("634", "954"), "24", "32"),
    "Lublin": (("712", "946"), "43", "81"),
    "Szczecin": (("851", "852", "955"), "81", "91"),
    "Rzeszów": (("813",), "69", "17"),
}

# Short keys (left) name the companies the sample files and links refer to.
COMPANIES: list[tuple[str, str, str, str, str]] = [
    # key, name, city, domain, tags
    ("relacja", "Relacja Consulting Sp. z o.o.", "Warszawa", "relacja.com.pl", "nasza firma"),
    ("hydro", "Hydro-Tech Sp. z o.o.", "Łódź", "hydro-tech.pl", "instalacje; klient VIP"),
    (
        "hydro_wro",
        "Hydro-Tech Serwis Wrocław Sp. z o.o.",
        "Wrocław",
        "wroclaw.hydro-tech.pl",
        "instalacje; oddział",
    ),
    (
        "hydro_gda",
        "Hydro-Tech Serwis Gdańsk Sp. z o.o.",
        "Gdańsk",
        "gdansk.hydro-tech.pl",
        "instalacje; oddział",
    ),
    ("klos", "Piekarnia Złoty Kłos", "Kraków", "zlotyklos.pl", "spożywcza"),
    ("polmet_bia", "Polmet", "Białystok", "polmet-bialystok.pl", "metal"),
    ("polmet_poz", "Polmet", "Poznań", "polmet.com.pl", "metal; hurt"),
    ("tartak", "Tartak Łódź Sp. j.", "Łódź", "tartak-lodz.pl", "drewno"),
    ("baltyk", "Bałtyk Logistyka S.A.", "Gdańsk", "baltyk-logistyka.pl", "logistyka; klient VIP"),
    (
        "baltyk_gdy",
        "Bałtyk Logistyka Oddział Gdynia",
        "Gdynia",
        "gdynia.baltyk-logistyka.pl",
        "logistyka; oddział",
    ),
    (
        "baltyk_szc",
        "Bałtyk Logistyka Oddział Szczecin",
        "Szczecin",
        "szczecin.baltyk-logistyka.pl",
        "logistyka; oddział",
    ),
    ("wawel", "Wawel Soft Sp. z o.o.", "Kraków", "wawelsoft.pl", "IT"),
    ("odra", "Odra Chem S.A.", "Wrocław", "odrachem.pl", "chemia"),
    (
        "mleczarnia",
        "Mleczarnia Wielkopolska Sp. z o.o.",
        "Poznań",
        "mleczarnia-wlkp.pl",
        "spożywcza",
    ),
    ("meble", "Podlaskie Meble Sp. z o.o.", "Białystok", "podlaskiemeble.pl", "meble"),
    (
        "elektromont",
        "Elektro-Mont Sp. z o.o.",
        "Katowice",
        "elektro-mont.pl",
        "instalacje; energia",
    ),
    ("akapit", "Drukarnia Akapit s.c.", "Lublin", "akapit-druk.pl", "poligrafia"),
    ("stalbud", "Stalbud S.A.", "Katowice", "stalbud.com.pl", "budownictwo; metal"),
    ("termodom", "Termo-Dom Sp. z o.o.", "Poznań", "termo-dom.pl", "instalacje"),
    ("ogrod", "Zielony Ogród Szkółka Roślin", "Kraków", "zielonyogrod.pl", "ogrodnictwo"),
    ("browar", "Browar Pod Lipą Sp. z o.o.", "Białystok", "browarpodlipa.pl", "spożywcza"),
    ("autoserwis", "Auto-Serwis Kowalczyk", "Łódź", "autoserwis-kowalczyk.pl", "motoryzacja"),
    ("mewa", "Stocznia Jachtowa Mewa Sp. z o.o.", "Gdańsk", "stocznia-mewa.pl", "stocznia"),
    ("koc", "Kraków Office Center Sp. z o.o.", "Kraków", "krakowofficecenter.pl", "nieruchomości"),
    ("polagro", "Pol-Agro Hurt Sp. z o.o.", "Lublin", "pol-agro.pl", "rolnictwo; hurt"),
    (
        "farmacja",
        "Mazowiecka Hurtownia Farmaceutyczna S.A.",
        "Warszawa",
        "mhf.com.pl",
        "farmacja; hurt",
    ),
    ("transbud", "Transbud Sp. z o.o.", "Wrocław", "transbud.wroc.pl", "transport; budownictwo"),
    ("wodkan", "Wod-Kan Instal s.c.", "Łódź", "wodkan-instal.pl", "instalacje"),
    (
        "ekoenergia",
        "EkoEnergia Pomorze Sp. z o.o.",
        "Gdańsk",
        "ekoenergia-pomorze.pl",
        "energia; OZE",
    ),
    ("delikatesy", "Delikatesy Pod Zegarem", "Rzeszów", "podzegarem.pl", "handel"),
    ("meblostyl", "Meblostyl Sp. z o.o.", "Poznań", "meblostyl.pl", "meble"),
    ("optima", "Optima Finanse Sp. z o.o.", "Warszawa", "optimafinanse.pl", "finanse"),
    (
        "kancelaria",
        "Kancelaria Prawna Nowicki i Wspólnicy sp.k.",
        "Warszawa",
        "nowicki-kancelaria.pl",
        "usługi prawne",
    ),
    ("szklopol", "Szkło-Pol Huta Szkła Sp. z o.o.", "Wrocław", "szklo-pol.pl", "szkło"),
    (
        "slodycz",
        "Lubelskie Zakłady Cukiernicze Słodycz",
        "Lublin",
        "slodycz-lublin.pl",
        "spożywcza",
    ),
    ("lucja", "Dom Mody Łucja", "Łódź", "dommodylucja.pl", "odzież"),
    ("tekstylia", "Tekstylia Łódzkie S.A.", "Łódź", "tekstylia-lodzkie.pl", "odzież"),
    ("geoplan", "Geo-Plan Biuro Projektowe", "Białystok", "geo-plan.pl", "projektowanie"),
    (
        "chlodnia",
        "Szczecińska Chłodnia Portowa Sp. z o.o.",
        "Szczecin",
        "chlodnia-szczecin.pl",
        "logistyka; chłodnictwo",
    ),
    ("apteka", "Apteka Pod Orłem", "Kraków", "aptekapodorlem.pl", "farmacja"),
    ("hotel", "Hotel Nad Wartą", "Poznań", "hotelnadwarta.pl", "hotelarstwo"),
    ("bitwise", "BitWise Solutions Sp. z o.o.", "Wrocław", "bitwise.com.pl", "IT"),
    ("ciesielski", "Ciesielski Transport", "Gdańsk", "ciesielski-transport.pl", "transport"),
    (
        "panorama",
        "Fabryka Okien Panorama Sp. z o.o.",
        "Białystok",
        "okna-panorama.pl",
        "budownictwo",
    ),
    ("silesia", "Silesia Recykling Sp. z o.o.", "Katowice", "silesia-recykling.pl", "recykling"),
    ("agrotech", "Agrotech Maszyny Rolnicze", "Rzeszów", "agrotech-maszyny.pl", "rolnictwo"),
    ("medica", "Medica Centrum Medyczne Sp. z o.o.", "Lublin", "medica-lublin.pl", "medycyna"),
    ("luxdruk", "Lux-Druk Sp. z o.o.", "Warszawa", "lux-druk.pl", "poligrafia"),
    ("storczyk", "Kwiaciarnia Storczyk", "Gdańsk", "storczyk-gdansk.pl", "handel"),
    ("granit", "Zakład Kamieniarski Granit", "Kraków", "granit-krakow.pl", "budownictwo"),
    ("ekopak", "Eko-Pak Opakowania Sp. z o.o.", "Łódź", "eko-pak.pl", "opakowania"),
    ("zalew", "Rybołówstwo Zalew Sp. z o.o.", "Szczecin", "zalew-ryby.pl", "spożywcza"),
]

FIRST_M = [
    "Adam",
    "Andrzej",
    "Bartosz",
    "Damian",
    "Dariusz",
    "Grzegorz",
    "Jakub",
    "Jan",
    "Jarosław",
    "Kamil",
    "Krzysztof",
    "Maciej",
    "Marcin",
    "Mariusz",
    "Mateusz",
    "Paweł",
    "Rafał",
    "Robert",
    "Sebastian",
    "Stanisław",
    "Szymon",
    "Wojciech",
    "Zbigniew",
    "Łukasz",
]
FIRST_F = [
    "Agata",
    "Aleksandra",
    "Barbara",
    "Beata",
    "Dorota",
    "Elżbieta",
    "Ewelina",
    "Grażyna",
    "Iwona",
    "Jolanta",
    "Justyna",
    "Kinga",
    "Małgorzata",
    "Marta",
    "Monika",
    "Natalia",
    "Patrycja",
    "Renata",
    "Sylwia",
    "Urszula",
    "Weronika",
    "Żaneta",
]
#: (masculine, feminine) surnames; neutral ones repeat.
SURNAMES = [
    ("Kowalczyk", "Kowalczyk"),
    ("Lewandowski", "Lewandowska"),
    ("Kamiński", "Kamińska"),
    ("Wójcik", "Wójcik"),
    ("Kaczmarek", "Kaczmarek"),
    ("Piotrowski", "Piotrowska"),
    ("Grabowski", "Grabowska"),
    ("Pawłowski", "Pawłowska"),
    ("Michalski", "Michalska"),
    ("Król", "Król"),
    ("Wieczorek", "Wieczorek"),
    ("Jabłoński", "Jabłońska"),
    ("Nowakowski", "Nowakowska"),
    ("Majewski", "Majewska"),
    ("Olszewski", "Olszewska"),
    ("Stępień", "Stępień"),
    ("Jaworski", "Jaworska"),
    ("Malinowski", "Malinowska"),
    ("Dudek", "Dudek"),
    ("Górski", "Górska"),
    ("Witkowski", "Witkowska"),
    ("Walczak", "Walczak"),
    ("Sikora", "Sikora"),
    ("Baran", "Baran"),
    ("Rutkowski", "Rutkowska"),
    ("Szewczyk", "Szewczyk"),
    ("Ostrowski", "Ostrowska"),
    ("Tomaszewski", "Tomaszewska"),
    ("Zalewski", "Zalewska"),
    ("Jasiński", "Jasińska"),
    ("Marciniak", "Marciniak"),
    ("Woźniak", "Woźniak"),
    ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"),
    ("Kwiatkowski", "Kwiatkowska"),
    ("Krajewski", "Krajewska"),
    ("Żak", "Żak"),
    ("Błaszczyk", "Błaszczyk"),
    ("Głowacki", "Głowacka"),
    ("Śliwiński", "Śliwińska"),
    ("Łuczak", "Łuczak"),
    ("Ćwik", "Ćwik"),
    ("Pietrzak", "Pietrzak"),
    ("Zając", "Zając"),
]
POSITIONS = [
    "Dyrektor handlowy",
    "Kierownik zakupów",
    "Specjalista ds. logistyki",
    "Główny księgowy",
    "Kierownik produkcji",
    "Asystent zarządu",
    "Dyrektor finansowy",
    "Handlowiec",
    "Kierownik magazynu",
    "Specjalista IT",
    "Kierownik biura",
    "Inżynier projektu",
]
#: Feminine forms of positions that have one in everyday Polish.
POSITIONS_F = {
    "Główny księgowy": "Główna księgowa",
    "Asystent zarządu": "Asystentka zarządu",
    "Właściciel": "Właścicielka",
    "Handlowiec": "Przedstawicielka handlowa",
}
PERSON_TAGS = ["", "", "", "newsletter", "decydent", "newsletter; webinar"]

#: Persons the sample files refer to: key, company key, first, last, position.
ANCHOR_PERSONS: list[tuple[str, str, str, str, str]] = [
    ("opiekun1", "relacja", "Tomasz", "Grabowski", "Dyrektor sprzedaży"),
    ("opiekun2", "relacja", "Karolina", "Mazurek", "Opiekun klienta"),
    ("opiekun3", "relacja", "Paweł", "Szymański", "Opiekun klienta"),
    ("opiekun4", "relacja", "Joanna", "Krawczyk", "Opiekun klienta"),
    ("opiekun5", "relacja", "Michał", "Adamczyk", "Opiekun klienta"),
    ("anna", "hydro", "Anna", "Kowalska", "Prezes Zarządu"),
    ("piotr", "hydro", "Piotr", "Wiśniewski", "Kierownik zakupów"),
    ("jozef", "klos", "Józef", "Mazur", "Właściciel"),
    ("lukasz", "wawel", "Łukasz", "Dąbrowski", "Dyrektor IT"),
    ("agnieszka", "wawel", "Agnieszka", "Lewandowska", "Dyrektor finansowy"),
    ("marek", "polmet_bia", "Marek", "Zieliński", "Prezes Zarządu"),
    ("ewa", "polmet_poz", "Ewa", "Nowak", "Kierownik zakupów"),
    ("grzegorz", "tartak", "Grzegorz", "Wojciechowski", "Właściciel"),
    ("katarzyna", "baltyk", "Katarzyna", "Wróbel", "Dyrektor operacyjny"),
    ("bartosz", "odra", "Bartosz", "Pawlak", "Kierownik utrzymania ruchu"),
    ("renata", "delikatesy", "Renata", "Sobczak", "Właścicielka"),
    ("halina", "termodom", "Halina", "Czerwińska", "Prezes Zarządu"),
]
N_PERSONS = 100

#: (SKU, name, price, unit, tags) — SKUs keep their leading zeros.
PRODUCTS: list[tuple[str, str, str, str, str]] = [
    ("00110", "Pompa ciepła HT-12", "28900,00", "szt.", "OZE; instalacje"),
    ("00111", "Kocioł kondensacyjny 24 kW", "8450,00", "szt.", "instalacje"),
    ("00112", "Rura PEX 16 mm (zwój 200 m)", "389,00", "zwój", "instalacje"),
    ("00113", "Grzejnik płytowy 600x1000", "689,00", "szt.", "instalacje"),
    ("00114", "Montaż instalacji (roboczogodzina)", "120,00", "godz.", "usługa"),
    ("00115", "Przegląd serwisowy roczny", "450,00", "usł.", "usługa"),
    ("00116", "Licencja CRM – stanowisko", "1200,00", "licencja", "oprogramowanie"),
    ("00117", "Wdrożenie CRM (pakiet)", "15000,00", "kpl.", "usługa; oprogramowanie"),
    ("00118", "Szkolenie sprzedażowe (dzień)", "3800,00", "dzień", "usługa"),
    ("00119", "Regał magazynowy 2000 mm", "1450,00", "szt.", "magazyn"),
    ("00120", "Wózek paletowy ręczny", "1290,00", "szt.", "magazyn"),
    ("00121", "Folia stretch 500 mm", "39,90", "rolka", "opakowania"),
    ("00122", "Karton klapowy 600x400x400", "4,20", "szt.", "opakowania"),
    ("00123", "Mąka pszenna typ 650 (25 kg)", "62,00", "worek", "spożywcza"),
    ("00124", "Drożdże piekarskie 1 kg", "14,50", "kg", "spożywcza"),
    ("00125", "Blacha stalowa 2 mm (arkusz)", "310,00", "arkusz", "metal"),
    ("00126", "Profil stalowy 40x40", "27,80", "mb", "metal"),
    ("00127", "Panel fotowoltaiczny 450 W", "720,00", "szt.", "OZE"),
    ("00128", "Falownik 10 kW", "6900,00", "szt.", "OZE"),
    ("00129", "Audyt energetyczny", "5500,00", "usł.", "usługa; OZE"),
]

#: (code, name, kind, location, owner company key)
VEHICLES: list[tuple[str, str, str, str, str]] = [
    ("WX 12345", "Ford Transit Custom", "Samochód dostawczy", "Warszawa", "relacja"),
    ("EL 4H219", "Iveco Daily", "Samochód dostawczy", "Łódź", "hydro"),
    ("DW 7R550", "Volkswagen Crafter", "Samochód dostawczy", "Wrocław", "hydro_wro"),
    ("GD 7K301", "Volvo FH 500", "Ciągnik siodłowy", "Gdańsk", "baltyk"),
    ("GD 8M442", "Naczepa chłodnia Schmitz", "Naczepa", "Gdańsk", "baltyk"),
    ("ZS 51230", "DAF XF 480", "Ciągnik siodłowy", "Szczecin", "baltyk_szc"),
    ("KR 3P118", "Toyota Proace", "Samochód dostawczy", "Kraków", "klos"),
    ("PO 9A774", "Renault Master", "Samochód dostawczy", "Poznań", "polmet_poz"),
    (
        "MAG-LDZ-A",
        "Magazyn Łódź – hala A",
        "Przestrzeń magazynowa",
        "Łódź, ul. Pomorska 120",
        "hydro",
    ),
    (
        "MAG-GDA-01",
        "Magazyn portowy Gdańsk",
        "Przestrzeń magazynowa",
        "Gdańsk, ul. Przemysłowa 8",
        "baltyk",
    ),
    (
        "BIU-WAW-3P",
        "Biuro Warszawa – 3. piętro",
        "Powierzchnia biurowa",
        "Warszawa, ul. Prosta 20",
        "relacja",
    ),
]

#: Deal templates with the SKUs that fit them.
DEAL_TEMPLATES: list[tuple[str, tuple[str, ...]]] = [
    ("Modernizacja kotłowni", ("00111", "00113", "00114", "00115")),
    ("Instalacja pompy ciepła", ("00110", "00114", "00115")),
    ("Dostawa regałów magazynowych", ("00119", "00120")),
    ("Wdrożenie CRM", ("00116", "00117", "00118")),
    ("Licencje CRM 2025", ("00116",)),
    ("Szkolenie sprzedażowe", ("00118",)),
    ("Dostawa opakowań", ("00121", "00122")),
    ("Farma fotowoltaiczna", ("00127", "00128", "00129")),
    ("Audyt energetyczny", ("00129",)),
    ("Dostawa stali", ("00125", "00126")),
    ("Serwis roczny", ("00115",)),
    ("Wyposażenie magazynu", ("00119", "00120", "00121")),
]
STAGES = ["Kwalifikacja", "Analiza potrzeb", "Oferta", "Negocjacje", "Wygrana", "Przegrana"]

#: Deals the sample files refer to:
#: key, name, company, decision maker, SKUs, value, currency, stage, date, tags
ANCHOR_DEALS: list[tuple[str, str, str, str, str, str, str, str, str, str]] = [
    (
        "kotlownia",
        "Modernizacja kotłowni – Hydro-Tech",
        "hydro",
        "anna",
        "00110;00114",
        "185000,00",
        "PLN",
        "Negocjacje",
        "2025-06-30",
        "priorytet",
    ),
    (
        "maka",
        "Dostawa mąki – Piekarnia Złoty Kłos",
        "klos",
        "jozef",
        "00123",
        "48000,00",
        "PLN",
        "Oferta",
        "2025-04-15",
        "",
    ),
    (
        "crm",
        "Wdrożenie CRM – Wawel Soft",
        "wawel",
        "lukasz",
        "00116;00117",
        "32000,00",
        "EUR",
        "Kwalifikacja",
        "2025-09-30",
        "IT",
    ),
    (
        "blacha",
        "Dostawa blachy – Polmet Białystok",
        "polmet_bia",
        "marek",
        "00125;00126",
        "76500,00",
        "PLN",
        "Wygrana",
        "2025-02-28",
        "",
    ),
    (
        "magazyn",
        "Wyposażenie magazynu – Bałtyk Logistyka",
        "baltyk",
        "katarzyna",
        "00119;00120",
        "124000,00",
        "PLN",
        "Analiza potrzeb",
        "2025-07-31",
        "przetarg",
    ),
    (
        "drozdze",
        "Dostawa drożdży – Delikatesy Pod Zegarem",
        "delikatesy",
        "renata",
        "00124",
        "6400,00",
        "PLN",
        "Oferta",
        "2025-05-20",
        "",
    ),
    (
        "odra_serwis",
        "Serwis roczny – Odra Chem",
        "odra",
        "bartosz",
        "00115",
        "9800,00",
        "PLN",
        "Wygrana",
        "2025-01-31",
        "",
    ),
]
N_DEALS = 40

#: (company key, partner key) — Partner is symmetric, each pair listed once.
PARTNERS = [
    ("hydro", "termodom"),
    ("hydro", "wodkan"),
    ("baltyk", "chlodnia"),
    ("wawel", "bitwise"),
    ("klos", "polagro"),
    ("odra", "silesia"),
    ("ekoenergia", "elektromont"),
    ("stalbud", "polmet_bia"),
    ("meble", "tartak"),
    ("koc", "optima"),
    ("hotel", "mleczarnia"),
]
COMPETITORS = [
    ("polmet_bia", "polmet_poz"),
    ("meble", "meblostyl"),
    ("akapit", "luxdruk"),
    ("baltyk", "ciesielski"),
    ("transbud", "ciesielski"),
    ("lucja", "tekstylia"),
]
#: branch -> headquarters (Centrala is "one": a branch has one headquarters)
HEADQUARTERS = {
    "hydro_wro": "hydro",
    "hydro_gda": "hydro",
    "baltyk_gdy": "baltyk",
    "baltyk_szc": "baltyk",
}
