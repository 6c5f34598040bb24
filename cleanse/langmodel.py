"""A language model of Chinese, to rank repair candidates.

The log-probability of a text is that of its best segmentation into words under the
word-frequency model of jieba's dictionary (jieba's own route search), a well-kept
source of modern usage. Traditional characters are scored through their Simplified
form (`rules/traditional_chars.tsv`), so one model serves both scripts. Loaded
lazily, once per process, on first use.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import regex

from cleanse.rules import Rules
from cleanse.text import IDEOGRAPH, char_class

PUNCTUATION = regex.compile(r"([\p{P}\s]+)")


class LanguageModel:
    def __init__(self, tokenizer: Any, to_simplified: dict[str, str], marks: dict[str, Any] | None = None) -> None:
        self.tokenizer = tokenizer
        self.to_simplified = to_simplified
        marks = marks or {}
        self.mark_logp: dict[str, float] = {k: float(v) for k, v in marks.get("marks", {}).items()}
        self.other_mark = float(marks.get("other_mark", -12.0))
        self.space = float(marks.get("space", -6.0))
        self.traditional_only = frozenset(to_simplified)
        self.simplified_only = frozenset(s for t, s in to_simplified.items() if s != t) - self.traditional_only
        self._traditional_char = char_class(to_simplified)

    def other_script(self, traditional: bool) -> frozenset[str]:
        """The characters a repair may not write in a document of the given script."""
        return self.simplified_only if traditional else self.traditional_only

    def simplify(self, text: str) -> str:
        return "".join(self.to_simplified.get(c, c) for c in text)

    def logp(self, text: str) -> float:
        """Log-probability of ``text``: each run between punctuation marks scored by its
        best segmentation into dictionary words, each mark at its cost (`rules/langmodel.toml`)."""
        score = 0.0
        for piece in PUNCTUATION.split(self.simplify(text)):
            if not piece:
                continue
            if PUNCTUATION.fullmatch(piece):
                score += sum(self.mark_logp.get(c, self.space if c.isspace() else self.other_mark) for c in piece)
                continue
            route: dict[int, tuple[float, int]] = {}
            self.tokenizer.calc(piece, self.tokenizer.get_DAG(piece), route)
            score += route[0][0]
        return score

    def knows(self, char: str) -> bool:
        """Is ``char`` a Han character of the dictionary?"""
        return self.simplify(char) in self.tokenizer.FREQ

    def is_traditional(self, text: str, share: float = 0.02, sample: int = 100_000) -> bool:
        """Does ``text`` read as Traditional Chinese (enough Traditional-only characters)?
        Judged on its first ``sample`` characters: a document's script shows early, and a
        200 MB file is not scanned whole."""
        head = text[:sample]
        han = len(IDEOGRAPH.findall(head))
        return bool(han) and len(self._traditional_char.findall(head)) / han >= share


@lru_cache(maxsize=1)
def default_model() -> LanguageModel:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    rules = Rules()
    return LanguageModel(jieba.dt, rules.char_map("traditional_chars.tsv"), rules.table("langmodel"))
