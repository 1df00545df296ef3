"""Wizard and browser screens, one per module."""
