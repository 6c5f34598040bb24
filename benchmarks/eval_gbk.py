"""Exact recovery and wrong repairs of gbk_repair on spans its forward model garbles.

Sentences of the People's Daily 1998 (not seed 002), converted to Traditional with
OpenCC s2t, are garbled by `cleanse.simulate.gbk_annotator` (the annotator that
split GBK characters) and repaired by the gbk_repair and annotations passes.

Run: python -m benchmarks.eval_gbk [--n 1000]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass

from benchmarks.corpus import prose
from cleanse.pipeline import Pipeline
from cleanse.simulate import gbk_annotator


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


def traditional_sentences(n: int, rng: random.Random) -> list[str]:
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    pool = [p for p in prose(30) if len(p) <= 120]
    return [to_traditional.convert(p) for p in rng.sample(pool, n)]


def evaluate(n: int = 1000, seed: int = 1998) -> GbkScores:
    rng = random.Random(seed)
    repair = Pipeline.default(passes=["gbk_repair", "annotations"])
    scores = GbkScores()
    for sentence in traditional_sentences(n * 2, rng):
        if scores.spans >= n:
            break
        garbled = gbk_annotator(sentence, rng)
        if garbled is None:
            continue
        scores.spans += 1
        result = repair.run(garbled[0])
        repaired = any(e.kind == "replace" and e.reason.startswith("GBK") for e in result.edits)
        if result.text == sentence:
            scores.exact += 1
        elif repaired:
            scores.wrong += 1
        else:
            scores.flagged += 1
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    s = evaluate(parser.parse_args().n)
    print("| measure | value |\n|---|---|")
    print(f"| exact recovery | {s.exact_rate:.4f} ({s.exact} of {s.spans}) |")
    print(f"| wrong repairs | {s.wrong_rate:.4f} ({s.wrong}) |")
    print(f"| left and flagged | {s.flagged} |")


if __name__ == "__main__":
    main()
