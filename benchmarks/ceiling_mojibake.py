"""How far ranking the readings of lost bytes can go: eval_mojibake with a model that
has read the very paragraphs it is measured on, and nothing flagged for doubt.

Where the wrong codec lost bytes to U+FFFD, the mojibake pass lists the byte strings
they can have been and lets the language model choose. This measures the best such a
choice can do with the pass's candidates: the character pairs and triples are learnt
from the whole month of the People's Daily, the held-out half the evaluation draws
from included (the model has seen every damaged clause, undamaged); every margin and
confidence that leaves a doubtful reading flagged is 0, and no run is refused for its
share of lost bytes. What such a model still gets wrong, more text for these tables
will not put right; what it gains over the shipped model at the shipped margins is
about the most that more text and bolder margins could add, at the cost of the wrong
edits it makes.

Run: python -m benchmarks.ceiling_mojibake [--n 300] [--seed 10] [--shipped-margins]
(builds its tables in a temporary folder, about 20 s, then evaluates like
eval_mojibake; with --shipped-margins, only the tables differ from the shipped rules)
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import regex

from benchmarks.corpus import news_paragraphs
from benchmarks.eval_mojibake import evaluate, print_table
from cleanse.rules import Rules
from tools import build_char_bigrams, build_char_trigrams

# The settings of rules/mojibake.toml that leave a doubtful reading flagged, and what
# they are here.
BOLD = {
    "lost_byte_margin": "0.0",
    "end_lost_byte_margin": "0.0",
    "confused_lost_byte_confidence": "0.0",
    "max_lost_share": '{ "big5->gbk" = 1.0, "big5hkscs->gbk" = 1.0 }',
}


def ceiling_rules(folder: Path, bold: bool = True) -> Path:
    """A rules folder in ``folder``: tables learnt from the whole month, mojibake.toml
    with the settings of BOLD (as shipped unless ``bold``), every other file the defaults."""
    news = news_paragraphs()
    build_char_bigrams.main(folder / "char_bigrams.tsv", news)
    build_char_trigrams.main(folder / "char_trigrams.tsv", news)
    if not bold:
        return folder
    settings = Rules().read_text("mojibake.toml")
    for name, value in BOLD.items():
        settings, count = regex.subn(rf"(?m)^{name} = .*$", f"{name} = {value}", settings)
        assert count == 1, name
    (folder / "mojibake.toml").write_text(settings, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--shipped-margins", action="store_true",
                        help="keep rules/mojibake.toml as shipped: only the tables have read the test text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print_table(*evaluate(args.n, args.seed, ceiling_rules(Path(folder), not args.shipped_margins)), args.n)


if __name__ == "__main__":
    main()
