"""script: Traditional to Simplified with OpenCC's phrase-aware t2s, where text is Traditional.

Only paragraphs that are Traditional are converted (detected from characters that
only Traditional text uses, `rules/traditional_chars.tsv`), so Simplified text is
never touched, nor is Japanese (kana among the characters), whose kanji look
Traditional. Protected phrases (proper names such as 乾隆) are converted as the rules
say, and after conversion 著 becomes the particle 着 except in the zhù words listed in
`rules/script.toml` — OpenCC leaves `隨著` as `随著`.

Backends: the pure-Python ``opencc-python-reimplemented`` is the default dependency;
OpenCC's official C++ binding (``pip install 'cleanse[fast]'``, about 50× faster)
installs the same module name and replaces it. ``backend()`` says which is in use.
"""

from __future__ import annotations

import re
from functools import cached_property
from itertools import islice
from math import ceil
from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit, minimal_edit
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import IDEOGRAPH, alternation, char_class, lines_with_offsets


def backend() -> str:
    """Which OpenCC the ``opencc`` module is: the C++ binding or the pure-Python one."""
    import opencc

    return "opencc (C++ binding)" if hasattr(opencc, "CONFIGS") else "opencc-python-reimplemented"


class ScriptPass(Pass):
    name = "script"
    description = "Traditional to Simplified (OpenCC t2s, phrase-aware) where the text is Traditional; `--script keep` skips it."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        self.min_chars = int(self.rules.get("min_traditional_chars", 2))
        self.document_share = float(self.rules.get("document_share", 0.02))
        self.protected: dict[str, str] = dict(self.rules.get("protected", {}))
        self._zhu_words = regex.compile(alternation(self.rules.get("zhu", {}).get("keep", [])))
        self._protected = regex.compile(alternation(self.protected))
        japanese = self.rules.get("japanese", {})
        self._kana = regex.compile(japanese["kana"]) if japanese.get("kana") else None
        self.min_kana = int(japanese.get("min_kana", 2))
        self.kana_share = float(japanese.get("kana_share", 0.1))

    @cached_property
    def traditional(self) -> frozenset[str]:
        return frozenset(self.files.char_map(self.rules.get("traditional_chars_file", "traditional_chars.tsv")))

    @cached_property
    def _traditional_char(self) -> re.Pattern[str]:
        return char_class(self.traditional)

    @cached_property
    def converter(self) -> Any:
        import opencc

        return opencc.OpenCC(self.rules.get("config", "t2s"))

    def count_traditional(self, text: str, at_most: int | None = None) -> int:
        """Traditional-only characters in ``text`` (counting stops at ``at_most``)."""
        return sum(1 for _ in islice(self._traditional_char.finditer(text), at_most))

    def find_edits(self, doc: Document) -> list[Edit]:
        if not self._traditional_char.search(doc.text):
            return []
        han = len(IDEOGRAPH.findall(doc.text))
        needed = max(self.min_chars, ceil(self.document_share * han))
        whole_document = self.count_traditional(doc.text, needed) >= needed
        edits: list[Edit] = []
        reason = f"Traditional to Simplified (OpenCC {self.rules.get('config', 't2s')})"
        for offset, line in lines_with_offsets(doc.text):
            count = self.count_traditional(line, self.min_chars)
            if (count >= self.min_chars or (whole_document and count)) and not self.is_japanese(line):
                edits.extend(self._line_edits(offset, line, reason))
        return edits

    def is_japanese(self, line: str) -> bool:
        """Is the paragraph Japanese (enough kana among its characters)? Its kanji keep
        their forms: `經濟`, `東京` are Japanese as written."""
        if self._kana is None:
            return False
        kana = len(self._kana.findall(line))
        return kana >= self.min_kana and kana >= self.kana_share * (kana + len(IDEOGRAPH.findall(line)))

    def convert(self, text: str) -> str:
        """t2s with the protected phrases and the 著/着 rule applied."""
        pieces: list[str] = []
        cursor = 0
        for m in self._protected.finditer(text):
            pieces.append(self.converter.convert(text[cursor:m.start()]))
            pieces.append(self.protected[m.group()])
            cursor = m.end()
        pieces.append(self.converter.convert(text[cursor:]))
        return self._particle(text, "".join(pieces))

    def _particle(self, source: str, converted: str) -> str:
        """著 → 着 outside the zhù words (only where the source was Traditional text)."""
        if "著" not in converted:
            return converted
        keep: set[int] = set()
        for m in self._zhu_words.finditer(converted):
            keep.update(m.start() + i for i, c in enumerate(m.group()) if c == "著")
        return "".join("着" if c == "著" and i not in keep else c for i, c in enumerate(converted))

    def _line_edits(self, offset: int, line: str, reason: str) -> list[Edit]:
        """One edit per run of converted characters (t2s keeps lengths; else one per line)."""
        converted = self.convert(line)
        if converted == line:
            return []
        if len(converted) != len(line):
            return [minimal_edit(offset, line, converted, reason)]
        edits: list[Edit] = []
        changed = [i for i, (a, b) in enumerate(zip(line, converted)) if a != b]
        start = prev = changed[0]
        for i in changed[1:] + [-1]:
            if i != prev + 1:
                edits.append(Edit(offset + start, offset + prev + 1, line[start:prev + 1], converted[start:prev + 1], reason))
                start = i
            prev = i
        return edits
