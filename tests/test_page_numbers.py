import pytest

from cleanse.edits import replay
from cleanse.pipeline import Pipeline
from tests.casefile import check_case, load_cases


@pytest.mark.parametrize("case", load_cases("page_numbers"))
def test_cases(case: dict) -> None:
    check_case("page_numbers", case)


def test_the_sentence_a_page_number_broke_is_rejoined() -> None:
    """OCR text (no web page around it): with the page number gone, reflow joins the
    two halves of the sentence; both edits are logged and replay to the output."""
    text = ("近年来，县委、县政府高度重视民族团结进步创建工作，成立了由县委书记任组长的领导小组，层层压实责\n\n"
            "- 3 -\n\n任，形成了齐抓共管的工作格局。\n")
    result = Pipeline.default().run(text)
    assert result.text == text.replace("责\n\n- 3 -\n\n任", "责任")
    assert {r["pass"] for r in result.records() if r["kind"] in ("delete", "join")} >= {"page_numbers", "reflow"}
    assert replay(text, result.records()) == result.text


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seeds_have_no_page_numbers(seeds: dict[str, str], seed: str) -> None:
    assert Pipeline.default(passes=["page_numbers"]).run(seeds[seed]).edits == []
