"""punctuation: CJK punctuation and spacing in GB/T 15834 house style (SPEC §3).

Beside Chinese text, ASCII , : ; ? ! ( ) become full width and straight quotes become
paired “ ” ‘ ’; full-width digits and Latin letters become ASCII; spaces between CJK
and digits or CJK punctuation go. Numbers (`08:50`, `1,000`) keep ASCII. Spaces that
separate items (names in a byline, the phrases of a headline) stay. Written by hand:
pangu-style spacing libraries add spaces between CJK and Latin, the opposite of this
house style, and none of them knows about bylines.
"""

from __future__ import annotations

from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit, flag
from cleanse.passes.base import Pass
from cleanse.text import CJK_PUNCT, CLOSING, OPENING, is_han, lines_with_offsets

FULL_WIDTH_ALNUM = regex.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
SPACES = regex.compile(r"[ \u3000]+")
NUMERIC = regex.compile(r"[0-9%‰]")
HEADING = regex.compile(r"^#{1,6} ")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and (is_han(ch) or ch in CJK_PUNCT)


def _to_ascii(run: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) for c in run)


class PunctuationPass(Pass):
    name = "punctuation"
    description = "Full-width punctuation and no stray spaces beside CJK; ASCII digits and letters; paired quotes."

    def __init__(self, rules: dict[str, Any] | None = None) -> None:
        super().__init__(rules)
        self.full_width: dict[str, str] = self.rules.get("to_full_width", {})
        label = self.rules.get("label", {})
        self.label_max = int(label.get("max_chars", 40))
        self.sentence_punct = set(label.get("sentence_punctuation", "，。；！？"))
        self.keep_before = set(label.get("keep_before", "“‘「『《"))
        self.keep_after = set(label.get("keep_after", "”’」』》"))
        roles = sorted(self.rules.get("byline", {}).get("roles", []), key=len, reverse=True)
        self._role = regex.compile("|".join(map(regex.escape, roles))) if roles else None
        self._ascii = regex.compile(f"[{regex.escape(''.join(self.full_width))}()\"']")

    def find_edits(self, doc: Document) -> list[Edit]:
        edits: list[Edit] = []
        for offset, line in lines_with_offsets(doc.text):
            if line.strip():
                edits.extend(self._line(offset, line))
        return edits

    def is_label(self, line: str) -> bool:
        body = HEADING.sub("", line.strip())
        return len(body) <= self.label_max and not (set(body) & self.sentence_punct)

    def _line(self, offset: int, line: str) -> list[Edit]:
        edits: list[Edit] = []
        for m in FULL_WIDTH_ALNUM.finditer(line):
            edits.append(Edit(offset + m.start(), offset + m.end(), m.group(), _to_ascii(m.group()),
                              "full-width digits or letters to ASCII"))
        converted = self._punctuation(line)
        for pos, (new, reason) in sorted(converted.items()):
            edits.append(Edit(offset + pos, offset + pos + 1, line[pos], new, reason))
        effective = list(line)
        for pos, (new, _) in converted.items():
            effective[pos] = new
        for m in FULL_WIDTH_ALNUM.finditer(line):
            effective[m.start():m.end()] = list(_to_ascii(m.group()))
        edits.extend(self._spaces(offset, line, effective))
        return edits

    # -- punctuation -------------------------------------------------------

    def _punctuation(self, line: str) -> dict[int, tuple[str, str]]:
        """Position -> (replacement, reason) for ASCII punctuation in CJK context."""
        out: dict[int, tuple[str, str]] = {}
        parens: list[int] = []
        pairs: list[tuple[int, int]] = []
        quotes: dict[str, list[int]] = {'"': [], "'": []}
        for m in self._ascii.finditer(line):
            pos, ch = m.start(), m.group()
            if ch == "(":
                parens.append(pos)
            elif ch == ")":
                if parens:
                    pairs.append((parens.pop(), pos))
                elif self._beside_cjk(line, pos):
                    out[pos] = ("）", "unmatched ASCII ')' beside CJK to full width")
            elif ch in quotes:
                quotes[ch].append(pos)
            elif self._beside_cjk(line, pos) and not self._between_digits(line, pos):
                out[pos] = (self.full_width[ch], f"ASCII '{ch}' beside CJK to full width")
        for pos in parens:
            if self._beside_cjk(line, pos):
                out[pos] = ("（", "unmatched ASCII '(' beside CJK to full width")
        for open_, close in pairs:
            if self._pair_is_cjk(line, open_, close):
                out[open_] = ("（", "ASCII parentheses around or beside CJK to full width")
                out[close] = ("）", "ASCII parentheses around or beside CJK to full width")
        for ch, marks in (('"', "“”"), ("'", "‘’")):
            out.update(self._quotes(line, quotes[ch], ch, marks))
        return out

    def _quotes(self, line: str, positions: list[int], ch: str, marks: str) -> dict[int, tuple[str, str]]:
        out: dict[int, tuple[str, str]] = {}
        if len(positions) % 2:
            return out  # unpaired: which one opens is a guess; left as it is
        for open_, close in zip(positions[::2], positions[1::2]):
            if self._pair_is_cjk(line, open_, close):
                reason = f"straight quotes {ch}…{ch} beside CJK to {marks[0]}…{marks[1]}"
                out[open_] = (marks[0], reason)
                out[close] = (marks[1], reason)
        return out

    @staticmethod
    def _neighbours(line: str, pos: int) -> tuple[str, str]:
        before = line[:pos].rstrip(" \u3000")
        after = line[pos + 1 :].lstrip(" \u3000")
        return (before[-1] if before else ""), (after[0] if after else "")

    def _beside_cjk(self, line: str, pos: int) -> bool:
        left, right = self._neighbours(line, pos)
        return _is_cjk(left) or _is_cjk(right)

    @staticmethod
    def _between_digits(line: str, pos: int) -> bool:
        return 0 < pos < len(line) - 1 and line[pos - 1].isdigit() and line[pos + 1].isdigit()

    def _pair_is_cjk(self, line: str, open_: int, close: int) -> bool:
        inner = line[open_ + 1 : close]
        return any(_is_cjk(c) for c in inner) or _is_cjk(self._neighbours(line, open_)[0]) \
            or _is_cjk(self._neighbours(line, close)[1])

    # -- spaces ------------------------------------------------------------

    def _spaces(self, offset: int, line: str, effective: list[str]) -> list[Edit]:
        edits: list[Edit] = []
        label = self.is_label(line)
        for m in SPACES.finditer(line):
            if m.start() == 0 or m.end() == len(line):
                continue  # indentation and trailing spaces are the layout pass's
            left, right = effective[m.start() - 1], effective[m.end()]
            start, end, run = offset + m.start(), offset + m.end(), m.group()
            if left in CJK_PUNCT or right in CJK_PUNCT:
                if label and (right in self.keep_before or left in self.keep_after) \
                        and not (left in OPENING or right in CLOSING):
                    continue
                edits.append(Edit(start, end, run, "", "space beside CJK punctuation removed", "delete"))
            elif (is_han(left) and NUMERIC.match(right)) or (NUMERIC.match(left) and is_han(right)):
                edits.append(Edit(start, end, run, "", "space between CJK and a number removed", "delete"))
            elif is_han(left) and is_han(right) and not label and not self._in_byline(line, m.start()):
                edits.append(flag(start, run, "space between Han characters inside a sentence: "
                                  "kept, it may mark lost text", context=line[max(0, m.start() - 4):m.end() + 4]))
        return edits

    def _in_byline(self, line: str, pos: int) -> bool:
        """Is the space inside a clause that starts with a byline role (通讯员 …)?"""
        if self._role is None:
            return False
        clause_start = max(line.rfind(c, 0, pos) for c in "，。；：（(、“") + 1
        return self._role.search(line, clause_start, pos) is not None
