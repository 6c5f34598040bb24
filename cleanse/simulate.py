"""Forward models of the damage cleanse repairs: clean text in, damaged text out.

They make labelled data for tests and measurements (`benchmarks/`), and document the
damage precisely. ``gbk_annotator`` reproduces seed 002's byte garbling.
"""

from __future__ import annotations

import random
from typing import NamedTuple

from cleanse.passes.gbk_repair import gbk_char, is_user_defined


def _outside_gb2312(pair: bytes) -> bool:
    """The annotator's targets: GBK characters that GB2312 does not have."""
    lead, trail = pair
    return not (0xB0 <= lead <= 0xF7 and trail >= 0xA1) and not (0xA1 <= lead <= 0xA9)


def _reading(char: str) -> str | None:
    from pypinyin import Style, pinyin

    reading = pinyin(char, style=Style.TONE)[0][0]
    return reading if reading != char and reading.isalpha() else None


def _annotation(pair: bytes) -> bytes | None:
    char = gbk_char(pair)
    if char is None or not _outside_gb2312(pair):
        return None
    reading = _reading(char)
    try:
        return b"(" + reading.encode("gbk") + b")" if reading else None
    except UnicodeEncodeError:  # a reading GBK cannot write (ḿ): the annotator skipped it
        return None


class Garbled(NamedTuple):
    text: str
    shift_at: int  # the character index where the shift began
    dropped: int  # how many user-defined pairs decoding dropped


def decode_like_the_old_pipeline(data: bytes) -> str:
    """GBK decoding as the damaging pipeline did it: an invalid pair became `?` (both
    bytes consumed), a pair in the user-defined area vanished."""
    return _decode(data)[0]


def _decode(data: bytes) -> tuple[str, int]:
    """The decoded text and how many user-defined pairs vanished."""
    out: list[str] = []
    dropped = 0
    k = 0
    while k < len(data):
        if data[k] < 0x80:
            out.append(chr(data[k]))
            k += 1
            continue
        pair = data[k : k + 2]
        if len(pair) == 2 and is_user_defined(*pair):
            dropped += 1
            k += 2
            continue
        char = gbk_char(pair) if len(pair) == 2 else None
        out.append(char if char is not None else "?")
        k += 2
    return "".join(out), dropped


def gbk_annotator(text: str, rng: random.Random, annotate_share: float = 0.8) -> Garbled | None:
    """Garble ``text`` (Traditional, GBK-encodable) as seed 002 was garbled.

    The annotator annotates characters outside GB2312 with their reading, after the
    character; once, it loses the boundaries: it reads the pair [trail of one
    character, lead of the next] as a character and inserts that reading between the
    two bytes of the next character, and stays shifted until the next character it
    annotates. Returns the garbled text, where the shift began and how many pairs
    were dropped, or None when ``text`` offers no place for it.
    """
    try:
        chars = [c.encode("gbk") for c in text]
    except UnicodeEncodeError:
        return None
    places = [
        i for i in range(len(chars) - 2)
        if len(chars[i]) == 2 and len(chars[i + 1]) == 2 and _annotation(chars[i][1:] + chars[i + 1][:1])
    ]
    if not places:
        return None
    shift_at = rng.choice(places)
    out = bytearray()
    shifted = False
    for i, encoded in enumerate(chars):
        if i == shift_at + 1:
            out += encoded[:1] + _annotation(chars[i - 1][1:] + encoded[:1]) + encoded[1:]  # type: ignore[operator]
            shifted = True
            continue
        out += encoded
        note = _annotation(encoded) if len(encoded) == 2 else None
        if note and (shifted or rng.random() < annotate_share) and i != shift_at:
            out += note
            shifted = False
    garbled, dropped = _decode(bytes(out))
    return Garbled(garbled, shift_at, dropped)
