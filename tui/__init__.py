"""relimport terminal app (Textual) and CLI."""
