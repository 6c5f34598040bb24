import pytest

from cleanse.pipeline import Pipeline
from cleanse.passes.boilerplate import iso_datetime
from tests.casefile import check_case, load_cases

BOILERPLATE = Pipeline.default(passes=["boilerplate"])


@pytest.mark.parametrize("case", load_cases("boilerplate"))
def test_cases(case: dict) -> None:
    check_case("boilerplate", case)


@pytest.mark.parametrize(
    "value, iso",
    [("2020年07月01日 08:50", "2020-07-01T08:50"), ("2021-03-05 10:22:31", "2021-03-05T10:22:31"),
     ("2019/5/6", "2019-05-06"), ("无日期", None)],
)
def test_iso_datetime(value: str, iso: str | None) -> None:
    assert iso_datetime(value) == iso


def test_seed_001_is_the_article_alone_with_its_metadata(seeds: dict[str, str]) -> None:
    result = Pipeline.default().run(seeds["001"])
    assert result.text.startswith("山东菏泽经济开发区丹阳街道：党建引领助推经济高质量发展\n\n2020年，是全面建成小康社会")
    assert result.text.rstrip().endswith("绘就的美丽画卷正呈现在菏泽开发区。")
    assert "抗疫先锋：党组织和党员主动担当\n" in result.text
    for gone in ("首页", "扫一扫", "当前位置", "点击量", "国家发展和改革委员会", "友情链接", "留言箱"):
        assert gone not in result.text
    assert result.metadata == {
        "title": "山东菏泽经济开发区丹阳街道:党建引领助推经济高质量发展",
        "source": "山东菏泽经济开发区",
        "published": "2020-07-01T08:50",
        "breadcrumb": "当前位置:首页> 资讯中心 省级开发区动态 专题文章列表 不忘初心迎“七一”",
    }


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
def test_newspaper_seeds_lose_nothing(seeds: dict[str, str], seed: str) -> None:
    assert BOILERPLATE.run(seeds[seed]).edits == []


def test_measured_targets() -> None:
    from benchmarks.eval_boilerplate import evaluate

    scores = evaluate(pages=120, seed=11)
    assert scores.recall >= 0.95, scores
    assert scores.content_lost < 0.005, scores
    assert scores.newspaper_docs_changed == 0, scores


def test_metadata_values_stop_at_widgets_and_brackets() -> None:
    """A value runs to the next key: not over the widgets after it on the line
    (`【字体：大 中 小】`), nor out of the line's own brackets (`（责任编辑：王芳）`)."""
    page = ("网站首页 | 政务公开 | 政务服务 | 互动交流\n您现在的位置：首页 >> 新闻中心 >> 部门动态\n"
            "单县人社局开展春风行动专场招聘会\n"
            "发布日期：2022-02-15 09:30:12 来源：县人社局 作者：孙丽 【字体：大 中 小】 【打印本页】 【关闭窗口】\n"
            "2月14日上午，单县人力资源和社会保障局在县人力资源市场举办专场招聘会，共有86家企业参会。\n"
            "（责任编辑：王芳）\n网站地图 | 联系我们 | 隐私声明\n")
    result = BOILERPLATE.run(page)
    assert result.text.strip() == "单县人社局开展春风行动专场招聘会\n2月14日上午，单县人力资源和社会保障局在县人力资源市场举办专场招聘会，共有86家企业参会。"
    assert (result.metadata["author"], result.metadata["editor"], result.metadata["source"]) == ("孙丽", "王芳", "县人社局")


def test_a_date_beside_one_field_makes_a_metadata_line() -> None:
    """`2021-09-23 16:05:21 来源：…` has one key only, but a date beside it: a metadata
    line (it stayed in the article), whose date is the publish time."""
    page = ("首页 > 新闻中心 > 正文\n巨野县举办农民丰收节庆祝活动\n2021-09-23 16:05:21 来源：巨野县融媒体中心\n"
            "9月23日，巨野县2021年中国农民丰收节庆祝活动在核桃园镇举行，吸引了众多群众驻足观看。\n"
            "分享到：\n微信\n微博\nQQ空间\n关于我们 | 网站声明 | 联系我们\n")
    result = BOILERPLATE.run(page)
    assert result.text.strip() == "巨野县举办农民丰收节庆祝活动\n9月23日，巨野县2021年中国农民丰收节庆祝活动在核桃园镇举行，吸引了众多群众驻足观看。"
    assert (result.metadata["published"], result.metadata["source"]) == ("2021-09-23T16:05:21", "巨野县融媒体中心")
