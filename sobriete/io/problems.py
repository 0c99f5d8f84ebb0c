"""Collecting input problems: validation reports every problem it finds, then raises them together.

A loader adds located :class:`~sobriete.errors.InputError` s as it goes (``problems.add(error(…,
path=…, row=…))``) and calls :meth:`Problems.raise_if_any` at the end of a pass; the command line
prints one line per problem and exits with code 2 (STYLE.md "Errors").
"""

from __future__ import annotations

from ..errors import InputError, InputErrors, error
from ..locale import _


class Problems:
    """Located input problems, in the order they were found."""

    def __init__(self, items=()):
        self.items: list[InputError] = list(items)

    def add(self, problem: InputError) -> None:
        self.items.append(problem)

    def extend(self, problems) -> None:
        """Add several problems (a list, or the ``problems`` of a caught InputErrors)."""
        self.items.extend(problems.problems if isinstance(problems, InputErrors) else problems)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)

    def raise_if_any(self, *, limit: int | None = None, path: str | None = None) -> None:
        """Raise every problem as one InputErrors; with ``limit``, the first ``limit`` ones and a
        last line "… and N more problem(s)" located at ``path``."""
        if not self.items:
            return
        items = self.items
        if limit is not None and len(items) > limit:
            items = items[:limit] + [error(_("… and {count} more problem(s)"), count=len(items) - limit, path=path)]
        raise InputErrors(items)
