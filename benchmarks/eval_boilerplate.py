"""Boilerplate recall and content precision on generated portal pages.

Each page wraps a People's Daily 1998 article (headline, paragraphs, sometimes a
subheading, a short list and a byline) in portal furniture drawn at random: menus
with varied bullets and items (many not in the pass's vocabulary), widgets, site
names, breadcrumbs in several styles, metadata lines, footers (版权所有 … ICP备…号,
主办单位, 网站地图, 【打印本页】【关闭窗口】, 上一篇/下一篇, 责任编辑) and link farms
built from organisation names of the corpus. Every line is labelled. Newspaper-style
documents (the same articles, bare) are the negatives: nothing may be removed.

Run: python -m benchmarks.eval_boilerplate [--pages 300]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass

from benchmarks.corpus import news_paragraphs, organisation_names, person_names
from cleanse.pipeline import Pipeline

MENU_ITEMS = ["首页", "网站首页", "新闻中心", "政务公开", "办事服务", "互动交流", "专题专栏", "走进开发区", "图片新闻",
              "视频新闻", "通知公告", "部门动态", "基层动态", "招商引资", "投资环境", "政策法规", "党建工作", "领导信息",
              "机构设置", "人事信息", "统计数据", "规划计划", "财政信息", "民生保障", "政民互动", "在线访谈"]
BULLETS = ["•", "·", "●", "-", "►", "■", "»"]
WIDGETS = [["扫一扫", "关注公众号"], ["分享到", "微信", "微博", "QQ空间"], ["收藏"], ["打印"], ["加入收藏", "设为首页"],
           ["手机版"], ["无障碍", "长者模式"], ["English"], ["登录", "注册"], ["站内搜索"], ["返回顶部"]]
BREADCRUMBS = ["当前位置：首页 > {a} > {b}", "您的位置: 首页 » {a} » 正文", "首页 / {a} / {b}", "首页>>{a}",
               "您现在的位置：首页 > {a}", "当前位置:首页> {a} {b} 专题文章列表"]
METADATA = ["来源：{org}  发布时间：{date} {time}  浏览次数：{n}", "发布日期：{date}  作者：{name}  【字体：大 中 小】",
            "时间：{date}  来源：本站", "来源:{org} 发布时间:{date} {time} 点击量:{n} 字体: 分享:",
            "信息来源：{org}　发布时间：{date}　阅读量：{n}"]
FOOTERS = ["【打印本页】【关闭窗口】", "上一篇：{headline}", "下一篇：{headline}", "责任编辑：{name}",
           "版权所有：{org}  主办单位：{org}", "鲁ICP备{n}号", "网站标识码：{n}  鲁公网安备 {n}号", "网站地图 | 联系我们 | 免责声明",
           "Copyright © 2020 {org} All Rights Reserved", "建议使用1920×1080分辨率浏览本站"]


@dataclass
class Page:
    lines: list[tuple[str, bool]]  # (line, is boilerplate)

    @property
    def text(self) -> str:
        return "\n\n".join(line for line, _ in self.lines) + "\n"


def articles(rng: random.Random) -> list[list[str]]:
    """Runs of paragraphs after a headline (a short line), from the corpus."""
    paragraphs = news_paragraphs()
    out = []
    for i in range(len(paragraphs) - 4):
        head = paragraphs[i]
        if 6 <= len(head) <= 24 and not any(c in head for c in "，。！？：；") and paragraphs[i + 1].endswith("。"):
            body = []
            for p in paragraphs[i + 1 : i + 9]:
                if len(p) < 30 or not p.endswith("。"):
                    break
                body.append(p)
            if len(body) >= 2:
                out.append([head, *body])
    rng.shuffle(out)
    return out


def make_page(article: list[str], rng: random.Random, headlines: list[str]) -> Page:
    orgs, names = organisation_names(), person_names()
    fill = {
        "org": rng.choice(orgs), "name": rng.choice(names), "n": str(rng.randint(100, 99999999)),
        "date": rng.choice(["2020年07月01日", "2021-03-05", "2019/5/6", "2022年1月10日"]), "time": rng.choice(["08:50", "10:22:31"]),
        "a": rng.choice(MENU_ITEMS), "b": rng.choice(MENU_ITEMS), "headline": rng.choice(headlines),
    }
    lines: list[tuple[str, bool]] = []
    bullet = rng.choice(BULLETS)
    if rng.random() < 0.7:
        lines += [(f"{bullet} {item}", True) for item in rng.sample(MENU_ITEMS, rng.randint(3, 8))]
    if rng.random() < 0.5:
        lines.append((rng.choice(orgs) + rng.choice(["门户网站", "官方网站", "政务网"]), True))
    for widget in rng.sample(WIDGETS, rng.randint(0, 4)):
        lines += [(w, True) for w in widget]
    if rng.random() < 0.8:
        lines.append((rng.choice(BREADCRUMBS).format(**fill), True))
    headline, *body = article
    lines.append((headline, False))
    if rng.random() < 0.85:
        lines.append((rng.choice(METADATA).format(**fill), True))
    for k, paragraph in enumerate(body):
        lines.append((paragraph, False))
        if k == 0 and rng.random() < 0.3:
            lines.append((rng.choice(headlines), False))  # a subheading
        if k == 1 and k < len(body) - 1 and rng.random() < 0.3:
            lines += [(f"{bullet} {item}", False) for item in rng.sample(headlines, 3)]  # a list in the article
    if rng.random() < 0.4:
        lines.append((f"记者 {fill['name']}", False))
    for footer in rng.sample(FOOTERS, rng.randint(1, 5)):
        lines.append((footer.format(**fill), True))
    if rng.random() < 0.6:
        for _ in range(rng.randint(1, 3)):
            lines.append(("".join(rng.sample(orgs, rng.randint(4, 12))), True))
    if rng.random() < 0.4:
        lines += [(f"{bullet} {item}", True) for item in ["政府部门", "行业协会", "新闻媒体", "友情链接"]]
    return Page(lines)


@dataclass
class BoilerplateScores:
    boilerplate_lines: int = 0
    boilerplate_removed: int = 0
    content_chars: int = 0
    content_chars_lost: int = 0
    newspaper_docs: int = 0
    newspaper_docs_changed: int = 0

    @property
    def recall(self) -> float:
        return self.boilerplate_removed / self.boilerplate_lines if self.boilerplate_lines else 1.0

    @property
    def content_lost(self) -> float:
        return self.content_chars_lost / self.content_chars if self.content_chars else 0.0


def evaluate(pages: int = 300, seed: int = 2020) -> BoilerplateScores:
    rng = random.Random(seed)
    boilerplate = Pipeline.default(passes=["boilerplate"])
    pool = articles(rng)
    headlines = [a[0] for a in pool]
    scores = BoilerplateScores()
    for article in pool[:pages]:
        page = make_page(article, rng, headlines)
        removed = [line for e in boilerplate.run(page.text).edits for line in e.data.get("lines", [])]
        removed_count: dict[str, int] = {}
        for line in removed:
            removed_count[line] = removed_count.get(line, 0) + 1
        for line, is_boilerplate in page.lines:
            hit = removed_count.get(line, 0) > 0
            if hit:
                removed_count[line] -= 1
            if is_boilerplate:
                scores.boilerplate_lines += 1
                scores.boilerplate_removed += hit
            else:
                scores.content_chars += len(line)
                scores.content_chars_lost += len(line) if hit else 0
        bare = "\n\n".join(article) + "\n"
        scores.newspaper_docs += 1
        scores.newspaper_docs_changed += bool(boilerplate.run(bare).edits)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    s = evaluate(args.pages)
    print("| measure | value |\n|---|---|")
    print(f"| boilerplate lines removed | {s.recall:.4f} ({s.boilerplate_removed} of {s.boilerplate_lines}) |")
    print(f"| article characters lost | {s.content_lost:.4%} ({s.content_chars_lost} of {s.content_chars}) |")
    print(f"| newspaper documents changed | {s.newspaper_docs_changed} of {s.newspaper_docs} |")


if __name__ == "__main__":
    main()
