import pytest

from cleanse.pipeline import Pipeline
from tests.casefile import check_case, load_cases


@pytest.mark.parametrize("case", load_cases("annotations"))
def test_cases(case: dict) -> None:
    check_case("annotations", case)


def test_seed_002_keeps_no_annotation_outside_garbled_spans(seeds: dict[str, str]) -> None:
    import regex

    out = Pipeline.default(passes=["annotations"]).run(seeds["002"]).text
    left = regex.findall(r"\p{Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", out)
    assert left == []
    assert "(不含農業)" in out and "同期聲(辦事處黨工委書記朱家福):" in out


def test_non_reading_is_flagged() -> None:
    result = Pipeline.default(passes=["annotations"]).run("丹陽(mǎ)街道")
    assert [e.kind for e in result.edits] == ["flag"] and "not a reading" in result.edits[0].reason
