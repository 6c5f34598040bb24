"""Invariants of the whole default pipeline over generated CJK-heavy text."""

from __future__ import annotations

from collections import Counter

import regex
from hypothesis import given

from cleanse.edits import replay
from cleanse.pipeline import Pipeline
from tests.strategies import cjk_text

PIPELINE = Pipeline.default()
FORBIDDEN = regex.compile(r"[\ufffd\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff]")


@given(cjk_text)
def test_idempotent(text: str) -> None:
    once = PIPELINE.run(text).text
    assert PIPELINE.run(once).text == once


@given(cjk_text)
def test_replaying_the_log_reproduces_the_output(text: str) -> None:
    result = PIPELINE.run(text)
    assert replay(text, result.records()) == result.text


@given(cjk_text)
def test_output_has_no_replacement_control_or_private_use_characters(text: str) -> None:
    assert not FORBIDDEN.search(PIPELINE.run(text).text)


@given(cjk_text)
def test_every_han_character_is_kept_or_logged(text: str) -> None:
    result = PIPELINE.run(text)
    han = regex.compile(r"\p{Han}")
    logged = Counter(c for edit in result.edits for c in edit.before if han.match(c))
    kept = Counter(c for c in result.text if han.match(c))
    for char, count in Counter(c for c in text if han.match(c)).items():
        assert count <= kept[char] + logged[char], char
