"""Recipes are checked key by key: one line naming the file and key, exit 2, never a guess."""

from __future__ import annotations

import pytest

from relimport.core.domain.errors import UsageError
from relimport.core.mapping.recipe import load_recipe

GOOD = """
[relimport]
version = 1
type = "deal"
[file]
encoding = "cp1250"
delimiter = ";"
[import]
mode = "upsert"
replace = true
[[columns]]
header = "Klient"
target = "rel:Klient@name"
separator = ";"
[[decisions]]
column = "Klient"
value = "Polmet"
id = 12
"""


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[import]\nreplace = "no"', "import.replace: expected true or false, got 'no'"),
        ('[import]\nall_or_nothing = "yes"', "import.all_or_nothing: expected true or false"),
        ("[relimport]\nversion = inf", "relimport.version: expected a finite value, got inf"),
        ("[relimport]\nversion = 1.5", "relimport.version: expected a whole number"),
        ("[file]\nencoding = 123", "file.encoding: expected text, got 123"),
        ('[file]\ndelimiter = ";;"', "file.delimiter: expected one character"),
        ('[import]\nmode = "merge"', "import.mode: expected one of upsert, create, update, link"),
        ('[import]\nmodee = "link"', "import.modee: unknown key"),
        ('[[decisions]]\ncolumn = "K"\nvalue = "x"\nid = 1e300', "decisions[1].id: expected a whole number"),
        ('[[decisions]]\ncolumn = "K"\nvalue = "x"\nid = -3', "decisions[1].id: expected a whole number"),
        ('[[decisions]]\ncolumn = "K"\nvalue = "x"', "decisions[1]: give either id = N or create = true"),
        ('[[columns]]\ntarget = "skip"', "columns[1]: header is missing"),
        ('columns = 3\n[relimport]\ntype = "deal"', "columns: expected a list"),
        ('[imports]\nmode = "link"', "imports: unknown table"),
    ],
)
def test_wrong_recipes_are_one_line_usage_errors(tmp_path, toml, message):
    path = tmp_path / "r.toml"
    path.write_text('[relimport]\ntype = "deal"\n' + toml if "[relimport]" not in toml else toml)
    with pytest.raises(UsageError) as err:
        load_recipe(path)
    assert err.value.exit_code == 2
    assert str(err.value).startswith("recipe r.toml: ")
    assert message in str(err.value)


def test_good_recipe_loads(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(GOOD)
    recipe = load_recipe(path)
    assert recipe.replace is True and recipe.mode == "upsert"
    assert recipe.decisions[0].id == 12
