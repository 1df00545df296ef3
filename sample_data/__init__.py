"""The demo store and sample import files, shipped as package data (see README.md here)."""
