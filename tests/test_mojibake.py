import pytest

from cleanse.pipeline import Pipeline
from tests.casefile import check_case, load_cases


@pytest.mark.parametrize("case", load_cases("mojibake"))
def test_cases(case: dict) -> None:
    check_case("mojibake", case)


def test_reason_names_the_codecs() -> None:
    result = Pipeline.default(passes=["mojibake"]).run("Ãñ×åÍÅ½á")
    assert "GBK read as Latin-1; latin-1→gbk" in result.edits[0].reason


def test_repaired_before_ftfy_in_the_default_pipeline() -> None:
    assert Pipeline.default().run("Ãñ×åÍÅ½á").text == "民族团结\n"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seeds_have_no_mojibake(seeds: dict[str, str], seed: str) -> None:
    assert Pipeline.default(passes=["mojibake"]).run(seeds[seed]).edits == []


def test_measured_latin_kinds() -> None:
    from benchmarks.eval_mojibake import evaluate

    results, clean_edits, seed_edits = evaluate(n=60, seed=4)
    for kind in ("GBK read as Latin-1", "GBK read as cp1252"):
        s = results[kind]
        assert s.exact / s.total >= 0.95 and s.wrong <= 1, (kind, s)
    assert clean_edits == 0 and seed_edits == 0


def test_big5_mojibake_that_lost_bytes_is_flagged_not_guessed() -> None:
    text = "世界各國有着不同的情況，礚阶�b現獀临琌�b竒蕾烩办，都不能強求一致。"
    result = Pipeline.default(passes=["mojibake"]).run(text)
    assert result.text == text
    (flagged,) = result.edits
    assert flagged.is_flag and flagged.before == "礚阶�b現獀临琌�b竒蕾烩办" and "U+FFFD" in flagged.reason
