"""Edits: the only way a pass changes text, and how a sequence of them is replayed.

An edit replaces ``text[start:end]`` (which must equal ``before``) with ``after``.
A flag is an edit whose ``after`` equals ``before``: it changes nothing and marks a
place that a pass suspected but did not dare to repair. A move is two edits that
share a ``group`` (a deletion at the source, an insertion at the destination).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Iterable


class EditConflict(ValueError):
    """Two edits of one pass overlap, or an edit does not match the text."""


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    before: str
    after: str
    reason: str
    kind: str = "replace"  # replace | delete | insert | join | move | flag
    group: str = ""
    data: dict[str, Any] | None = field(default=None, compare=False)  # None: no data (one dict less per edit)

    @property
    def is_flag(self) -> bool:
        return self.kind == "flag"

    @property
    def protects(self) -> bool:
        """A flag that asks later passes to leave its text as it is (evidence for a person)."""
        return self.kind == "flag" and bool(self.data) and bool(self.data.get("protect"))

    def to_record(self, pass_name: str, step: int) -> dict[str, Any]:
        record: dict[str, Any] = {"step": step, "pass": pass_name, "start": self.start, "end": self.end,
                                  "before": self.before, "after": self.after, "reason": self.reason, "kind": self.kind}
        if self.group:
            record["group"] = self.group
        if self.data:
            record["data"] = dict(self.data)
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "Edit":
        return cls(
            start=record["start"],
            end=record["end"],
            before=record["before"],
            after=record["after"],
            reason=record.get("reason", ""),
            kind=record.get("kind", "replace"),
            group=record.get("group", ""),
            data=record.get("data") or None,
        )


def flag(start: int, text: str, reason: str, **data: Any) -> Edit:
    """A place worth a person's look, left unchanged."""
    return Edit(start, start + len(text), text, text, reason, kind="flag", data=data or None)


def minimal_edit(offset: int, old: str, new: str, reason: str, kind: str = "replace") -> Edit:
    """One edit that turns ``old`` (found at ``offset``) into ``new``, trimmed to what differs."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return Edit(
        offset + prefix,
        offset + len(old) - suffix,
        old[prefix : len(old) - suffix],
        new[prefix : len(new) - suffix],
        reason,
        kind,
    )


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply the edits of one pass, all expressed in offsets of ``text``.

    Edits are applied in order of position; insertions at the same offset keep
    the order in which the pass produced them. Flags change nothing.
    """
    ordered = sorted(
        (e for e in edits if not e.is_flag), key=lambda e: (e.start, e.end)
    )
    pieces: list[str] = []
    chunks: list[str] = []  # pieces joined as they come: a million small slices are not held at once
    cursor = 0
    for edit in ordered:
        if edit.start < cursor or edit.end < edit.start or edit.end > len(text):
            raise EditConflict(f"edit {edit.start}-{edit.end} overlaps or is out of range")
        if text[edit.start : edit.end] != edit.before:
            raise EditConflict(
                f"edit {edit.start}-{edit.end} expects {edit.before!r}, "
                f"text has {text[edit.start:edit.end]!r}"
            )
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.after)
        cursor = edit.end
        if len(pieces) >= 4096:
            chunks.append("".join(pieces))
            pieces.clear()
    pieces.append(text[cursor:])
    chunks.append("".join(pieces))
    return "".join(chunks)


def outside(edits: list[Edit], protected: list[tuple[int, int]]) -> list[Edit]:
    """The edits that change nothing inside the protected ranges (sorted, disjoint); a move
    is kept or dropped whole. Flags are always kept: they change nothing."""
    starts = [a for a, _ in protected]

    def inside(edit: Edit) -> bool:
        # The last range starting before the edit's end (an insertion's place) is the only
        # one that can reach back over it: the ranges are sorted and disjoint.
        index = bisect_left(starts, edit.end) - 1
        return index >= 0 and protected[index][1] > edit.start

    touched = [e for e in edits if not e.is_flag and inside(e)]
    if not touched:
        return edits
    groups = {e.group for e in touched if e.group}
    dropped = {id(e) for e in touched}
    kept: list[Edit] = []
    for edit in edits:
        if edit.is_flag or (id(edit) not in dropped and edit.group not in groups):
            kept.append(edit)
        elif id(edit) in dropped and not edit.group and len(edit.before) == len(edit.after):
            kept.extend(_trimmed(edit, protected))  # character for character: keep what lies outside
    return kept


def _trimmed(edit: Edit, protected: list[tuple[int, int]]) -> list[Edit]:
    """The parts of a same-length edit outside the protected ranges."""
    pieces: list[Edit] = []
    cursor = edit.start
    for a, b in protected + [(edit.end, edit.end)]:
        if b <= cursor:
            continue
        end = min(a, edit.end)
        if end > cursor:
            before, after = edit.before[cursor - edit.start:end - edit.start], edit.after[cursor - edit.start:end - edit.start]
            if before != after:
                pieces.append(Edit(cursor, end, before, after, edit.reason, edit.kind, edit.group, edit.data))
        cursor = max(cursor, b)
        if cursor >= edit.end:
            break
    return pieces


def shift(protected: list[tuple[int, int]], edits: list[Edit]) -> list[tuple[int, int]]:
    """Protected ranges carried through one pass's edits (none of which is inside them),
    sorted and merged where they meet."""
    changes = sorted((e.end, len(e.after) - (e.end - e.start)) for e in edits if not e.is_flag)
    ends = [end for end, _ in changes]
    moved = list(accumulate(delta for _, delta in changes))
    out: list[tuple[int, int]] = []
    for a, b in sorted(protected):
        count = bisect_right(ends, a)  # the changes that end where the range starts, or before
        offset = moved[count - 1] if count else 0
        a, b = a + offset, b + offset
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def replay(text: str, records: Iterable[dict[str, Any]]) -> str:
    """Apply a change log (records grouped by ``step``) to the original input."""
    steps: dict[int, list[Edit]] = {}
    for record in records:
        steps.setdefault(record["step"], []).append(Edit.from_record(record))
    for step in sorted(steps):
        text = apply_edits(text, steps[step])
    return text
