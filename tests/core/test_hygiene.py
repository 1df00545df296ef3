"""The engine never loads the UI libraries (the core/tui boundary; lint-imports checks it too)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_does_not_import_textual_or_rich():
    code = (
        "import sys, importlib, pkgutil, relimport.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'relimport.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_import_path_does_not_load_textual():
    """``relimport import`` stays light: the TUI is only imported for the TUI."""
    code = "import sys; import relimport.tui.cli, relimport.tui.cli_commands; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


#: Most lines a module of core/ or tui/ has: a longer one is split where its parts
#: separate (each new module's docstring says what it holds).
MAX_MODULE_LINES = 400


def test_no_module_is_longer_than_a_sitting():
    modules = [*(ROOT / "core").rglob("*.py"), *(ROOT / "tui").rglob("*.py")]
    lines = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in modules}
    assert lines and not {m: n for m, n in lines.items() if n > MAX_MODULE_LINES}
