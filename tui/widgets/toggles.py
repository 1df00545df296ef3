"""Toggles readable without colour (NO_COLOR, monochrome terminals)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class MarkedCheckbox(Checkbox):
    """A checkbox showing ``X`` when on and a blank when off (not only a colour change)."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button
