"""Each layer's ``__init__`` is its map: every module named, a public API that resolves.

The layer lists its public names three times — in ``__all__``, in the imports mypy
reads (under ``TYPE_CHECKING``) and in the table its lazy ``__getattr__`` uses — and
these tests keep the three and the docstring in agreement.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["domain", "files", "store", "mapping", "resolve", "importing", "ops"]


def _layer(name: str):
    return importlib.import_module(f"relimport.core.{name}")


def _modules(name: str) -> list[str]:
    return sorted(p.stem for p in (ROOT / "core" / name).glob("*.py") if p.stem != "__init__")


def _type_checking_names(name: str) -> dict[str, str]:
    """name → module, from the ``if TYPE_CHECKING:`` imports of the layer's ``__init__``."""
    tree = ast.parse((ROOT / "core" / name / "__init__.py").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module
                for alias in imp.names:
                    found[alias.asname or alias.name] = imp.module.rsplit(".", 1)[1]
    return found


@pytest.mark.parametrize("name", LAYERS)
def test_docstring_names_every_module(name: str) -> None:
    doc = _layer(name).__doc__ or ""
    missing = [m for m in _modules(name) if f"``{m}``" not in doc]
    assert not missing, f"relimport.core.{name} docstring does not name {missing}"


@pytest.mark.parametrize("name", LAYERS)
def test_public_names_agree_and_resolve(name: str) -> None:
    layer = _layer(name)
    table = {n: m for m, names in layer._EXPORTS.items() for n in names}
    assert len(layer.__all__) == len(set(layer.__all__))
    assert set(layer.__all__) == set(table)
    assert _type_checking_names(name) == table
    doc = layer.__doc__ or ""
    for public, module in table.items():
        assert public not in _modules(name), f"{public} would be shadowed by a submodule"
        assert public in doc, f"relimport.core.{name} docstring does not list {public}"
        defining = importlib.import_module(f"relimport.core.{name}.{module}")
        assert getattr(layer, public) is getattr(defining, public)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _layer("resolve").nope  # noqa: B018


def test_importing_the_layers_loads_no_module_of_theirs() -> None:
    """The layers' public names load on first use: a light module never drags polars in."""
    code = (
        "import sys\n"
        + "".join(f"import relimport.core.{name}\n" for name in LAYERS)
        + "print(sorted(m for m in sys.modules if m.startswith('relimport.core.') and m.count('.') > 2"
        " or m.split('.')[0] == 'polars'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
