"""gbk_repair: undo a pinyin annotator that worked on raw GBK bytes (seed 002's damage).

The annotator lost the character boundaries and inserted `(reading)` between the two
bytes of a character. Decoding then met [X 28], wrote `?` for it (eating the `(` and
the byte X), and read the rest shifted by one byte (`發展?jié)摿Φ慕?jīng)濟` for
`發展潛力的經濟`) until it realigned: at the next such `?`, or at an ASCII trail byte;
a shifted pair that fell in GBK's user-defined area was dropped on the way.

Repair works at byte level: re-encode the span, take the inserted annotation out, and
solve for the lost bytes. The annotation is a checksum: the lost byte X must make the
pair [previous byte, X] read as annotated. Dropped user-defined pairs are searched
for at every pair boundary of the shifted region. The candidates are ranked by a
language model (`cleanse.langmodel`); a repair is made only when one
candidate clearly wins, else the span is left and flagged. No library knows this
damage, so it is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterator

import regex

from cleanse.document import Document
from cleanse.edits import Edit, flag
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import TONE_LETTERS

ANCHOR = regex.compile(rf"\?([a-z{TONE_LETTERS}]{{1,7}})\)")
HAN = regex.compile(r"\p{Han}")
ANNOTATION = regex.compile(rf"\([a-z{TONE_LETTERS}]{{1,7}}\)")


def is_user_defined(first: int, second: int) -> bool:
    """Is [first second] in one of GBK's user-defined areas (which decoders drop)?"""
    if (0xAA <= first <= 0xAF or 0xF8 <= first <= 0xFE) and 0xA1 <= second <= 0xFE:
        return True
    return 0xA1 <= first <= 0xA7 and 0x40 <= second <= 0xA0 and second != 0x7F


# For each lead byte of GBK's user-defined areas, the trail bytes that make a user-defined pair.
USER_DEFINED_TRAILS = tuple(
    (u1, tuple(u2 for u2 in range(0x40, 0xFF) if is_user_defined(u1, u2)))
    for u1 in (*range(0xA1, 0xA8), *range(0xAA, 0xB0), *range(0xF8, 0xFF))
)


@lru_cache(maxsize=1)
def _pair_table() -> tuple[str | None, ...]:
    """The character of every two-byte GBK sequence (index first * 256 + second), or None."""
    table: list[str | None] = []
    for first in range(256):
        for second in range(256):
            try:
                char = bytes([first, second]).decode("gbk")
            except UnicodeDecodeError:
                char = None
            table.append(char if char is not None and len(char) == 1 else None)
    return tuple(table)


def gbk_char(pair: bytes) -> str | None:
    """The character a two-byte GBK sequence encodes, or None."""
    return _pair_table()[pair[0] * 256 + pair[1]]


def gbk_bytes(char: str) -> bytes | None:
    try:
        encoded = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded


@dataclass(frozen=True)
class Span:
    """A garbled span: from the `?` of an anchor to where decoding realigned."""

    start: int  # offset of the first `?`
    end: int  # offset after the realigning character or the closing anchor's `)`
    previous: int  # the byte before the lost byte X (last byte of the character before `?`)
    reading: str  # the annotation that followed the lost byte
    middle: bytes  # the shifted bytes between the anchor and the realignment
    closing_reading: str | None  # the annotation of the closing anchor, if it closed at one
    ascii_tail: int | None  # the ASCII byte it realigned on, if it did


@dataclass(frozen=True)
class Candidate:
    text: str  # the repaired characters that replace the span
    score: float  # log-probability of the repair in its context, less the cost of dropped pairs
    detail: str


class GbkRepairPass(Pass):
    name = "gbk_repair"
    description = "Repair text garbled by a pinyin annotator that split GBK characters (`發展?jié)摿Φ慕?jīng)濟`)."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        self.max_span = int(self.rules.get("max_span_chars", 40))
        self.margin = float(self.rules.get("min_margin", 0.5))
        self.context = int(self.rules.get("context_chars", 3))
        self.min_score = float(self.rules.get("min_score", -9.0))
        self.max_drops = int(self.rules.get("max_dropped_pairs", 1))
        self.drop_cost = float(self.rules.get("dropped_pair_cost", 3.0))
        self.pairs_per_position = int(self.rules.get("pairs_per_position", 4))
        self.pairs_shortlist = int(self.rules.get("pairs_shortlist", 32))
        self.annotated = regex.compile(self.rules.get("annotated_pairs", r"(?s).."))
        self.punctuation = set(self.rules.get("punctuation", "，。、；：？！“”‘’（）《》—…·"))
        # Solving depends only on bytes, readings and the document's script: kept across spans.
        self._lost_bytes: dict[tuple[int, str], list[int]] = {}
        self._pairs: dict[tuple[int, int, bool], list[bytes]] = {}
        self._fits: dict[bool, dict[str, bool]] = {True: {}, False: {}}  # by the document's script

    def find_edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        if "?" not in text:
            return []
        edits: list[Edit] = []
        cursor = 0
        traditional: bool | None = None
        for m in ANCHOR.finditer(text):
            if m.start() < cursor:
                continue
            span = self.read_span(text, m)
            if span is None:
                end = min(len(text), m.end() + 8)
                start = max(0, m.start() - 1)
                edits.append(flag(start, text[start:end], "looks like GBK garbling (a `?` where an annotation "
                                  "split a character) but the span cannot be read back to bytes: left as it is",
                                  protect=True))
                cursor = end
                continue
            cursor = span.end
            if traditional is None:  # the document's script, judged once
                from cleanse.langmodel import default_model

                traditional = default_model().is_traditional(text)
            edits.append(self.repair(text, span, traditional))
        return edits

    # -- reading the damage -------------------------------------------------

    def read_span(self, text: str, anchor: regex.Match[str]) -> Span | None:
        """The garbled span an anchor opens, or None when its shape is not this damage."""
        before = gbk_bytes(text[anchor.start() - 1]) if anchor.start() else None
        if before is None or len(before) != 2:
            return None
        middle = bytearray()
        position = anchor.end()
        while position < len(text) and position - anchor.end() <= self.max_span:
            closing = ANCHOR.match(text, position)
            if closing:
                return Span(anchor.start(), closing.end(), before[1], anchor.group(1), bytes(middle),
                            closing.group(1), None)
            char = text[position]
            if ord(char) < 0x80:
                if not 0x40 <= ord(char) <= 0x7E:
                    return None
                return Span(anchor.start(), position + 1, before[1], anchor.group(1), bytes(middle), None, ord(char))
            encoded = gbk_bytes(char)
            if encoded is None or len(encoded) != 2:
                return None
            middle += encoded
            position += 1
        return None

    # -- solving for the lost bytes ------------------------------------------

    def repair(self, text: str, span: Span, traditional: bool) -> Edit:
        garbled = text[span.start : span.end]
        candidates = self.rank(text, span, traditional)
        distinct = {c.text: c for c in candidates}
        ordered = sorted(distinct.values(), key=lambda c: c.score, reverse=True)
        if not ordered:
            return self._leave(text, span, "GBK garbling: no byte-level repair decodes to text; left as it is")
        best = ordered[0]
        runner_up = ordered[1] if len(ordered) > 1 else None
        margin = best.score - runner_up.score if runner_up else float("inf")
        if best.score / (len(best.text) + 2 * self.context) < self.min_score or margin < self.margin:
            others = ", ".join(f"{c.text} ({c.score:.2f})" for c in ordered[:3])
            return self._leave(text, span, f"GBK garbling: no repair clearly wins ({others}); left as it is")
        reason = f"GBK byte garbling repaired: {garbled} → {best.text} ({best.detail}; margin {margin:.2f})"
        return Edit(span.start, span.end, garbled, best.text, reason, "replace")

    @staticmethod
    def _leave(text: str, span: Span, reason: str) -> Edit:
        """Flag a span left unrepaired, with the character before it (whose last byte the
        repair needs), and protect it: later passes leave it byte for byte as it is, so that
        the evidence for a repair is not lost (`?` made full width, 範 made 范)."""
        return flag(span.start - 1, text[span.start - 1 : span.end], reason, protect=True)

    def rank(self, text: str, span: Span, traditional: bool) -> list[Candidate]:
        from cleanse.langmodel import default_model

        model = default_model()
        # A repair writes in the script of its document.
        wrong_script = model.other_script(traditional)
        left = ANNOTATION.sub("", text[max(0, span.start - 4 * self.context) : span.start])[-self.context :]
        right = ANNOTATION.sub("", text[span.end : span.end + 4 * self.context])[: self.context]
        out: list[Candidate] = []
        known = self._fits[traditional]

        def fits(char: str) -> bool:
            if char not in known:
                known[char] = self.plausible(char, model) and char not in wrong_script
            return known[char]

        def pairs_at(before: int, after: int) -> list[bytes]:
            key = (before, after, traditional)
            if key not in self._pairs:
                self._pairs[key] = self.likely_pairs(before, after, model, fits)
            return self._pairs[key]

        for x in self.lost_bytes(span.previous, span.reading):
            for stream, tail, detail in self.streams(span, x, pairs_at):
                decoded = gbk_strict(stream)
                if decoded is None or not all(fits(c) for c in decoded):
                    continue
                window = left + decoded + right
                drops = detail.count("dropped pair")
                score = model.logp(window) - drops * self.drop_cost
                out.append(Candidate(decoded + tail, score, f"lost byte {x:02X} read {span.reading}{detail}"))
        return out

    def plausible(self, char: str, model: Any) -> bool:
        """A character a repair may produce: Han the model knows, or common punctuation."""
        return char in self.punctuation or (bool(HAN.match(char)) and model.knows(char))

    def streams(self, span: Span, x: int, pairs_at: Callable[[int, int], list[bytes]]) -> Iterator[tuple[bytes, str, str]]:
        """The original byte streams the span can have come from, with what follows them."""
        ends: list[tuple[bytes, str, str]] = []
        if span.ascii_tail is not None:
            ends.append((bytes([span.ascii_tail]), "", ""))
        else:
            assert span.closing_reading is not None
            last = span.middle[-1] if span.middle else x
            for x2 in self.lost_bytes(last, span.closing_reading):
                ends.append((bytes([x2]), f"({span.closing_reading})", f", closing byte {x2:02X}"))
        for end, tail, detail in ends:
            stream = bytes([x]) + span.middle + end
            yield stream, tail, detail
            if self.max_drops:
                for position in range(1, len(stream), 2):
                    for pair in pairs_at(stream[position - 1], stream[position]):
                        restored = stream[:position] + pair + stream[position:]
                        yield restored, tail, f"{detail}, dropped pair {pair.hex(' ').upper()} restored"

    def likely_pairs(self, before: int, after: int, model: Any, fits: Callable[[str], bool]) -> list[bytes]:
        """The dropped pairs [u1 u2] that fit best between ``before`` and ``after`` (both
        [before u1] and [u2 after] must be characters that fit), judged by the two
        characters they make there (the full ranking comes later). The pairs are
        shortlisted by the two characters' own frequencies, then ranked as a pair."""
        table = _pair_table()
        seconds = {u2: char for u2 in range(0x40, 0xFF) if (char := table[u2 * 256 + after]) and fits(char)}
        scored = []
        for u1, trails in USER_DEFINED_TRAILS:
            first = table[before * 256 + u1]
            if not first or not fits(first):
                continue
            first_logp = _char_logp(model, first)
            for u2 in trails:
                second = seconds.get(u2)
                if second:
                    scored.append((first_logp + _char_logp(model, second), first + second, bytes([u1, u2])))
        scored.sort(key=lambda item: item[0], reverse=True)
        ranked = sorted(scored[: self.pairs_shortlist], key=lambda item: model.logp(item[1]), reverse=True)
        return [pair for _, _, pair in ranked[: self.pairs_per_position]]

    def lost_bytes(self, previous: int, reading: str) -> list[int]:
        """Bytes X such that [previous X] is a character whose first reading is ``reading``
        (pypinyin's first reading: the one the annotator wrote, for all 764 annotations of 002)."""
        key = (previous, reading)
        if key not in self._lost_bytes:
            pairs = (bytes([previous, x]) for x in range(0x40, 0xFF))
            self._lost_bytes[key] = [pair[1] for pair in pairs
                                     if self.annotated.fullmatch(pair.hex()) and _reads(pair, reading)]
        return self._lost_bytes[key]


def gbk_strict(stream: bytes) -> str | None:
    try:
        return stream.decode("gbk")
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=None)
def _char_logp(model: Any, char: str) -> float:
    return model.logp(char)


@lru_cache(maxsize=None)
def _first_reading(char: str) -> str:
    from pypinyin import Style, pinyin

    return pinyin(char, style=Style.TONE)[0][0]  # the annotator used the first reading


def _reads(pair: bytes, reading: str) -> bool:
    char = gbk_char(pair)
    return char is not None and bool(HAN.match(char)) and _first_reading(char) == reading
