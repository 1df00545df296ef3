"""Every CLI command over a store and files full of hostile values (console markup, terminal
escapes, C1 controls, bidi overrides, zero-width characters — in cells, names and file
names): the right exit status, no traceback, nothing on stdout or stderr that drives a
terminal or is read as markup, and ``--json`` carrying the data exactly."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
import tomli_w

from tests.e2e.cli import ROOT, cli
from tests.writers import write_csv

HOSTILE = [
    "[/x]",
    "[/b]Co",
    "[link=https://evil.example/x]Acme[/link]",
    "Clip\x1b]52;c;ZXZpbA==\x07board",
    "Title\x1b]0;title\x07",
    "Wipe\x1b[2J",
    "C1\x9b31mred",
    "Evil\u202etxt.exe",
    "Zero\u200bwidth",
]
#: What must never reach a terminal as text: C0 controls but tab and newline, DEL, C1,
#: bidi overrides and invisible format characters.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
#: A relationship type named with markup and an OSC sequence, with a bidi inverse name.
REL = "Klient[/b]\x1b]0;t\x07"
REL_INVERSE = "Szanse\u202e[link=https://evil.example/]x[/link]"


def _safe(text: str) -> None:
    found = UNSAFE.search(text)
    assert found is None, f"raw {found.group()!r} in {text!r}"


def run(store: Path, *args: str, codes: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    """The command in text mode: its status one of ``codes``, no traceback, nothing unsafe."""
    r = cli(store, *args)
    assert r.returncode in codes, (args, r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and "panicked" not in r.stderr
    _safe(r.stdout)
    _safe(r.stderr)
    return r


def jrun(store: Path, *args: str, codes: tuple[int, ...] = (0,)) -> object:
    """The command with ``--json``: its status one of ``codes``, stdout one JSON document."""
    r = cli(store, *args, "--json")
    assert r.returncode in codes, (args, r.returncode, r.stderr)
    assert "Traceback" not in r.stderr
    _safe(r.stderr)
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("hostile")
    folder = d / "dir \x1b[2J\u202e"
    folder.mkdir()
    store = folder / "store \x1b]0;x\x07.json"
    companies = write_csv(
        folder / "firmy \x1b]0;title\x07 [red]x\u202e.csv",
        [["Nazwa", "Miasto", "Tagi"], *([name, f"{name} city", name] for name in HOSTILE)],
    )
    deals = write_csv(
        folder / "szanse [link=evil.example]\x9b.csv",
        [
            ["Nazwa", REL, "Uwagi \x1b[31m"],
            *([f"Deal {name}", name, name] for name in HOSTILE),
            ["Deal missing", "Nope\x1b]52;c;ZXZpbA==\x07[/x]", ""],
        ],
    )
    return {"dir": folder, "store": store, "companies": companies, "deals": deals}


def test_every_command_over_hostile_values(world):
    store, folder = world["store"], world["dir"]

    # relations add / list: hostile names in text and JSON
    run(store, "relations", "add", REL, "--from", "deal", "--to", "company", "--inverse", REL_INVERSE)
    added = jrun(
        store, "relations", "add", "Partner\x9b[/x]", "--from", "company", "--to", "company", "--symmetric"
    )
    assert added["name"] == "Partner\x9b[/x]"
    text = run(store, "relations", "list").stdout
    assert "Klient[/b]" in text and "[link=https://evil.example/]x[/link]" in text
    rels = {r["name"]: r for r in jrun(store, "relations", "list")}
    assert rels[REL]["inverse_name"] == REL_INVERSE

    # read: hostile headers, cells and file name
    out = run(store, "read", str(world["companies"])).stdout
    for name in ("[/x]", "[/b]Co", "[link=https://evil.example/x]Acme[/link]"):
        assert name in out
    read = jrun(store, "read", str(world["companies"]))
    assert [r["cells"][0] for r in read["rows"]] == HOSTILE
    assert read["file"] == str(world["companies"])

    # import: companies, then deals linking to them (one value not found)
    imported = run(store, "import", str(world["companies"]), "--type", "company").stdout
    assert imported.startswith("firmy ␛]0;title␇ [red]x\\u202e.csv → Company")  # the file name, inert
    deals = ["import", str(world["deals"]), "--type", "deal", "--separator", "none"]  # ';' is in the values
    rep = jrun(store, *deals, "--dry-run", codes=(3,))
    (missing,) = [p for p in rep["problems"] if p["kind"] == "not_found"]
    assert (missing["column"], missing["value"]) == (REL, "Nope\x1b]52;c;ZXZpbA==\x07[/x]")
    report = folder / "problems \x1b[2J.csv"
    text = run(store, *deals, "--report", str(report), codes=(3,)).stdout
    assert "Nope␛]52;c;ZXZpbA==␇[/x]" in text  # shown visibly, not as markup or an escape
    assert report.exists()

    # show: a record named with markup, links both ways; by id; not found
    for name in HOSTILE:
        text = run(store, "show", "company", name).stdout
        view = jrun(store, "show", "company", name)
        kept = name.replace("\u200b", "")  # imports drop zero-width characters from values
        assert view["fields"]["name"] == kept and view["fields"]["city"] == f"{kept} city"
        assert [(lk["relationship"], lk["label"]) for lk in view["links"]] == [(REL_INVERSE, f"Deal {kept}")]
        if "\x1b" not in name and "\x9b" not in name and "\u202e" not in name and "\u200b" not in name:
            assert name in text  # markup printed as it is
    err = run(store, "show", "company", "\x1b]0;nobody\x07[/x]", codes=(1,)).stderr
    assert err.startswith("relimport: no company matches") and len(err.splitlines()) == 1

    # history and stats
    text = run(store, "history").stdout
    assert "[link=evil.example]" in text
    hist = jrun(store, "history")
    assert {h["file"] for h in hist} >= {world["deals"].name, world["companies"].name} or {
        Path(h["file"]).name for h in hist
    } >= {world["deals"].name, world["companies"].name}
    assert jrun(store, "stats")["records"]["company"] == len(HOSTILE)
    run(store, "stats")

    # aliases: remembered through a recipe's decision, listed, removed
    company_id = jrun(store, "show", "company", "[/b]Co")["id"]
    recipe = folder / "recipe \x1b[2J.toml"
    recipe.write_text(
        tomli_w.dumps(
            {
                "relimport": {"version": 1, "type": "deal"},
                "columns": [
                    {"header": "Nazwa", "target": "field:name"},
                    {"header": REL, "target": f"rel:{REL}"},
                ],
                "decisions": [
                    {
                        "column": REL,
                        "value": "Nope\x1b]52;c;ZXZpbA==\x07[/x]",
                        "id": company_id,
                        "remember": True,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    run(store, "import", str(world["deals"]), "--recipe", str(recipe), codes=(0, 3))
    aliases = jrun(store, "aliases", "list")
    assert [a["value"] for a in aliases] == ["Nope\x1b]52;c;ZXZpbA==\x07[/x]"]
    run(store, "aliases", "list")
    removed = jrun(store, "aliases", "remove", "Nope\x1b]52;c;ZXZpbA==\x07[/x]", "--type", "company")
    assert [a["value"] for a in removed["removed"]] == ["Nope\x1b]52;c;ZXZpbA==\x07[/x]"]
    run(store, "aliases", "remove", "[/x]\x1b[2J", "--type", "company", codes=(2,))  # no such alias

    # template with a hostile output name
    run(store, "template", "deal", "-o", str(folder / "wzór \x1b]0;t\x07 [blink]x.csv"))

    # relations remove (refused while it has links), undo (text, then JSON), migrate
    err = run(store, "relations", "remove", REL, codes=(2,)).stderr
    assert len(err.splitlines()) == 1 and "Klient[/b]" in err and "has 10 links" in err
    run(store, "undo")
    undone = jrun(store, "undo")
    assert undone["batch"] == "B2"
    assert (
        run(store, "relations", "remove", "Partner\x9b[/x]").stdout
        == "removed Partner\\u009b[/x] and 0 links\n"
    )
    copy = folder / "copy \u202e\x1b[2J.json"
    run(store, "migrate", str(store), str(copy))
    assert jrun(copy, "stats")["records"]["company"] == len(HOSTILE)

    # usage errors and bad input still one line
    run(store, "import", str(folder / "missing\x1b[2J.csv"), "--type", "deal", codes=(1,))
    run(store, "show", "spaceship\x1b]0;t\x07", "x", codes=(2,))
    run(store, "undo", "B\x1b[2J", codes=(2,))


#: Any escape sequence: CSI, OSC (ended by BEL or ST), or a two-byte one.
ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
SGR = re.compile(rb"\x1b\[[0-9;]*m")


def _on_terminal(store: Path, *args: str) -> bytes:
    """What the command writes to a real (pseudo-)terminal, where Rich styles its output."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("RELIMPORT_STORE", "NO_COLOR")}
    env |= {"PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "relimport.tui.cli", "--store", str(store), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pty")
def test_on_a_terminal_only_colours_are_sent(world, tmp_path):
    """On a terminal Rich styles the output: the only escape sequences are colours (SGR),
    never a title, clipboard, hyperlink or screen-clearing one from the data."""
    store = tmp_path / "store.json"
    assert cli(store, "relations", "add", REL, "--from", "deal", "--to", "company").returncode == 0
    assert cli(store, "import", str(world["companies"]), "--type", "company").returncode == 0
    deals = ["import", str(world["deals"]), "--type", "deal", "--separator", "none"]
    assert cli(store, *deals).returncode in (0, 3)
    for args in (
        ["show", "company", "[link=https://evil.example/x]Acme[/link]"],
        ["show", "company", "Title\x1b]0;title\x07"],
        ["history"],
        ["relations", "list"],
        ["read", str(world["deals"])],
        [*deals, "--dry-run", "-q"],
        ["show", "company", "\x1b]0;nobody\x07"],
        ["template", "deal", "-o", str(tmp_path / "wzór \x1b]0;t\x07\x1b[2J.csv")],
        ["relations", "add", "R\x1b]52;c;ZXZpbA==\x07", "--from", "deal", "--to", "person"],
    ):
        out = _on_terminal(store, *args)
        assert out, args
        for m in ESCAPES.finditer(out):
            assert SGR.fullmatch(m.group()), (args, m.group())
        text = SGR.sub(b"", out).decode("utf-8", "replace")
        _safe(text.replace("\r", ""))
