import pytest

from tests.casefile import check_case, load_cases


@pytest.mark.parametrize("case", load_cases("unicode"))
def test_cases(case: dict) -> None:
    check_case("unicode", case)


def test_ftfy_options_keep_chinese_punctuation() -> None:
    """Options that fold full-width punctuation or uncurl quotes stay off in the rules."""
    from cleanse.rules import Rules

    options = Rules().table("unicode")["ftfy"]
    assert options["fix_character_width"] is False
    assert options["uncurl_quotes"] is False
    assert options["replace_lossy_sequences"] is False


def test_seed_000_loses_only_the_replacement_characters(seeds: dict[str, str]) -> None:
    from cleanse.pipeline import Pipeline

    result = Pipeline.default(passes=["unicode"]).run(seeds["000"])
    assert {e.before for e in result.edits} <= {"\ufffd"}
