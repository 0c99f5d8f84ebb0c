"""What an importer hands to its command: a result that carries its report and writes itself.

An importer (GLPI, NumÉcoÉval…) reads files into an :class:`ImportResult`. The command prints
``result.report`` (stderr), stops when ``result.refusal`` says nothing may be written, else calls
``result.write(output, generated_on=…)`` and prints ``result.summary(output)``. Writing is atomic
and refused, with :class:`OutputTooLargeError`, beyond the YAML size limit that loading enforces.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from pathlib import Path

from ..errors import InputError


class OutputTooLargeError(InputError):
    """The inventory would be larger than a YAML inventory may be (it could not be loaded back)."""


class ImportResult(ABC):
    """Base class of importers' results. Subclasses give the report, the inventory text and the summary."""

    # Said when the inventory is too large to be written, after the limit (e.g. how to make it smaller).
    too_large_hint: str = ""

    @property
    @abstractmethod
    def report(self) -> list[str]:
        """The import report, one string per line (the command prints it on stderr)."""

    @property
    def refusal(self) -> str | None:
        """Why nothing may be written (one line for stderr), or None when the inventory can be written."""
        return None

    @abstractmethod
    def inventory_text(self, *, generated_on: date) -> str:
        """The inventory YAML, with a header naming its sources and the date given."""

    @abstractmethod
    def summary(self, output) -> str:
        """What was written, one line for stdout."""

    def write(self, output, *, generated_on: date) -> Path:
        """Write the inventory atomically; OutputTooLargeError beyond the YAML size limit."""
        from .writers import atomic_write
        from .yamlsafe import YAML_MAX_BYTES

        refusal = self.refusal
        if refusal:
            raise RuntimeError(f"this import may not be written: {refusal}")
        text = self.inventory_text(generated_on=generated_on)
        if len(text.encode("utf-8")) > YAML_MAX_BYTES:
            raise OutputTooLargeError(f"the inventory would exceed the YAML size limit ({YAML_MAX_BYTES:,} "
                                      f"bytes)" + (f": {self.too_large_hint}" if self.too_large_hint else ""))
        target = Path(output)
        atomic_write(target, text)
        return target
