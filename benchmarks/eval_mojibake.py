"""Recovery of Chinese mojibake per kind, and false repairs on clean text.

Paragraphs of the People's Daily 1998 (not seeds/) get one span (a clause) damaged
with each kind, decoded with errors='replace' (a U+FFFD where the wrong codec could
not read a byte, as real pipelines leave it): UTF-8 read as GBK, GBK read as Latin-1
and as cp1252, Big5 read as GBK and GBK read as Big5 (on the paragraph converted to
Traditional). The mojibake pass must give the
paragraph back exactly; on the clean paragraphs and on seeds/ it must change nothing.

Run: python -m benchmarks.eval_mojibake [--n 300]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import regex

from benchmarks.corpus import prose
from cleanse.pipeline import Pipeline

CLAUSE = regex.compile(r"[^，。；！？：、“”]{6,}")
KINDS = {
    "UTF-8 read as GBK": ("utf-8", "gbk", False),
    "GBK read as Latin-1": ("gbk", "latin-1", False),
    "GBK read as cp1252": ("gbk", "cp1252", False),
    "Big5 read as GBK": ("big5", "gbk", True),
    "GBK read as Big5": ("gbk", "big5", True),
}


def damage(paragraph: str, written: str, read: str, rng: random.Random) -> tuple[str, str] | None:
    """(damaged paragraph, the paragraph it must become) or None."""
    clauses = list(CLAUSE.finditer(paragraph))
    if not clauses:
        return None
    m = rng.choice(clauses)
    try:
        garbled = m.group().encode(written).decode(read, errors="replace")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return paragraph[: m.start()] + garbled + paragraph[m.end() :], paragraph


def evaluate(n: int = 300, seed: int = 10) -> dict[str, tuple[int, int, int]]:
    """Per kind: (exact, damaged spans, wrong edits: edits whose repair is not in the
    original paragraph); plus clean-text edits."""
    import opencc

    rng = random.Random(seed)
    mojibake = Pipeline.default(passes=["mojibake"])
    to_traditional = opencc.OpenCC("s2t").convert
    pool = rng.sample([p for p in prose(30) if len(p) <= 150], n)
    out: dict[str, tuple[int, int, int]] = {}
    for kind, (written, read, traditional) in KINDS.items():
        exact = total = wrong = 0
        for paragraph in pool:
            source = to_traditional(paragraph) if traditional else paragraph
            damaged = damage(source, written, read, rng)
            if damaged is None:
                continue
            total += 1
            result = mojibake.run(damaged[0])
            exact += result.text == damaged[1]
            wrong += sum(1 for edit in result.edits if edit.after not in damaged[1])
        out[kind] = (exact, total, wrong)
    clean = sum(len(mojibake.run(p).edits) for p in pool)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    seed_edits = sum(len(mojibake.run(f.read_text(encoding="utf-8")).edits) for f in sorted(seeds.glob("*.txt")))
    out["clean paragraphs: edits"] = (clean, len(pool), 0)
    out["seeds: edits"] = (seed_edits, 5, 0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300)
    results = evaluate(parser.parse_args().n)
    print("| kind | exact recovery | wrong edits (repair not in the original) |\n|---|---|---|")
    for kind, (exact, total, wrong) in results.items():
        if kind.endswith("edits"):
            print(f"| {kind} | {exact} edits on {total} texts | |")
        else:
            print(f"| {kind} | {exact / total:.4f} ({exact} of {total}) | {wrong} |")


if __name__ == "__main__":
    main()
