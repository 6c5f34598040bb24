"""layout: one paragraph per line, exactly one blank line between paragraphs.

Removes leading indentation (ASCII or U+3000) and trailing spaces, collapses runs
of blank lines and, inside a line, runs of ASCII spaces to one (`作业  记者 张明 摄`),
drops blank lines at the start and leaves one final newline.
It runs after ``reflow``, which needs to see how many blank lines a break had.
"""

from __future__ import annotations

from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit
from cleanse.passes.base import Pass
from cleanse.rules import Rules

PARAGRAPH_BREAK = "\n\n"


class LayoutPass(Pass):
    name = "layout"
    description = "Indentation and trailing spaces removed; one paragraph per line, one blank line between."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        edge = regex.escape(self.rules.get("edge_space", " \t\u3000\u00a0"))
        # A gap: everything between the last visible character of one paragraph and
        # the first of the next, when it holds a newline.
        self._gap = regex.compile(f"[{edge}]*\\n[{edge}\\n]*")
        self._leading = regex.compile(f"^[{edge}\\n]+")
        self._trailing = regex.compile(f"[{edge}\\n]+$")
        # Two or more ASCII spaces between visible characters of a line.
        self._inner = regex.compile(r"(?<=[^\s]) {2,}(?=[^\s])") if self.rules.get("collapse_inner_spaces", True) else None

    def find_edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        edits: list[Edit] = []
        lead = self._leading.match(text)
        if lead and lead.end() == len(text):  # nothing but white space
            return [Edit(0, len(text), text, "", "document holds only white space", "delete")]
        head = lead.end() if lead else 0
        if head:
            edits.append(Edit(0, head, text[:head], "", "white space before the first paragraph", "delete"))
        tail_match = self._trailing.search(text, head)
        tail = tail_match.start() if tail_match else len(text)
        if text:
            ending = text[tail:]
            if ending != "\n":
                edits.append(Edit(tail, len(text), ending, "\n", "one final newline"))
        for m in self._gap.finditer(text, head, tail):
            if m.group() != PARAGRAPH_BREAK:
                edits.append(Edit(m.start(), m.end(), m.group(), PARAGRAPH_BREAK, self._describe(m.group())))
        if self._inner:
            edits.extend(Edit(m.start(), m.end(), m.group(), " ", f"{len(m.group())} spaces inside a line to 1")
                         for m in self._inner.finditer(text, head, tail))
        return sorted(edits, key=lambda e: e.start)

    @staticmethod
    def _describe(gap: str) -> str:
        blank = max(gap.count("\n") - 1, 0)
        parts = []
        if blank != 1:
            parts.append(f"{blank} blank lines to 1")
        if gap.strip("\n"):
            parts.append("indentation or trailing spaces removed")
        return "paragraph separator: " + ", ".join(parts)
