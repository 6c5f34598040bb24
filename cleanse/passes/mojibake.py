"""mojibake: reverse Chinese text that was decoded with the wrong codec.

ftfy is built for Latin mojibake; GB-family mix-ups are out of its reach, and it makes
GBK-read-as-Latin-1 worse, so this pass runs before the unicode pass. The kinds:
UTF-8 read as GBK (`姘戞棌鍥㈢粨` → `民族团结`), GBK read as Latin-1 or cp1252
(`Ãñ×åÍÅ½á` → `民族团结`), Big5 read as GBK and GBK read as Big5.

Suspicious runs are found cheaply (Latin-1 letters in a row; Han characters most of
which are rare, i.e. outside GB2312's 3,755 common ones), the reverse transcodings are
tried on each run, and one is accepted only when it decodes strictly and reads as
clearly more plausible Chinese under `cleanse.langmodel`. A run that decodes only in
part (a final byte lost to U+FFFD) is repaired as far as it decodes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Callable, Container

import regex

from cleanse.document import Document
from cleanse.edits import Edit
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import HAN_BLOCKS, IDEOGRAPH, char_class

LATIN_HIGH = "\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
# A U+FFFD inside is a byte cp1252 could not read (0x81, 0x8D, 0x8F, 0x90, 0x9D).
LATIN_RUN = regex.compile(rf"[{LATIN_HIGH}](?:[{LATIN_HIGH}\ufffd\x20-\x7e]*[{LATIN_HIGH}])?")
# GBK bytes read as Latin-1 or cp1252 always give some of these; curly quotes alone (“”) do not make a run.
LATIN_LETTER = regex.compile(r"[\u00a0-\u00ff]")
CJK_RUN = regex.compile(r"[^\x00-\x7f\s]{2,}")
HAN = regex.compile(r"\p{Han}")
ALLOWED = regex.compile(r"[\p{Han}\p{P}\x20-\x7e\u3000]")


def _pair_chars(leads: range, trails: range, codec: str) -> frozenset[str]:
    """The characters ``codec`` reads from the two-byte sequences [lead trail]."""
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                chars.add(bytes([lead, trail]).decode(codec))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """GB2312's level-1 characters: the 3,755 most common Simplified characters."""
    return _pair_chars(range(0xB0, 0xD8), range(0xA1, 0xFF), "gb2312")


@lru_cache(maxsize=1)
def utf8_starts() -> regex.Pattern[str]:
    """Characters whose GBK bytes are a UTF-8 lead byte of a CJK character and a
    continuation byte: where UTF-8 read as GBK can start."""
    chars = _pair_chars(range(0xE2, 0xF0), range(0x80, 0xC0), "gbk")
    return regex.compile(f"[{regex.escape(''.join(sorted(chars)))}]")


@lru_cache(maxsize=1)
def rare_pattern() -> re.Pattern[str]:
    """A Han character outside GB2312's common 3,755."""
    common = common_chars()
    return char_class(chr(c) for low, high in HAN_BLOCKS for c in range(low, high + 1) if chr(c) not in common)


# The document's script is judged on this many characters outside the suspicious runs.
SCRIPT_SAMPLE = 100_000

# (name, the codec the text was wrongly decoded with, the one it was written in)
TRANSFORMS: list[tuple[str, str, str]] = [
    ("UTF-8 read as GBK", "gbk", "utf-8"),
    ("GBK read as Latin-1", "latin-1", "gbk"),
    ("GBK read as cp1252", "cp1252", "gbk"),
    ("Big5 read as GBK", "gbk", "big5"),
    ("GBK read as Big5", "big5", "gbk"),
]


@lru_cache(maxsize=None)
def lost_byte_options(wrong: str, following: bytes) -> tuple[int, ...]:
    """The bytes that, read with ``wrong`` before ``following``, give one U+FFFD and then
    ``following`` as it reads alone: what a decoder with errors='replace' left for a byte
    it could not read. The wrong codec itself says which bytes those are."""
    expected = "\ufffd" + following.decode(wrong, errors="replace")
    return tuple(x for x in range(0x80, 0x100) if (bytes([x]) + following).decode(wrong, errors="replace") == expected)


class _Lazy:
    """A set of characters worked out on first use (most documents never ask)."""

    def __init__(self, compute: Callable[[], frozenset[str]]) -> None:
        self._compute = compute

    @cached_property
    def chars(self) -> frozenset[str]:
        return self._compute()

    def __contains__(self, char: object) -> bool:
        return char in self.chars


@dataclass(frozen=True)
class Repair:
    length: int  # characters of the run it replaces, from the run's start
    text: str
    kind: str
    score: float  # log-probability per character


class MojibakePass(Pass):
    name = "mojibake"
    description = "Reverse Chinese mojibake: UTF-8 read as GBK, GBK read as Latin-1/cp1252, Big5 and GBK confused."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        self.min_rare_share = float(self.rules.get("min_rare_share", 0.5))
        self.lost_byte_pairs = {tuple(pair.split("->")) for pair in self.rules.get("solve_lost_bytes", ["gbk->utf-8"])}
        self.min_gain = float(self.rules.get("min_gain_per_char", 3.0))
        self.min_han = int(self.rules.get("min_han", 2))
        self.max_run = int(self.rules.get("max_run_chars", 200))
        self.min_score = float(self.rules.get("min_score_per_char", -11.0))
        self.min_han_big5 = int(self.rules.get("min_han_big5", 4))
        self.max_lost = int(self.rules.get("max_lost_bytes", 3))
        self.max_options = int(self.rules.get("max_lost_byte_options", 256))
        self.lost_byte_margin = float(self.rules.get("lost_byte_margin", 2.0))
        self.min_script_han = int(self.rules.get("min_script_han", 10))

    def find_edits(self, doc: Document) -> list[Edit]:
        edits: list[Edit] = []
        covered = -1
        runs = self._suspicious_runs(doc.text)
        other_script = _Lazy(lambda: self._other_script(doc.text, runs))
        for start, text, transforms in runs:
            if start < covered:
                continue
            found = self._repair_run(start, text, transforms, other_script)
            if found:
                edits.extend(found)
                covered = found[-1].end
        return edits

    def _suspicious_runs(self, text: str) -> list[tuple[int, str, list[tuple[str, str, str]]]]:
        """(offset, run, the transcodings worth trying on it), in order of offset."""
        latin = [t for t in TRANSFORMS if t[1] in ("latin-1", "cp1252")]
        utf8 = [t for t in TRANSFORMS if t[2] == "utf-8"]
        big5 = [t for t in TRANSFORMS if "big5" in t[1:]]
        runs = [(m.start(), m.group(), latin) for m in LATIN_RUN.finditer(text)
                if sum(1 for c in m.group() if ord(c) > 0x7F) >= 2 and LATIN_LETTER.search(m.group())]
        starts, rare_char = utf8_starts(), rare_pattern()
        for m in CJK_RUN.finditer(text):
            run = m.group()
            if not rare_char.search(run):
                continue  # both kinds below start at, and need, a rare character
            # UTF-8 read as GBK starts where a character's GBK bytes are a UTF-8 lead
            # and continuation byte: strict UTF-8 decoding then filters the rest.
            for start in starts.finditer(run):
                runs.append((m.start() + start.start(), run[start.start() : start.start() + self.max_run], utf8))
            for offset in range(0, len(run), self.max_run):
                window = run[offset : offset + self.max_run]
                rare = len(rare_char.findall(window))
                if rare >= 2 and rare / len(HAN.findall(window)) >= self.min_rare_share:
                    runs.append((m.start() + offset, window, big5))
        return sorted(runs, key=lambda r: r[0])

    def _other_script(self, text: str, runs: list[tuple[int, str, list[tuple[str, str, str]]]]) -> frozenset[str]:
        """Characters a repair may not produce: those of the script the rest of the document
        is in (a repair that reads `順差` in Simplified text is wrong even where `顺差` is
        right). Judged outside the suspicious runs, whose mojibake is full of Traditional
        forms; with too little text left, nothing is excluded."""
        from cleanse.langmodel import default_model

        model = default_model()
        pieces, cursor, kept = [], 0, 0
        for start, run, _ in runs:  # in order of offset
            if kept >= SCRIPT_SAMPLE:
                break
            if start > cursor:
                pieces.append(text[cursor:start])
                kept += start - cursor
            cursor = max(cursor, start + len(run))
        if kept < SCRIPT_SAMPLE:
            pieces.append(text[cursor:cursor + SCRIPT_SAMPLE])
        rest = "".join(pieces)[:SCRIPT_SAMPLE]
        if len(IDEOGRAPH.findall(rest)) < self.min_script_han:
            return frozenset()
        return model.other_script(model.is_traditional(rest))

    def _repair_run(self, offset: int, text: str, transforms: list[tuple[str, str, str]],
                    other_script: Container[str]) -> list[Edit]:
        from cleanse.langmodel import default_model

        model = default_model()
        edits: list[Edit] = []
        position = 0
        while len(text) - position >= 2:
            repair = self._best(text[position:], model, transforms, other_script)
            if repair is None:
                if not edits and transforms[0][2] == "utf-8":
                    return []  # no UTF-8 mojibake starts here; the next start is tried on its own
                position += 1
                continue
            start = offset + position
            before = text[position : position + repair.length]
            edits.append(Edit(start, start + repair.length, before, repair.text,
                              f"mojibake reversed ({repair.kind}): {before} → {repair.text}"))
            position += repair.length
        return edits

    def _best(self, text: str, model: Any, transforms: list[tuple[str, str, str]],
              other_script: Container[str]) -> Repair | None:
        """The most plausible reverse transcoding of the longest decodable prefix of ``text``."""
        found: list[Repair] = []
        for kind, wrong, right in transforms:
            if right == "big5" or wrong == "big5":
                if len(HAN.findall(text)) < self.min_han_big5:
                    continue  # Big5 and GBK both decode most byte pairs: ask for more evidence
            length, decoded = self._longest_prefix(text, wrong, right, model, other_script)
            if length < 2 or not decoded or not all(ALLOWED.match(c) for c in decoded):
                continue
            if len(HAN.findall(decoded)) < self.min_han or not all(model.knows(c) for c in HAN.findall(decoded)):
                continue
            if any(c in other_script for c in decoded):
                continue
            found.append(Repair(length, decoded, f"{kind}; {wrong}→{right}", model.logp(decoded) / len(decoded)))
        if not found:
            return None
        best = max(found, key=lambda r: (r.score, r.length))
        original = model.logp(text[: best.length]) / best.length
        if best.score < self.min_score or best.score - original < self.min_gain:
            return None
        return best

    def _longest_prefix(self, text: str, wrong: str, right: str, model: Any,
                        other_script: Container[str]) -> tuple[int, str]:
        """How many characters of ``text``, from its start, reverse-transcode strictly.

        A U+FFFD stands for a byte the wrong decoder could not read (errors='replace'):
        the bytes it can have been are tried, and the language model chooses."""
        if "\ufffd" in text and (wrong, right) in self.lost_byte_pairs:
            for length in range(len(text), 1, -1):
                prefix = text[:length]
                if "\ufffd" in prefix and prefix.count("\ufffd") <= self.max_lost:
                    decoded = self._fill_lost_bytes(prefix, model, other_script, wrong, right)
                    if decoded is not None:
                        return length, decoded
                elif "\ufffd" not in prefix:
                    return self._strict_prefix(prefix, wrong, right)
            return 0, ""
        return self._strict_prefix(text, wrong, right)

    @staticmethod
    def _strict_prefix(text: str, wrong: str, right: str) -> tuple[int, str]:
        """The longest prefix that re-encodes and decodes strictly, found from where
        decoding first fails (linear, not one attempt per length)."""
        try:
            data = text.encode(wrong)
        except UnicodeEncodeError as exc:
            text = text[: exc.start]
            data = text.encode(wrong)
        try:
            return len(text), data.decode(right)
        except UnicodeDecodeError as exc:
            limit = exc.start
        ends = []
        total = 0
        for char in text:
            total += len(char.encode(wrong))
            if total > limit:
                break
            ends.append(total)
        for length in range(len(ends), 1, -1):
            try:
                return length, data[: ends[length - 1]].decode(right)
            except UnicodeDecodeError:
                continue
        return 0, ""

    def _fill_lost_bytes(self, prefix: str, model: Any, other_script: Container[str],
                         wrong: str, right: str) -> str | None:
        texts_between = prefix.split("\ufffd")
        try:
            pieces = [piece.encode(wrong) for piece in texts_between]
        except UnicodeEncodeError:
            return None
        decoded = pieces[0]
        options: list[bytes] = [decoded]
        for text_after, piece in zip(texts_between[1:], pieces[1:]):
            grown = []
            for head in options:
                for lost in lost_byte_options(wrong, text_after[:1].encode(wrong)):
                    candidate = head + bytes([lost]) + piece
                    try:  # valid so far; a sequence left open may close at the next lost byte
                        so_far = codecs.getincrementaldecoder(right)().decode(candidate, final=False)
                    except UnicodeDecodeError:
                        continue
                    if any(c in other_script for c in so_far):
                        continue
                    grown.append((model.logp(so_far), candidate))
            grown.sort(key=lambda scored: scored[0], reverse=True)
            options = [candidate for _, candidate in grown[: self.max_options]]
        texts = []
        for option in options:
            try:
                text = option.decode(right)
            except UnicodeDecodeError:
                continue
            if not any(c in other_script for c in text):
                texts.append(text)
        if not texts:
            return None
        ranked = sorted(texts, key=model.logp, reverse=True)
        if len(ranked) > 1 and model.logp(ranked[0]) - model.logp(ranked[1]) < self.lost_byte_margin:
            return None
        return ranked[0]
