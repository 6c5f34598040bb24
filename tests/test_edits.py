"""Edits: protected ranges (a flagged span later passes must leave as it is)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleanse.edits import Edit, apply_edits, outside, shift
from cleanse.pipeline import Pipeline


def test_an_edit_over_a_protected_range_keeps_only_what_lies_outside() -> None:
    edit = Edit(0, 5, "abcde", "ABCDE", "upper")
    assert [(e.start, e.after) for e in outside([edit], [(2, 3)])] == [(0, "AB"), (3, "DE")]
    move = [Edit(0, 1, "a", "", "move", "move", "m1"), Edit(4, 4, "", "a", "move", "move", "m1")]
    assert outside(move, [(3, 5)]) == []  # half a move inside: the whole move goes
    assert outside([Edit(2, 2, "", "X", "insert", "insert")], [(1, 3)]) == []
    assert len(outside([Edit(3, 3, "", "X", "insert", "insert")], [(1, 3)])) == 1  # at the end: outside


@st.composite
def edits_and_ranges(draw: st.DrawFn) -> tuple[str, list[Edit], list[tuple[int, int]]]:
    text = draw(st.text(alphabet="abcdef", min_size=1, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    edits, cursor = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a >= cursor:
            after = draw(st.text(alphabet="XYZ", max_size=3))
            edits.append(Edit(a, b, text[a:b], after, "test"))
            cursor = b + 1
    bounds = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))))
    ranges = [(a, b) for a, b in zip(bounds[::2], bounds[1::2]) if a < b]
    return text, edits, ranges


@given(edits_and_ranges())
def test_protected_text_survives_and_is_found_where_shift_says(case: tuple[str, list[Edit], list[tuple[int, int]]]) -> None:
    text, edits, ranges = case
    kept = outside(edits, ranges)
    new = apply_edits(text, kept)
    for a, b in ranges:
        ((a2, b2),) = shift([(a, b)], kept)
        assert new[a2:b2] == text[a:b]
    shifted = shift(ranges, kept)  # sorted, and merged where two meet
    assert all(b < a2 for (_, b), (a2, _) in zip(shifted, shifted[1:]))


def test_an_unrepaired_garbled_span_goes_through_the_pipeline_untouched() -> None:
    # Text of the kind gbk_repair cannot solve with confidence (generated from news text, not
    # the seeds): 爲她去 and 爲他去 read equally well.
    text = ("他還(hái)拿出鉅款疏通關(guān)係(xì)，其中一次就付給(gěi)數(shù)十萬(wàn)美元，"
            "要這(zhè)位騙(piàn)子?yà)懰ァ盎顒?dòng)”。\n")
    result = Pipeline.default().run(text)
    (flagged,) = [e for step in result.steps for e in step.edits if e.is_flag and step.pass_name == "gbk_repair"]
    assert flagged.protects and flagged.before == "子?yà)懰ァ盎顒?dòng)"
    assert "子?yà)懰ァ盎顒?dòng)" in result.text  # not 动, not full-width ？ or （）
    assert result.text.startswith("他还拿出巨款疏通关系，其中一次就付给数十万美元，要这位骗") and result.text.endswith("”。\n")
