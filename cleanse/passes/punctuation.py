"""punctuation: CJK punctuation and spacing in GB/T 15834 house style (SPEC §3).

Beside Chinese text, ASCII , : ; ? ! ( ) become full width, a `.` that ends a Chinese
sentence becomes 。 (not one in a number, a name or an address), dash variants become
the connector — or the dash —— (`rules/punctuation.toml`), and straight quotes become
paired “ ” ‘ ’; full-width digits and Latin letters become ASCII; spaces between CJK
and digits or CJK punctuation go. Numbers (`08:50`, `1,000`) keep ASCII. Spaces that
separate items (names in a byline, the phrases of a headline) stay. Written by hand:
pangu-style spacing libraries add spaces between CJK and Latin, the opposite of this
house style, and none of them knows about bylines.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate
from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit, flag
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import CJK_PUNCT, CLOSING, HAN_CHAR, OPENING, alternation, is_han, is_label, lines_with_offsets

# Full-width digits and letters, and the decimal point and per cent sign of a number
# (`１．２％` is `1.2%`).
FULL_WIDTH_ALNUM = regex.compile(r"(?:[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
                                 r"|(?<=[0-9\uff10-\uff19])\uff0e(?=[0-9\uff10-\uff19])|(?<=[0-9\uff10-\uff19])\uff05)+")
SPACES = regex.compile(r"[ \u3000]+")
NUMERIC = regex.compile(r"[0-9%‰]")
MARKDOWN_HEADING = regex.compile(r"\s*#{1,6}")
PERIOD_OR_DASH = regex.compile(r"[.．–―─]|--")
ASCII_LETTERS = regex.compile(r"[A-Za-z]+")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and (is_han(ch) or ch in CJK_PUNCT)


@lru_cache(maxsize=None)
def _reason(mark: str) -> str:
    """One shared string per mark: a large file has a million such edits."""
    return f"ASCII '{mark}' beside CJK to full width"


def _to_ascii(run: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) for c in run)


class PunctuationPass(Pass):
    name = "punctuation"
    description = "Full-width punctuation and no stray spaces beside CJK; ASCII digits and letters; paired quotes."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        self.full_width: dict[str, str] = self.rules.get("to_full_width", {})
        label = self.rules.get("label", {})
        self.label_max = int(label.get("max_chars", 40))
        self.sentence_punct = label.get("sentence_punctuation", "，。；！？")
        self.keep_before = set(label.get("keep_before", "“‘「『《"))
        self.keep_after = set(label.get("keep_after", "”’」』》"))
        self._role = regex.compile(alternation(self.rules.get("byline", {}).get("roles", [])))
        keep_before = self.rules.get("spacing", {}).get("keep_before", "")
        self._keep_before = regex.compile(keep_before) if keep_before else None
        self.min_han_share = float(self.rules.get("latin_prose", {}).get("min_han_share", 0.0))
        period = self.rules.get("sentence_period", "")
        self._period = regex.compile(period) if period else None
        self._dashes = [(regex.compile(rule["pattern"]), rule["replacement"], rule["reason"])
                        for rule in self.rules.get("dashes", [])]
        convertible = "".join(self.full_width) + "()\"'"
        self._ascii = regex.compile(f"[{regex.escape(convertible)}]")

    def find_edits(self, doc: Document) -> list[Edit]:
        edits: list[Edit] = []
        for offset, line in lines_with_offsets(doc.text):
            if line.strip():
                edits.extend(self._line(offset, line))
        return edits

    def is_label(self, line: str) -> bool:
        return is_label(line, self.label_max, self.sentence_punct)

    def _line(self, offset: int, line: str) -> list[Edit]:
        edits: list[Edit] = []
        widths = list(FULL_WIDTH_ALNUM.finditer(line))
        for m in widths:
            edits.append(Edit(offset + m.start(), offset + m.end(), m.group(), _to_ascii(m.group()),
                              "full-width digits or letters (a number's ． and ％) to ASCII"))
        marks = self._ascii.search(line)
        periods_or_dashes = PERIOD_OR_DASH.search(line)
        spaces = SPACES.search(line)
        if (marks or periods_or_dashes or spaces) and self._is_latin_prose(line):
            return edits  # an English sentence that quotes Chinese words keeps its punctuation and spaces
        converted = self._punctuation(line) if marks else {}
        if periods_or_dashes:
            # Periods and dashes are judged beside the marks as converted (`民).` is `民）。`,
            # as its output will read when cleaned again).
            marked = line
            if converted:
                chars = list(line)
                for i, (new, _) in converted.items():
                    chars[i] = new
                marked = "".join(chars)
            if self._period is not None:
                for m in self._period.finditer(marked):
                    converted[m.start()] = ("。", f"'{m.group()}' ending a Chinese sentence to 。")
            for pattern, replacement, reason in self._dashes:
                for m in pattern.finditer(marked):  # character for character
                    for k, new in enumerate(replacement):
                        converted[m.start() + k] = (new, reason)
        for pos, (new, reason) in sorted(converted.items()):
            edits.append(Edit(offset + pos, offset + pos + 1, line[pos], new, reason))
        if spaces:
            effective = list(line)
            for pos, (new, _) in converted.items():
                effective[pos] = new
            for m in widths:
                effective[m.start():m.end()] = list(_to_ascii(m.group()))
            edits.extend(self._spaces(offset, line, effective))
        return edits

    def _is_latin_prose(self, line: str) -> bool:
        """Is ``line`` written in a Latin-script language, Chinese words quoted in it
        (`The word 中国, which means …`)? Then its punctuation is that language's."""
        letters = sum(map(len, ASCII_LETTERS.findall(line)))
        if 2 * letters < len(line):
            return False  # such prose is mostly letters; a Chinese line's Han are not counted
        han = len(HAN_CHAR.findall(line))
        return han < self.min_han_share * (letters + han)

    # -- punctuation -------------------------------------------------------

    def _punctuation(self, line: str) -> dict[int, tuple[str, str]]:
        """Position -> (replacement, reason) for ASCII punctuation in CJK context.

        Whether a mark is in CJK context can depend on a neighbour this pass converts
        (`民,(注)`), so the marks are decided in sweeps left to right and right to left
        over the line as converted so far, until nothing more changes.
        """
        items = self._items(line)
        effective = list(line)
        out: dict[int, tuple[str, str]] = {}
        changed, rounds = True, 0
        while changed and rounds < 8:
            changed, rounds = False, rounds + 1
            cjk_before = list(accumulate((_is_cjk(c) for c in effective), initial=0))
            for order in (items, items[::-1]):
                for positions, replacements, reason in order:
                    if positions[0] in out or not self._in_cjk_context(effective, positions, cjk_before):
                        continue
                    for pos, new in zip(positions, replacements):
                        out[pos] = (new, reason)
                        effective[pos] = new
                    changed = True
        return out

    def _items(self, line: str) -> list[tuple[tuple[int, ...], str, str]]:
        """Marks to decide, in order: single marks, or pairs converted together."""
        items: list[tuple[tuple[int, ...], str, str]] = []
        parens: list[int] = []
        quotes: dict[str, list[int]] = {'"': [], "'": []}
        for m in self._ascii.finditer(line):
            pos, ch = m.start(), m.group()
            if ch == "(":
                parens.append(pos)
            elif ch == ")":
                if parens:
                    items.append(((parens.pop(), pos), "（）", "ASCII parentheses beside CJK to full width"))
                else:
                    items.append(((pos,), "）", "unmatched ASCII ')' beside CJK to full width"))
            elif ch in quotes:
                quotes[ch].append(pos)
            elif not self._between_digits(line, pos):
                items.append(((pos,), self.full_width[ch], _reason(ch)))
        items.extend(((pos,), "（", "unmatched ASCII '(' beside CJK to full width") for pos in parens)
        for ch, marks in (('"', "“”"), ("'", "‘’")):
            positions = quotes[ch]
            if len(positions) % 2:
                continue  # unpaired: which one opens is a guess; left as it is
            reason = f"straight quotes {ch}…{ch} beside CJK to {marks[0]}…{marks[1]}"
            items.extend(((a, b), marks, reason) for a, b in zip(positions[::2], positions[1::2]))
        return sorted(items)

    @staticmethod
    def _neighbour(chars: list[str], pos: int, step: int) -> str:
        """The nearest character that is not a space, going left (-1) or right (+1)."""
        pos += step
        while 0 <= pos < len(chars) and chars[pos] in " \u3000":
            pos += step
        return chars[pos] if 0 <= pos < len(chars) else ""

    def _in_cjk_context(self, chars: list[str], positions: tuple[int, ...], cjk_before: list[int]) -> bool:
        """CJK inside the pair (counted as the round began) or beside it."""
        first, last = positions[0], positions[-1]
        inner = len(positions) == 2 and cjk_before[last] - cjk_before[first + 1] > 0
        return inner or _is_cjk(self._neighbour(chars, first, -1)) or _is_cjk(self._neighbour(chars, last, +1))

    @staticmethod
    def _between_digits(line: str, pos: int) -> bool:
        return 0 < pos < len(line) - 1 and line[pos - 1].isdigit() and line[pos + 1].isdigit()

    # -- spaces ------------------------------------------------------------

    def _spaces(self, offset: int, line: str, effective: list[str]) -> list[Edit]:
        edits: list[Edit] = []
        # A label is judged on the line as converted (`品牌.` reads `品牌。`, a sentence),
        # as it will read when cleaned again.
        label = self.is_label("".join(effective))
        for m in SPACES.finditer(line):
            if m.start() == 0 or m.end() == len(line) or MARKDOWN_HEADING.fullmatch(line, 0, m.start()):
                continue  # indentation, trailing spaces and a heading's marker space stay
            left, right = effective[m.start() - 1], effective[m.end()]
            start, end, run = offset + m.start(), offset + m.end(), m.group()
            if left in CJK_PUNCT or right in CJK_PUNCT:
                if label and (right in self.keep_before or left in self.keep_after) \
                        and not (left in OPENING or right in CLOSING):
                    continue
                edits.append(Edit(start, end, run, "", "space beside CJK punctuation removed", "delete"))
            elif ((is_han(left) and NUMERIC.match(right)) or (NUMERIC.match(left) and is_han(right))) \
                    and not (self._keep_before and self._keep_before.match(line, m.end())):
                edits.append(Edit(start, end, run, "", "space between CJK and a number removed", "delete"))
            elif is_han(left) and is_han(right) and not label and not self._in_byline(line, m.start()):
                edits.append(flag(start, run, "space between Han characters inside a sentence: "
                                  "kept, it may mark lost text", context=line[max(0, m.start() - 4):m.end() + 4]))
        return edits

    def _in_byline(self, line: str, pos: int) -> bool:
        """Is the space inside a clause that starts with a byline role (通讯员 …)?"""
        clause_start = max(line.rfind(c, 0, pos) for c in "，。；：（(、“") + 1
        return self._role.search(line, clause_start, pos) is not None
