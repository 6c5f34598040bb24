"""Readings of a byte string some of whose bytes are unknown, for the mojibake pass.

Big5 and GBK read as each other lose bytes: where the wrong codec could not read a pair
it wrote U+FFFD for the lead alone and read on from the next byte. Each U+FFFD is one
byte, and the wrong codec narrows it (before an ASCII trail, Big5 read as GBK lost one
of seven leads, A1-A7: `，` is A1 41); two side by side must read as two U+FFFDs again.
What the bytes were is then decided by the codec they were written in and the language
model, over the whole run at once: one unknown byte changes how every pair after it
aligns, so no reading can be chosen a character at a time. This is a beam search over
the byte positions (a state is the last character read, for the bigram model, and a
lost byte still to be paired), written here because no library decodes with unknowns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

# A byte of the template: known, or the bytes a lost one can have been.
Slot = int | tuple[int, ...]


@cache
def pair_table(codec: str) -> dict[int, dict[int, str]]:
    """lead → trail → the character ``codec`` reads from [lead trail]."""
    table: dict[int, dict[int, str]] = {}
    for lead in range(0x80, 0x100):
        for trail in range(0x40, 0x100):
            try:
                char = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(char) == 1:
                table.setdefault(lead, {})[trail] = char
    return table


@cache
def lost_side_by_side(codec: str) -> frozenset[tuple[int, int]]:
    """The byte pairs ``codec`` reads as two U+FFFDs: two lost bytes next to each other."""
    return frozenset((a, b) for a in range(0x80, 0x100) for b in range(0x80, 0x100)
                     if bytes([a, b]).decode(codec, errors="replace") == "\ufffd\ufffd")


@dataclass(frozen=True)
class Reading:
    score: float  # log-probability of the reading and of the text after it as it stands
    text: str  # what the bytes up to ``end`` read
    end: int  # characters of the damaged text the reading replaces
    data: bytes


@dataclass(frozen=True)
class _Path:
    score: float
    text: str
    data: bytes


def readings(slots: Sequence[Slot], right: str, lost_codec: str, boundaries: dict[int, int],
             step: Callable[[str, str], float], finish: Callable[[int, str], float],
             allowed: Callable[[str], bool], before: str, beam: int = 48, per_state: int = 8,
             keep: int = 48) -> list[Reading]:
    """The likeliest readings of ``slots`` decoded with ``right``, best first, all ending
    where the best one does.

    ``lost_codec`` is the codec that lost the unknown bytes (two side by side must read
    as two U+FFFDs in it); ``boundaries`` maps a byte offset where a character of the
    damaged text starts to that character's index: a reading may end there, scored by
    ``finish(index, last character)`` (the rest of the text as it stands). ``step`` is the
    model's log P(char | before), ``allowed`` the characters a repair may write."""
    table = pair_table(right)
    side_by_side = lost_side_by_side(lost_codec)
    size = len(slots)
    admitted: dict[str, bool] = {}
    steps: dict[tuple[str, str], float] = {}
    moves_at: dict[tuple[int, int | None], list[tuple[int, str, bytes, int | None]]] = {}

    def moves(i: int, pending: int | None) -> list[tuple[int, str, bytes, int | None]]:
        """The characters that can be read from byte i on (the same for every state
        with this lost byte before i): (where the next starts, char, its bytes, the
        lost byte it leaves to check)."""
        key = (i, pending)
        if key not in moves_at:
            found = moves_at[key] = []
            for lead in _values(slots[i], pending, side_by_side):
                if lead < 0x80:  # ASCII reads alone in both codecs
                    if _admitted(chr(lead), allowed, admitted):
                        found.append((i + 1, chr(lead), bytes([lead]), None))
                    continue
                if i + 1 == size or lead not in table:
                    continue
                row = table[lead]
                for trail in _values(slots[i + 1], lead if _lost(slots, i) else None, side_by_side):
                    char = row.get(trail)
                    if char is not None and _admitted(char, allowed, admitted):
                        carried = trail if _lost(slots, i + 1) and _lost(slots, i + 2) else None
                        found.append((i + 2, char, bytes([lead, trail]), carried))
        return moves_at[key]

    # frontier[i]: (last character, lost byte at i-1 still to be checked against i) →
    # the best paths that read the bytes before i
    frontier: dict[int, dict[tuple[str, int | None], list[_Path]]] = {0: {(before, None): [_Path(0.0, "", b"")]}}
    finished: list[Reading] = []
    for i in range(size + 1):
        states = frontier.pop(i, None)
        if not states:
            continue
        for paths in states.values():  # the best few paths of each state
            paths.sort(key=_score, reverse=True)
            del paths[per_state:]
        best_states = sorted(states.items(), key=lambda kv: kv[1][0].score, reverse=True)[:beam]
        for (last, pending), paths in best_states:
            if pending is None and i in boundaries and i:
                for path in paths:
                    finished.append(Reading(path.score + finish(boundaries[i], last), path.text, boundaries[i], path.data))
            if i < size:
                for at, char, data, carried in moves(i, pending):
                    gain = steps.get((last, char))
                    if gain is None:
                        gain = steps[(last, char)] = step(last, char)
                    bucket = frontier.setdefault(at, {}).setdefault((char, carried), [])
                    bucket.extend(_Path(path.score + gain, path.text + char, path.data + data) for path in paths)
    if not finished:
        return []
    best = max(finished, key=lambda r: r.score)
    return sorted((r for r in finished if r.end == best.end), key=lambda r: r.score, reverse=True)[:keep]


def _admitted(char: str, allowed: Callable[[str], bool], seen: dict[str, bool]) -> bool:
    if char not in seen:
        seen[char] = allowed(char)
    return seen[char]


def _lost(slots: Sequence[Slot], i: int) -> bool:
    return i < len(slots) and isinstance(slots[i], tuple)


def _values(slot: Slot, pending: int | None, side_by_side: frozenset[tuple[int, int]]) -> Sequence[int]:
    """The bytes a slot can be, after ``pending`` (a lost byte just before it, if any)."""
    if isinstance(slot, int):
        return (slot,)
    if pending is None:
        return slot
    return [b for b in slot if (pending, b) in side_by_side]


def _score(path: _Path) -> float:
    return path.score
