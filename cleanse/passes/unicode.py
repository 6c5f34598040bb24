"""unicode: line endings, BOM and invisible characters, controls, private use, NFC, ftfy.

Latin mojibake and HTML entities are ftfy's job; it is configured in
``rules/unicode.toml`` so that it never touches legitimate Chinese punctuation or
spaces, and it is only run on lines that hold something it could repair.
Everything else here is a character-class rule that ftfy does not log per span.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit, apply_edits, minimal_edit
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import lines_with_offsets

# Where ftfy may have work: Latin-1 / cp1252 letters and symbols, or an HTML entity.
FTFY_CANDIDATE = regex.compile(r"[\u0080-\u024f\u2018-\u2022\u2026\u2030\u20ac\u2122]|&#?\w+;")
CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
PRIVATE_USE = r"\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"


class UnicodePass(Pass):
    name = "unicode"
    description = "Line endings, BOM, invisible and control characters, private use, NFC, Latin mojibake (ftfy)."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        removed = "".join(self.rules.get("invisible", []))
        spaces = "".join(self.rules.get("odd_spaces", []))
        self._spaces = regex.compile(f"[{regex.escape(spaces)}]") if spaces else None
        space_rule = f"|[{regex.escape(spaces)}]" if spaces else ""
        self._rule = regex.compile(
            f"\r|[{regex.escape(removed)}{CONTROL}{PRIVATE_USE}]+{space_rule}"
        )
        options = dict(self.rules.get("ftfy", {}))
        if options.get("normalization") is False:
            options["normalization"] = None
        self._ftfy_options = options

    def find_edits(self, doc: Document) -> list[Edit]:
        edits: list[Edit] = []
        for offset, line in lines_with_offsets(doc.text):
            if line:
                edits.extend(self._line_edits(offset, line))
        return edits

    def _char_edits(self, offset: int, line: str) -> list[Edit]:
        """Character-class rules, one edit per run, in offsets of the document."""
        edits: list[Edit] = []
        for m in self._rule.finditer(line):
            chars = m.group()
            start, end = offset + m.start(), offset + m.end()
            if chars == "\r":
                after = "" if m.end() == len(line) else "\n"
                edits.append(Edit(start, end, chars, after, "line ending to \\n"))
            elif self._spaces is not None and self._spaces.fullmatch(chars):
                edits.append(Edit(start, end, chars, " ", f"odd space U+{ord(chars):04X} to a plain space"))
            else:
                names = ", ".join(sorted({f"U+{ord(c):04X}" for c in chars}))
                reason = f"removed invisible, control or unrepairable character ({names})"
                edits.append(Edit(start, end, chars, "", reason, "delete"))
        return edits

    def _line_edits(self, offset: int, line: str) -> list[Edit]:
        """ftfy, then the character rules and NFC: one edit per run of the character
        rules, or one for the line when ftfy or NFC change it. ftfy comes first: C1
        controls and no-break spaces can be bytes of the mojibake it repairs (`â€\x9d`
        is `”`; without the U+009D it would read `†`)."""
        fixed, reasons = line, []
        if FTFY_CANDIDATE.search(line):
            fixed, reason = self._ftfy(line)
            reasons += [reason] if reason else []
        edits = self._char_edits(0, fixed)  # offsets in ``fixed``
        cleaned = apply_edits(fixed, edits)
        if not unicodedata.is_normalized("NFC", cleaned):
            cleaned = unicodedata.normalize("NFC", cleaned)
            reasons.append("Unicode normalisation (NFC)")
        if not reasons:  # the character rules alone
            return [replace(e, start=e.start + offset, end=e.end + offset) for e in edits]
        reasons += [e.reason for e in edits]
        return [minimal_edit(offset, line, cleaned, "; ".join(dict.fromkeys(reasons)))]

    def _ftfy(self, line: str) -> tuple[str, str]:
        import ftfy

        fixed, explanation = ftfy.fix_and_explain(line, ftfy.TextFixerConfig(**self._ftfy_options))
        if fixed == line:
            return line, ""
        steps = ", ".join(step for _, step in explanation or [])
        return fixed, f"ftfy: {steps}" if steps else "ftfy"
