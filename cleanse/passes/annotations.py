"""annotations: remove pinyin readings put after Han characters (`丹陽(yáng)` → `丹陽`).

An old pipeline annotated characters with their readings in ASCII parentheses, even
inside real parentheticals (`(不含農(nóng)業(yè))`), and some annotate words, a syllable per
character (`蘋果(píng guǒ)`). An annotation is removed when it is valid syllables (tone
marks or tone digits; inventory in `rules/pinyin_syllables.txt`), each a reading of
its character before it (pypinyin's heteronym data); a valid
syllable that is not that character's reading is left and flagged. Real
parentheticals stay. No library strips such annotations, so this is written here.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit, flag
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import TONE_LETTERS

SYLLABLE = rf"[a-z{TONE_LETTERS}]{{1,7}}[1-5]?"
# One syllable in brackets after a Han character (`陽(yáng)`), or up to four separated
# by spaces, one for each character before them (`蘋果(píng guǒ)`). The search starts at
# the bracket, which is rare, not at every Han character.
CANDIDATE = regex.compile(rf"(?<=\p{{Han}})([(（])({SYLLABLE}(?: {SYLLABLE}){{0,3}})([)）])", regex.IGNORECASE)
# The Han characters just before it, up to four.
HAN_BEFORE = regex.compile(r"\p{Han}{1,4}$")


class AnnotationsPass(Pass):
    name = "annotations"
    description = "Remove pinyin annotations after Han characters, `丹陽(yáng)` → `丹陽`; real parentheticals stay."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        self.require_reading = bool(self.rules.get("require_reading", True))

    @cached_property
    def syllables(self) -> set[str]:
        return set(self.files.word_list(self.rules.get("syllables_file", "pinyin_syllables.txt")))

    def find_edits(self, doc: Document) -> list[Edit]:
        edits: list[Edit] = []
        for m in CANDIDATE.finditer(doc.text):
            if (m.group(1) == "(") != (m.group(3) == ")"):
                continue  # mismatched brackets: not an annotation
            readings = m.group(2).lower().split(" ")
            han = HAN_BEFORE.search(doc.text, max(0, m.start() - 4), m.start())
            if han is None or len(readings) > len(han.group()) or not all(self.is_syllable(r) for r in readings):
                continue
            chars = han.group()[-len(readings):]
            reading = " ".join(readings)
            start, end = m.start(1), m.end(3)
            annotation = doc.text[start:end]
            if not self.require_reading or all(self.is_reading(c, r) for c, r in zip(chars, readings)):
                edits.append(Edit(start, end, annotation, "", f"pinyin annotation of {chars} removed: {reading}", "delete"))
            else:
                edits.append(flag(start, annotation, f"looks like a pinyin annotation, but {reading} is not a reading of {chars}: kept"))
        return edits

    @lru_cache(maxsize=4096)
    def is_syllable(self, reading: str) -> bool:
        from pypinyin.contrib.tone_convert import to_normal

        return to_normal(reading.rstrip("12345")) in self.syllables

    @staticmethod
    @lru_cache(maxsize=65536)
    def is_reading(char: str, reading: str) -> bool:
        from pypinyin import Style, pinyin
        from pypinyin.contrib.tone_convert import to_normal, to_tone

        readings = set(pinyin(char, style=Style.TONE, heteronym=True)[0])
        marked = to_tone(reading) if reading[-1:].isdigit() else reading
        return marked in readings or (reading[-1:] == "5" and to_normal(reading) in {to_normal(r) for r in readings})
