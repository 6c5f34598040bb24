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

    results = evaluate(n=60, seed=4)
    for kind in ("GBK read as Latin-1", "GBK read as cp1252"):
        exact, total, wrong = results[kind]
        assert exact / total >= 0.95 and wrong <= 1, (kind, results[kind])
    assert results["clean paragraphs: edits"][0] == 0 and results["seeds: edits"][0] == 0
