import sys

import pytest

from cleanse.document import Document
from cleanse.pipeline import PassFailed, Pipeline

PAGE = """<!DOCTYPE html><html><head><title>党建引领 - 某某网</title></head><body>
<nav><a href="/">首页</a> <a href="/news">新闻中心</a></nav>
<article><h1>党建引领助推经济高质量发展</h1>
<p>2020年,是全面建成小康社会和“十三五规划”收官之年，是脱贫攻坚决战决胜之年。</p>
<p>菏泽开发区丹阳街道围绕“深入学习贯彻新发展理念”，统筹推进“六稳”“六保”。在工作中坚持党建引领，以人民为中心。</p>
</article><footer>版权所有 某某网 ICP备12345678号</footer></body></html>"""


def test_html_page_is_reduced_to_its_article() -> None:
    result = Pipeline.default().run(Document(PAGE, "page.html"))
    assert result.text.startswith("党建引领助推经济高质量发展\n\n2020年，是全面建成小康社会")
    assert "首页" not in result.text and "版权所有" not in result.text
    assert result.metadata["title"] == "党建引领助推经济高质量发展"
    assert result.steps[0].pass_name == "html"


def test_plain_text_is_not_touched() -> None:
    assert Pipeline.default(passes=["html"]).run(Document("<p>不是网页</p> 只是文字", "a.txt")).edits == []


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(PassFailed, match=r"pass 'html' \(pass 1 of 1\) failed in page.html: .*pip install 'cleanse\[html\]'"):
        Pipeline.default(passes=["html"]).run(Document(PAGE, "page.html"))


def test_the_headline_is_the_first_line_where_trafilatura_keeps_it_apart() -> None:
    """A page without an <article>: trafilatura's text leaves the <h1> out (it is the
    title); the headline is article content, so it heads the text, as on a text page."""
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>县农业农村局召开秋粮生产推进会_某某县人民政府</title></head>
<body><div class="nav"><a href="/">网站首页</a> <a href="/xw">新闻动态</a></div>
<h1>县农业农村局召开秋粮生产推进会</h1><div class="info">发布时间：2021-09-10 来源：县农业农村局</div>
<div class="content"><p>9月9日,县农业农村局召开秋粮生产推进会,安排部署秋粮生产各项工作。会议要求,各乡镇要高度重视,压实责任,确保秋粮颗粒归仓。</p>
<p>会上,技术人员就秋粮病虫害防治作了专题讲解。</p></div></body></html>"""
    result = Pipeline.default().run(Document(page, "page.html"))
    assert result.text.startswith("县农业农村局召开秋粮生产推进会\n\n9月9日，县农业农村局")
    assert result.text.count("县农业农村局召开秋粮生产推进会") == 2  # the headline once, the body's own mention once


def test_a_title_that_is_not_a_headline_on_the_page_is_not_added() -> None:
    """Without an <h1>, trafilatura's title is the <title> with its site name: not
    article content, so it stays in the metadata only."""
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>某某县人民政府</title></head>
<body><div class="content"><p>9月9日,县农业农村局召开秋粮生产推进会,安排部署秋粮生产各项工作。会议要求,各乡镇要高度重视,压实责任,确保秋粮颗粒归仓。</p>
<p>会上,技术人员就秋粮病虫害防治作了专题讲解。</p></div></body></html>"""
    result = Pipeline.default().run(Document(page, "page.html"))
    assert result.text.startswith("9月9日，县农业农村局") and "某某县人民政府" not in result.text


def test_the_metadata_line_trafilatura_leaves_is_removed() -> None:
    """Text extracted from an HTML page is a web page's: its metadata line alone is
    enough evidence for the boilerplate pass (a text page needs two signals), so the
    line goes to the metadata instead of staying in the article."""
    page = """<html><head><meta charset="utf-8"><title>成武县召开秋季农业生产推进会_成武县人民政府</title></head>
<body><article><h1>成武县召开秋季农业生产推进会</h1>
<p class="info">发布时间：2021-10-08 来源：县农业农村局</p>
<p>10月8日，成武县召开秋季农业生产推进会，安排部署秋收秋种工作。会议要求，各镇街要抢抓农时，确保颗粒归仓。</p>
<p>会议指出，今年全县秋粮播种面积达80万亩，长势良好，丰收在望。</p></article></body></html>"""
    result = Pipeline.default().run(Document(page, "page.html"))
    assert "来源" not in result.text and result.text.startswith("成武县召开秋季农业生产推进会\n\n10月8日")
    assert (result.metadata["format"], result.metadata["published"], result.metadata["source"]) == ("html", "2021-10-08", "县农业农村局")
