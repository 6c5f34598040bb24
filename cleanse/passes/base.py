"""The contract every pass follows: look at a document, return edits, never mutate."""

from __future__ import annotations

from typing import Any, ClassVar

from cleanse.document import Document
from cleanse.edits import Edit
from cleanse.rules import Rules


class Pass:
    """A small repair with one job.

    Subclasses set ``name`` (also the name of its rules file, ``rules/<name>.toml``),
    a one-line ``description``, ``default_on`` and, when the pass needs an optional
    dependency, the pip ``extra`` that provides it. They implement ``find_edits``.
    A pass may record what it learned (metadata) on ``doc.metadata``, but changes
    text only through the edits it returns.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    default_on: ClassVar[bool] = True
    extra: ClassVar[str | None] = None

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        self.rules: dict[str, Any] = rules or {}
        self._files = files

    @property
    def files(self) -> Rules:
        """The rules folder, for the word lists and tables a pass's TOML names."""
        if self._files is None:
            self._files = Rules()
        return self._files

    def find_edits(self, doc: Document) -> list[Edit]:
        raise NotImplementedError
