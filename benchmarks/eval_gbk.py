"""Exact recovery and wrong repairs of gbk_repair on spans its forward model garbles.

Sentences of the People's Daily 1998 (its second half, which the language model did
not learn from; not seed 002), converted to Traditional with OpenCC s2t, are garbled
by `cleanse.simulate.gbk_annotator` (the annotator that split GBK characters), their
commas outside the span folded to ASCII as in 002, and repaired by the gbk_repair and
annotations passes. `--margins` also shows what other
values of `min_margin` (rules/gbk_repair.toml) would give: recovery against precision.

Run: python -m benchmarks.eval_gbk [--n 1000] [--margins]
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass

from benchmarks.corpus import prose
from cleanse.pipeline import Pipeline
from cleanse.simulate import gbk_annotator

MARGIN = re.compile(r"margin ([0-9.]+|inf)\)$")


@dataclass
class GbkScores:
    spans: int = 0
    exact: int = 0
    wrong: int = 0  # a confident repair that is not the original
    flagged: int = 0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.spans if self.spans else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.spans if self.spans else 0.0


@dataclass(frozen=True)
class Outcome:
    repaired: bool  # a GBK repair was made
    exact: bool  # the output is the original sentence
    margin: float  # the repair's margin over the best different one (0 when none was made)


def traditional_sentences(n: int, rng: random.Random) -> list[str]:
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    pool = [p for p in prose(30, held_out=True) if len(p) <= 120]
    return [to_traditional.convert(p) for p in rng.sample(pool, n)]


def outcomes(n: int = 1000, seed: int = 1998, margin: float | None = None) -> list[Outcome]:
    """What the repair makes of ``n`` garbled sentences, with `min_margin` set to
    ``margin`` (None: as the rules have it)."""
    rng = random.Random(seed)
    repair = Pipeline.default(passes=["gbk_repair", "annotations"])
    if margin is not None:
        repair.passes[0].margin = margin  # type: ignore[attr-defined]
    out: list[Outcome] = []
    for sentence in traditional_sentences(n * 2, rng):
        if len(out) >= n:
            break
        garbled = gbk_annotator(sentence, rng)
        if garbled is None:
            continue
        # As in 002, the full-width commas outside the span were folded to ASCII after
        # decoding (inside it, theirs are split bytes); the punctuation pass restores them.
        result = repair.run(garbled.text.replace("，", ","))
        made = [e for e in result.edits if e.kind == "replace" and e.reason.startswith("GBK")]
        found = MARGIN.search(made[0].reason) if made else None
        exact = result.text.replace(",", "，") == sentence
        out.append(Outcome(bool(made), exact, float(found.group(1)) if found else 0.0))
    return out


def scores(results: list[Outcome], margin: float = 0.0) -> GbkScores:
    """The scores had only repairs with at least ``margin`` been made."""
    s = GbkScores(spans=len(results))
    for r in results:
        if r.repaired and r.margin >= margin:
            s.exact += r.exact
            s.wrong += not r.exact
        else:
            s.flagged += 1
    return s


def evaluate(n: int = 1000, seed: int = 1998) -> GbkScores:
    return scores(outcomes(n, seed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--margins", action="store_true", help="also the scores at other values of min_margin")
    args = parser.parse_args()
    s = evaluate(args.n)
    print("| measure | value |\n|---|---|")
    print(f"| exact recovery | {s.exact_rate:.4f} ({s.exact} of {s.spans}) |")
    print(f"| wrong repairs | {s.wrong_rate:.4f} ({s.wrong}) |")
    print(f"| left and flagged | {s.flagged} |")
    if args.margins:
        every = outcomes(args.n, margin=0.0)
        print("\n| min_margin | exact recovery | wrong repairs | left and flagged |\n|---|---|---|---|")
        for margin in (0.0, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0):
            m = scores(every, margin)
            print(f"| {margin:g} | {m.exact_rate:.3f} | {m.wrong_rate:.3f} | {m.flagged} |")


if __name__ == "__main__":
    main()
