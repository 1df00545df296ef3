"""The demo: a copy of the shipped sample data (store and sample files) to play with."""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

from relimport.core.domain.errors import UsageError

DEMO_STORE = "demo-store.json"


def sample_data() -> Path:
    """The folder of the demo store and sample files shipped inside the package.

    pip installs packages as plain folders (never zipped), so it is a real path.
    """
    return Path(str(resources.files("relimport.sample_data")))


#: Where the demo store and sample files are.
SAMPLE_DATA = sample_data()


def install_demo(directory: Path | None) -> tuple[Path, Path]:
    """Copy the demo store and sample files into ``directory`` (or a new temp dir).

    Returns the directory and the store file inside it. An existing store there is
    not overwritten.
    """
    data = SAMPLE_DATA
    if not (data / DEMO_STORE).is_file():
        raise UsageError(f"demo data not found in {data}")
    target = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="relimport-demo-"))
    try:
        target.mkdir(parents=True, exist_ok=True)
        for src in sorted(data.iterdir()):
            if src.is_file() and not src.name.startswith((".", "_")) and src.suffix != ".py":
                dst = target / ("store.json" if src.name == DEMO_STORE else src.name)
                if not dst.exists():
                    shutil.copy2(src, dst)
                    if dst.name == "store.json":
                        dst.chmod(0o600)
    except OSError as exc:
        raise UsageError(f"{target}: cannot copy the demo ({exc.strerror})") from None
    return target, target / "store.json"
