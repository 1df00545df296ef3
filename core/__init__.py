"""relimport engine: files, mapping, resolution, store and batches.

This package never imports Textual or Rich; the TUI and the CLI sit on top of it.
"""

__version__ = "0.1.0"
