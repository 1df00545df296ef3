"""``relimport migrate FROM TO``: copy a whole store between a JSON file and PostgreSQL.

Either way (and file to file, database to database): records, links, relationship
types, the import history with its journal (so undo works on the copy), aliases and
counters. A target that already holds a store is refused unless ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from relimport.core.domain.paths import store_location


def add_parser(sub: Any) -> None:
    """Register ``migrate`` on the CLI's subparsers."""
    mg = sub.add_parser(
        "migrate",
        help="copy a whole store: a JSON file to a postgresql:// database or back",
        description="Copy the store at FROM to TO (a store file or a postgresql:// URL), losslessly.",
    )
    mg.add_argument("source", metavar="FROM", type=store_location, help="store file or postgresql:// URL")
    mg.add_argument("target", metavar="TO", type=store_location, help="store file or postgresql:// URL")
    mg.add_argument("--force", action="store_true", help="replace whatever store TO holds")
    mg.add_argument("--json", action="store_true")


def cmd_migrate(args: argparse.Namespace, store_path: Path | str) -> int:
    """Copy FROM to TO; ``--store`` plays no part."""
    from relimport.core.domain.text import visible
    from relimport.core.domain.words import plural
    from relimport.core.store.copying import copy_store
    from relimport.core.store.pgconnect import redact

    done = copy_store(args.source, args.target, force=args.force)
    if args.json:
        import orjson

        sys.stdout.buffer.write(orjson.dumps(done, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    records = sum(done["records"].values())

    def name(location: Path | str) -> str:
        return redact(location) if isinstance(location, str) else visible(str(location))

    sys.stdout.write(
        f"copied {name(args.source)} to {name(args.target)}: {plural(records, 'record')}, "
        f"{plural(done['links'], 'link')}, {plural(done['relationship_types'], 'relationship type')}, "
        f"{plural(done['batches'], 'batch', 'batches')}, {plural(done['aliases'], 'alias', 'aliases')}\n"
    )
    return 0
