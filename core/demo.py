"""The demo: a copy of ``sample_data/`` (store and sample files) to play with."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from core.errors import UsageError

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "sample_data"
DEMO_STORE = "demo-store.json"


def install_demo(directory: Path | None) -> tuple[Path, Path]:
    """Copy the demo store and sample files into ``directory`` (or a new temp dir).

    Returns the directory and the store file inside it. An existing store there is
    not overwritten.
    """
    if not (SAMPLE_DATA / DEMO_STORE).exists():
        raise UsageError(f"demo data not found in {SAMPLE_DATA}")
    target = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="relimport-demo-"))
    try:
        target.mkdir(parents=True, exist_ok=True)
        for src in sorted(SAMPLE_DATA.iterdir()):
            if src.is_file() and not src.name.startswith((".", "_")) and src.suffix != ".py":
                dst = target / ("store.json" if src.name == DEMO_STORE else src.name)
                if not dst.exists():
                    shutil.copy2(src, dst)
                    if dst.name == "store.json":
                        dst.chmod(0o600)
    except OSError as exc:
        raise UsageError(f"{target}: cannot copy the demo ({exc.strerror})") from None
    return target, target / "store.json"
