"""relimport's words for its identifiers: problem kinds, object types, counts.

One table, read by the TUI, the CLI's text output and the exported problem files, so
a person reads the same words everywhere (the CLI's ``--json`` keeps the identifiers).
The app speaks English; object types are named by their English name in tables and
sentences. A problem kind also carries a mark, so its severity never depends on colour
alone (NO_COLOR, monochrome terminals):

- ``✗`` the row was not imported (it could not be identified, or the mode refused it);
- ``!`` one value was not imported (the rest of the row was);
- ``~`` imported, but worth a look (a duplicate row, a record named like another).
"""

from __future__ import annotations

from relimport.core.domain.objects import KIND_LABELS

#: Problem kind → (mark, words).
PROBLEMS: dict[str, tuple[str, str]] = {
    "missing_key": ("✗", "no key"),
    "exists": ("✗", "already exists"),
    "no_match": ("✗", "no match"),
    "invalid_value": ("!", "invalid value"),
    "not_found": ("!", "not found"),
    "ambiguous": ("!", "ambiguous"),
    "cardinality": ("!", "one link only"),
    "self_link": ("!", "link to itself"),
    "invalid": ("!", "invalid link value"),
    "duplicate_in_file": ("~", "duplicate row"),
    "possible_duplicate": ("~", "possible duplicate"),
    "renamed": ("~", "renamed by id"),
}
#: What each mark means, for help texts and legends.
MARKS = {
    "✗": "row not imported",
    "!": "value not imported",
    "~": "imported, check it",
}
#: Problem kind → a sentence on what it means (the detail pane, help).
PROBLEM_HELP: dict[str, str] = {
    "missing_key": "the row has no value for any identity key, so it cannot be matched or created",
    "exists": "mode create: the row matches an existing record, which is left alone",
    "no_match": "the row matches no record: mode update or link, or a record id that names none",
    "invalid_value": "the value does not parse as the field's type; the field is left as it was",
    "not_found": "no record has this value; it is not linked",
    "ambiguous": "several records have this value; none is linked until you choose",
    "cardinality": "the relationship allows one target and the row gives another",
    "self_link": "the record would be linked to itself",
    "invalid": "an empty or malformed value between separators",
    "duplicate_in_file": "an earlier row of the file has the same identity; both are one record",
    "possible_duplicate": "created, but named like an existing record with another key",
    "renamed": "found by its id, but the store names that record otherwise: the row renames it "
    "(is the id column relimport's?)",
}
SEVERE_MARK = "✗"


def problem_mark(kind: str) -> str:
    return PROBLEMS.get(kind, ("!", kind))[0]


def problem_word(kind: str) -> str:
    """``not_found`` → ``not found`` (an unknown kind as it is, underscores spaced)."""
    return PROBLEMS.get(kind, ("!", kind.replace("_", " ")))[1]


def problem_label(kind: str) -> str:
    """The mark and the words: ``! not found``."""
    return f"{problem_mark(kind)} {problem_word(kind)}"


def type_name(kind: str) -> str:
    """An import kind or object type by its English name: ``deal`` → ``Deal``,
    ``person_company`` → ``Persons and companies`` (an unknown key as it is)."""
    return KIND_LABELS[kind][1] if kind in KIND_LABELS else kind


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 problem``, ``2 problems``, ``1,234 rows`` (``many``: an irregular plural)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
