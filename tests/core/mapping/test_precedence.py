"""One rule for every choice of an import: explicit > recipe > detection/default."""

from __future__ import annotations

from pathlib import Path

import pytest

from relimport.core.domain.errors import MappingError, UsageError
from relimport.core.files.reader import read_table
from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.mapping.decisions import Decision
from relimport.core.mapping.precedence import (
    Choices,
    build_mapping,
    settle,
    settle_decisions,
    settle_kind,
    settle_sheets,
)
from relimport.core.mapping.recipe import Recipe, RecipeColumn, load_recipe
from tests.stores import base_store
from tests.writers import write_csv

FULL = Choices("cp1250", ";", "Arkusz", "csv", "create", True, True)


@pytest.mark.parametrize(
    ("explicit", "recipe", "expected"),
    [
        # Nothing given anywhere: nothing settled (detection and defaults follow).
        (Choices(), Choices(), Choices()),
        # The recipe fills what is not given explicitly.
        (Choices(), FULL, FULL),
        (Choices(mode="update"), Choices(mode="create", replace=True), Choices(mode="update", replace=True)),
        # An explicit False beats the recipe's True; an explicit empty text says nothing.
        (Choices(replace=False), Choices(replace=True), Choices(replace=False)),
        (Choices(encoding=""), Choices(encoding="cp1250"), Choices(encoding="cp1250")),
        # A sheet is given by any name or index, even "" or 0.
        (Choices(sheet=0), Choices(sheet="Arkusz"), Choices(sheet=0)),
        (Choices(sheet=""), Choices(sheet="Arkusz"), Choices(sheet="")),
        (FULL, Choices("utf-8", ",", "Inny", "xlsx", "link", False, False), FULL),
    ],
)
def test_explicit_over_recipe(explicit: Choices, recipe: Choices, expected: Choices) -> None:
    assert settle(explicit, recipe) == expected


def test_defaults_for_what_nobody_gives() -> None:
    options = settle(Choices(), Choices()).import_options(dry_run=True)
    assert (options.mode, options.replace, options.all_or_nothing, options.dry_run) == (
        "upsert",
        False,
        False,
        True,
    )
    fopts = settle(Choices(), Choices()).file_options()
    assert (fopts.encoding, fopts.delimiter, fopts.sheet, fopts.format) == (None, None, None, None)
    recipe = Recipe("deal", encoding="cp1250", mode="link", replace=True)
    assert Choices.of_recipe(recipe) == Choices(encoding="cp1250", mode="link", replace=True)
    assert Choices.of_recipe(None) == Choices()


def test_type_from_option_or_recipe() -> None:
    assert settle_kind("szanse", None) == "deal"
    assert settle_kind(None, Recipe("company")) == "company"
    assert settle_kind("company", Recipe("firmy")) == "company"
    with pytest.raises(UsageError, match="--type is required"):
        settle_kind(None, Recipe(""))
    with pytest.raises(UsageError, match="recipe is for type 'deal'"):
        settle_kind("company", Recipe("deal"))


def test_decisions_and_sheets_explicit_over_recipe() -> None:
    recipe = Recipe(
        "deal",
        decisions=(Decision("Klient", "Polmet", id=1), Decision("Klient", "Acme", id=2)),
        sheets={"Arkusz1": "company", "Arkusz2": "person"},
    )
    mine = (Decision("Klient", "Polmet", id=7),)
    assert settle_decisions(mine, recipe) == (Decision("Klient", "Acme", id=2), mine[0])
    assert settle_decisions((), None) == ()
    assert settle_sheets({"Arkusz2": "deal"}, recipe) == {"Arkusz1": "company", "Arkusz2": "deal"}


def test_mapping_auto_then_recipe_then_overrides_then_separator(tmp_path: Path) -> None:
    data = base_store()
    table = read_table(write_csv(tmp_path / "d.csv", [["Nazwa", "Klient", "Opis"], ["A", "B", "C"]]))
    auto = build_mapping(data, "deal", table)
    assert (auto.column("Klient").target, auto.column("Klient").separator) == ("rel", ";")
    assert auto.column("Opis").target == "skip"
    recipe = Recipe(
        "deal",
        columns=(
            RecipeColumn("Klient", "rel:Klient@tax_id", separator=","),
            RecipeColumn("Opis", "field:stage"),
        ),
    )
    by_recipe = build_mapping(data, "deal", table, recipe)
    klient = by_recipe.column("Klient")
    assert (klient.match_by, klient.separator) == ("tax_id", ",")
    assert by_recipe.column("Opis").field == "stage"
    overridden = build_mapping(data, "deal", table, recipe, [("Opis", "skip")])
    assert overridden.column("Opis").target == "skip" and overridden.column("Klient").separator == ","
    # An explicit separator reaches every relationship column, the recipe's too.
    split = build_mapping(data, "deal", table, recipe, [], "|", separator_given=True)
    assert split.column("Klient").separator == "|"


def test_the_front_door_follows_the_rule(tmp_path: Path) -> None:
    """Recipe over defaults, explicit options over the recipe, as the CLI passes them."""
    data = base_store()
    path = write_csv(tmp_path / "f.csv", [["Nazwa", "NIP"], ["Acme", "1234567890"]], delimiter=",")
    recipe_path = tmp_path / "r.toml"
    recipe_path.write_text(
        '[relimport]\ntype = "company"\n[file]\ndelimiter = ";"\n[import]\nmode = "create"\nreplace = true\n',
        encoding="utf-8",
    )
    assert load_recipe(recipe_path).mode == "create"
    # The recipe's delimiter would read one column; an explicit one wins.
    with pytest.raises(MappingError, match="no column is mapped"):  # one column, "Nazwa,NIP"
        run_import(data, ImportRequest(path, recipe=recipe_path, dry_run=True))
    req = ImportRequest(path, recipe=recipe_path, choices=Choices(delimiter=",", mode="link"), dry_run=True)
    result = run_import(data, req)
    assert result.table is not None and list(result.table.info.headers) == ["Nazwa", "NIP"]
    assert (result.report.mode, result.recipe.mode, result.recipe.replace) == ("link", "link", True)
    assert result.recipe.delimiter == ","
    # Nothing given, no recipe: detection and defaults.
    plain = run_import(data, ImportRequest(path, "company", dry_run=True))
    assert (plain.report.mode, plain.recipe.delimiter, plain.recipe.replace) == ("upsert", None, False)
