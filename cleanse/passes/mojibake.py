"""mojibake: reverse Chinese text that was decoded with the wrong codec.

ftfy is built for Latin mojibake; GB-family mix-ups are out of its reach, and it makes
GBK-read-as-Latin-1 worse, so this pass runs before the unicode pass. The kinds:
UTF-8 read as GBK (`姘戞棌鍥㈢粨` → `民族团结`), UTF-8, GBK or Big5 read as Latin-1 or
cp1252 (`æˆ‘ä»¬` → `我们`, `Ãñ×åÍÅ½á` → `民族团结`, `»OÆW` → `臺灣`: UTF-8's is ftfy's
own kind, but the GBK reading tried here first would take its runs), Big5 read as GBK
and GBK read as Big5.
"Read as GBK" takes in GBK as Windows and browsers read it (GB18030's reading), whose
private-use characters for GBK's user-defined pairs are read back as those pairs; GBK
read as Big5-HKSCS (browsers' Big5) is a kind of its own.

Suspicious runs are found cheaply (Latin-1 letters and C1 controls in a row; Han
characters most of which are rare, i.e. outside GB2312's 3,755 common ones, or, for
Big5/GBK, the symbols one codec's rows write in the other, or characters seldom
written in running text among common ones), the reverse transcodings are tried on
each run, and one is accepted only when it decodes strictly and reads as clearly
more plausible Chinese under `cleanse.langmodel`. A byte the wrong codec could not
read (U+FFFD) is solved for where the wrong codec narrows it enough (UTF-8 read as
GBK, GBK read as cp1252, Big5 read as GBK: `cleanse.byte_lattice` reads a Big5 run
whose lost bytes misalign it); what no reading clearly solves is flagged and left.
`锟斤拷`, U+FFFD itself written as UTF-8 and read as GBK, is read back as U+FFFD: what
it stood for was lost before, and the unicode pass removes it with a log entry.
"""

from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Callable, Container

import regex

from cleanse.document import Document
from cleanse.edits import Edit, flag
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import HAN_BLOCKS, HAN_CHAR, IDEOGRAPH, range_class

LATIN_HIGH = "\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
# A U+FFFD inside is a byte cp1252 could not read (0x81, 0x8D, 0x8F, 0x90, 0x9D).
# A run may end on one ASCII character: the trail byte 40-7E of a last pair (Big5's
# `。` A1 43 reads `¡C`).
LATIN_RUN = regex.compile(rf"[{LATIN_HIGH}](?:[{LATIN_HIGH}\ufffd\x20-\x7e]*[{LATIN_HIGH}])?[\x40-\x7e]?")
# GBK bytes read as Latin-1 or cp1252 always give some of these; curly quotes alone (“”) do not make a run.
LATIN_LETTER = regex.compile(r"[\u00a0-\u00ff]")
# UTF-8 read as GBK runs on through U+3000, the pair A1 A1 of two continuation bytes
# (`骞宠　` is 平衡, E5 B9 B3 E8 A1 A1).
CJK_RUN = regex.compile(r"[^\x00-\x7f\s](?:[^\x00-\x7f\s]|\u3000)+")
# Big5 and GBK read as each other: where the wrong codec could not read a pair it wrote
# U+FFFD for the first byte and read the second again, as ASCII when it is one. Clause
# punctuation, which neither confusion writes, bounds a run (the damage is a clause or
# a field, between clean ones).
# Digits stand between the characters of a damaged clause (`92爛7堎` was `92年7月`):
# one byte each in both codecs, they are part of the run.
# A pair's ASCII trail stands alone where the pairs are misaligned (`い@ち`, `霁Y，`):
# one such character after a non-ASCII one is part of the run too.
BIG5_RUN = regex.compile(r"(?:[^\x00-\x7f\s，。；！？、：“”]|(?<=[^\x00-\x7f])[\x40-\x7e](?![\x40-\x7e])"
                         r"|(?<=[^\x00-\x7f]|[^\x00-\x7f][\x40-\x7e])[0-9]+(?:\.[0-9]+)?(?=[^\x00-\x7f\s，。；！？、：“”])){2,}")
# A stretch that may be more of a Big5/GBK clause beside a repair of it: characters
# that are not ASCII, spaces or clause punctuation, past up to twelve ASCII
# characters (digits, letters, signs) after or before the repair.
STRETCH_AFTER = regex.compile(r"[\x21-\x7e]{0,12}([^\x00-\x7f\s，。；！？、：“”\ufffd]+)")
STRETCH_BEFORE = regex.compile(r"(?r)([^\x00-\x7f\s，。；！？、：“”\ufffd]+)[\x21-\x7e]{0,12}")
# What is left of UTF-8 mojibake beside a repair: one to three characters read as
# GBK and the U+FFFDs of their last bytes, right at the repair or across ASCII.
UTF8_LEFTOVER_AFTER = regex.compile(r"[\x21-\x7e]{0,12}([^\x00-\x7f\s\ufffd]{1,3}\ufffd{1,2})")
UTF8_LEFTOVER_BEFORE = regex.compile(r"(?r)([^\x00-\x7f\s\ufffd]{1,3}\ufffd{1,2})[\x21-\x7e]{0,12}")
# What a UTF-8 run's last character leaves when its last bytes were lost to U+FFFD:
# the characters of its first bytes, read as GBK, and the U+FFFDs.
LEFT_OVER = regex.compile(r"[^\x00-\x7f\s\ufffd]{0,3}\ufffd+")
# What a repair may write: Han, punctuation, ASCII, and the symbols of `repair_symbols`
# (rules/mojibake.toml).
def allowed_pattern(symbols: str) -> regex.Pattern[str]:
    return regex.compile(rf"[\p{{Han}}\p{{P}}\x20-\x7e\u3000{regex.escape(symbols)}]")


# Windows and browsers read GBK's user-defined pairs (AAA1-AFFE, F8A1-FEFE, A140-A7A0),
# which Python's gbk cannot, as private-use characters (U+E000-U+E864), and GB18030
# reads 81 pairs more (radicals, CJK Extension A): such a character stands for its
# pair, whole (Big5 read that way loses no byte: `\ue67e芖\ue019竒` is `台灣的經`).
GB18030_PAIRS = "cleanse-gb18030-pairs"


def _gb18030_pairs(exc: UnicodeError) -> tuple[bytes, int]:
    """Encoding error handler: the GB18030 pair of each character GBK cannot encode, and
    the byte 80 of `€` (Windows' code page 936 reads 80 alone as `€`: `涓€` is 一,
    E4 B8 80)."""
    if not isinstance(exc, UnicodeEncodeError) or exc.encoding != "gbk":
        raise exc
    out = bytearray()
    for char in exc.object[exc.start : exc.end]:
        data = b"\x80" if char == "€" else char.encode("gb18030")
        if char != "€" and len(data) != 2:
            raise exc
        out += data
    return bytes(out), exc.end


codecs.register_error(GB18030_PAIRS, _gb18030_pairs)


def to_bytes(text: str, wrong: str) -> bytes:
    """The bytes ``text`` was read from with the codec ``wrong`` (strictly: a character
    it cannot have read raises UnicodeEncodeError)."""
    return text.encode(wrong, errors=GB18030_PAIRS)


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
    common = sorted(ord(c) for c in common_chars())
    gaps = []  # the blocks' ranges between common characters
    for low, high in HAN_BLOCKS:
        start = low
        for code in common:
            if low <= code <= high:
                if code > start:
                    gaps.append((start, code - 1))
                start = code + 1
        if start <= high:
            gaps.append((start, high))
    return range_class(gaps)


# The document's script is judged on this many characters outside the suspicious runs.
SCRIPT_SAMPLE = 100_000

# (name, the codec the text was wrongly decoded with, the one it was written in)
TRANSFORMS: list[tuple[str, str, str]] = [
    ("UTF-8 read as GBK", "gbk", "utf-8"),
    ("GBK read as Latin-1", "latin-1", "gbk"),
    ("GBK read as cp1252", "cp1252", "gbk"),
    ("Big5 read as GBK", "gbk", "big5"),
    ("GBK read as Big5", "big5", "gbk"),
    ("GBK read as Big5-HKSCS", "big5hkscs", "gbk"),
    ("Big5 read as Latin-1", "latin-1", "big5"),
    ("Big5 read as cp1252", "cp1252", "big5"),
    ("UTF-8 read as Latin-1", "latin-1", "utf-8"),
    ("UTF-8 read as cp1252", "cp1252", "utf-8"),
]
UTF8_AS_GBK = TRANSFORMS[0]


# The wrong codecs that read every byte as one Latin character.
LATIN_CODECS = ("latin-1", "cp1252")


def _confused(wrong: str, right: str) -> bool:
    """Big5 and GBK read as each other: both decode most byte pairs, so their runs need
    more evidence, and a repair's end is chosen on the whole window."""
    return {wrong, right} in ({"gbk", "big5"}, {"gbk", "big5hkscs"})


@lru_cache(maxsize=1)
def hkscs_chars() -> tuple[frozenset[str], frozenset[str]]:
    """Characters Big5-HKSCS reads (browsers read Big5 so) that Big5 does not: those Big5
    cannot encode, and those it encodes as another pair (HKSCS's rows C6-C8 hold kana
    and Cyrillic where Big5's hold them in another order)."""
    only, moved = set(), set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            pair = bytes([lead, trail])
            try:
                char = pair.decode("big5hkscs")
            except UnicodeDecodeError:
                continue
            try:
                if char.encode("big5") != pair:
                    moved.add(char)
            except UnicodeEncodeError:
                only.add(char)
    return frozenset(only), frozenset(moved)


@lru_cache(maxsize=None)
def lost_byte_options(wrong: str, following: bytes) -> tuple[int, ...]:
    """The bytes that, read with ``wrong`` before ``following``, give one U+FFFD and then
    ``following`` as it reads alone: what a decoder with errors='replace' left for a byte
    it could not read. The wrong codec itself says which bytes those are."""
    expected = "\ufffd" + following.decode(wrong, errors="replace")
    return tuple(x for x in range(0x80, 0x100) if (bytes([x]) + following).decode(wrong, errors="replace") == expected)


def _latin_in_utf8(run: str) -> bool:
    """Is ``run`` a Latin text's UTF-8 read as Latin-1 or cp1252 (`lâ€™Ã©tÃ©` is `l’été`),
    whole and without a CJK character? That is ftfy's to fix, in the unicode pass; read
    as GBK it would be `l’蒙t蒙`."""
    for wrong in LATIN_CODECS:
        try:
            decoded = run.encode(wrong).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return not any(ord(c) >= 0x2E80 for c in decoded)
    return False


def _confused_lossy(text: str, transforms: list[tuple[str, str, str]]) -> bool:
    """Is ``text`` a Big5/GBK run that lost bytes to U+FFFD?"""
    return "\ufffd" in text and _confused(transforms[0][1], transforms[0][2])


def lost_byte_template(text: str, wrong: str, limit: int) -> tuple[list[int | tuple[int, ...]], dict[int, int], int]:
    """The bytes of up to ``limit`` characters of ``text`` encoded with ``wrong``, each
    U+FFFD the bytes it can have been (any, before another U+FFFD: two side by side are
    checked as a pair); the byte offsets where a character starts, to its index; and how
    many characters were encoded (up to one ``wrong`` cannot encode)."""
    slots: list[int | tuple[int, ...]] = []
    boundaries: dict[int, int] = {}
    end = min(len(text), limit)
    for index, char in enumerate(text[:end]):
        if char == "\ufffd":
            following = text[index + 1 : index + 2]
            options = (tuple(range(0x80, 0x100)) if following == "\ufffd"
                       else lost_byte_options(wrong, following.encode(wrong, errors="replace")))
            boundaries[len(slots)] = index
            slots.append(options)
            continue
        try:
            encoded = to_bytes(char, wrong)
        except UnicodeEncodeError:
            end = index
            break
        boundaries[len(slots)] = index
        slots.extend(encoded)
    boundaries[len(slots)] = end
    return slots, boundaries, end


def _steps_as_it_stands(model: Any, raw: str, after: str) -> list[float]:
    """rest[k]: the model's steps from raw[k] on, through the rest of ``raw`` and on to
    ``after`` (0 at the end): what the text scores from k on if left as it stands."""
    rest = [0.0] * (len(raw) + 1)
    for k in range(len(raw) - 1, -1, -1):
        rest[k] = rest[k + 1] + model.step(raw[k], raw[k + 1] if k + 1 < len(raw) else after)
    return rest


ASCII_CHARS = "".join(map(chr, range(0x21, 0x7F)))


def _piece_beside(pattern: regex.Pattern[str], text: str, cursor: int, ahead: bool) -> tuple[int, int] | None:
    """The span of ``pattern``'s piece right after ``cursor`` (``ahead``) or right before
    it (a reverse pattern, looked for in the 64 characters before), or None."""
    m = pattern.match(text, cursor) if ahead else pattern.match(text, max(0, cursor - 64), cursor)
    return m.span(1) if m else None


def _as_repaired(text: str, edits: list[Edit], start: int, end: int) -> str:
    """``text[start:end]`` with the edits that lie inside it applied."""
    out, cursor = [], start
    for edit in sorted((e for e in edits if start <= e.start and e.end <= end), key=lambda e: e.start):
        out += [text[cursor : edit.start], edit.after]
        cursor = edit.end
    return "".join(out) + text[cursor:end]


def _overlap(a: Edit, b: Edit) -> bool:
    return a.start < b.end and b.start < a.end


def _byte_length(text: str) -> int:
    """Bytes of ``text`` in Big5 or GBK: one for ASCII, two for anything else."""
    return sum(1 if char < "\x80" else 2 for char in text)


def _lost_just_before(pieces: list[str], k: int) -> int:
    """How many U+FFFDs stand right before the k-th one (with nothing between them)."""
    count = 0
    while k - 1 - count > 0 and not pieces[k - 1 - count]:
        count += 1
    return count


@lru_cache(maxsize=65_536)  # asked millions of times of a few thousand byte strings
def _reads_back(lost: bytes, following: str, wrong: str) -> bool:
    """Do the bytes of a row of U+FFFDs, before ``following``, read with ``wrong`` as
    those U+FFFDs and ``following`` again? `lost_byte_options` checks each byte alone;
    side by side, two may make a pair (`閫氳��鍛` is not `通过…`: the two lost bytes
    BF 87 read 繃, not two U+FFFDs; it was `通讯员`, AE AF)."""
    return (lost + to_bytes(following, wrong)).decode(wrong, errors="replace") == "\ufffd" * len(lost) + following


class _Lazy:
    """A set of characters worked out on first use (most documents never ask)."""

    def __init__(self, compute: Callable[[], frozenset[str]]) -> None:
        self._compute = compute

    @cached_property
    def chars(self) -> frozenset[str]:
        return self._compute()

    def __contains__(self, char: object) -> bool:
        return char in self.chars


def _writes_any(text: str, chars: Container[str]) -> bool:
    """Does ``text`` hold a character of ``chars`` (a set, looked up in C, or a _Lazy one)?"""
    found = chars.chars if isinstance(chars, _Lazy) else chars
    if isinstance(found, (set, frozenset)):
        return not found.isdisjoint(text)
    return any(c in found for c in text)


@dataclass(frozen=True)
class Repair:
    length: int  # characters of the run it replaces, from the run's start
    text: str
    score: float  # log-probability per character
    transform: tuple[str, str, str]  # (kind, wrong codec, right codec)

    @property
    def kind(self) -> str:
        """The kind and its codecs, as a reason names them."""
        kind, wrong, right = self.transform
        return f"{kind}; {wrong}→{right}"


class MojibakePass(Pass):
    name = "mojibake"
    description = "Reverse Chinese mojibake: UTF-8 read as GBK, UTF-8/GBK/Big5 read as Latin-1/cp1252, Big5 and GBK confused."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        self.min_rare_share = float(self.rules.get("min_rare_share", 0.5))
        self.lost_byte_pairs = {tuple(pair.split("->")) for pair in self.rules.get("solve_lost_bytes", ["gbk->utf-8"])}
        self.min_gain = float(self.rules.get("min_gain_per_char", 3.0))
        self.min_han = int(self.rules.get("min_han", 2))
        self.min_han_lost = int(self.rules.get("min_han_lost_bytes", 1))
        self.max_run = int(self.rules.get("max_run_chars", 200))
        self.min_score = float(self.rules.get("min_score_per_char", -11.0))
        self.min_han_big5 = int(self.rules.get("min_han_big5", 4))
        self.odd_symbols = regex.compile(self.rules.get("big5_symbols", "(?!)"))
        self.min_odd_symbols = int(self.rules.get("min_big5_symbols", 2))
        self.japanese = regex.compile(self.rules.get("japanese", "(?!)"))
        self.not_japanese = regex.compile(self.rules.get("not_japanese", "(?!)"))
        self.foreign_words = regex.compile(self.rules.get("foreign_words", "(?!)"))
        self.clean_score = float(self.rules.get("clean_score_per_char", -7.0))
        self.max_lost = int(self.rules.get("max_lost_bytes", 3))
        self.max_options = int(self.rules.get("max_lost_byte_options", 256))
        self.lost_byte_margin = float(self.rules.get("lost_byte_margin", 2.0))
        self.end_lost_byte_margin = float(self.rules.get("end_lost_byte_margin", self.lost_byte_margin))
        self.max_lost_share = {tuple(pair.split("->")): float(share)
                               for pair, share in self.rules.get("max_lost_share", {}).items()}
        self.hkscs_margin = float(self.rules.get("hkscs_margin_per_char", 0.1))
        self.confused_confidence = float(self.rules.get("confused_lost_byte_confidence", 0.95))
        self.min_script_han = int(self.rules.get("min_script_han", 10))
        self.mixed_share = float(self.rules.get("mixed_script_share", 0.2))
        self.mixed_chars = int(self.rules.get("mixed_script_chars", 3))
        self.context_chars = int(self.rules.get("context_chars", 4))
        self.allowed = allowed_pattern(self.rules.get("repair_symbols", ""))
        self.lost_replacements = regex.compile(self.rules.get("lost_replacements", "(?!)"))
        self.naming_quotes = [str(pair) for pair in self.rules.get("naming_quotes", [])]
        self.seldom_count = int(self.rules.get("seldom_count", 30))
        self.min_seldom = int(self.rules.get("min_seldom", 2))
        self.min_seldom_share = float(self.rules.get("min_seldom_share", 0.25))

    def find_edits(self, doc: Document) -> list[Edit]:
        edits: list[Edit] = []
        lossy: list[Edit] = []
        repairs: list[tuple[Edit, tuple[str, str, str]]] = []  # each repair, with the kind it reversed
        covered = -1
        runs = self._suspicious_runs(doc.text)
        other_script = _Lazy(lambda: self._other_script(doc.text, runs))
        for start, text, transforms in runs:
            if start < covered:
                continue
            confused_lossy = _confused_lossy(text, transforms)
            if "\ufffd" in text:
                solvable = [t for t in transforms if self._solves_lost_bytes(t, text)]
                if not solvable:
                    lossy.append(flag(start, text, "looks like mojibake (" + " or ".join(t[0] for t in transforms)
                                      + ") that lost bytes to U+FFFD, " + self._unsolvable(transforms)
                                      + ": left as it is"))
                    continue
                if confused_lossy:
                    # Big5/GBK that lost bytes: read only as a kind that solves for them (the
                    # clean-reading pieces between lost bytes are misaligned as often as not)
                    transforms = solvable
            repaired = self._repair_run(doc.text, start, text, transforms, other_script)
            found = [edit for edit, _ in repaired]
            if confused_lossy or ("\ufffd" in text and transforms[0][1] in LATIN_CODECS):
                lossy.extend(self._unsolved(start, text, found, transforms))
            if found:
                edits.extend(found)
                covered = found[-1].end
            repairs.extend((e, t) for e, t in repaired if t is not None)
        confusions = [(e, t) for e, t in repairs if _confused(t[1], t[2])]
        edits.extend(self._beside(doc.text, confusions, edits + lossy, other_script))
        # A lossy run is flagged where no repair of another kind took its place; a repair
        # of fewer than min_han Han characters (one solved around a lost byte, `1960骞�8`
        # → `1960年8`) is too little evidence to take it: inside such a run it is a
        # misreading of the run's damage (`菙瑭�` of GBK read as Big5 is not `菙話`: 群策群力).
        edits = [e for e in edits if e.is_flag or len(HAN_CHAR.findall(e.after)) >= self.min_han
                 or not any(_overlap(e, f) for f in lossy)]
        edits.extend(f for f in lossy if not any(_overlap(e, f) for e in edits))
        kept = {id(e) for e in edits}
        utf8 = [e for e, t in repairs if t == UTF8_AS_GBK and id(e) in kept]
        edits.extend(self._utf8_leftovers(doc.text, utf8, edits, other_script))
        edits.extend(e for e in self._lost_replacements(doc.text) if not any(_overlap(e, f) for f in edits))
        return sorted(edits, key=lambda e: e.start)

    def _lost_replacements(self, text: str) -> list[Edit]:
        """U+FFFD written as UTF-8 and read as GBK (`锟斤拷`, two in three characters),
        read back as the U+FFFDs it was: what they stood for was lost before the misreading,
        and the unicode pass removes them and logs it. Not where the text names it, between
        the quotation marks of `naming_quotes` (`“锟斤拷”是什么`)."""
        found = []
        for m in self.lost_replacements.finditer(text):
            around = text[m.start() - 1 : m.start()] + text[m.end() : m.end() + 1]
            if around in self.naming_quotes:
                continue
            lost = to_bytes(m.group(), "gbk").decode("utf-8", errors="replace")
            found.append(Edit(m.start(), m.end(), m.group(), lost,
                              f"mojibake reversed (UTF-8 read as GBK; gbk→utf-8): {m.group()} is {len(lost)} "
                              "U+FFFD read as GBK; what they stood for was lost before the misreading"))
        return found

    def _solves_lost_bytes(self, transform: tuple[str, str, str], text: str) -> bool:
        """Are the bytes ``text`` lost to U+FFFD solved for as this kind, and are there few
        enough of them (`max_lost_share`)?"""
        pair = (transform[1], transform[2])
        return pair in self.lost_byte_pairs and text.count("\ufffd") / len(text) <= self.max_lost_share.get(pair, 1.0)

    def _unsolvable(self, transforms: list[tuple[str, str, str]]) -> str:
        """Why a run's lost bytes are not solved for."""
        if any((t[1], t[2]) in self.lost_byte_pairs for t in transforms):
            return "too many of them to read with confidence"
        return "which are not solved for here"

    @staticmethod
    def _unsolved(start: int, text: str, repairs: list[Edit], transforms: list[tuple[str, str, str]]) -> list[Edit]:
        """Flags on the stretches of a run that lost bytes (Big5/GBK, or read as Latin-1 or
        cp1252), between its repairs, that still hold a U+FFFD: no reading of them
        clearly won (`å\ufffd–` of UTF-8 read as cp1252 is 卖, 取 or 偖)."""
        kinds = "Big5/GBK" if _confused(transforms[0][1], transforms[0][2]) else " or ".join(t[0] for t in transforms)
        flags = []
        bounds = [start, *(x for e in repairs for x in (e.start, e.end)), start + len(text)]
        for left, right in zip(bounds[::2], bounds[1::2]):
            stretch = text[left - start : right - start]
            if "\ufffd" in stretch:
                flags.append(flag(left, stretch, f"looks like {kinds} mojibake that lost bytes to U+FFFD; "
                                  "no reading of them clearly wins: left as it is"))
        return flags

    def _beside(self, text: str, confusions: list[tuple[Edit, tuple[str, str, str]]], taken: list[Edit],
                other_script: Container[str]) -> list[Edit]:
        """Stretches of the same Big5/GBK damage beside a repair, reached across ASCII
        only (digits, letters, `%`: the damage is a clause, and ASCII reads alike in both
        codecs): `狟蔥善` after `进口则从20.1%` is `下降到`, `笢弊腔FDA` before `通关专家`
        is `中国的FDA`. Too short to be judged as runs of their own (min_han_big5),
        each is read as its neighbour's kind when that decodes strictly and reads better
        by `min_gain_per_char` in its context (where it writes characters of the other
        script than the document's, that is evidence enough); the chain goes on from each
        one read."""
        from cleanse.langmodel import model_of

        model = model_of(self.files)
        found: list[Edit] = []
        busy = [(e.start, e.end) for e in taken]
        for edit, (kind, wrong, right) in confusions:
            for ahead in (True, False):
                cursor, context = (edit.end, edit.after[-1]) if ahead else (edit.start, edit.after[0])
                while span := _piece_beside(STRETCH_AFTER if ahead else STRETCH_BEFORE, text, cursor, ahead):
                    start, end = span
                    if any(s < end and start < e for s, e in busy):
                        break
                    stretch = text[start:end]
                    gap = text[cursor:start] if ahead else text[end:cursor]
                    left = (context + gap)[-2:] if ahead else text[max(0, start - 2) : start]
                    right_side = text[end : end + 1] if ahead else (gap + context)[:2]
                    decoded = self._reads_as(stretch, wrong, right, model, other_script)
                    if decoded is None:
                        break
                    # Characters of the other script than the document's are damage already,
                    # whatever the model makes of them (`过好爛` in Simplified text: 爛 scores
                    # as 烂, and `好烂` is common).
                    if not _writes_any(stretch, other_script) and (
                            model.logp(left + decoded + right_side) - model.logp(left + stretch + right_side)
                            < self.min_gain * len(stretch)):
                        break
                    found.append(Edit(start, end, stretch, decoded, f"mojibake reversed ({kind}; {wrong}→{right}), "
                                      f"beside a repair of the same damage: {stretch} → {decoded}"))
                    busy.append((start, end))
                    cursor, context = (end, decoded[-1]) if ahead else (start, decoded[0])
        return found

    def _utf8_leftovers(self, text: str, repairs: list[Edit], taken: list[Edit],
                        other_script: Container[str]) -> list[Edit]:
        """What is left of UTF-8 mojibake (read as GBK) beside its repairs: a character
        whose last byte was lost to U+FFFD (`涓�`), before a repair or across ASCII from
        one (`涓�缇庝袱鍐涘叧…`: the run's first character; `2400瀹�`, `3鈭�0`). Read
        alone, its lost byte has many readings; beside the repaired text it is solved in
        that context (`中美两军`, `近2400家`) when one reading wins by
        `end_lost_byte_margin`, else flagged (a U+FFFD the unicode pass removes later
        would leave `涓` in the text with nothing in the log to say why)."""
        from cleanse.langmodel import model_of

        model = model_of(self.files)
        size = self.context_chars
        found: list[Edit] = []
        busy = [(e.start, e.end) for e in taken]
        repaired = [e for e in taken if not e.is_flag]  # and the pieces read here, as they are
        for edit in repairs:
            for ahead in (True, False):
                cursor = edit.end if ahead else edit.start
                while span := _piece_beside(UTF8_LEFTOVER_AFTER if ahead else UTF8_LEFTOVER_BEFORE, text, cursor, ahead):
                    start, end = span
                    start = self._utf8_tail(text[start:end], end)
                    if start is None or any(s < end and start < e for s, e in busy):
                        break
                    piece = text[start:end]
                    # The context is the text as repaired so far, `context_chars` of it each
                    # side besides the ASCII next to the piece (`近2400家`, not `2400家`).
                    left = _as_repaired(text, repaired, max(0, start - 3 * size - 12), start)
                    right = _as_repaired(text, repaired, end, end + 3 * size + 12)
                    ascii_left = len(left) - len(left.rstrip(ASCII_CHARS))
                    ascii_right = len(right) - len(right.lstrip(ASCII_CHARS))
                    left, right = left[-(size + ascii_left) :], right[: size + ascii_right]
                    reading = self._lost_last_byte(piece, text[end : end + 1], model, other_script, left, right)
                    if reading is None:
                        found.append(flag(start, piece, "what is left of UTF-8 mojibake (read as GBK) beside its "
                                          "repair, its last byte lost to U+FFFD; no reading of it clearly wins: "
                                          "left as it is"))
                        busy.append((start, end))
                        break
                    found.append(Edit(start, end, piece, reading, "mojibake reversed (UTF-8 read as GBK; gbk→utf-8), "
                                      f"beside a repair of the same damage, its lost byte read in context: "
                                      f"{piece} → {reading}"))
                    repaired.append(found[-1])
                    busy.append((start, end))
                    cursor = end if ahead else start
        return found

    @staticmethod
    def _utf8_tail(piece: str, end: int) -> int | None:
        """Where the UTF-8 character(s) of ``piece`` (characters read as GBK, then U+FFFDs;
        it ends at offset ``end``) begin: the shortest tail whose GBK bytes start with a
        UTF-8 lead byte (`望，涓�` is `涓�`), or None."""
        head = piece.rstrip("\ufffd")
        for k in range(1, len(head) + 1):
            try:
                first = to_bytes(head[-k], "gbk")[0]
            except UnicodeEncodeError:
                return None
            if 0xC2 <= first <= 0xF4:
                return end - len(piece) + len(head) - k
        return None

    def _lost_last_byte(self, piece: str, following: str, model: Any, other_script: Container[str],
                        left: str, right: str) -> str | None:
        """The reading of ``piece`` (GBK characters, then the U+FFFDs of lost bytes, before
        ``following``) as UTF-8 that clearly wins in its context, or None."""
        head, lost = piece.rstrip("\ufffd"), len(piece) - len(piece.rstrip("\ufffd"))
        try:
            prefix, after = to_bytes(head, "gbk"), to_bytes(following, "gbk")
        except UnicodeEncodeError:
            return None
        # The damage may end at the U+FFFD (its byte read alone) or go on into ``following``.
        last = sorted({*lost_byte_options("gbk", after), *lost_byte_options("gbk", b"")})
        options = [bytes([x]) for x in last]
        if lost > 1:
            options = [bytes([x, y]) for x in range(0x80, 0x100) for y in last
                       if _reads_back(bytes([x, y]), following, "gbk") or _reads_back(bytes([x, y]), "", "gbk")]
        readings = set()
        for option in options:
            try:
                decoded = (prefix + option).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if self._may_write(decoded, model, other_script) and not model.mixes_scripts(decoded):
                readings.add(decoded)
        if not readings:
            return None
        texts = sorted(readings)
        scored = model.rank_readings([left + t + right for t in texts])
        if len(scored) > 1 and scored[0][0] - scored[1][0] < self.end_lost_byte_margin:
            return None
        best = scored[0][1]
        return best[len(left) : len(best) - len(right)]

    def _reads_as(self, stretch: str, wrong: str, right: str, model: Any, other_script: Container[str]) -> str | None:
        """``stretch`` reverse-transcoded strictly, or None where that fails or writes what
        a repair may not (a character the model does not know, or of the other script)."""
        try:
            decoded = to_bytes(stretch, wrong).decode(right)
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None
        if (decoded == stretch or not HAN_CHAR.search(decoded) or not self._may_write(decoded, model, other_script)
                or model.logp(decoded) / len(decoded) < self.min_score):
            return None
        return decoded

    def _may_write(self, decoded: str, model: Any, other_script: Container[str]) -> bool:
        """May a repair write ``decoded``: only characters of `allowed`, Han characters the
        model knows, nothing of the other script than the document's?"""
        return (all(self.allowed.match(c) for c in decoded) and all(model.knows(c) for c in HAN_CHAR.findall(decoded))
                and not _writes_any(decoded, other_script))

    def _suspicious_runs(self, text: str) -> list[tuple[int, str, list[tuple[str, str, str]]]]:
        """(offset, run, the transcodings worth trying on it), in order of offset."""
        from cleanse.langmodel import model_of

        latin = [t for t in TRANSFORMS if t[1] in LATIN_CODECS]
        utf8 = [UTF8_AS_GBK]
        big5 = [t for t in TRANSFORMS if _confused(t[1], t[2]) and t[1] != "big5hkscs"]
        hkscs = [t for t in TRANSFORMS if _confused(t[1], t[2]) and t[1] != "big5"]
        runs = [(m.start(), m.group(), latin) for m in LATIN_RUN.finditer(text)
                if sum(1 for c in m.group() if ord(c) > 0x7F) >= 2 and LATIN_LETTER.search(m.group())
                and not _latin_in_utf8(m.group())]
        starts, rare_char = utf8_starts(), rare_pattern()
        cjk_runs = list(CJK_RUN.finditer(text))
        for m in cjk_runs:
            run = m.group()
            if not rare_char.search(run):
                continue  # UTF-8 read as GBK starts at, and needs, a rare character
            # It starts where a character's GBK bytes are a UTF-8 lead and continuation
            # byte: strict UTF-8 decoding then filters the rest.
            for start in starts.finditer(run):
                runs.append((m.start() + start.start(), run[start.start() : start.start() + self.max_run], utf8))
        for m in BIG5_RUN.finditer(text):
            run = m.group()
            if not rare_char.search(run) and not self.odd_symbols.search(run):
                continue
            if (self.japanese.search(run) and not self.not_japanese.search(run)) or self.foreign_words.search(run):
                continue  # kana in a row, a Cyrillic or Greek word: not Chinese, which the model cannot judge
            for offset in range(0, len(run), self.max_run):  # Han or the symbols Big5/GBK confusion writes
                window = run[offset : offset + self.max_run]
                odd = len(self.odd_symbols.findall(window))
                rare = len(rare_char.findall(window)) + odd
                han = len(HAN_CHAR.findall(window))
                if not (odd >= self.min_odd_symbols or (rare >= 2 and rare / (han + odd) >= self.min_rare_share)
                        or self._seldom_enough(window, han)):
                    continue
                if model_of(self.files).logp(window) / len(window) > self.clean_score:
                    continue  # reads as Chinese as it stands (Traditional prose is full of rare characters)
                runs.append((m.start() + offset, window, self._big5_kinds(window, big5, hkscs)))
        return sorted(runs, key=lambda r: r[0])

    @staticmethod
    def _big5_kinds(window: str, big5: list[tuple[str, str, str]],
                    hkscs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """The Big5/GBK confusions worth trying on ``window``: GBK read as Big5-HKSCS where it
        holds a character only HKSCS reads, as Big5 where it holds none that HKSCS reads
        from another pair or where it lost bytes to U+FFFD (HKSCS reads GBK's leads
        87-A0, which Big5 loses, as characters only it reads), else both."""
        only, moved = hkscs_chars()
        if any(c in only for c in window):
            return hkscs
        if "\ufffd" not in window and any(c in moved for c in window):
            return big5 + [t for t in hkscs if t not in big5]
        return big5

    def _seldom_enough(self, window: str, han: int) -> bool:
        """Are enough of the window's Han characters seldom written (fewer than
        `seldom_count` times in the model's running text)? Big5 and GBK read as each
        other write common characters too (`祥腕粒摩悛珘` was `不得采集血液`), but seldom
        ones among them: 悛, 珘."""
        from cleanse.langmodel import frequent_of

        seldom = han - len(frequent_of(self.files, self.seldom_count).findall(window))
        return seldom >= self.min_seldom and seldom / han >= self.min_seldom_share

    def _other_script(self, text: str, runs: list[tuple[int, str, list[tuple[str, str, str]]]]) -> frozenset[str]:
        """Characters a repair may not produce: those of the script the rest of the document
        is in (a repair that reads `順差` in Simplified text is wrong even where `顺差` is
        right). Judged outside the suspicious runs (to their last rare character), whose
        mojibake is full of Traditional forms; the script is the one most of its
        script-specific characters are in. With too little text left, none of it of one
        script only (`那一年大年初二，全家又包`), or both written (`mixed_script_share`),
        nothing is excluded."""
        from cleanse.langmodel import model_of

        model = model_of(self.files)
        rare_char = rare_pattern()
        pieces, cursor, kept = [], 0, 0
        for start, run, _ in runs:  # in order of offset
            if kept >= SCRIPT_SAMPLE:
                break
            if start > cursor:
                pieces.append(text[cursor:start])
                kept += start - cursor
            # A run ends at its last rare character: what follows is clean text.
            rare = [m.end() for m in rare_char.finditer(run)]
            cursor = max(cursor, start + (rare[-1] if rare else len(run)))
        if kept < SCRIPT_SAMPLE:
            pieces.append(text[cursor:cursor + SCRIPT_SAMPLE])
        rest = "".join(pieces)[:SCRIPT_SAMPLE]
        if len(IDEOGRAPH.findall(rest)) < self.min_script_han:
            return frozenset()
        traditional = sum(1 for c in rest if c in model.traditional_only)
        simplified = sum(1 for c in rest if c in model.simplified_only)
        rarer = min(traditional, simplified)
        if not traditional + simplified or rarer >= max(self.mixed_chars, self.mixed_share * (traditional + simplified)):
            return frozenset()  # neither script, or both: nothing is excluded
        return model.other_script(traditional > simplified)

    def _repair_run(self, document: str, offset: int, text: str, transforms: list[tuple[str, str, str]],
                    other_script: Container[str]) -> list[tuple[Edit, tuple[str, str, str] | None]]:
        """The run's repairs, each with the transcoding it reversed (None for a flag)."""
        from cleanse.langmodel import context_around, model_of

        if transforms[0] == UTF8_AS_GBK and "\ufffd" not in text and self._strict_prefix(text, "gbk", "utf-8")[0] < 2:
            return []  # no UTF-8 mojibake starts here (checked before the model is loaded)
        model = model_of(self.files)
        edits: list[tuple[Edit, tuple[str, str, str] | None]] = []
        confused_lossy = _confused_lossy(text, transforms)
        position = 0
        size = self.context_chars
        # The context before a piece is what the text reads there once repaired.
        preceding, after = context_around(document, offset, offset + len(text), size)
        while len(text) - position >= 2:
            repair = self._best(text[position:], model, transforms, other_script, (preceding, after), not edits)
            if repair is None:
                if not edits and transforms[0] == UTF8_AS_GBK:
                    return []  # no UTF-8 mojibake starts here; the next start is tried on its own
                left_over = LEFT_OVER.match(text, position) if transforms[0] == UTF8_AS_GBK else None
                if left_over:  # the end of the mojibake just repaired, whose lost bytes no reading solves
                    edits.append((flag(offset + position, left_over.group(), "the end of UTF-8 mojibake (read as GBK) "
                                       "that lost bytes to U+FFFD; no reading of them clearly wins: left as it is"), None))
                    preceding = (preceding + left_over.group())[-size:]
                    position = left_over.end()
                    continue
                if confused_lossy:
                    # Big5/GBK that lost bytes: where no reading clearly wins, how the pairs
                    # after align is unknown; a repair started again later was wrong six
                    # times in 300 generated spans and never right. The rest is flagged.
                    break
                preceding = (preceding + text[position])[-size:]
                position += 1
                continue
            preceding = (preceding + repair.text)[-size:]
            start = offset + position
            before = text[position : position + repair.length]
            edits.append((Edit(start, start + repair.length, before, repair.text,
                               f"mojibake reversed ({repair.kind}): {before} → {repair.text}"), repair.transform))
            position += repair.length
            if _confused(repair.transform[1], repair.transform[2]):
                transforms = [repair.transform]  # one clause, one confusion: the rest is read as it
        return edits

    def _best(self, text: str, model: Any, transforms: list[tuple[str, str, str]],
              other_script: Container[str], context: tuple[str, str], first: bool) -> Repair | None:
        """The most plausible reverse transcoding of the longest decodable prefix of ``text``
        (``context``: the characters before it and after the run, which rank solutions for
        lost bytes; ``first``: nothing of the run is repaired yet)."""
        found: list[Repair] = []
        for kind, wrong, right in transforms:
            if (wrong in LATIN_CODECS or _confused(wrong, right)) and text[0] < "\x80":
                continue  # an ASCII byte is a pair's trail: a repair starting there is misaligned
            big5 = _confused(wrong, right)
            if big5 and self._big5_evidence(text) < self.min_han_big5:
                continue  # Big5 and GBK both decode most byte pairs: ask for more evidence
            length, decoded = self._longest_prefix(text, wrong, right, model, other_script, context)
            if length < 2 or not decoded or not self._may_write(decoded, model, other_script):
                continue
            if big5 and ((first and self._big5_evidence(text[:length]) < self.min_han_big5)
                         or ("\ufffd" in text[:length] and self._big5_evidence(decoded) < self.min_han_big5)):
                continue  # ... in what a run's first repair changes (`邈邈` is not `落落` garbled)
            # A U+FFFD is damage already: one character solved around it may stand alone,
            # where text beside it chose its lost bytes (`1960骞�8` → `1960年8`), not the
            # frequency of the candidates alone (`宀� ` between spaces is not `岁`).
            han = len(HAN_CHAR.findall(decoded))
            least = self.min_han_lost if "\ufffd" in text[:length] else self.min_han
            if han < least:
                continue
            if han < self.min_han and not self._supported(context[0][-1:], text[length : length + 1] or context[1][:1]):
                continue
            found.append(Repair(length, decoded, model.logp(decoded) / len(decoded), (kind, wrong, right)))
        if not found:
            return None
        big5 = [r.score for r in found if r.transform[1] == "big5"]
        if big5:  # Big5 is read as Big5-HKSCS far less often: that reading must win clearly
            found = [r for r in found if r.transform[1] != "big5hkscs" or r.score - self.hkscs_margin > max(big5)]
        best = max(found, key=lambda r: (r.score, r.length))
        original = model.logp(text[: best.length]) / best.length
        if best.score < self.min_score or best.score - original < self.min_gain:
            return None
        return best

    @staticmethod
    def _supported(before: str, after: str) -> bool:
        """Is a Han character or a digit beside a repair, on either side?"""
        return any(HAN_CHAR.match(c) or c.isdigit() for c in (before, after) if c)

    def _big5_evidence(self, text: str) -> int:
        """Han characters and the symbols Big5/GBK confusion writes, in ``text``."""
        return len(HAN_CHAR.findall(text)) + len(self.odd_symbols.findall(text))

    def _longest_prefix(self, text: str, wrong: str, right: str, model: Any,
                        other_script: Container[str], context: tuple[str, str]) -> tuple[int, str]:
        """How many characters of ``text``, from its start, reverse-transcode strictly.

        A U+FFFD stands for a byte the wrong decoder could not read (errors='replace'):
        the bytes it can have been are tried, and the language model chooses."""
        if "\ufffd" in text and (wrong, right) in self.lost_byte_pairs:
            if _confused(wrong, right):
                return self._confused_lossy_prefix(text, wrong, right, model, other_script, context)
            return self._lossy_prefix(text, wrong, right, model, other_script, context)
        if _confused(wrong, right):
            return self._likeliest_prefix(text, wrong, right, model, context)
        return self._strict_prefix(text, wrong, right)

    def _likeliest_prefix(self, text: str, wrong: str, right: str, model: Any,
                          context: tuple[str, str]) -> tuple[int, str]:
        """Big5 and GBK decode most of each other's pairs, so clean text after the damage
        decodes too (into nonsense): the repair ends where the whole window, repaired up
        to there and as it stands after, reads best. Both codecs write a character in two
        bytes, so the reading of a shorter prefix is a prefix of the longest one's; each
        end is scored from sums of steps (linear)."""
        longest, decoded = self._strict_prefix(text, wrong, right)
        if len(decoded) != longest:  # not character for character after all: keep it whole
            return longest, decoded
        raw = text[:longest]
        after = text[longest] if longest < len(text) else context[1][:1]
        # repaired[k]: the steps from the context through decoded[:k]
        repaired, before = [0.0], context[0][-1]
        for char in decoded:
            repaired.append(repaired[-1] + model.step(before, char))
            before = char
        rest = _steps_as_it_stands(model, raw, after)
        best: tuple[float, int] = (float("-inf"), 0)
        for length in range(2, longest + 1):
            join = model.step(decoded[length - 1], raw[length] if length < longest else after)
            score = repaired[length] + join + rest[length]
            if score > best[0]:
                best = (score, length)
        return best[1], decoded[: best[1]]

    def _confused_lossy_prefix(self, text: str, wrong: str, right: str, model: Any,
                               other_script: Container[str], context: tuple[str, str]) -> tuple[int, str]:
        """Big5 and GBK read as each other, with bytes lost to U+FFFD: the run's bytes, each
        U+FFFD one the wrong codec narrows, are read as a whole (`cleanse.byte_lattice`);
        the reading may end at any character of the run, the rest then scored as it stands.
        Of the readings that read back as the damage, ending where the best does, the
        repair goes as far as those that agree with the best hold
        `confused_lost_byte_confidence` of their probability."""
        from cleanse.byte_lattice import readings

        slots, boundaries, end = lost_byte_template(text, wrong, self.max_run)
        after = text[end] if end < len(text) else context[1][:1]
        raw = text[:end] + after
        rest = _steps_as_it_stands(model, text[:end], after)

        def finish(j: int, last: str) -> float:
            return (model.step(last, raw[j]) if j < len(raw) else 0.0) + rest[j]

        def allowed(char: str) -> bool:  # an ASCII letter or sign alone is a pair's trail, misread
            return (bool(self.allowed.match(char)) and not "\x40" <= char <= "\x7e" and char not in other_script
                    and (not HAN_CHAR.match(char) or model.knows(char)))

        found = readings(slots, right, wrong, boundaries, model.step, finish, allowed, context[0][-1:])
        found = [r for r in found if r.data.decode(wrong, errors="replace") == text[: r.end]]
        if not found:
            return 0, ""
        texts = sorted({r.text for r in found})  # all end where the best does
        contexts = [context[0] + t + after for t in texts]
        scored = model.rank_readings(contexts)
        # The readings agree up to some point (a lost last character is often anyone's
        # guess): the repair goes as far as the readings that agree with the best there
        # hold `confused_confidence` of the probability of all of them, and ends where a
        # character of the run does.
        top = scored[0][0]
        weights = [(math.exp(score - top), t[len(context[0]) : len(t) - len(after)]) for score, t in scored]
        total = sum(w for w, _ in weights)
        best_text = weights[0][1]
        for length in range(len(best_text), 1, -1):
            size = _byte_length(best_text[:length])
            if size not in boundaries:
                continue
            # Before damage left as it is, a character that holds a lost byte had no
            # evidence on its right: it is left too (`記者彆` was `記者廖`, then lost bytes).
            last = range(size - _byte_length(best_text[length - 1]), size)
            if "\ufffd" in text[boundaries[size] :] and any(isinstance(slots[k], tuple) for k in last):
                continue
            agreeing = sum(w for w, t in weights if t.startswith(best_text[:length]))
            if agreeing / total >= self.confused_confidence:
                return boundaries[size], best_text[:length]
        return 0, ""

    @staticmethod
    def _strict_prefix(text: str, wrong: str, right: str) -> tuple[int, str]:
        """The longest prefix that re-encodes and decodes strictly, found from where
        decoding first fails (linear, not one attempt per length)."""
        try:
            data = to_bytes(text, wrong)
        except UnicodeEncodeError as exc:
            text = text[: exc.start]
            data = to_bytes(text, wrong)
        try:
            return len(text), data.decode(right)
        except UnicodeDecodeError as exc:
            limit = exc.start
        ends = []
        total = 0
        for char in text:
            total += len(to_bytes(char, wrong))
            if total > limit:
                break
            ends.append(total)
        for length in range(len(ends), 1, -1):
            try:
                return length, data[: ends[length - 1]].decode(right)
            except UnicodeDecodeError:
                continue
        return 0, ""

    def _lossy_prefix(self, text: str, wrong: str, right: str, model: Any,
                      other_script: Container[str], context: tuple[str, str]) -> tuple[int, str]:
        """The longest prefix of ``text`` whose lost bytes are solved with confidence.

        One search from left to right: after each U+FFFD, the byte strings it can have
        been that still decode (incrementally), the likeliest kept. Then, from the
        furthest U+FFFD reached back to none, the prefix that decodes completely and whose
        best reading beats the next by `lost_byte_margin` (in its context) is the repair."""
        pieces = text.split("\ufffd")[: self.max_lost + 1]
        encoded: list[bytes] = []
        for piece in pieces:
            try:
                encoded.append(to_bytes(piece, wrong))
            except UnicodeEncodeError as exc:
                encoded.append(to_bytes(piece[: exc.start], wrong))
                pieces = pieces[: len(encoded)]
                pieces[-1] = pieces[-1][: exc.start]
                break
        beams: list[list[bytes]] = [[encoded[0]]]
        partial: list[list[bytes]] = [[]]  # candidates that fail only inside the piece after the U+FFFD
        for k in range(1, len(encoded)):
            grown = []
            partial.append([])
            before = _lost_just_before(pieces, k)
            for head in beams[-1]:
                for lost in lost_byte_options(wrong, to_bytes(pieces[k][:1], wrong)):
                    if before and not _reads_back(head[-before:] + bytes([lost]), pieces[k][:1], wrong):
                        continue
                    candidate = head + bytes([lost]) + encoded[k]
                    try:  # valid so far; a sequence left open may close at the next lost byte
                        so_far = codecs.getincrementaldecoder(right)().decode(candidate, final=False)
                    except UnicodeDecodeError as exc:
                        if exc.start > len(head) + 1:
                            partial[-1].append(candidate)
                        continue
                    if not _writes_any(so_far, other_script):
                        grown.append((so_far, candidate))
            if not grown:
                break
            # Keep the candidates of the likeliest max_options texts so far; candidates whose
            # last character is still open read alike and stay together, not cut at random.
            texts = sorted({so_far for so_far, _ in grown})  # in order, so that ties fall alike in every run
            scores = dict(zip(texts, model.relative_logps(texts)))
            kept = set(sorted(texts, key=scores.__getitem__, reverse=True)[: self.max_options])
            beams.append([candidate for so_far, candidate in grown if so_far in kept])
        # A U+FFFD the search could not pass may still end the damaged run.
        likeliest: list[Any] = []  # the best reading of the longest prefix that decodes, and its length
        for k in range(min(len(beams), len(pieces) - 1), 0, -1):
            found = self._complete(pieces, k, beams, partial, wrong, right, model, other_script, context, text,
                                   likeliest)
            if found:
                return found
        return self._strict_prefix(pieces[0], wrong, right)

    def _complete(self, pieces: list[str], k: int, beams: list[list[bytes]], partial: list[list[bytes]],
                  wrong: str, right: str, model: Any, other_script: Container[str], context: tuple[str, str],
                  text: str, likeliest: list[Any]) -> tuple[int, str] | None:
        """The repair of the text up to the k-th U+FFFD and as much of the piece after it as
        lets the candidates decode completely, if one reading clearly wins. Where the
        damage ends at the U+FFFD itself, its byte was the last of the damaged run, read
        alone: any byte the wrong codec cannot read alone.

        ``likeliest`` holds the best reading of the longest prefix tried and its length
        (set on the first call that has one): a shorter prefix, read with less of the
        text after it, must agree with it (`美国愿意同联合国`, not `美国愿意双联` cut before
        `合国`)."""
        head = sum(len(piece) + 1 for piece in pieces[:k])  # characters up to the k-th U+FFFD
        last = pieces[k]
        tail_bytes = len(to_bytes(last, wrong))
        for keep in range(len(last), -1, -1):
            if not keep and likeliest and likeliest[1] > head:
                # A longer prefix decoded: the damage goes on after this U+FFFD, and a
                # reading that ends on its lost byte has only mojibake on its right
                # (`场面有` before `鑳芥敼`, where `未能改变` was as likely). The repair
                # stops before it; what follows is read again with its text after it.
                break
            if keep:
                drop = tail_bytes - len(to_bytes(last[:keep], wrong))
                whole = beams[k] if k < len(beams) else []
                candidates = [c[: len(c) - drop] for c in (*whole, *partial[k])] if k < len(partial) else []
            else:
                before = _lost_just_before(pieces, k)
                candidates = [h + bytes([x]) for h in beams[k - 1] for x in lost_byte_options(wrong, b"")
                              if not before or _reads_back(h[-before:] + bytes([x]), "", wrong)]
            texts = set()
            for candidate in candidates:
                try:
                    decoded = candidate.decode(right)
                except UnicodeDecodeError:
                    continue
                if not _writes_any(decoded, other_script) and not model.mixes_scripts(decoded):
                    texts.add(decoded)
            if not texts:
                continue
            length = head + keep
            after = text[length] if length < len(text) else context[1]
            readings = [context[0] + t + after for t in sorted(texts)]
            scored = model.rank_readings(readings)
            margin = self.lost_byte_margin if keep else self.end_lost_byte_margin
            best = scored[0][1]
            best = best[len(context[0]) : len(best) - len(after)]
            if not likeliest:
                likeliest += [best, length]
            # Where the damage ends at the U+FFFD, its last character is read otherwise.
            agrees = likeliest[0].startswith(best if keep else best[:-1])
            if agrees and (len(scored) == 1 or scored[0][0] - scored[1][0] >= margin):
                return length, best
        return None
