"""reflow: rejoin sentences broken by page or column breaks; reunite interleaved articles.

OCR of printed pages leaves a blank line where a column or page ended, often in the
middle of a sentence or a word (`所包联` / `社区`), and sometimes the continuation
lands after another article (an interleaved column). No library does this for
Chinese, so it is written here: each break is scored from weighed evidence (end
punctuation, bracket balance, a dictionary word across the break from jieba, what
the next paragraph looks like), with weights and word lists in `rules/reflow.toml`.
The number of blank lines at a break is not used: the layout pass normalises it,
so a decision that depended on it would change when cleanse runs on its own output.
A real paragraph end (headline, caption, byline, finished sentence) is never joined;
a sentence left unfinished with nothing to continue it is flagged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit, flag
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import is_han, is_label

PARAGRAPH = regex.compile(r"[^\n]*\S[^\n]*")
SENTENCE_END = "。！？!?"
MAX_ROUNDS = 8
# ASCII parentheses pair with full-width ones: the punctuation pass converts them later.
ASCII_BRACKETS = str.maketrans("()", "（）")
MID_TEXT = "%‰℃·"
# A one-character clause (`多。`, `建、`), not the number of a list item (`三、`). One
# before 、 may also be an abbreviation in a list (`美、伊两国`), weaker evidence.
FIRST_CLAUSE = regex.compile(r"(?![一二三四五六七八九十]、)\p{Han}[ \u3000]*([，。、；！？,;!?])")
# A closing quote that is an apostrophe before a year (`’99昆明世博会`) starts a paragraph.
YEAR_APOSTROPHE = regex.compile(r"[’']\d")


@dataclass(frozen=True)
class Para:
    start: int  # offset of the first visible character
    end: int  # offset after the last visible character
    text: str


def split_paragraphs(text: str) -> list[Para]:
    """Every non-blank line is a paragraph."""
    paras: list[Para] = []
    for m in PARAGRAPH.finditer(text):
        line = m.group()
        stripped = line.strip()
        start = m.start() + (len(line) - len(line.lstrip()))
        paras.append(Para(start, start + len(stripped), stripped))
    return paras


@dataclass
class Decision:
    score: int
    evidence: list[str]
    join: bool
    unfinished: bool  # the first paragraph ends mid-sentence


class ReflowPass(Pass):
    name = "reflow"
    description = "Rejoin sentences broken by page or column breaks; move interleaved continuations back."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        r = self.rules
        self.threshold = int(r.get("threshold", 3))
        self.weights: dict[str, int] = dict(r.get("weights", {}))
        self.finished_end = r.get("finished_end", "。！？")
        # The punctuation pass's own pattern for a period that ends a sentence (decisions
        # are taken on the text as it will leave them), applied to the whole text, whose
        # line ends are the pattern's ends (`$`).
        period = self.files.table("punctuation").get("sentence_period")
        self.sentence_period = regex.compile(period, regex.MULTILINE) if period else None
        self.closing = r.get("closing", "”）")
        self.open_end = r.get("open_end", "，、")
        self.brackets: dict[str, str] = dict(r.get("brackets", {"（": "）", "(": ")"}))
        self.closers = {v: k for k, v in self.brackets.items()}
        self.continuing_start = r.get("continuing_start", "，。、")
        self.opening_quotes = r.get("opening_quotes", "“")
        self.short_quote = int(r.get("short_quote_chars", 8))
        self.dangling = r.get("dangling", "")
        self.heading_prefix = tuple(r.get("heading_prefix", ["#"]))
        self.byline = [regex.compile(p) for p in r.get("byline_patterns", [])]
        self.list_heading = regex.compile(r["list_heading"]) if r.get("list_heading") else None
        self.no_start = regex.compile(r["no_start"]) if r.get("no_start") else None
        self.finished_pattern = regex.compile(r["finished_pattern"]) if r.get("finished_pattern") else None
        self.lead = regex.compile(r["lead_pattern"]) if r.get("lead_pattern") else None
        self.short_sentence = regex.compile(
            rf"\p{{Han}}[^{SENTENCE_END}，,]{{0,{int(r.get('short_sentence_chars', 5)) - 1}}}[ \u3000]*[{SENTENCE_END}]")
        self.label_max = int(r.get("label_max_chars", 40))
        self.sentence_punct = r.get("sentence_punctuation", "，。；！？")
        self.short_chars = int(r.get("short_chars", 20))
        self.max_move = int(r.get("max_move_distance", 40))
        self.standalone = r.get("standalone_chars", "")
        self.cannot_start = set(r.get("move_without_bracket", ["continuing_start", "no_start", "fragment_start"]))
        self.broken_word_starts = set(r.get("move_with_broken_word", []))
        self.units = set(r.get("units", []))

    # -- what a paragraph looks like ----------------------------------------

    def is_fixed(self, para: Para) -> bool:
        """A heading, caption or byline: never joined to a neighbour."""
        if para.text.startswith(self.heading_prefix):
            return True
        return len(para.text) <= self.label_max and any(p.search(para.text) for p in self.byline)

    def is_label(self, para: Para) -> bool:
        if self.list_heading is not None and len(para.text) <= self.label_max and self.list_heading.match(para.text):
            return True
        return is_label(para.text, self.label_max, self.sentence_punct)

    def open_brackets(self, text: str) -> list[str]:
        """Opening brackets of ``text`` that it does not close, innermost last."""
        stack: list[str] = []
        for ch in text.translate(ASCII_BRACKETS):
            if ch in self.brackets:
                stack.append(ch)
            elif ch in self.closers and stack and stack[-1] == self.closers[ch]:
                stack.pop()
        return stack

    def closes(self, openers: list[str], text: str) -> bool:
        """Does ``text`` close all of ``openers`` before its first sentence ends?"""
        stack = list(openers)
        own: list[str] = []
        for ch in text.translate(ASCII_BRACKETS):
            if not stack:
                return True
            if ch in self.brackets:
                own.append(ch)
            elif ch in self.closers:
                if own and own[-1] == self.closers[ch]:
                    own.pop()
                elif stack[-1] == self.closers[ch]:
                    stack.pop()
                else:
                    return False
            elif ch in SENTENCE_END:
                break
        return not stack

    # -- evidence -----------------------------------------------------------

    def is_finished(self, p: Para) -> bool:
        """Does ``p`` end a paragraph for certain (a sentence end, a photo credit, a label
        that is never joined)?"""
        last = p.text[-1]
        closed_sentence = last in self.closing and p.text.rstrip(self.closing)[-1:] in self.finished_end
        return (last in self.finished_end or closed_sentence or self.is_fixed(p)
                or bool(self.finished_pattern and self.finished_pattern.search(p.text)))

    def end_evidence(self, p: Para, openers: list[str]) -> tuple[int, list[str], bool]:
        """What the end of ``p`` alone says: (score, evidence, whether ``p`` is a label)."""
        w = self.weights
        last = p.text[-1]
        evidence: list[str] = []
        # A headline does not leave a bracket open, nor end with a comma.
        label = self.is_label(p) and not openers and last not in self.open_end
        if last in self.open_end:
            evidence.append("open_end")
        elif last.isalnum() or last in MID_TEXT:
            evidence.append("ends_mid_text")
            if not label:
                evidence.append("prose_tail")
                if len(p.text) < self.short_chars and not any(c in SENTENCE_END for c in p.text):
                    evidence.append("short_prose")
            if self.simplify(last) in self.dangling and self.simplify(self._last_word(p.text)) == self.simplify(last):
                evidence.append("dangling")
        return sum(w.get(name, 0) for name in evidence), evidence, label

    def decide(self, p: Para, q: Para, openers: list[str] | None = None) -> Decision:
        """Should ``q`` be joined to the end of ``p``?"""
        w = self.weights
        last = p.text[-1]
        if self.is_finished(p):
            return Decision(0, [], False, False)
        openers = self.open_brackets(p.text) if openers is None else openers
        score, evidence, label = self.end_evidence(p, openers)
        if self.is_fixed(q) or (self.lead and self.lead.match(q.text)):
            # Never joined; but a paragraph that ends mid-sentence before a heading or
            # a dateline lead is still unfinished (`加装电` | `# 县城新添…`).
            return Decision(score, evidence, False, score >= self.threshold)

        def add(name: str) -> None:
            nonlocal score
            score += w.get(name, 0)
            evidence.append(name)

        unfinished = score >= self.threshold
        if openers:
            add("open_bracket")
            if not self.closes(openers, q.text):
                add("unclosed_bracket")
        if is_han(last) and is_han(q.text[0]):
            words = self._words_across(p.text, q.text)
            if words:
                add(words)
        elif last.isdigit() and is_han(q.text[0]) and self._words(q.text[:6])[0] in self.units:
            add("number_unit")
        start = self.start_evidence(q)
        if start:
            add(start)
        if label:
            add("label")
        if self.is_label(q):
            add("next_label")
        return Decision(score, evidence, score >= self.threshold, unfinished)

    def start_evidence(self, q: Para) -> str | None:
        """What the start of ``q`` alone says about joining it to what precedes."""
        first = q.text[0]
        if first in self.continuing_start and not YEAR_APOSTROPHE.match(q.text):
            return "continuing_start"
        if first in self.opening_quotes and self._opens_speech(q.text):
            return "speech_start"
        if self.no_start is not None and self.no_start.match(q.text):
            return "no_start"
        if (clause := FIRST_CLAUSE.match(q.text)) and self.simplify(first) not in self.standalone:
            return "fragment_start" if clause.group(1) != "、" else "fragment_list_start"
        if self.short_sentence.match(q.text):
            return "short_sentence_start"
        return None

    def starts_a_continuation(self, p: Para, q: Para) -> bool:
        """Without a bracket to close, may ``q`` (after another article) continue ``p``?
        It starts as no paragraph can (`move_without_bracket`), or with weaker evidence
        (`move_with_broken_word`: `梯、`, as `美、伊两国` starts) where a dictionary word
        spans the break and ``p``'s last word is its lone first character."""
        start = self.start_evidence(q)
        if start in self.cannot_start:
            return True
        return (start in self.broken_word_starts and is_han(p.text[-1]) and is_han(q.text[0])
                and self._words_across(p.text, q.text) == "word_broken")

    def _opens_speech(self, text: str) -> bool:
        close = text.find("”", 1)
        return close < 0 or close - 1 > self.short_quote

    @cached_property
    def _to_simplified(self) -> dict[int, str]:
        return str.maketrans(self.files.char_map("traditional_chars.tsv"))

    def simplify(self, text: str) -> str:
        """Traditional characters to Simplified, one for one: decisions must not depend on
        the script, which the script pass changes after this one."""
        return text.translate(self._to_simplified)

    def _words(self, text: str) -> list[str]:
        import jieba  # loaded only when a break between two words needs it

        jieba.setLogLevel(logging.WARNING)
        return list(jieba.cut(self.simplify(text), HMM=False))

    def _last_word(self, text: str) -> str:
        words = self._words(text[-6:])
        return words[-1] if words else ""

    def _words_across(self, left: str, right: str) -> str:
        """'word_broken', 'word_across' or '' for the dictionary words around the break."""
        head = left[-6:]
        position = 0
        for word in self._words(head + right[:6]):
            if position < len(head) < position + len(word):
                return "word_broken" if len(self._last_word(head)) == 1 else "word_across"
            position += len(word)
        return ""

    # -- edits --------------------------------------------------------------

    def find_edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        # Decisions are taken on the text as the punctuation pass (later) will leave its
        # sentence periods (`好去处.` is `好去处。`, a sentence end; `6.5%.民` a sentence,
        # not a label), so that cleaning the output again decides alike; the edits
        # take their characters from the text itself (the view has the same offsets).
        paras = split_paragraphs(self.sentence_period.sub("。", text) if self.sentence_period else text)
        decisions = self._decide_in_order(paras)
        moves = self._find_moves(paras, decisions)
        in_block = {i for _, r, e in moves for i in range(r, e + 1)}
        movers = {p for p, _, _ in moves}
        edits: list[Edit] = []
        for number, (p, r, e) in enumerate(moves, 1):
            edits.extend(self._move_edits(text, paras, decisions, p, r, e, f"move-{number}"))
        for i, decision in enumerate(decisions):
            if i in movers or i in in_block:
                continue
            p, q = paras[i], paras[i + 1]
            before, after = text[p.start : p.end], text[q.start : q.end]
            if decision.join:
                edits.append(Edit(p.end, q.start, text[p.end:q.start], "",
                                  f"page break inside a sentence: {before[-6:]}|{after[:6]} "
                                  f"(score {decision.score}: {', '.join(decision.evidence)})", "join"))
            elif decision.unfinished:
                edits.append(flag(p.end - 1, before[-1], f"paragraph ends mid-sentence ({before[-8:]}) and the "
                                  f"next does not continue it: left as it is, perhaps truncated"))
        return edits

    def _decide_in_order(self, paras: list[Para]) -> list[Decision]:
        """The decision for each break, taken on paragraphs as they stand once joined.

        A join changes what its neighbours look like (``民`` | ``民，`` after ``民`` |
        ``，`` was joined), so breaks are decided again over the joined paragraphs until
        nothing more joins: cleaning the output again then decides the same.
        """
        decisions = [Decision(0, [], False, False) for _ in paras[1:]]
        groups = [[i] for i in range(len(paras))]
        for _ in range(MAX_ROUNDS):
            merged = [Para(paras[g[0]].start, paras[g[-1]].end, "".join(paras[i].text for i in g)) for g in groups]
            joined_any = False
            regrouped = [groups[0]] if groups else []
            for k in range(1, len(groups)):
                decision = self.decide(merged[k - 1], merged[k])
                decisions[groups[k][0] - 1] = decision
                if decision.join:
                    regrouped[-1] = regrouped[-1] + groups[k]
                    merged[k] = Para(merged[k - 1].start, merged[k].end, merged[k - 1].text + merged[k].text)
                    joined_any = True
                else:
                    regrouped.append(groups[k])
            groups = regrouped
            if not joined_any:
                break
        return decisions

    def _find_moves(self, paras: list[Para], decisions: list[Decision]) -> list[tuple[int, int, int]]:
        """(P, R, E): paragraph P is continued by R..E, which stand after another article.
        P leaves a bracket open that R closes (`小区（网` … `格）、楼栋`), or P ends
        mid-sentence and R starts in a way no paragraph can (`居民楼` … `栋，取得`)."""
        moves: list[tuple[int, int, int]] = []
        taken = -1
        for i, decision in enumerate(decisions):
            if i <= taken or paras[i].text[-1] in self.finished_end:
                continue
            # P as it stands once the breaks before it are joined (as the next cleaning
            # will see it: `120` | `公里…，是` is one paragraph, long enough to be prose).
            first = i
            while first > 0 and decisions[first - 1].join:
                first -= 1
            head = Para(paras[first].start, paras[i].end, "".join(p.text for p in paras[first : i + 1]))
            openers = self.open_brackets(head.text)
            if openers:
                if decision.join or self.closes(openers, paras[i + 1].text):
                    continue
            elif (self.is_finished(head) or self.end_evidence(head, openers)[0] < self.threshold
                  or self.cannot_start & set(decision.evidence)):
                # Without a bracket to close, the paragraph must end mid-sentence, and
                # the next paragraph not start as only a continuation can (a join taken
                # on the end's evidence alone gives way to a continuation that does).
                continue
            for r in range(i + 2, min(len(paras), i + 2 + self.max_move)):
                candidate, before = paras[r], paras[r - 1]
                if not (before.text[-1] in self.finished_end or self.is_fixed(before)):
                    continue
                if candidate.text[0] in self.opening_quotes or self.is_fixed(candidate):
                    continue
                # Without a bracket, R must start as no paragraph can, or as few do
                # where it completes the word P broke off (`加装电` … `梯、修缮`).
                if not openers and not self.starts_a_continuation(head, candidate):
                    continue
                if not self.closes(openers, candidate.text) or not self.decide(head, candidate, openers).join:
                    continue
                end = r
                while end + 1 < len(paras) and not (self.is_fixed(paras[end + 1]) or self.is_label(paras[end + 1])):
                    end += 1
                if not openers and not self.is_finished(paras[end]):
                    continue  # the moved text would end open, and join what follows P when cleaned again
                moves.append((i, r, end))
                taken = end
                break
        return moves

    def _move_edits(self, text: str, paras: list[Para], decisions: list[Decision],
                    p: int, r: int, e: int, group: str) -> list[Edit]:
        """Insert R..E (with the joins inside it) after P; delete it where it stood."""
        def own(k: int) -> str:  # paragraph k as the text has it
            return text[paras[k].start : paras[k].end]

        pieces = [own(r)]
        joins = []
        for k in range(r, e):
            gap = text[paras[k].end:paras[k + 1].start]
            if decisions[k].join:
                joins.append(f"{own(k)[-4:]}|{own(k + 1)[:4]}")
            else:
                pieces.append(gap)
            pieces.append(own(k + 1))
        block = "".join(pieces)
        evidence = ", ".join(self.decide(paras[p], paras[r]).evidence)
        reason = (f"interleaved continuation moved back: {own(p)[-6:]}|{own(r)[:6]} "
                  f"stood {r - p - 1} paragraphs later ({evidence})")
        if joins:
            reason += f"; page breaks joined inside it: {', '.join(joins)}"
        start = paras[r - 1].end
        return [
            Edit(paras[p].end, paras[p].end, "", block, reason, "move", group),
            Edit(start, paras[e].end, text[start:paras[e].end], "", reason, "move", group),
        ]
