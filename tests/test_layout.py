import pytest

from tests.casefile import check_case, load_cases


@pytest.mark.parametrize("case", load_cases("layout"))
def test_cases(case: dict) -> None:
    check_case("layout", case)


def test_seed_004_layout(seeds: dict[str, str]) -> None:
    from cleanse.pipeline import Pipeline

    out = Pipeline.default(passes=["layout"]).run(seeds["004"]).text
    assert out.startswith("# 民 族 团 结 一 家 亲\n\n## ——定陶区")
    assert "\n\n\n" not in out and out.endswith("摄\n") and not out.endswith("\n\n")
