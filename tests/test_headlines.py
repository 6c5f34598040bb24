import pytest

from cleanse.pipeline import Pipeline
from tests.casefile import check_case, load_cases


@pytest.mark.parametrize("case", load_cases("headlines"))
def test_cases(case: dict) -> None:
    check_case("headlines", case)


def test_seed_004_headlines_collapsed_with_punctuation(seeds: dict[str, str]) -> None:
    out = Pipeline.default().run(seeds["004"]).text
    for headline in ("# 民族团结一家亲\n", "## 城市管理『精耕细作』\n", "## 东明县中医医院为医护人员送“温暖”\n",
                     "## 大屯镇：三途径让党内关怀更有温度\n", "### 下乡义诊服务暖心\n", "## 蔬菜大棚迎丰收\n"):
        assert headline in out
    for kept in ("### “1324”服务 网格化管理暖民心", "### 党员带头 “红石榴”品牌聚人心", "通讯员 王恩标 摄"):
        assert kept in out


def test_seed_003_has_nothing_to_collapse(seeds: dict[str, str]) -> None:
    assert Pipeline.default(passes=["headlines"]).run(seeds["003"]).edits == []
