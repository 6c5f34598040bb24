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

HAN = regex.compile(r"\p{Han}")
PUNCTUATION = regex.compile(r"([\p{P}\s]+)")
# The dictionary has no punctuation; a mark costs about what a common word does.
PUNCTUATION_LOGP = -6.0


class LanguageModel:
    def __init__(self, tokenizer: Any, to_simplified: dict[str, str]) -> None:
        self.tokenizer = tokenizer
        self.to_simplified = to_simplified
        self.simplified_only = frozenset(s for t, s in to_simplified.items() if s != t) - frozenset(to_simplified)

    def simplify(self, text: str) -> str:
        return "".join(self.to_simplified.get(c, c) for c in text)

    def logp(self, text: str) -> float:
        """Log-probability of ``text``: each run between punctuation marks scored by its
        best segmentation into dictionary words, each mark at a flat cost."""
        score = 0.0
        for piece in PUNCTUATION.split(self.simplify(text)):
            if not piece:
                continue
            if PUNCTUATION.fullmatch(piece):
                score += PUNCTUATION_LOGP * len(piece)
                continue
            route: dict[int, tuple[float, int]] = {}
            self.tokenizer.calc(piece, self.tokenizer.get_DAG(piece), route)
            score += route[0][0]
        return score

    def knows(self, char: str) -> bool:
        """Is ``char`` a Han character of the dictionary?"""
        return self.simplify(char) in self.tokenizer.FREQ

    def is_traditional(self, text: str, share: float = 0.02) -> bool:
        """Does ``text`` read as Traditional Chinese (enough Traditional-only characters)?"""
        han = len(HAN.findall(text))
        return bool(han) and sum(1 for c in text if c in self.to_simplified) / han >= share


@lru_cache(maxsize=1)
def default_model() -> LanguageModel:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return LanguageModel(jieba.dt, Rules().char_map("traditional_chars.tsv"))
