"""The measured targets hold on labelled text that is not in seeds/ (People's Daily 1998)."""

from benchmarks.eval_reflow import evaluate_headlines, evaluate_reflow


def test_reflow_targets() -> None:
    scores = evaluate_reflow(n=800, seed=7)
    joins, moves = scores["joins"], scores["moves"]
    assert joins.precision >= 0.98, joins
    assert joins.recall >= 0.9, joins
    assert moves.recall >= 0.9 and moves.false_positive == 0, moves


def test_headline_collapse_precision() -> None:
    scores = evaluate_headlines(n=800, seed=7)
    assert scores.precision >= 0.98 and scores.false_positive == 0, scores
    assert scores.recall >= 0.9, scores
