import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanse.langmodel import _shared_start, default_model


def test_the_word_model_sees_a_word_where_pairs_see_characters() -> None:
    """`共和国` is one word: under the word model it costs less than its characters one
    by one (the dictionary knows it; a segmentation may keep it whole)."""
    words = default_model().words
    assert words.logp("共和国") > words.logp("共") + words.logp("和") + words.logp("国") + 5.0


def test_rank_subtracts_each_readings_cost_in_full() -> None:
    """A reading's cost (the prior odds against the damage it assumes) is not weighed
    down by the mix of models: two equal readings differ by their costs exactly."""
    (first, _), (second, _) = default_model().rank(["共和国", "共和国"], [-10.0, -10.0], [0.0, 2.0])
    assert first - second == pytest.approx(2.0)


def test_traditional_forms_simplified_text_writes_too_are_scored_as_their_usual_form() -> None:
    """於 is a surname in Simplified text, so it is no Traditional-only character; in
    Traditional text it is 于 (`計劃於明天`), and the model scores it so (`scored_as`)."""
    model = default_model()
    assert model.logp("計劃於明天") == pytest.approx(model.logp("计划于明天"))
    assert model.logp("計劃於明天") > model.logp("計劃更明天")
    assert "於" not in model.traditional_only  # the script's detection is unchanged


def test_triples_see_what_pairs_cannot() -> None:
    """`过程中，` and `过程上，` differ in two pairs that pairs alone find about as likely
    (`工程上` is common too); triples know `过程中`: the ranking of a place's readings
    follows them."""
    model = default_model()
    readings = ["展的过程中，", "展的过程上，"]
    pairs = [model.logp(r) for r in readings]
    assert abs(pairs[0] - pairs[1]) < 1.0
    assert model.trigrams.logp(readings[0]) - model.trigrams.logp(readings[1]) > 3.0
    (best, best_reading), (second, _) = model.rank(readings, pairs)
    assert best_reading == "展的过程中，" and best - second > 2.0


@pytest.mark.parametrize("context", ["过程", "的发", "人民"])
def test_the_triple_model_is_a_distribution_over_what_follows(context: str) -> None:
    """P(c | ab) over every character the model knows sums to what the pair model's
    P(c | b) does: the discounted triples' mass is what the pairs get back."""
    import math

    model = default_model()
    chars = [key for key in model.bigrams._rows if len(key) == 1]
    pairs = sum(math.exp(model.bigrams.step(context[1], c)) for c in chars)
    triples = sum(math.exp(model.trigrams.step(context[0], context[1], c)) for c in chars)
    assert triples == pytest.approx(pairs, abs=0.01)


_readings = st.lists(st.text(st.sampled_from("过程中上的一发展人民，。了年"), min_size=1, max_size=12),
                     min_size=1, max_size=12, unique=True)


@settings(max_examples=150, deadline=None)
@given(start=st.text(st.sampled_from("民族团结一家亲"), max_size=20), endings=_readings)  # distinct, as callers give them
def test_readings_scored_together_score_as_each_alone(start: str, endings: list[str]) -> None:
    """The readings of one place are scored with the steps of the start they share worked
    out once (`sharing_prefixes`), and ranked with that start left out
    (`rank_readings`): the same log-probabilities, the same order, the same margins."""
    model = default_model()
    texts = [start + ending for ending in endings]
    for table in (model.bigrams, model.trigrams):
        assert table.logps(texts) == pytest.approx([table.logp(t) for t in texts], abs=1e-9)
    whole = model.rank(texts, [model.logp(t) for t in texts])
    trimmed = model.rank_readings(texts)
    assert [t for _, t in trimmed] == [t for _, t in whole]
    assert [s - trimmed[0][0] for s, _ in trimmed] == pytest.approx([s - whole[0][0] for s, _ in whole], abs=1e-9)


@given(a=st.text("ab", max_size=20), b=st.text("ab", max_size=20))
def test_shared_start_is_the_common_prefix(a: str, b: str) -> None:
    assert _shared_start(a, b) == len(os.path.commonprefix([a, b]))


def test_kept_steps_are_bounded(monkeypatch) -> None:
    """The log P of triples met, and of pairs the table lacks, is kept, but emptied at
    MAX_STEPS, so that a long run does not grow it without end."""
    from cleanse import langmodel

    monkeypatch.setattr(langmodel, "MAX_STEPS", 10)
    model = default_model()
    for i in range(40):
        model.trigrams.step("过", "程", chr(0x4E00 + i))
        model.bigrams.step("\ue000", chr(0x4E00 + i))
    assert len(model.trigrams._steps) <= 10 and len(model.bigrams._unseen_pairs) <= 10
