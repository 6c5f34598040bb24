"""Join precision and recall of the reflow pass, and collapse precision of headlines.

Labelled sets from the People's Daily 1998 (not seeds/):
- breaks: a prose paragraph cut at a random place by a blank line (must be joined),
  except right after a sentence end (。！？), where a break is indistinguishable
  from a paragraph end;
- real ends: two consecutive paragraphs of the corpus (must not be joined);
- moves: a paragraph cut inside a parenthesis, with another short article and its
  byline between the two halves (must be moved back and joined); the same with the
  cut anywhere mid-sentence in a paragraph without brackets (moved back only where
  the continuation starts as no paragraph can: many are left, flagged), and cut-off
  paragraphs followed by other articles (nothing to move: every move is wrong, and
  so is a join to the next article's first paragraph);
- headlines: real headlines letter-spaced (must collapse), and lines with spaces
  that are not letter-spaced: bylines of names, two-phrase headlines (must not).

Run: python -m benchmarks.eval_reflow [--n 2000]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass

from benchmarks.corpus import labels, news_paragraphs, person_names, prose
from cleanse.pipeline import Pipeline

SENTENCE_END = "。！？"


@dataclass
class Scores:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0


def break_examples(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(text with one blank-line break, the paragraph it must become)."""
    pool = prose(40)
    examples = []
    while len(examples) < n:
        paragraph = rng.choice(pool)
        cut = rng.randrange(4, len(paragraph) - 2)
        if paragraph[cut - 1] in SENTENCE_END:
            continue
        examples.append((paragraph[:cut] + "\n\n" + paragraph[cut:], paragraph))
    return examples


def real_end_examples(n: int, rng: random.Random) -> list[str]:
    paragraphs = news_paragraphs()
    starts = [rng.randrange(len(paragraphs) - 1) for _ in range(n)]
    return [paragraphs[i] + "\n\n" + paragraphs[i + 1] for i in starts]


def move_examples(n: int, rng: random.Random, bracket: bool = True) -> list[tuple[str, str]]:
    """A paragraph cut inside (…), or anywhere but after a sentence end (``bracket``
    False, in paragraphs without one), another article between the halves."""
    candidates = [p for p in prose(40) if ("（" in p[5:-5] if bracket else "（" not in p)]
    others = prose(30)
    examples = []
    while len(examples) < n:
        paragraph = rng.choice(candidates)
        if bracket:
            open_at = paragraph.index("（", 5)
            close_at = paragraph.find("）", open_at)
            if close_at < 0 or close_at - open_at < 2:
                continue
            cut = rng.randrange(open_at + 1, close_at)
        else:
            cut = rng.randrange(5, len(paragraph) - 2)
            if paragraph[cut - 1] in SENTENCE_END + "，、；：":
                continue  # a break there is a real paragraph end, or a plain join
        other = "\n\n".join(rng.sample(others, 2)) + "\n\n记者 王明"
        follow = rng.choice(others)
        text = f"{paragraph[:cut]}\n\n{other}\n\n{paragraph[cut:]}\n\n{follow}\n\n下一篇标题"
        expected = f"{paragraph}\n\n{follow}\n\n{other}\n\n下一篇标题"
        examples.append((text, expected))
    return examples


def truncated_examples(n: int, rng: random.Random) -> list[str]:
    """A paragraph cut off (its continuation lost), then other articles: nothing to move."""
    pool, others = prose(40), prose(30)
    out = []
    while len(out) < n:
        paragraph = rng.choice(pool)
        cut = rng.randrange(5, len(paragraph) - 2)
        if paragraph[cut - 1] not in SENTENCE_END:
            out.append("\n\n".join([paragraph[:cut], *rng.sample(others, 3), "记者 王明", *rng.sample(others, 3)]))
    return out


def evaluate_reflow(n: int = 1000, seed: int = 1998) -> dict[str, Scores]:
    rng = random.Random(seed)
    reflow = Pipeline.default(passes=["reflow"])
    joins, moves, plain_moves = Scores(), Scores(), Scores()
    for text, expected in break_examples(n, rng):
        result = reflow.run(text)
        if result.text == expected:
            joins.true_positive += 1
        else:
            joins.false_negative += 1
            joins.false_positive += sum(1 for e in result.edits if e.kind == "join")
    for text in real_end_examples(n, rng):
        joins.negatives += 1
        joins.false_positive += sum(1 for e in reflow.run(text).edits if e.kind == "join")
    for scores, bracket in ((moves, True), (plain_moves, False)):
        for text, expected in move_examples(max(n // 10, 20), rng, bracket):
            result = reflow.run(text)
            if result.text == expected:
                scores.true_positive += 1
            else:
                scores.false_negative += 1
                scores.false_positive += sum(1 for e in result.edits if e.kind == "move") // 2
    glued = Scores()  # a cut-off paragraph joined to the next article's first paragraph
    for text in truncated_examples(max(n // 10, 20), rng):
        edits = reflow.run(text).edits
        plain_moves.negatives += 1
        plain_moves.false_positive += sum(1 for e in edits if e.kind == "move") // 2
        glued.negatives += 1
        glued.false_positive += any(e.kind == "join" and e.start == text.index("\n") for e in edits)
    return {"joins": joins, "moves": moves, "plain_moves": plain_moves, "glued": glued}


def spaced(line: str) -> str:
    return " ".join(line)


def evaluate_headlines(n: int = 1000, seed: int = 1998) -> Scores:
    rng = random.Random(seed)
    headlines = Pipeline.default(passes=["headlines"])
    pool = [h for h in labels(24) if len(h) >= 4]
    scores = Scores()
    for line in rng.sample(pool, min(n, len(pool))):
        result = headlines.run(spaced(line)).text
        if result == line:
            scores.true_positive += 1
        else:
            scores.false_negative += 1
            scores.false_positive += result != spaced(line)
    names = person_names()
    for _ in range(n):
        byline = rng.choice(["记者", "本报记者", "通讯员", "新华社记者"]) + " " + " ".join(rng.sample(names, rng.randint(1, 3)))
        two_phrases = " ".join(rng.sample(pool, 2))
        for negative in (byline, two_phrases, f"## {two_phrases}"):
            scores.negatives += 1
            scores.false_positive += headlines.run(negative).text != negative
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="examples per kind")
    args = parser.parse_args()
    reflow = evaluate_reflow(args.n)
    heads = evaluate_headlines(args.n)
    print("| measure | value |\n|---|---|")
    j, m = reflow["joins"], reflow["moves"]
    print(f"| reflow join precision | {j.precision:.4f} ({j.true_positive} right, {j.false_positive} wrong joins; {j.negatives} real paragraph ends) |")
    print(f"| reflow join recall | {j.recall:.4f} ({j.true_positive} of {j.true_positive + j.false_negative} breaks) |")
    print(f"| reflow moves exact | {m.recall:.4f} ({m.true_positive} of {m.true_positive + m.false_negative}; {m.false_positive} wrong moves) |")
    pm = reflow["plain_moves"]
    print(f"| reflow moves exact, no bracket (cut anywhere mid-sentence) | {pm.recall:.4f} ({pm.true_positive} of "
          f"{pm.true_positive + pm.false_negative}; {pm.false_positive} wrong moves, with {pm.negatives} cut-off "
          f"paragraphs followed by other articles) |")
    glued = reflow["glued"]
    print(f"| cut-off paragraphs joined to the next article's first paragraph | {glued.false_positive} of {glued.negatives} |")
    print(f"| headline collapse precision | {heads.precision:.4f} ({heads.false_positive} wrong of {heads.true_positive + heads.false_positive}; {heads.negatives} negatives) |")
    print(f"| headline collapse recall | {heads.recall:.4f} |")


if __name__ == "__main__":
    main()
