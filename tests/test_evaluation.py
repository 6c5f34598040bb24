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


def test_ceiling_rules_learn_from_the_whole_month_and_flag_nothing_for_doubt(tmp_path, monkeypatch) -> None:
    """benchmarks/ceiling_mojibake.py: its tables are learnt from every paragraph (the
    held-out half included), and its mojibake.toml is the shipped one with every setting
    of BOLD changed and nothing else."""
    from benchmarks import ceiling_mojibake
    from benchmarks.corpus import news_paragraphs
    from cleanse.rules import Rules

    learnt: list[tuple[str, int]] = []
    for builder in (ceiling_mojibake.build_char_bigrams, ceiling_mojibake.build_char_trigrams):
        monkeypatch.setattr(builder, "main", lambda out, news: learnt.append((out.name, len(news))))
    folder = ceiling_mojibake.ceiling_rules(tmp_path)
    assert learnt == [("char_bigrams.tsv", len(news_paragraphs())), ("char_trigrams.tsv", len(news_paragraphs()))]
    bold, shipped = Rules(folder).table("mojibake"), Rules().table("mojibake")
    assert bold["lost_byte_margin"] == bold["end_lost_byte_margin"] == bold["confused_lost_byte_confidence"] == 0
    assert set(bold["max_lost_share"].values()) == {1.0}
    assert {k: v for k, v in bold.items() if k not in ceiling_mojibake.BOLD} == \
        {k: v for k, v in shipped.items() if k not in ceiling_mojibake.BOLD}
