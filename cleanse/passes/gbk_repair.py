"""gbk_repair: undo a pinyin annotator that worked on raw GBK bytes (seed 002's damage).

The annotator lost the character boundaries and inserted `(reading)` between the two
bytes of a character. Decoding then met [X 28], wrote `?` for it (eating the `(` and
the byte X), and read the rest shifted by one byte (`發展?jié)摿Φ慕?jīng)濟` for
`發展潛力的經濟`) until it realigned: at the next such `?`, or at an ASCII trail byte;
a shifted pair that fell in GBK's user-defined area was dropped on the way.

Repair works at byte level: re-encode the span, take the inserted annotation out, and
solve for the lost bytes. The annotation is a checksum: the lost byte X must make the
pair [previous byte, X] read as annotated. Dropped user-defined pairs are searched
for at every pair boundary of the shifted region (up to the last byte of a text that
ends inside the span). The candidates are searched under the character bigram model
and the best few ranked again with words mixed in (`cleanse.langmodel`), in their
context (a line's start or end counts); a repair is made only when one candidate
clearly wins, else the span is left and flagged. No library knows this damage, so it
is written here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

import regex

from cleanse.document import Document
from cleanse.edits import Edit, flag
from cleanse.langmodel import BOUNDARY, context_around
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import TONE_LETTERS, is_han

ANCHOR = regex.compile(rf"\?([a-z{TONE_LETTERS}]{{1,7}})\)")
ANNOTATION = regex.compile(rf"\([a-z{TONE_LETTERS}]{{1,7}}\)")
# ASCII punctuation that full-width punctuation was folded to outside the spans (not
# brackets, which annotations end with, nor `?`, which garbling writes).
UNFOLDED = {",": "，", ":": "：", ";": "；", "!": "！"}
UNFOLD = str.maketrans(UNFOLDED)


def is_user_defined(first: int, second: int) -> bool:
    """Is [first second] in one of GBK's user-defined areas (which decoders drop)?"""
    if (0xAA <= first <= 0xAF or 0xF8 <= first <= 0xFE) and 0xA1 <= second <= 0xFE:
        return True
    return 0xA1 <= first <= 0xA7 and 0x40 <= second <= 0xA0 and second != 0x7F


# For each lead byte of GBK's user-defined areas, the trail bytes that make a user-defined pair.
USER_DEFINED_TRAILS: dict[int, tuple[int, ...]] = {
    u1: tuple(u2 for u2 in range(0x40, 0xFF) if is_user_defined(u1, u2))
    for u1 in (*range(0xA1, 0xA8), *range(0xAA, 0xB0), *range(0xF8, 0xFF))
}
# For each trail byte, the lead bytes that make a user-defined pair with it.
USER_DEFINED_LEADS: dict[int, tuple[int, ...]] = {
    u2: tuple(u1 for u1, trails in USER_DEFINED_TRAILS.items() if u2 in trails) for u2 in range(0x40, 0xFF)
}


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


def is_invalid(first: int, second: int) -> bool:
    """Does the old decoder write `?` for the pair [first second] (no character there, and
    not a user-defined pair, which it drops)?"""
    return _pair_table()[first * 256 + second] is None and not is_user_defined(first, second)


@lru_cache(maxsize=1)
def invalid_firsts() -> tuple[int, ...]:
    """The bytes (0x80 and up) that begin some invalid pair before a lead byte: what the
    trail of a character can have been where a bare `?` ate it and the next lead."""
    return tuple(t for t in range(0x80, 0xFF) if any(is_invalid(t, lead) for lead in range(0x81, 0xFF)))


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
    unknown: frozenset[int] = frozenset()  # places in ``middle`` of a byte a bare `?` ate
    # It ran to the end of the text or of its line: the last character's second byte
    # became a final `?`.
    open_end: bool = False


@dataclass(frozen=True)
class Segment:
    """What one slot of a span can have been: one character, or two around a dropped pair."""

    text: str
    drops: int
    detail: str


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
        self.search_drops = bool(self.rules.get("search_dropped_pairs", True))
        self.drop_cost = float(self.rules.get("dropped_pair_cost", 3.0))
        self.pairs_per_position = int(self.rules.get("pairs_per_position", 4))
        self.pairs_shortlist = int(self.rules.get("pairs_shortlist", 32))
        self.double_drops = self.search_drops and bool(self.rules.get("search_two_dropped_pairs", True))
        self.doubles_per_position = int(self.rules.get("doubles_per_position", 8))
        self.doubles_shortlist = int(self.rules.get("doubles_shortlist", 32))
        self.annotated = regex.compile(self.rules.get("annotated_pairs", r"(?s).."))
        self.document_weight = float(self.rules.get("document_weight", 0.2))
        self.document_chars = int(self.rules.get("document_chars", 1_000_000))
        self.punctuation = set(self.rules.get("punctuation", ""))
        # Solving depends only on bytes, readings and the document's script: kept across spans.
        self._lost_bytes: dict[tuple[int, str], list[int]] = {}
        self._pairs: dict[tuple[Any, ...], list[Any]] = {}
        self._last: dict[bool, dict[int, list[tuple[float, str, int]]]] = {}  # by the document's script
        self._readers: dict[str, list[bytes]] = {}
        self._fits: dict[bool, dict[str, bool]] = {True: {}, False: {}}  # by the document's script

    def find_edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        if "?" not in text:
            return []
        edits: list[Edit] = []
        cursor = 0
        traditional: bool | None = None
        model: Any = None
        for m in ANCHOR.finditer(text):
            if m.start() < cursor:
                continue
            span = self.read_span(text, m)
            if span is None:
                line_end = text.find("\n", m.end())
                end = min(len(text) if line_end < 0 else line_end, m.end() + 8)
                # An annotation the flag would cut in two is kept whole inside it.
                cut = next((a for a in ANNOTATION.finditer(text, max(m.end(), end - 9), end + 9)
                            if a.start() < end < a.end()), None)
                end = cut.end() if cut else end
                start = max(0, m.start() - 1)
                edits.append(flag(start, text[start:end], "looks like GBK garbling (a `?` where an annotation "
                                  "split a character) but the span cannot be read back to bytes: left as it is",
                                  protect=True))
                cursor = end
                continue
            cursor = span.end
            if traditional is None:  # the document's script and its own model, made once
                from cleanse.langmodel import model_of

                language = model_of(self.files)
                traditional = language.is_traditional(text)
                model = language.in_document(text, self.document_weight, self.document_chars)
            edits.append(self.repair(text, span, traditional, model))
        return edits

    # -- reading the damage -------------------------------------------------

    def read_span(self, text: str, anchor: regex.Match[str]) -> Span | None:
        """The garbled span an anchor opens, or None when its shape is not this damage."""
        previous = text[anchor.start() - 1] if anchor.start() else ""
        # Outside the spans, full-width punctuation was folded to ASCII after decoding:
        # the comma before `?` was `，`, whose second byte the lost byte follows.
        before = gbk_bytes(UNFOLDED.get(previous, previous)) if previous else None
        if before is None or len(before) != 2:
            return None
        middle = bytearray()
        unknown: set[int] = set()
        position = anchor.end()
        while position < len(text) and position - anchor.end() <= self.max_span:
            closing = ANCHOR.match(text, position)
            if closing:
                return Span(anchor.start(), closing.end(), before[1], anchor.group(1), bytes(middle),
                            closing.group(1), None, frozenset(unknown))
            char = text[position]
            if char == "?":  # an invalid pair, not an anchor: [80 Z], or a last byte alone
                if position + 1 == len(text) or text[position + 1] == "\n":
                    return Span(anchor.start(), position + 1, before[1], anchor.group(1), bytes(middle), None, None,
                                frozenset(unknown), open_end=True)
                if ord(text[position + 1]) < 0x80:
                    return None  # it ate an ASCII byte (a digit?): nothing can say which
                # A shifted pair [trail, lead] with no character: both bytes eaten, the
                # trail one of invalid_firsts() (80 stands for it), the lead any byte.
                unknown.add(len(middle) + 1)
                middle += b"\x80\x00"
                position += 1
                continue
            if ord(char) < 0x80:
                if not 0x40 <= ord(char) <= 0x7E:
                    return None
                return Span(anchor.start(), position + 1, before[1], anchor.group(1), bytes(middle), None, ord(char),
                            frozenset(unknown))
            encoded = gbk_bytes(char)
            if encoded is None or len(encoded) != 2:
                return None
            middle += encoded
            position += 1
        return None

    # -- solving for the lost bytes ------------------------------------------

    def repair(self, text: str, span: Span, traditional: bool, model: Any) -> Edit:
        garbled = text[span.start : span.end]
        found = self.search(text, span, traditional, model)
        if found is None:
            return self._leave(text, span, "GBK garbling: no byte-level repair decodes to text; left as it is")
        best, runner_up = found
        margin = best.score - runner_up.score if runner_up else float("inf")
        if best.score / (len(best.text) + 2 * self.context) < self.min_score or margin < self.margin:
            others = ", ".join(f"{c.text} ({c.score:.2f})" for c in (best, runner_up) if c)
            return self._leave(text, span, f"GBK garbling: no repair clearly wins ({others}); left as it is")
        reason = f"GBK byte garbling repaired: {garbled} → {best.text} ({best.detail}; margin {margin:.2f})"
        return Edit(span.start, span.end, garbled, best.text, reason, "replace")

    @staticmethod
    def _leave(text: str, span: Span, reason: str) -> Edit:
        """Flag a span left unrepaired, with the character before it (whose last byte the
        repair needs), and protect it: later passes leave it byte for byte as it is, so that
        the evidence for a repair is not lost (`?` made full width, 範 made 范)."""
        return flag(span.start - 1, text[span.start - 1 : span.end], reason, protect=True)

    def slots(self, span: Span, traditional: bool) -> list[list[Segment]]:
        """What each original character of the span can have been.

        The original bytes are X (the lost byte), the shifted bytes, and the end byte (the
        ASCII byte decoding realigned on, or the closing anchor's lost byte); they pair up
        as [X b1] [b2 b3] ... [b2m end]. Where a user-defined pair [u1 u2] was dropped,
        the character [a b] was really two, [a u1] [u2 b] (three, where two pairs were
        dropped in a row): so each slot is one to three characters, independently of the
        others, but for the two bytes a bare `?` ate, which the search couples."""
        from cleanse.langmodel import model_of

        model = model_of(self.files)
        fits = self.fitting(traditional, model)

        def options(first: int, second: int, detail: str) -> list[Segment]:
            out = []
            char = gbk_char(bytes([first, second]))
            if fits(char):
                out.append(Segment(char, 0, detail))  # type: ignore[arg-type]
            if self.search_drops:
                key = (first, second, traditional)
                if key not in self._pairs:
                    self._pairs[key] = self.likely_pairs(first, second, model, fits)
                for pair in self._pairs[key]:
                    chars = gbk_char(bytes([first, pair[0]])) + gbk_char(bytes([pair[1], second]))  # type: ignore[operator]
                    out.append(Segment(chars, 1, f"{detail}dropped pair {pair.hex(' ').upper()} restored, "))
            if self.double_drops:
                key = (first, second, traditional, "double")
                if key not in self._pairs:
                    self._pairs[key] = self.likely_double_drops(first, second, model, fits, traditional)
                for chars, pairs in self._pairs[key]:
                    out.append(Segment(chars, 2, f"{detail}dropped pairs {pairs} restored, "))
            return out

        def closing(first: int, detail: str) -> list[Segment]:
            """The last slot before a closing anchor: its lost byte x2 must make the pair
            [the byte before it, x2] read as annotated, and that byte may be a dropped
            pair's (or the second of two dropped in a row)."""
            reading = span.closing_reading
            assert reading is not None
            out = [Segment(gbk_char(bytes([first, x2])), 0, f"{detail}closing byte {x2:02X}, ")  # type: ignore[arg-type]
                   for x2 in self.lost_bytes(first, reading) if fits(gbk_char(bytes([first, x2])))]
            if self.search_drops:
                key = (first, -1, traditional, reading)
                if key not in self._pairs:
                    self._pairs[key] = self.likely_closing_pairs(first, reading, model, fits)
                for pair, x2 in self._pairs[key]:
                    chars = gbk_char(bytes([first, pair[0]])) + gbk_char(bytes([pair[1], x2]))  # type: ignore[operator]
                    out.append(Segment(chars, 1, f"{detail}dropped pair {pair.hex(' ').upper()} restored, "
                                                 f"closing byte {x2:02X}, "))
            if self.double_drops:
                key = (first, -1, traditional, reading, "double")
                if key not in self._pairs:
                    self._pairs[key] = self.likely_closing_double_drops(first, reading, model, fits, traditional)
                for chars, pairs, x2 in self._pairs[key]:
                    out.append(Segment(chars, 2, f"{detail}dropped pairs {pairs} restored, closing byte {x2:02X}, "))
            return out

        def unknown(first: int | None, second: int | None, detail: str) -> list[Segment]:
            """A character one of whose bytes a bare `?` ate: the likeliest that fit."""
            return [Segment(char, 0, f"{detail}byte under `?` read as {char}, ")
                    for char in self.likeliest_chars(first, second, model, fits, traditional)]

        def last(first: int, detail: str) -> list[Segment]:
            if span.open_end:
                return unknown(first, None, detail) + open_drops(first, detail)
            if span.ascii_tail is not None:
                return options(first, span.ascii_tail, detail)
            return closing(first, detail)

        def open_drops(first: int, detail: str) -> list[Segment]:
            """The last character at the end of the text, a dropped pair before its last byte."""
            if not self.search_drops:
                return []
            key = (first, -2, traditional)
            if key not in self._pairs:
                self._pairs[key] = self.likely_open_pairs(first, model, fits, traditional)
            return [Segment(gbk_char(bytes([first, pair[0]])) + gbk_char(bytes([pair[1], y])), 1,  # type: ignore[operator]
                            f"{detail}dropped pair {pair.hex(' ').upper()} restored, last byte {y:02X}, ")
                    for pair, y in self._pairs[key]]

        def eaten(first: int, index: int, detail: str) -> list[Segment]:
            """A character whose second byte (at ``index``) may have been eaten by a bare `?`."""
            if index + 1 not in span.unknown:
                return options(first, shifted[index], detail)
            return [segment for t in invalid_firsts() for segment in options(first, t, detail)]

        def eaten_lead(second: int, detail: str) -> list[Segment]:
            """A character whose lead byte a bare `?` ate, or two around a dropped pair."""
            found = unknown(None, second, detail)
            if self.search_drops:
                key = (None, second, traditional, "eaten lead")
                if key not in self._pairs:
                    self._pairs[key] = self.likely_pairs_after_eaten_lead(second, model, fits, traditional)
                found += [Segment(chars, 1, f"{detail}byte under `?` and dropped pair {pair.hex(' ').upper()} "
                                            f"read as {chars}, ") for chars, pair in self._pairs[key]]
            return found

        def slot(first: int, index: int) -> list[Segment]:
            return eaten_lead(shifted[index + 1], "") if index in span.unknown else eaten(first, index + 1, "")

        shifted = span.middle
        firsts = [(x, f"lost byte {x:02X} read {span.reading}, ") for x in self.lost_bytes(span.previous, span.reading)]
        if not shifted:
            return [[segment for x, detail in firsts for segment in last(x, detail)]]
        slots = [[segment for x, detail in firsts for segment in eaten(x, 0, detail)]]
        for k in range(1, len(shifted) - 1, 2):
            slots.append(slot(shifted[k], k))
        if len(shifted) - 1 not in span.unknown:
            slots.append(last(shifted[-1], ""))
        elif span.closing_reading is not None:  # a `?` ate the lead of the last character
            slots.append([Segment(char, 0, f"byte under `?` and closing byte read {char}, ")
                          for char in self.readers(span.closing_reading) if fits(char)])
        elif span.ascii_tail is not None:
            slots.append(eaten_lead(span.ascii_tail, ""))
        else:
            slots.append([])  # both its bytes lost at the end of the text: nothing to solve for
        return slots

    def search(self, text: str, span: Span, traditional: bool, model: Any) -> tuple[Candidate, Candidate | None] | None:
        """The most probable repair and the best one that differs from it, or None when
        some slot has no option. A Viterbi search over the slots under the character
        bigram ``model`` gives, from forward and backward scores, the best reading
        through each option of each slot; the best `rescored_readings` of those are
        ranked again with words (`LanguageModel.rank`)."""
        slots = self.slots(span, traditional)
        if not slots or not all(slots):
            return None
        left, right = context_around(text, span.start, span.end, 4 * self.context)  # room for annotations
        left, right = (ANNOTATION.sub("", side).translate(UNFOLD) for side in (left, right))
        left, right = left[-self.context :], right[: self.context]
        tail = f"({span.closing_reading})" if span.closing_reading else ""
        left_score = model.logp(left)
        # Slots whose lead byte a bare `?` ate with the trail of the slot before: the
        # two bytes must have made a pair with no character.
        coupled = {m for m in range(1, len(slots)) if 2 * m - 1 in span.unknown}
        trails = {m - 1: [_byte(s.text[-1], 1) for s in slots[m - 1]] for m in coupled}
        leads = {m: [_byte(s.text[0], 0) for s in slots[m]] for m in coupled}
        invalid = _invalid_table()

        def eaten_together(k: int, j: int, i: int) -> float:
            """0 where option j of slot k - 1 and option i of slot k can have lost a byte
            each to one bare `?` (their [trail, lead] a pair with no character), else -inf."""
            return 0.0 if invalid[trails[k - 1][j] * 256 + leads[k][i]] else -math.inf

        def inner(segment: Segment) -> float:
            return sum(model.step(a, b) for a, b in zip(segment.text, segment.text[1:])) - segment.drops * self.drop_cost

        def closing(segment: Segment) -> float:
            score, before = 0.0, segment.text[-1]
            for char in right:
                score, before = score + model.step(before, char), char
            return score

        # forward[k][i]: best score of the context and slots 0..k with option i at slot k
        forward: list[list[float]] = []
        back: list[list[int]] = []
        for k, options in enumerate(slots):
            row, pointers = [], []
            for i, segment in enumerate(options):
                own = inner(segment)
                if k == 0:
                    row.append(left_score + model.step(left[-1:], segment.text[0]) + own)
                    pointers.append(-1)
                    continue
                scores = [forward[k - 1][j] + model.step(previous.text[-1], segment.text[0])
                          + (eaten_together(k, j, i) if k in coupled else 0.0)
                          for j, previous in enumerate(slots[k - 1])]
                j = max(range(len(scores)), key=scores.__getitem__)
                row.append(scores[j] + own)
                pointers.append(j)
            forward.append(row)
            back.append(pointers)
        # backward[k][i]: best score of slots k+1.. and the right context after option i at
        # slot k; ahead[k][i]: the option of slot k + 1 on that best way
        backward: list[list[float]] = [[] for _ in slots]
        ahead: list[list[int]] = [[] for _ in slots]
        backward[-1] = [closing(segment) for segment in slots[-1]]
        for k in range(len(slots) - 2, -1, -1):
            following = [inner(segment) + backward[k + 1][j] for j, segment in enumerate(slots[k + 1])]
            for i, segment in enumerate(slots[k]):
                scores = [model.step(segment.text[-1], after.text[0]) + following[j]
                          + (eaten_together(k + 1, i, j) if k + 1 in coupled else 0.0)
                          for j, after in enumerate(slots[k + 1])]
                j = max(range(len(scores)), key=scores.__getitem__)
                backward[k].append(scores[j])
                ahead[k].append(j)
        # The best reading through each option of each slot; the character model's best
        # few of them are ranked again with the word model (`LanguageModel.rank`).
        through: dict[str, tuple[float, list[int]]] = {}
        scored = sorted(((forward[k][i] + backward[k][i], k, i) for k, options in enumerate(slots)
                         for i in range(len(options))), reverse=True)
        for score, k, i in scored:
            if score == -math.inf or len(through) >= model.rescored:
                break
            path = [i]
            for m in range(k, 0, -1):
                path.append(back[m][path[-1]])
            path.reverse()
            for m in range(k, len(slots) - 1):
                path.append(ahead[m][path[-1]])
            text = "".join(slots[m][j].text for m, j in enumerate(path))
            if text not in through:  # in order of score: the first way to a text is its best
                through[text] = (score, path)
        if not through:
            return None  # no reading makes the bare `?`s invalid pairs
        texts = sorted(through)
        drops = [sum(slots[m][j].drops for m, j in enumerate(through[t][1])) * self.drop_cost for t in texts]
        ranked = model.rank([left + t + right for t in texts], [through[t][0] + d for t, d in zip(texts, drops)], drops)
        found = []
        for score, reading in ranked[:2]:
            text = reading[len(left) : len(reading) - len(right)]
            path = through[text][1]
            found.append(Candidate(text + tail, score, "".join(slots[m][j].detail for m, j in enumerate(path)).rstrip(", ")))
        return found[0], found[1] if len(found) > 1 else None

    def fitting(self, traditional: bool, model: Any) -> Callable[[str | None], bool]:
        """Whether a character may be written by a repair in a document of the given
        script: one the model knows (or common punctuation), not of the other script.
        Answers are kept across spans and documents."""
        wrong_script = model.other_script(traditional)
        known = self._fits[traditional]

        def fits(char: str | None) -> bool:
            if char is None:
                return False
            if char not in known:
                known[char] = self.plausible(char, model) and char not in wrong_script
            return known[char]

        return fits

    def plausible(self, char: str, model: Any) -> bool:
        """A character a repair may produce: Han the model knows, or common punctuation."""
        return char in self.punctuation or (is_han(char) and model.knows(char))

    def likely_pairs(self, before: int, after: int, model: Any, fits: Callable[[str], bool]) -> list[bytes]:
        """The dropped pairs [u1 u2] that fit best between ``before`` and ``after`` (both
        [before u1] and [u2 after] must be characters that fit), judged by the two
        characters they make there (the full ranking comes later). The pairs are
        shortlisted by the two characters' own frequencies, then ranked as a pair."""
        table = _pair_table()
        seconds = {u2: char for u2 in range(0x40, 0xFF) if (char := table[u2 * 256 + after]) and fits(char)}
        scored = []
        for u1, trails in USER_DEFINED_TRAILS.items():
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

    def likely_double_drops(self, before: int, after: int, model: Any, fits: Callable[[str], bool],
                            traditional: bool) -> list[tuple[str, str]]:
        """Two user-defined pairs dropped in a row, [u1 u2] [v1 v2]: the character
        [before after] was three, [before u1] [u2 v1] [v2 after]. The likeliest triples
        (with the pairs, as hex), found by a beam: the likeliest first two characters
        after ``before`` (from the most frequent middles), then the third."""
        thirds = self._pairs.get((after, traditional, "thirds"))
        if thirds is None:
            table = _pair_table()
            thirds = self._pairs[(after, traditional, "thirds")] = sorted(
                ((v2, c) for v2 in range(0x40, 0xFF) if USER_DEFINED_LEADS[v2]
                 and (c := table[v2 * 256 + after]) and fits(c)),
                key=lambda item: _char_logp(model, item[1]), reverse=True)[: self.doubles_shortlist]
        return [(chars, pairs) for chars, pairs, _ in self._doubles(before, thirds, model, fits, traditional)]

    def likely_closing_double_drops(self, before: int, reading: str, model: Any, fits: Callable[[str], bool],
                                    traditional: bool) -> list[tuple[str, str, int]]:
        """Two user-defined pairs dropped in a row before a closing anchor: [before u1]
        [u2 v1] [v2 x2], the last one a character that reads ``reading`` (its lost byte
        x2 the closing byte; `主席?wén)?guó)` was `主席國英國`, the pairs [F8 D3] [A2 87]
        dropped). The likeliest triples, with the pairs as hex and x2."""
        table = _pair_table()
        closers = {(pair[0], table[pair[0] * 256 + pair[1]]): pair[1] for pair in self.annotated_with(reading)
                   if USER_DEFINED_LEADS[pair[0]] and fits(table[pair[0] * 256 + pair[1]])}
        return [(chars, pairs, closers[(v2, chars[-1])])
                for chars, pairs, v2 in self._doubles(before, list(closers), model, fits, traditional)]

    def _doubles(self, before: int, thirds: list[tuple[int, str]], model: Any, fits: Callable[[str], bool],
                 traditional: bool) -> list[tuple[str, str, int]]:
        """The likeliest [before u1] [u2 v1] [v2 …] for the given last characters
        (v2 and the character it leads): the three characters, the two pairs as hex and
        v2. The heads [before u1] [u2 v1] come first, the likeliest doubles_shortlist of
        them from the most frequent middles."""
        heads = self._pairs.get((before, traditional, "heads"))
        if heads is None:
            table = _pair_table()
            scored = [(_char_logp(model, first) + model.step(first, middle), first + middle, u1, u2, v1)
                      for u1 in USER_DEFINED_TRAILS if (first := table[before * 256 + u1]) and fits(first)
                      for u2, v1, middle in self._middles(u1, model, fits, traditional)]
            scored.sort(key=lambda item: item[0], reverse=True)
            heads = self._pairs[(before, traditional, "heads")] = scored[: self.doubles_shortlist]
        triples = [(score + model.step(chars[-1], third), chars + third, f"{u1:02X} {u2:02X} and {v1:02X} {v2:02X}", v2)
                   for score, chars, u1, u2, v1 in heads for v2, third in thirds if v1 in USER_DEFINED_LEADS[v2]]
        triples.sort(key=lambda item: item[0], reverse=True)
        return [(chars, pairs, v2) for _, chars, pairs, v2 in triples[: self.doubles_per_position]]

    def _middles(self, u1: int, model: Any, fits: Callable[[str], bool],
                 traditional: bool) -> list[tuple[int, int, str]]:
        """The most frequent characters [u2 v1] between two dropped pairs [u1 u2] [v1 v2]
        (u2 completes a user-defined pair after u1; v1 is a user-defined lead)."""
        trails = USER_DEFINED_TRAILS[u1]
        key = (trails[0], traditional, "middles")  # the trails depend on u1's area only
        if key not in self._pairs:
            table = _pair_table()
            found = [(u2, v1, c) for u2 in trails for v1 in USER_DEFINED_TRAILS
                     if (c := table[u2 * 256 + v1]) and fits(c)]
            found.sort(key=lambda item: _char_logp(model, item[2]), reverse=True)
            self._pairs[key] = found[: self.doubles_shortlist]
        return self._pairs[key]

    def likely_closing_pairs(self, before: int, reading: str, model: Any,
                             fits: Callable[[str], bool]) -> list[tuple[bytes, int]]:
        """The dropped pairs [u1 u2] and closing bytes x2 that fit best before a closing
        anchor: [before u1] a character that fits, [u2 x2] one that reads ``reading``."""
        table = _pair_table()
        scored = []
        for pair in self.annotated_with(reading):
            u2, x2 = pair
            second = table[u2 * 256 + x2]
            if not second or not fits(second):
                continue
            for u1 in USER_DEFINED_LEADS.get(u2, ()):
                first = table[before * 256 + u1]
                if first and fits(first):
                    scored.append((model.logp(first + second), bytes([u1, u2]), x2))
        scored.sort(key=lambda item: item[0], reverse=True)
        return [(pair, x2) for _, pair, x2 in scored[: self.pairs_per_position]]

    def likely_pairs_after_eaten_lead(self, after: int, model: Any, fits: Callable[[str], bool],
                                      traditional: bool) -> list[tuple[str, bytes]]:
        """Two characters [x u1] [u2 after] around a dropped pair [u1 u2], where a bare `?`
        ate the lead x (`，其` before D6: [A3 AC] [C6 E4], the pair [AC C6] dropped and A3
        eaten with the trail before it): the likeliest, x among each u1's likeliest leads."""
        table = _pair_table()
        scored = []
        for u1, trails in USER_DEFINED_TRAILS.items():
            firsts = self.likeliest_chars(None, u1, model, fits, traditional)[: self.pairs_per_position]
            for u2 in trails:
                second = table[u2 * 256 + after]
                if second and fits(second):
                    scored += [(model.logp(first + second), first + second, bytes([u1, u2])) for first in firsts]
        scored.sort(key=lambda item: item[0], reverse=True)
        return [(chars, pair) for _, chars, pair in scored[: self.pairs_per_position]]

    def likeliest_chars(self, first: int | None, second: int | None, model: Any, fits: Callable[[str | None], bool],
                        traditional: bool) -> list[str]:
        """The `pairs_shortlist` most frequent characters that fit with one byte unknown
        (None): [first b] or [b second], any b (kept across spans)."""
        key = (first, second, traditional, "unknown")
        if key not in self._pairs:
            chars = [c for b in range(0x40, 0xFF) if b != 0x7F
                     and fits(c := gbk_char(bytes([first if first is not None else b,
                                                    second if second is not None else b])))]
            self._pairs[key] = sorted(chars, key=lambda c: _char_logp(model, c), reverse=True)[: self.pairs_shortlist]
        return self._pairs[key]

    def likely_open_pairs(self, before: int, model: Any, fits: Callable[[str], bool],
                          traditional: bool) -> list[tuple[bytes, int]]:
        """The dropped pairs [u1 u2] and last bytes y that fit best at the end of the text,
        where y was read alone as the final `?`: [before u1] and [u2 y] characters that fit
        (`會。`: [95 FE] [A1 A3] read as 95, the pair [FE A1] dropped, A3 alone), judged
        with the end of the line after them (`名。` ends a sentence; `名主` seldom does)."""
        table = _pair_table()
        seconds = self._last_chars(model, fits, traditional)
        scored = []
        for u1, trails in USER_DEFINED_TRAILS.items():
            first = table[before * 256 + u1]
            if not first or not fits(first):
                continue
            for u2 in trails:
                for _, second, y in seconds.get(u2, ()):
                    scored.append((model.logp(first + second) + model.step(second, BOUNDARY), bytes([u1, u2]), y))
        scored.sort(key=lambda item: item[0], reverse=True)
        return [(pair, y) for _, pair, y in scored[: self.pairs_per_position]]

    def _last_chars(self, model: Any, fits: Callable[[str], bool],
                    traditional: bool) -> dict[int, list[tuple[float, str, int]]]:
        """For each trail u2 of a user-defined pair, the likeliest characters [u2 y] that
        fit, with y: the same for every lead before them, so worked out once per script."""
        if traditional not in self._last:
            table = _pair_table()
            seconds: dict[int, list[tuple[float, str, int]]] = {}
            for u2 in USER_DEFINED_LEADS:
                options = [(_char_logp(model, char), char, y) for y in range(0x80, 0xFF)
                           if (char := table[u2 * 256 + y]) and fits(char)]
                seconds[u2] = sorted(options, reverse=True)[: self.pairs_per_position]
            self._last[traditional] = seconds
        return self._last[traditional]

    def readers(self, reading: str) -> list[str]:
        """The characters the annotator annotated with ``reading``."""
        return [gbk_char(pair) for pair in self.annotated_with(reading)]  # type: ignore[misc]

    def annotated_with(self, reading: str) -> list[bytes]:
        """The GBK pairs of the characters the annotator annotated with ``reading``: its
        targets (`annotated_pairs`) whose first pypinyin reading it is (pypinyin's
        character table, read once)."""
        if not self._readers:
            from pypinyin.pinyin_dict import pinyin_dict

            for code, readings in pinyin_dict.items():
                pair = gbk_bytes(chr(code)) if code > 0x7F else None
                if pair and len(pair) == 2 and self.annotated.fullmatch(pair.hex()):
                    self._readers.setdefault(readings.split(",")[0], []).append(pair)
        return self._readers.get(reading, [])

    def lost_bytes(self, previous: int, reading: str) -> list[int]:
        """Bytes X such that [previous X] is a character whose first reading is ``reading``
        (pypinyin's first reading: the one the annotator wrote, for all 764 annotations of 002)."""
        key = (previous, reading)
        if key not in self._lost_bytes:
            self._lost_bytes[key] = sorted(pair[1] for pair in self.annotated_with(reading) if pair[0] == previous)
        return self._lost_bytes[key]


def _byte(char: str, index: int) -> int:
    """Byte ``index`` of the two-byte GBK code of ``char`` (0 where it has none)."""
    encoded = gbk_bytes(char)
    return encoded[index] if encoded is not None and len(encoded) == 2 else 0


@lru_cache(maxsize=1)
def _invalid_table() -> bytes:
    """1 at first * 256 + second where the pair [first second] is invalid (see is_invalid)."""
    return bytes(1 if first and is_invalid(first, second) else 0 for first in range(256) for second in range(256))


@lru_cache(maxsize=None)
def _char_logp(model: Any, char: str) -> float:
    return model.logp(char)
