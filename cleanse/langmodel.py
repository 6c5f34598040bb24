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

The search runs on the bigram model; its best few readings of a place are then ranked
again (`LanguageModel.rank`) with a word unigram model mixed in (the likeliest
segmentation into the words of jieba's dictionary): pairs of characters cannot tell
`新的一页` from `新的一项`, nor `貝寧共和國` from `貝寧公共和國`; words can. The
dictionary is read on the first ranking, not at start-up.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from importlib import resources

from cleanse.rules import Rules
from cleanse.text import IDEOGRAPH, char_class

# Stands for the start and the end of a paragraph in the counts and in scored text
# (U+2402, the symbol for "start of text": visible in the table, absent from prose).
BOUNDARY = "\u2402"


MAX_STEPS = 500_000  # pairs a CharBigrams lacks, or triples, whose log P is kept (about 60 MB)


class CharBigrams:
    """log P(b | a) for characters, from counts of characters and pairs of characters.

    The table's lines are kept as they are read and each character's or pair's
    probability is worked out on first use (and kept): building every one up front
    took 0.26 s, most of a process's start-up where a few documents need the model."""

    def __init__(self, table: str, discount: float = 0.75, vocabulary: int = 20_000) -> None:
        self._rows: dict[str, str] = {}  # character or pair -> the rest of its line
        for line in table.splitlines():
            if line and not line.startswith("#"):
                key, _, rest = line.partition("\t")
                self._rows[key] = rest
        total = types = 1
        if "@total" in self._rows:
            total, types = (int(n) for n in self._rows.pop("@total").split("\t")[:2])
        self.discount = discount
        self._next_norm = types + 0.5 * vocabulary
        self._first_norm = total + 0.5 * vocabulary
        # A character never seen has half a count, among `vocabulary` such characters.
        self.unseen_next = math.log(0.5 / self._next_norm)
        self.unseen_first = math.log(0.5 / self._first_norm)
        # Worked out on first use and kept: per character (bounded by the characters
        # met), per pair of the table (bounded by the table), and per pair it lacks
        # (emptied at MAX_STEPS: the readings of lost bytes meet many).
        self._chars: dict[str, tuple[int, int, int, int] | None] = {}
        self._firsts: dict[str, float] = {}
        self._nexts: dict[str, float] = {}
        self._backoffs: dict[str, float | None] = {}
        self._pairs: dict[str, float] = {}
        self._unseen_pairs: dict[str, float] = {}

    def _char(self, char: str) -> tuple[int, int, int, int] | None:
        """(count, how often followed by anything, distinct followers, distinct
        preceders), or None for a character the table lacks."""
        found = self._chars.get(char, False)
        if found is False:
            row = self._rows.get(char) if len(char) == 1 else None
            found = self._chars[char] = tuple(map(int, row.split("\t"))) if row is not None else None  # type: ignore[assignment]
        return found  # type: ignore[return-value]

    def count(self, char: str) -> int:
        found = self._char(char)
        return found[0] if found else 0

    def _next_logp(self, char: str) -> float:
        """P_cont(char): how many different characters it follows (Kneser-Ney's lower order)."""
        logp = self._nexts.get(char)
        if logp is None:
            found = self._char(char)
            logp = self._nexts[char] = math.log((found[3] + 0.5) / self._next_norm) if found else self.unseen_next
        return logp

    def _backoff(self, char: str) -> float | None:
        """The weight of the lower order after ``char``: the mass the discount took from its pairs."""
        if char not in self._backoffs:
            found = self._char(char)
            self._backoffs[char] = math.log(self.discount * found[2] / found[1]) if found and found[1] else None
        return self._backoffs[char]

    def first(self, char: str) -> float:
        """log P(char) as a text's first character: its plain frequency."""
        logp = self._firsts.get(char)
        if logp is None:
            found = self._char(char)
            logp = self._firsts[char] = (math.log((found[0] + 0.5) / self._first_norm) if found
                                         else self.unseen_first)
        return logp

    def step(self, before: str, char: str) -> float:
        """log P(char | before)."""
        key = before + char
        logp = self._pairs.get(key)
        if logp is not None:
            return logp
        logp = self._unseen_pairs.get(key)
        if logp is not None:
            return logp
        backoff = self._backoff(before)
        row = self._rows.get(key) if len(key) == 2 else None
        if row is None or backoff is None:  # a pair the table lacks: the lower order alone
            if len(self._unseen_pairs) >= MAX_STEPS:
                self._unseen_pairs.clear()
            logp = self._unseen_pairs[key] = (backoff or 0.0) + self._next_logp(char)
            return logp
        lower = math.exp(backoff + self._next_logp(char))
        logp = self._pairs[key] = math.log((int(row) - self.discount) / self._char(before)[1] + lower)  # type: ignore[index]
        return logp

    def logp(self, text: str) -> float:
        return self.first(text[0]) + sum(map(self.step, text, text[1:])) if text else 0.0

    def logps(self, texts: Sequence[str]) -> list[float]:
        """``logp`` of each of ``texts``, the steps of a start shared with another worked
        out once (`sharing_prefixes`)."""
        return sharing_prefixes(texts, lambda t, i: self.step(t[i - 1], t[i]) if i else self.first(t[0]))


class CharTrigrams:
    """log P(c | ab) for characters: the counts of triples, discounted, over how often
    the pair ab is followed by anything, the rest of the mass to the pair model's
    P(c | b) (absolute discounting, interpolated). Only the readings of one place are
    scored with it (`LanguageModel.rank`), so its table is read on first use."""

    def __init__(self, table: str, bigrams: CharBigrams, discount: float = 0.75) -> None:
        # pair or triple -> the rest of its line, converted on use (as CharBigrams does)
        self._rows = dict(line.split("\t", 1) for line in table.splitlines() if line and line[0] != "#")
        self._pairs: dict[str, tuple[int, float] | None] = {}
        # log P of each triple met, kept: a place's readings share most of their text,
        # and each was scored again for every reading (three quarters of the time of a
        # whole garbled paragraph). Emptied when it holds MAX_STEPS, so that a long run
        # does not grow it without end.
        self._steps: dict[str, float] = {}
        self.bigrams = bigrams
        self.discount = discount

    def _pair(self, pair: str) -> tuple[int, float] | None:
        """(how often ``pair`` is followed by anything, the share of that left to the
        pair model once its triples are discounted), or None where no triple starts with it."""
        found = self._pairs.get(pair, False)
        if found is False:
            row = self._rows.get(pair) if len(pair) == 2 else None
            if row is None:
                found = None
            else:
                followed, kept, types = map(int, row.split("\t"))
                found = (followed, (followed - kept + self.discount * types) / followed)
            self._pairs[pair] = found
        return found  # type: ignore[return-value]

    def step(self, first: str, second: str, char: str) -> float:
        """log P(char | first second)."""
        key = first + second + char
        logp = self._steps.get(key)
        if logp is None:
            if len(self._steps) >= MAX_STEPS:
                self._steps.clear()
            logp = self._steps[key] = self._step(first, second, char)
        return logp

    def _step(self, first: str, second: str, char: str) -> float:
        lower = self.bigrams.step(second, char)
        found = self._pair(first + second)
        if found is None:
            return lower
        followed, left = found
        row = self._rows.get(first + second + char)
        count = int(row) if row is not None else 0
        return math.log(max(count - self.discount, 0) / followed + left * math.exp(lower))

    def logp(self, text: str) -> float:
        if len(text) < 3:
            return self.bigrams.logp(text)
        return self.bigrams.logp(text[:2]) + sum(map(self.step, text, text[1:], text[2:]))

    def logps(self, texts: Sequence[str]) -> list[float]:
        """``logp`` of each of ``texts`` (see `CharBigrams.logps`)."""
        bigrams = self.bigrams
        return sharing_prefixes(texts, lambda t, i: self.step(t[i - 2], t[i - 1], t[i]) if i > 1
                                else bigrams.step(t[0], t[1]) if i else bigrams.first(t[0]))


def _shared_start(a: str, b: str) -> int:
    """The length of the start ``a`` and ``b`` share, found by halving (comparisons of
    slices run in C; os.path.commonprefix walks characters in Python)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def sharing_prefixes(texts: Sequence[str], term: Callable[[str, int], float]) -> list[float]:
    """The sum of ``term(text, i)`` over each text's positions, where a term depends on
    the text up to i only: in sorted order each text reuses the running sums of the
    start it shares with the one before (the readings of one place, long and alike,
    are scored in a fraction of the steps)."""
    out = [0.0] * len(texts)
    previous, sums = "", [0.0]
    for index in sorted(range(len(texts)), key=texts.__getitem__):
        text = texts[index]
        shared = _shared_start(previous, text)
        del sums[shared + 1 :]
        for i in range(shared, len(text)):
            sums.append(sums[-1] + term(text, i))
        out[index], previous = sums[len(text)], text
    return out


# A line of jieba's dictionary: the word, its count (then its part of speech).
DICTIONARY_LINE = re.compile(r"^(\S+) (\d+)", re.MULTILINE)


class WordUnigrams:
    """log P of a text as its likeliest segmentation into dictionary words, each word
    independent (a unigram word model): `公安機關` is one word, where the bigram model
    pays for four characters. Frequencies from jieba's dictionary (MIT); a character
    the dictionary lacks (punctuation, a paragraph boundary, a rare character) costs
    what the character model gives it after the one before."""

    def __init__(self, table: str, bigrams: CharBigrams, max_word: int = 6) -> None:
        # word -> its count as written: converted on use (reading the 349,000 lines
        # into numbers up front took 0.5 s, most of a small run's start-up)
        self.counts: dict[str, str] = dict(DICTIONARY_LINE.findall(table))
        self.log_total = math.log(sum(map(int, self.counts.values())))
        self.bigrams = bigrams
        self.max_word = max_word

    def word_logp(self, word: str) -> float | None:
        count = self.counts.get(word)
        return math.log(int(count)) - self.log_total if count and count != "0" else None

    def logp(self, text: str) -> float:
        best = [0.0] + [-math.inf] * len(text)
        for i in range(len(text)):
            here = best[i]
            single = self.word_logp(text[i])
            if single is None:  # not a word: the character model's step to it (a boundary, `。`, a rare character)
                single = self.bigrams.step(text[i - 1], text[i]) if i else self.bigrams.first(text[i])
            best[i + 1] = max(best[i + 1], here + single)
            for j in range(i + 2, min(len(text), i + self.max_word) + 1):
                logp = self.word_logp(text[i:j])
                if logp is not None and here + logp > best[j]:
                    best[j] = here + logp
        return best[-1]


class LanguageModel:
    def __init__(self, bigrams: CharBigrams, to_simplified: dict[str, str],
                 simplified_only: frozenset[str] = frozenset(), min_count: int = 1,
                 words: Callable[[], WordUnigrams] | None = None, word_weight: float = 0.0,
                 rescored: int = 16, scored_as: dict[str, str] | None = None,
                 trigrams: Callable[[], CharTrigrams] | None = None, trigram_weight: float = 0.0) -> None:
        self.bigrams = bigrams
        self._load_words = words
        self.word_weight = word_weight if words else 0.0
        self._load_trigrams = trigrams
        self.trigram_weight = trigram_weight if trigrams else 0.0
        self.rescored = rescored
        self.to_simplified = to_simplified
        # How a character is scored: Traditional-only ones as their Simplified form, and
        # the few Traditional forms Simplified text writes too (`於`, scored as `于`).
        self.scored_forms = {**to_simplified, **(scored_as or {})}
        self._scored_table = str.maketrans(self.scored_forms)
        self.traditional_only = frozenset(to_simplified)
        self.simplified_only = simplified_only
        self.min_count = min_count
        self._traditional_char = char_class(to_simplified)

    def other_script(self, traditional: bool) -> frozenset[str]:
        """The characters a repair may not write in a document of the given script."""
        return self.simplified_only if traditional else self.traditional_only

    def mixes_scripts(self, text: str) -> bool:
        """Does ``text`` write both Simplified-only and Traditional-only characters? Where
        a document's script is not known (too little text), a reading of lost bytes that
        mixes them is not one anybody wrote (`过好幾` beside `职工`)."""
        return not self.simplified_only.isdisjoint(text) and not self.traditional_only.isdisjoint(text)

    def simplify(self, text: str) -> str:
        return text.translate(self._scored_table)

    def logp(self, text: str) -> float:
        """Log-probability (nats) of ``text`` under the character bigram model."""
        return self.bigrams.logp(self.simplify(text))

    @cached_property
    def words(self) -> WordUnigrams:
        assert self._load_words is not None
        return self._load_words()

    @cached_property
    def trigrams(self) -> CharTrigrams:
        assert self._load_trigrams is not None
        return self._load_trigrams()

    def rank(self, readings: Sequence[str], char_logps: Sequence[float],
             costs: Sequence[float] | None = None) -> list[tuple[float, str]]:
        """Readings of one place, best first, each with its score: ``char_logps`` (the
        character model's log-probabilities of the readings), mixed with the triple
        model's by `trigram_weight` and then with the word model's by `word_weight`
        (rules/langmodel.toml), less each reading's ``costs``
        (the log prior odds against the damage it assumes). A bigram model sees two
        characters at a time, triples three (`过程中` against `过程上`); words see
        further (`中方` against `一方` after `陈宝山`).
        Only the character model's best `rescored_readings` are rescored, and the word
        model scores where they differ, a word's length either side: the start and end
        they share weigh alike on all."""
        costs = costs or [0.0] * len(readings)
        if self.trigram_weight and len(readings) > 1:
            weight = self.trigram_weight
            triples = self.trigrams.logps([self.simplify(reading) for reading in readings])
            char_logps = [(1 - weight) * logp + weight * tri for logp, tri in zip(char_logps, triples)]
        ranked = sorted(zip((logp - cost for logp, cost in zip(char_logps, costs)), readings, costs), reverse=True)
        if self.word_weight and len(readings) > 1:
            ranked = ranked[: self.rescored]  # the character model's best few, rescored
            simple = [self.simplify(reading) for _, reading, _ in ranked]
            reach = self.words.max_word
            start = max(0, len(os.path.commonprefix(simple)) - reach)
            end = max(0, len(os.path.commonprefix([s[::-1] for s in simple])) - reach)
            ranked = sorted(((1 - self.word_weight) * (score + cost) + self.word_weight
                             * self.words.logp(s[start : len(s) - end]) - cost, reading, cost)
                            for (score, reading, cost), s in zip(ranked, simple))
            ranked.reverse()
        return [(score, reading) for score, reading, _ in ranked]

    def rank_readings(self, readings: Sequence[str]) -> list[tuple[float, str]]:
        """``rank`` of ``readings`` by their own log-probabilities, less the start they all
        share (but for the characters the models look back over there): the same order
        and the same differences of score, at a fraction of the cost where the readings
        are long and alike (those of a garbled paragraph's lost bytes). The scores are
        relative to that shared start."""
        reach = max(3, self.words.max_word + 1) if self.word_weight and len(readings) > 1 else 3
        cut = max(0, len(os.path.commonprefix(list(readings))) - reach)
        trimmed = {reading[cut:]: reading for reading in readings}
        ranked = self.rank(list(trimmed), self.bigrams.logps([self.simplify(t) for t in trimmed]))
        return [(score, trimmed[t]) for score, t in ranked]

    def relative_logps(self, texts: Sequence[str]) -> list[float]:
        """The character model's log-probabilities of ``texts`` less that of the start
        they all share: their order and differences, cheaply (see `rank_readings`)."""
        cut = max(0, len(os.path.commonprefix(list(texts))) - 1)
        return self.bigrams.logps([self.simplify(text[cut:]) for text in texts])

    def step(self, before: str, char: str) -> float:
        """Log-probability of ``char`` after ``before`` (the first character of a text
        when ``before`` is empty)."""
        simple = self.scored_forms.get(char, char)
        if not before:
            return self.bigrams.first(simple)
        return self.bigrams.step(self.scored_forms.get(before, before), simple)

    def in_document(self, text: str, weight: float, limit: int) -> DocumentModel:
        """This model adapted to the document ``text`` (its first ``limit`` characters)."""
        return DocumentModel(self, text[:limit], weight)

    def knows(self, char: str) -> bool:
        """Has the model seen ``char`` in running text (at least `min_count` times)?"""
        return self.bigrams.count(self.scored_forms.get(char, char)) >= self.min_count

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
        self.rescored = model.rescored
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
        forms = self.model.scored_forms
        a, b = forms.get(before, before), forms.get(char, char)
        seen = self.followed.get(a)
        if not seen:
            return logp
        return math.log((1 - self.weight) * math.exp(logp) + self.weight * self.pairs.get(a + b, 0) / seen)

    def logp(self, text: str) -> float:
        score, before = 0.0, ""
        for char in text:
            score, before = score + self.step(before, char), char
        return score

    def rank(self, readings: Sequence[str], char_logps: Sequence[float],
             costs: Sequence[float] | None = None) -> list[tuple[float, str]]:
        return self.model.rank(readings, char_logps, costs)


def context_around(text: str, start: int, end: int, reach: int) -> tuple[str, str]:
    """Up to ``reach`` characters before ``start`` and after ``end``, as context for the
    model: where a line starts or ends sooner, the paragraph boundary mark stands there
    (`音樂會。` ends a paragraph, `音樂會` seldom does; `党委。`, not `党委、`)."""
    before = text[max(0, start - reach) : start]
    line = before.rfind("\n")
    if line >= 0 or start <= reach:
        before = BOUNDARY + before[line + 1 :]
    after = text[end : end + reach]
    line = after.find("\n")
    if line >= 0 or end + reach >= len(text):
        after = after[: line if line >= 0 else len(after)] + BOUNDARY
    return before, after


def default_model() -> LanguageModel:
    """The model of the shipped rules."""
    return model_for(None)


def model_of(rules: Rules) -> LanguageModel:
    """The model of the rules folder a pass reads."""
    return model_for(str(rules.user_dir) if rules.user_dir is not None else None)


def frequent_of(rules: Rules, min_count: int) -> re.Pattern[str]:
    """One character seen at least ``min_count`` times in the running text the model of
    ``rules`` learnt from (a Traditional one through its Simplified form)."""
    return _frequent(str(rules.user_dir) if rules.user_dir is not None else None, min_count)


@lru_cache(maxsize=4)
def _frequent(directory: str | None, min_count: int) -> re.Pattern[str]:
    """Read from the character counts alone (0.06 s): building the model takes 0.16 s,
    and most documents never need it."""
    rules = Rules(directory)
    chars = set()
    for line in rules.read_text("char_bigrams.tsv").splitlines():
        key, _, numbers = line.partition("\t")
        if len(key) == 1 and int(numbers.split("\t", 1)[0]) >= min_count:
            chars.add(key)
    to_simplified = rules.char_map("traditional_chars.tsv")
    return char_class(chars | {t for t, s in to_simplified.items() if s in chars})


@lru_cache(maxsize=4)
def model_for(directory: str | None) -> LanguageModel:
    """The model of a rules folder (``--rules DIR``; None: the shipped rules), built
    once per folder and process: its counts, its Traditional-character table and its
    settings in ``langmodel.toml``, each falling back to the defaults."""
    rules = Rules(directory)
    settings = rules.table("langmodel")
    bigrams = CharBigrams(rules.read_text("char_bigrams.tsv"), float(settings.get("discount", 0.75)),
                          int(settings.get("vocabulary", 20_000)))

    def words() -> WordUnigrams:  # read on first use: most documents never rank readings
        table = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
        return WordUnigrams(table, bigrams, int(settings.get("max_word_chars", 6)))

    def trigrams() -> CharTrigrams:  # read on first use, like the words
        return CharTrigrams(rules.read_text("char_trigrams.tsv"), bigrams, float(settings.get("discount", 0.75)))

    return LanguageModel(bigrams, rules.char_map("traditional_chars.tsv"),
                         frozenset(rules.word_list("simplified_chars.txt")), int(settings.get("min_count", 1)),
                         words, float(settings.get("word_weight", 0.0)), int(settings.get("rescored_readings", 16)),
                         {str(k): str(v) for k, v in settings.get("scored_as", {}).items()},
                         trigrams, float(settings.get("trigram_weight", 0.0)))
