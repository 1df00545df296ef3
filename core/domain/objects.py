"""The fixed domain: object types, their fields and identity keys, import kinds.

Headers are recognised in Polish and English, case-, space- and
diacritics-insensitively (see :func:`relimport.core.resolve.normalize.norm_header`).
"""

from __future__ import annotations

from dataclasses import dataclass

from relimport.core.domain.errors import UsageError
from relimport.core.domain.text import norm_header
from relimport.core.domain.values import FIELD_TYPES


@dataclass(frozen=True)
class Field:
    """One field of an object type."""

    key: str
    label_pl: str
    label_en: str
    #: Value type (:data:`relimport.core.domain.values.FIELD_TYPES`): how a cell is parsed,
    #: validated, stored and compared.
    type: str = "text"

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.key, self.label_pl, self.label_en)


@dataclass(frozen=True)
class ObjectType:
    """A record type of the CRM (person, company, deal, product, vehicle/space)."""

    key: str
    label_pl: str
    label_en: str
    fields: tuple[Field, ...]
    #: Identity keys in dedupe order; "id" is the record id, "name" of a person is the full name.
    identity: tuple[str, ...]
    #: Extra keys a relationship column may match by (not used for the row's identity).
    extra_match: tuple[str, ...] = ()

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def field_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def match_keys(self) -> tuple[str, ...]:
        """Keys a relationship value of this type can be matched by."""
        return self.identity + self.extra_match


def _f(key: str, pl: str, en: str, type: str = "text") -> Field:
    assert type in FIELD_TYPES, type
    return Field(key, pl, en, type)


_EMAIL = _f("email", "E-mail", "Email", "email")
_PHONE = _f("phone", "Telefon", "Phone", "phone")
_CITY = _f("city", "Miasto", "City")
_TAGS = _f("tags", "Tagi", "Tags", "tags")
_NAME = _f("name", "Nazwa", "Name")

PERSON = ObjectType(
    "person",
    "Osoba",
    "Person",
    (
        _f("first_name", "Imię", "First name"),
        _f("last_name", "Nazwisko", "Last name"),
        _EMAIL,
        _PHONE,
        _f("position", "Stanowisko", "Position"),
        _CITY,
        _TAGS,
    ),
    identity=("id", "email", "name"),
)
COMPANY = ObjectType(
    "company",
    "Firma",
    "Company",
    (
        _NAME,
        _f("tax_id", "NIP", "Tax ID", "nip"),
        _f("regon", "REGON", "REGON", "regon"),
        _f("domain", "WWW", "Website", "domain"),
        _EMAIL,
        _PHONE,
        _CITY,
        _TAGS,
    ),
    identity=("id", "tax_id", "regon", "name"),
    extra_match=("domain",),
)
DEAL = ObjectType(
    "deal",
    "Szansa sprzedaży",
    "Deal",
    (
        _NAME,
        _f("value", "Wartość", "Value", "money"),
        _f("currency", "Waluta", "Currency", "currency"),
        _f("stage", "Etap", "Stage"),
        _f("close_date", "Data zamknięcia", "Close date", "date"),
        _TAGS,
    ),
    identity=("id", "name"),
)
PRODUCT = ObjectType(
    "product",
    "Produkt",
    "Product",
    (
        _NAME,
        _f("sku", "Kod", "SKU", "key_text"),
        _f("price", "Cena", "Price", "money"),
        _f("unit", "Jednostka", "Unit"),
        _TAGS,
    ),
    identity=("id", "sku", "name"),
)
VEHICLE_SPACE = ObjectType(
    "vehicle_space",
    "Pojazd/Przestrzeń",
    "Vehicle/Space",
    (
        _NAME,
        _f("code", "Nr rejestracyjny", "Code", "key_text"),
        _f("kind", "Rodzaj", "Kind"),
        _f("location", "Lokalizacja", "Location"),
        _TAGS,
    ),
    identity=("id", "code", "name"),
)

OBJECT_TYPES: dict[str, ObjectType] = {t.key: t for t in (PERSON, COMPANY, DEAL, PRODUCT, VEHICLE_SPACE)}


def _key_types() -> dict[str, str]:
    out = {"id": "id"}
    for t in OBJECT_TYPES.values():
        for k in t.match_keys:
            if k in t.field_keys:
                ftype = t.field(k).type
                assert out.setdefault(k, ftype) == ftype, f"match key {k} has two types"
    return out


#: Value type of every match key (the same whatever the object type); ``id`` is the record id.
KEY_TYPES: dict[str, str] = _key_types()

#: Extra header labels recognised for a field (normalised on lookup).
FIELD_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("vehicle_space", "code"): ("Oznaczenie", "Nr rej", "Rejestracja"),
    ("company", "domain"): ("Strona WWW", "Strona", "Domena", "Domain"),
    ("person", "email"): ("Mail", "Adres e-mail"),
    ("company", "email"): ("Mail", "Adres e-mail"),
    ("product", "sku"): ("Kod produktu", "Indeks"),
    ("deal", "value"): ("Kwota", "Amount"),
}

#: The import kinds offered to users: the five object types plus persons-and-companies.
IMPORT_KINDS: tuple[str, ...] = (
    "person_company",
    "person",
    "company",
    "deal",
    "product",
    "vehicle_space",
)

KIND_LABELS: dict[str, tuple[str, str]] = {
    "person_company": ("Osoby i firmy", "Persons and companies"),
    **{k: (t.label_pl, t.label_en) for k, t in OBJECT_TYPES.items()},
}

_KIND_NAMES: dict[str, str] = {}
for _kind, (_pl, _en) in KIND_LABELS.items():
    for _name in (_kind, _pl, _en):
        _KIND_NAMES[norm_header(_name)] = _kind
for _name, _kind in {
    "osoby": "person",
    "osobaifirma": "person_company",
    "osobyfirmy": "person_company",
    "personcompany": "person_company",
    "personsandcompanies": "person_company",
    "persons": "person",
    "firmy": "company",
    "companies": "company",
    "szansa": "deal",
    "szanse": "deal",
    "szansesprzedazy": "deal",
    "deals": "deal",
    "produkty": "product",
    "products": "product",
    "pojazd": "vehicle_space",
    "przestrzen": "vehicle_space",
    "pojazdy": "vehicle_space",
    "pojazdyprzestrzenie": "vehicle_space",
    "vehicle": "vehicle_space",
    "vehiclespace": "vehicle_space",
}.items():
    _KIND_NAMES[_name] = _kind


def parse_kind(text: str) -> str:
    """Return the import kind named by ``text`` (English key or Polish/English label).

    Raises:
        UsageError: the name is not an import kind.
    """
    kind = _KIND_NAMES.get(norm_header(text))
    if kind is None:
        raise UsageError(
            f"unknown type {text!r}: use one of {', '.join(IMPORT_KINDS)} (Polish names accepted)"
        )
    return kind


def parse_object_type(text: str) -> ObjectType:
    """Return the object type named by ``text``; persons-and-companies is not one."""
    kind = parse_kind(text)
    if kind == "person_company":
        raise UsageError("person_company is an import kind, not an object type: use person or company")
    return OBJECT_TYPES[kind]


def kind_types(kind: str) -> tuple[ObjectType, ...]:
    """Object types an import kind writes (person_company writes both)."""
    if kind == "person_company":
        return (PERSON, COMPANY)
    return (OBJECT_TYPES[kind],)


def kind_label(kind: str) -> str:
    pl, en = KIND_LABELS[kind]
    return f"{pl} / {en}"
