"""Recovery of Chinese mojibake per kind, and false repairs on clean text.

Paragraphs of the People's Daily 1998 (not seeds/) get one span (a clause) damaged
with each kind, decoded with errors='replace' (a U+FFFD where the wrong codec could
not read a byte, as real pipelines leave it): UTF-8 read as GBK, as GB18030 (GBK as
Windows and browsers read it), as Latin-1 and as cp1252; GBK read as Latin-1 and as
cp1252; Big5 read as GBK and as GB18030; GBK read as Big5 and as Big5-HKSCS (browsers'
Big5); Big5 read as Latin-1 and as cp1252; and GBK read as Big5 and as Big5-HKSCS again
on Traditional text (Big5's kinds, and the last two, on the paragraph converted to
Traditional; GBK is the mainland's codec and mostly holds Simplified text, so GBK read
as Big5 is measured on that first). The mojibake pass must give the paragraph back
exactly; on the clean paragraphs, Simplified and converted to Traditional (whose rare
characters look like mojibake), and on seeds/ it must change nothing.

Run: python -m benchmarks.eval_mojibake [--n 300] [--seed 10] [--rules DIR] [--whole]
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from pathlib import Path

import regex

from benchmarks.corpus import prose
from cleanse.pipeline import Pipeline

CLAUSE = regex.compile(r"[^，。；！？：、“”]{6,}")
WHOLE = regex.compile(r".+", regex.DOTALL)  # --whole: the paragraph is the span
KINDS = {
    "UTF-8 read as GBK": ("utf-8", "gbk", False),
    "UTF-8 read as GB18030": ("utf-8", "gb18030", False),
    "UTF-8 read as Latin-1": ("utf-8", "latin-1", False),
    "UTF-8 read as cp1252": ("utf-8", "cp1252", False),
    "GBK read as Latin-1": ("gbk", "latin-1", False),
    "GBK read as cp1252": ("gbk", "cp1252", False),
    "Big5 read as GBK": ("big5", "gbk", True),
    "Big5 read as GB18030": ("big5", "gb18030", True),
    "GBK read as Big5": ("gbk", "big5", False),
    "GBK read as Big5-HKSCS": ("gbk", "big5hkscs", False),
    "Big5 read as Latin-1": ("big5", "latin-1", True),
    "Big5 read as cp1252": ("big5", "cp1252", True),
    "GBK read as Big5, Traditional text": ("gbk", "big5", True),
    "GBK read as Big5-HKSCS, Traditional text": ("gbk", "big5hkscs", True),
}


def damage(paragraph: str, written: str, read: str, rng: random.Random,
           lossless: bool = False, whole: bool = False) -> tuple[str, str] | None:
    """(damaged paragraph, the paragraph it must become) or None. With ``lossless``,
    only a clause the wrong codec reads without error is damaged; with ``whole``, the
    whole paragraph is (as where a file was read with the wrong codec)."""
    clauses = list((WHOLE if whole else CLAUSE).finditer(paragraph))
    if lossless:
        clauses = [m for m in clauses if _reads(m.group(), written, read)]
    if not clauses:
        return None
    m = rng.choice(clauses)
    try:
        garbled = m.group().encode(written).decode(read, errors="replace")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return paragraph[: m.start()] + garbled + paragraph[m.end() :], paragraph


def _reads(clause: str, written: str, read: str) -> bool:
    try:
        clause.encode(written).decode(read)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return True


@dataclass
class KindScores:
    exact: int = 0
    total: int = 0
    wrong: int = 0  # edits whose repair is not in the original paragraph
    flagged: int = 0  # damaged spans left as they are with a flag in the log
    lossless_exact: int = 0  # among spans where the wrong codec lost no byte (no U+FFFD)
    lossless: int = 0
    # A second sample of as many paragraphs, each damaged in a clause the wrong codec
    # reads without loss (for Big5 and GBK, few clauses do).
    clean_read_exact: int = 0
    clean_read: int = 0


def evaluate(n: int = 300, seed: int = 10, rules_dir: str | Path | None = None, whole: bool = False
             ) -> tuple[dict[str, KindScores], int, int, int]:
    """Scores per kind, then the edits made on the clean paragraphs (Simplified, then
    Traditional) and on seeds/ (``rules_dir``: a rules folder, as `--rules`; ``whole``:
    whole paragraphs damaged, not a clause of each)."""
    import opencc

    rng = random.Random(seed)
    mojibake = Pipeline.default(rules_dir, passes=["mojibake"])
    to_traditional = opencc.OpenCC("s2t").convert
    pool = rng.sample([p for p in prose(30, held_out=True) if len(p) <= 150], n)
    out: dict[str, KindScores] = {}
    for kind, (written, read, traditional) in KINDS.items():
        rng = random.Random(f"{seed}/{kind}")  # each kind's sample does not depend on the others
        scores = out[kind] = KindScores()
        sources = [to_traditional(p) if traditional else p for p in pool]
        for source in sources:
            damaged = damage(source, written, read, rng, whole=whole)
            if damaged is not None:
                exact, flagged = _repair(mojibake, *damaged, scores)
                scores.total += 1
                scores.exact += exact
                scores.flagged += flagged
                if "\ufffd" not in damaged[0]:
                    scores.lossless += 1
                    scores.lossless_exact += exact
        for source in sources:
            damaged = damage(source, written, read, rng, lossless=True, whole=whole)
            if damaged is not None:
                scores.clean_read += 1
                scores.clean_read_exact += _repair(mojibake, *damaged, scores)[0]
    clean = sum(len(mojibake.run(p).edits) for p in pool)
    clean_traditional = sum(len(mojibake.run(to_traditional(p)).edits) for p in pool)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    seed_edits = sum(len(mojibake.run(f.read_text(encoding="utf-8")).edits) for f in sorted(seeds.glob("*.txt")))
    return out, clean, clean_traditional, seed_edits


def _repair(mojibake: Pipeline, damaged: str, original: str, scores: KindScores) -> tuple[bool, bool]:
    """Run the pass on one damaged paragraph and count its wrong edits: (exact, flagged)."""
    result = mojibake.run(damaged)
    scores.wrong += sum(1 for edit in result.edits if not edit.is_flag and edit.after not in original)
    return result.text == original, any(edit.is_flag for edit in result.edits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=10, help="the sample drawn (the README's figures: 10)")
    parser.add_argument("--rules", help="a rules folder, as cleanse's --rules")
    parser.add_argument("--whole", action="store_true", help="damage whole paragraphs, not a clause of each")
    args = parser.parse_args()
    started = time.perf_counter()
    print_table(*evaluate(args.n, args.seed, args.rules, args.whole), args.n)
    print(f"{time.perf_counter() - started:.1f} s")


def print_table(results: dict[str, KindScores], clean: int, clean_traditional: int, seed_edits: int, n: int) -> None:
    print("| kind | exact recovery | where no byte was lost | where bytes were lost (U+FFFD) | flagged "
          "| clauses read without loss: exact | wrong edits (both samples) |")
    print("|---|---|---|---|---|---|---|")
    for kind, s in results.items():
        lossy, lossy_exact = s.total - s.lossless, s.exact - s.lossless_exact
        print(f"| {kind} | {_rate(s.exact, s.total)} | {_rate(s.lossless_exact, s.lossless)} "
              f"| {_rate(lossy_exact, lossy)} | {s.flagged} | {_rate(s.clean_read_exact, s.clean_read)} | {s.wrong} |")
    print(f"\nEdits on the {n} clean paragraphs: {clean}; on them in Traditional: {clean_traditional}; "
          f"on the five seeds: {seed_edits}.")


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "–"


if __name__ == "__main__":
    main()
