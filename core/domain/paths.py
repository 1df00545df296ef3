"""Where the store lives by default (no polars: the CLI and the TUI start here)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_STORE = "RELIMPORT_STORE"


def default_store_path() -> Path:
    """``$RELIMPORT_STORE``, else ``store.json`` in the user's data directory."""
    env = os.environ.get(ENV_STORE)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("relimport")) / "store.json"
