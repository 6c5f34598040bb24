"""Character classes and small text helpers shared by the passes (one place, one definition)."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

import regex

HAN = r"\p{Han}"
OPENING = "（【《〈「『“‘〔〖"
CLOSING = "）】》〉」』”’〕〗"
PAUSES = "，。、；：？！…—～·"
CJK_PUNCT = OPENING + CLOSING + PAUSES
# Vowels with pinyin tone marks (and ü, ń, ň, ǹ, ḿ), for annotation patterns.
TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"

# One Han character (the Unicode script: ideographs, radicals, 々, 〇).
HAN_CHAR = regex.compile(HAN)
# The CJK ideograph blocks: Extension A, the URO, compatibility ideographs, the SIP and TIP.
HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
# One ideograph, for counting in hot loops (stdlib ``re``; see ``char_class``).
IDEOGRAPH = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in HAN_BLOCKS) + "]")


def is_han(ch: str) -> bool:
    return bool(ch) and HAN_CHAR.match(ch) is not None


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


def char_class(chars: Iterable[str]) -> re.Pattern[str]:
    """One character of ``chars``, as a class of code-point ranges. The standard library's
    ``re`` matches a large class of BMP characters from a bitmap, many times faster than
    ``regex``; characters beyond the BMP are scanned one range at a time, so they are
    tried only where such a character stands."""
    return range_class(_runs(sorted({ord(c) for c in chars})))


def range_class(ranges: Iterable[tuple[int, int]]) -> re.Pattern[str]:
    """One character in any of the inclusive code-point ``ranges`` (as `char_class`)."""
    bmp, astral = [], []
    for low, high in ranges:
        if low < 0x10000:
            bmp.append((low, min(high, 0xFFFF)))
        if high >= 0x10000:
            astral.append((max(low, 0x10000), high))
    parts = [f"[{_inside(bmp)}]"] if bmp else []
    if astral:
        parts.append(f"(?=[\U00010000-\U0010ffff])[{_inside(astral)}]")
    return re.compile("|".join(parts) if parts else r"[^\s\S]")


def _runs(codes: list[int]) -> list[tuple[int, int]]:
    """Sorted code points as inclusive ranges of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return runs


def _inside(ranges: list[tuple[int, int]]) -> str:
    """Ranges as the inside of a character class (``a-z`` for each)."""
    return "".join(re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
                   for low, high in ranges)
