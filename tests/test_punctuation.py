from cleanse.pipeline import Pipeline
import pytest

from tests.casefile import check_case, load_cases


@pytest.mark.parametrize("case", load_cases("punctuation"))
def test_cases(case: dict) -> None:
    check_case("punctuation", case)


def test_space_inside_a_sentence_is_kept_and_flagged() -> None:
    result = Pipeline.default(passes=["punctuation"]).run("突出“黨建 服務”的主題，組建 家非公有制企業。")
    assert result.text == "突出“黨建 服務”的主題，組建 家非公有制企業。"
    flagged = [e.before for e in result.edits if e.is_flag]
    assert flagged == [" ", " "]
    assert all("lost text" in e.reason for e in result.edits)


def test_seed_paragraph(seeds: dict[str, str]) -> None:
    line = seeds["003"].split("\n")[4]
    out = Pipeline.default(passes=["punctuation"]).run(line).text
    assert out.startswith("本报讯（通讯员 郭玉华 蒋硕 李军凯）牡丹区北城街道")
    assert "," not in out and "(" not in out
