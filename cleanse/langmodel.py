"""A language model of Chinese, to rank repair candidates.

A character bigram model with interpolated Kneser-Ney smoothing, learnt from running
text (`rules/char_bigrams.tsv`, written by `tools/build_char_bigrams.py`): the
probability of each character given the one before it, so that `下世紀` outranks
`月世紀` and a whole garbled run can be searched character by character (a Markov
model admits dynamic programming, which a word segmenter's score does not).
Traditional characters are scored through their Simplified form
(`rules/traditional_chars.tsv`), so one model serves both scripts. Within a document,
`LanguageModel.in_document` mixes in the document's own character pairs (a cache
model): names and terms repeat, and `陳官莊` elsewhere in the text says how a garbled
`陳官莊` read. Loaded lazily, once per process, on first use. Written here because the
smoothing is twenty lines and the libraries that do it (kenlm, nltk.lm) are heavy or
slow to load.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from cleanse.rules import Rules
from cleanse.text import IDEOGRAPH, char_class

# Stands for the start and the end of a paragraph in the counts and in scored text
# (U+2402, the symbol for "start of text": visible in the table, absent from prose).
BOUNDARY = "\u2402"


class CharBigrams:
    """log P(b | a) for characters, from counts of characters and pairs of characters."""

    def __init__(self, table: str, discount: float = 0.75, vocabulary: int = 20_000) -> None:
        chars: dict[str, tuple[int, int, int, int]] = {}
        pairs: dict[str, int] = {}
        total = types = 1
        for line in table.splitlines():
            if not line or line.startswith("#"):
                continue
            key, *numbers = line.split("\t")
            if key == "@total":
                total, types = int(numbers[0]), int(numbers[1])
            elif len(key) == 1:
                count, followed, followers, preceders = map(int, numbers)
                chars[key] = (count, followed, followers, preceders)
            else:
                pairs[key] = int(numbers[0])
        self.counts = {c: v[0] for c, v in chars.items()}
        # A character never seen has half a count, among `vocabulary` such characters.
        self.unseen_next = math.log(0.5 / (types + 0.5 * vocabulary))
        self.unseen_first = math.log(0.5 / (total + 0.5 * vocabulary))
        # P_cont(b): how many different characters b follows (Kneser-Ney's lower order).
        self.next_logp = {c: math.log((v[3] + 0.5) / (types + 0.5 * vocabulary)) for c, v in chars.items()}
        # A text's first character: its plain frequency.
        self.first_logp = {c: math.log((v[0] + 0.5) / (total + 0.5 * vocabulary)) for c, v in chars.items()}
        # The weight of the lower order after a: the mass the discount took from a's pairs.
        self.backoff = {c: math.log(discount * v[2] / v[1]) for c, v in chars.items() if v[1]}
        self.pair_logp: dict[str, float] = {}
        for pair, count in pairs.items():
            a, b = pair
            lower = math.exp(self.backoff[a] + self.next_logp.get(b, self.unseen_next))
            self.pair_logp[pair] = math.log((count - discount) / chars[a][1] + lower)

    def first(self, char: str) -> float:
        return self.first_logp.get(char, self.unseen_first)

    def step(self, before: str, char: str) -> float:
        """log P(char | before)."""
        logp = self.pair_logp.get(before + char)
        if logp is None:
            logp = self.backoff.get(before, 0.0) + self.next_logp.get(char, self.unseen_next)
        return logp

    def logp(self, text: str) -> float:
        return self.first(text[0]) + sum(map(self.step, text, text[1:])) if text else 0.0


class LanguageModel:
    def __init__(self, bigrams: CharBigrams, to_simplified: dict[str, str],
                 simplified_only: frozenset[str] = frozenset(), min_count: int = 1) -> None:
        self.bigrams = bigrams
        self.to_simplified = to_simplified
        self.traditional_only = frozenset(to_simplified)
        self.simplified_only = simplified_only
        self.min_count = min_count
        self._traditional_char = char_class(to_simplified)

    def other_script(self, traditional: bool) -> frozenset[str]:
        """The characters a repair may not write in a document of the given script."""
        return self.simplified_only if traditional else self.traditional_only

    def simplify(self, text: str) -> str:
        return "".join(self.to_simplified.get(c, c) for c in text)

    def logp(self, text: str) -> float:
        """Log-probability (nats) of ``text`` under the character bigram model."""
        return self.bigrams.logp(self.simplify(text))

    def step(self, before: str, char: str) -> float:
        """Log-probability of ``char`` after ``before`` (the first character of a text
        when ``before`` is empty)."""
        simple = self.to_simplified.get(char, char)
        if not before:
            return self.bigrams.first(simple)
        return self.bigrams.step(self.to_simplified.get(before, before), simple)

    def in_document(self, text: str, weight: float, limit: int) -> DocumentModel:
        """This model adapted to the document ``text`` (its first ``limit`` characters)."""
        return DocumentModel(self, text[:limit], weight)

    def knows(self, char: str) -> bool:
        """Has the model seen ``char`` in running text (at least `min_count` times)?"""
        return self.bigrams.counts.get(self.to_simplified.get(char, char), 0) >= self.min_count

    def is_traditional(self, text: str, share: float = 0.02, sample: int = 100_000) -> bool:
        """Does ``text`` read as Traditional Chinese (enough Traditional-only characters)?
        Judged on its first ``sample`` characters: a document's script shows early, and a
        200 MB file is not scanned whole."""
        head = text[:sample]
        han = len(IDEOGRAPH.findall(head))
        return bool(han) and len(self._traditional_char.findall(head)) / han >= share


class DocumentModel:
    """A model for one document: P(b | a) = (1 - w) P_model(b | a) + w c_doc(ab) / c_doc(a·),
    where the document has pairs after a (the classic cache model)."""

    def __init__(self, model: LanguageModel, text: str, weight: float) -> None:
        self.model = model
        simple = model.simplify(text)
        self.pairs = Counter(map(str.__add__, simple, simple[1:]))
        self.followed = Counter(simple[:-1])
        self.weight = weight
        self._steps: dict[str, float] = {}  # the search asks for the same pairs again and again

    def step(self, before: str, char: str) -> float:
        key = before + char
        logp = self._steps.get(key)
        if logp is None:
            logp = self._steps[key] = self._step(before, char)
        return logp

    def _step(self, before: str, char: str) -> float:
        logp = self.model.step(before, char)
        if not before:
            return logp
        to_simplified = self.model.to_simplified
        a, b = to_simplified.get(before, before), to_simplified.get(char, char)
        seen = self.followed.get(a)
        if not seen:
            return logp
        return math.log((1 - self.weight) * math.exp(logp) + self.weight * self.pairs.get(a + b, 0) / seen)

    def logp(self, text: str) -> float:
        score, before = 0.0, ""
        for char in text:
            score, before = score + self.step(before, char), char
        return score


def default_model() -> LanguageModel:
    """The model of the shipped rules."""
    return model_for(None)


def model_of(rules: Rules) -> LanguageModel:
    """The model of the rules folder a pass reads."""
    return model_for(str(rules.user_dir) if rules.user_dir is not None else None)


@lru_cache(maxsize=4)
def model_for(directory: str | None) -> LanguageModel:
    """The model of a rules folder (``--rules DIR``; None: the shipped rules), built
    once per folder and process: its counts, its Traditional-character table and its
    settings in ``langmodel.toml``, each falling back to the defaults."""
    rules = Rules(directory)
    settings = rules.table("langmodel")
    bigrams = CharBigrams(rules.read_text("char_bigrams.tsv"), float(settings.get("discount", 0.75)),
                          int(settings.get("vocabulary", 20_000)))
    return LanguageModel(bigrams, rules.char_map("traditional_chars.tsv"),
                         frozenset(rules.word_list("simplified_chars.txt")), int(settings.get("min_count", 1)))
