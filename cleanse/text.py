"""Character classes and small text helpers shared by the passes (one place, one definition)."""

from __future__ import annotations

from typing import Iterable, Iterator

import regex

HAN = r"\p{Han}"
OPENING = "（【《〈「『“‘〔〖"
CLOSING = "）】》〉」』”’〕〗"
PAUSES = "，。、；：？！…—～·"
CJK_PUNCT = OPENING + CLOSING + PAUSES
# Vowels with pinyin tone marks (and ü, ń, ň, ǹ, ḿ), for annotation patterns.
TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"

_HAN = regex.compile(HAN)


def is_han(ch: str) -> bool:
    return bool(ch) and _HAN.match(ch) is not None


def lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    """Each line (without its newline) with the offset where it starts."""
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1



def is_label(line: str, max_chars: int, sentence_punctuation: str) -> bool:
    """A headline, byline or caption: short, with no sentence punctuation."""
    body = line.strip().lstrip("#").strip()
    return len(body) <= max_chars and not any(c in sentence_punctuation for c in body)


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first ("(?!)" — nothing — when empty)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) for w in ordered) or "(?!)"
