"""page_numbers: remove the page numbers OCR left between paragraphs (`- 3 -`, `第3页`, `第2版`).

A page break in a scanned newspaper or report often carries the page's number on a
line of its own; left in, it stands between the two halves of a broken sentence
(`层层压实责` | `- 3 -` | `任，形成了…`), so `reflow` cannot rejoin them, and
`boilerplate` takes it for a menu item. A line that is nothing but a page number, in
one of the shapes of `rules/page_numbers.toml`, is deleted with the blank lines after
it; the break it stood in is then a plain page break, which `reflow` decides. A bare
number alone on a line is not taken (a figure, a list): only shapes no sentence has.
No library knows this page furniture, so it is written here.
"""

from __future__ import annotations

from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit
from cleanse.passes.base import Pass
from cleanse.rules import Rules


class PageNumbersPass(Pass):
    name = "page_numbers"
    description = "Remove page-number lines left by OCR between paragraphs (`- 3 -`, `第3页`, `第2版`)."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        shapes = "|".join(f"(?:{p})" for p in self.rules.get("patterns", []))
        # A whole line of its own (spaces around it aside), with the blank lines after it.
        self._line = regex.compile(rf"(?m)^[ \t\u3000]*(?:{shapes})[ \t\u3000]*(?:\n[ \t\u3000]*)*(?:\n|\Z)") if shapes else None

    def find_edits(self, doc: Document) -> list[Edit]:
        if self._line is None:
            return []
        return [Edit(m.start(), m.end(), m.group(), "", f"page number removed: {m.group().strip()}", "delete")
                for m in self._line.finditer(doc.text)]
