"""boilerplate: strip portal navigation, breadcrumbs, metadata lines, widgets, footers.

A web page scraped to text keeps its menus (`• 首页 • 资讯中心`), widgets (`扫一扫 关注公众号`),
breadcrumb (`当前位置:首页> …`), metadata line (`来源:… 发布时间:…`), footer and link
farms around the article. Each line is classified from features (bullets, separators,
navigation vocabulary, key-value shape, unpunctuated runs of organisation names,
sentence punctuation, position), then short unclassified lines take the class of their
neighbours, as jusText does with context. HTML extractors (trafilatura) need the
markup, which a text scrape no longer has, so this is written here.

Nothing is removed from a document that does not show at least ``min_page_signals``
strong signals of a web page: newspaper text loses nothing. The metadata lines carry
(title, source, publish time, author, editor) goes to the document's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import HAN_CHAR, alternation

STRONG = {"menu", "breadcrumb", "metadata", "footer", "link_farm", "nav"}
# Between the words of a navigation line: spaces, bars, slashes, and the colon of a
# widget's label (`分享到：微信 微博 QQ空间`).
NAV_SEPARATORS = regex.compile(r"[\s|｜/:：]+")
BYLINE_OR_CAPTION = regex.compile(r"^[（(]?(▲|△|图为|(本报|新华社)?(驻\S{1,8})?(记者|通讯员|实习生))|摄\s*[）)]?$")
DATE = regex.compile(
    r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?"
)
# A closing bracket and its opener.
CLOSING = {"）": "（", ")": "(", "】": "【", "]": "["}
METADATA_FIELDS = {
    "来源": "source", "信息来源": "source", "文章来源": "source", "供稿": "source", "稿源": "source",
    "发布者": "source", "发布人": "source", "发布单位": "source", "发布机构": "source",
    "发布时间": "published", "发布日期": "published", "时间": "published", "日期": "published",
    "作者": "author", "编辑": "editor", "责任编辑": "editor",
}


@dataclass(frozen=True)
class Line:
    start: int  # offset of the line in the document
    end: int  # offset after its newline (or the end of the document)
    text: str  # stripped


def iso_datetime(value: str) -> str | None:
    """`2020年07月01日 08:50` → `2020-07-01T08:50`; None when there is no date."""
    m = DATE.search(value)
    if not m:
        return None
    year, month, day, hour, minute, second = m.groups()
    out = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    if hour is not None:
        out += f"T{int(hour):02d}:{int(minute):02d}"
        if second is not None:
            out += f":{int(second):02d}"
    return out


class BoilerplatePass(Pass):
    name = "boilerplate"
    description = "Remove portal navigation, breadcrumbs, metadata lines, widgets, footers and link farms; keep the metadata."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        r = self.rules
        self.min_signals = int(r.get("min_page_signals", 2))
        self.min_signals_html = int(r.get("min_page_signals_html", 1))
        bullets = regex.escape(r.get("bullets", "•"))
        self.bullet = regex.compile(f"^[{bullets}]\\s+(.*)$")
        self.max_menu_item = int(r.get("max_menu_item_chars", 16))
        self.nav_words = set(r.get("nav_words", []))
        self.footer = list(r.get("footer_markers", []))
        self.max_footer_chars = int(r.get("max_footer_chars", 80))
        self.breadcrumb = regex.compile(r.get("breadcrumb", r"当前位置[:：]"))
        key_alternatives = alternation(r.get("metadata_keys", []))
        self.metadata_key = regex.compile(f"(?:^|\\s)({key_alternatives})\\s*[:：]")
        self.metadata_pair = regex.compile(
            f"({key_alternatives})\\s*[:：]\\s*(.*?)\\s*(?=(?:\\s(?:{key_alternatives})\\s*[:：])|$)"
        )
        self.single_key = regex.compile(f"^[（(【\\[]?({alternation(r.get('single_metadata_keys', []))})\\s*[:：]")
        self.max_single_key = int(r.get("max_single_metadata_chars", 40))
        self.value_end = regex.compile(f"\\s*[{regex.escape(r.get('metadata_value_ends', '【'))}]")
        self.org = regex.compile(alternation(r.get("org_suffixes", [])))
        self.link_farm_chars = int(r.get("link_farm_min_chars", 24))
        self.link_farm_orgs = int(r.get("link_farm_min_orgs", 3))
        self.function_chars = set(r.get("function_chars", "的了是在和"))
        self.max_function_share = float(r.get("link_farm_max_function_share", 0.02))
        self.link_farm_chars_plain = int(r.get("link_farm_min_chars_without_orgs", 40))
        self.min_content = int(r.get("min_content_chars", 30))
        self.sentence_punct = r.get("sentence_punctuation", "，。！？；")
        self.sentence_end = regex.compile(r.get("sentence_end", "[。！？][”’）)]?$"))
        self.any_punct = regex.compile(f"[{regex.escape(self.sentence_punct)}、：:“”\"]")

    # -- classification -----------------------------------------------------

    def classify(self, text: str) -> str:
        """One line's class from its own features."""
        if self.breadcrumb.search(text):
            return "breadcrumb"
        short_fields = len(text) <= self.max_single_key and not self._has_sentence_punct(text)
        keys = len(self.metadata_key.findall(text))
        if keys >= 2 or (short_fields and (self.single_key.match(text) or (keys == 1 and DATE.search(text)))):
            return "metadata"  # two fields, or one with a date beside it (`2021-09-23 16:05 来源：…`)
        if len(text) <= self.max_footer_chars and any(marker in text for marker in self.footer):
            return "footer"
        bullet = self.bullet.match(text)
        if bullet:  # a menu item, or an item of a list
            short = len(bullet.group(1)) <= self.max_menu_item and not self._has_sentence_punct(bullet.group(1))
            return "menu" if short else "neutral"
        tokens = NAV_SEPARATORS.split(text)
        if all(token in self.nav_words for token in tokens if token) and any(tokens):
            return "nav"
        if self._is_link_farm(text):
            return "link_farm"
        if len(text) >= self.min_content and self._has_sentence_punct(text):
            return "content"
        return "neutral"

    def _has_sentence_punct(self, text: str) -> bool:
        return any(c in self.sentence_punct for c in text)

    def _is_link_farm(self, text: str) -> bool:
        """A long run of names: no punctuation, and organisation names or no function words."""
        if len(text) < self.link_farm_chars or self.any_punct.search(text):
            return False
        if len(self.org.findall(text)) >= self.link_farm_orgs:
            return True
        if len(text) < self.link_farm_chars_plain:
            return False  # a long headline also lacks punctuation and function words
        return sum(1 for c in text if c in self.function_chars) / len(text) < self.max_function_share

    # -- the document -------------------------------------------------------

    def find_edits(self, doc: Document) -> list[Edit]:
        lines = self._lines(doc.text)
        if not lines:
            return []
        kinds = [self.classify(line.text) for line in lines]
        signals = self._signals(kinds)
        if signals < (self.min_signals_html if doc.metadata.get("format") == "html" else self.min_signals):
            return []
        title = self._title(lines, kinds)
        if title is not None:
            kinds[title] = "title"
        self._smooth(lines, kinds)
        doc.metadata.update(self._metadata(lines, kinds, title))
        return self._edits(doc.text, lines, kinds)

    @staticmethod
    def _lines(text: str) -> list[Line]:
        out: list[Line] = []
        for m in regex.finditer(r"[^\n]*\n?", text):
            if m.group().strip():
                out.append(Line(m.start(), m.end(), m.group().strip()))
        return out

    @staticmethod
    def _signals(kinds: list[str]) -> int:
        """How many kinds of strong web-page evidence the document shows."""
        signals = {k for k in kinds if k in STRONG and k not in ("menu", "nav")}
        menus = sum(1 for k in kinds if k in ("menu", "nav"))
        return len(signals) + (1 if menus >= 3 else 0)

    def _title(self, lines: list[Line], kinds: list[str]) -> int | None:
        """The article's headline: just above the metadata line, or the last short line
        before the first paragraph of content (below the metadata where nothing above
        it reads as one: `来源：人民网 2021年03月05日`, then `全 面 推 进 乡 村 振 兴`)."""
        first_content = next((i for i, k in enumerate(kinds) if k == "content"), None)
        if first_content is None:
            return None
        anchor = next((i for i in range(first_content) if kinds[i] == "metadata"), first_content)
        for i in [*range(anchor - 1, max(anchor - 4, -1), -1), *range(first_content - 1, anchor, -1)]:
            text = lines[i].text
            if kinds[i] in ("neutral", "content") and len(text) >= 6 and text not in self.nav_words \
                    and not self._looks_like_metadata(text) and (i < anchor or self._headline_below(text)):
                return i
        return None

    @staticmethod
    def _headline_below(text: str) -> bool:
        """Below the metadata, where a page's widgets stand too (`字号：大 中 小`,
        `视力保护色：`, `浏览次数：1234`), a headline is six Han characters or more
        without a colon, a bracket or a bar."""
        return len(HAN_CHAR.findall(text)) >= 6 and not any(c in text for c in "：:【】[]|｜")

    @staticmethod
    def _looks_like_metadata(text: str) -> bool:
        """Key-value fields the vocabulary does not know (`发布者：… 浏览：356次`): two
        colons, or a date after one. A headline has one colon at most, before words."""
        colons = text.count("：") + text.count(":")
        return colons >= 2 or (colons == 1 and DATE.search(text.split("：")[-1].split(":")[-1]) is not None)

    def _smooth(self, lines: list[Line], kinds: list[str]) -> None:
        """Neutral lines before the headline or the first content, and runs of neutral
        lines between boilerplate lines (or the end) after the last content, are
        boilerplate too (`相关新闻` between a share widget and its list of links);
        bylines, captions and sentences (a short last paragraph: `任，形成了…格局。`) stay."""
        keep = [i for i, k in enumerate(kinds) if k in ("content", "title")]
        if not keep:
            return
        first, last = keep[0], keep[-1]
        for i in range(first + 1, last):
            if kinds[i] in ("menu", "nav"):
                kinds[i] = "neutral"  # a short list inside the article is the article's
        for i in range(first):
            if kinds[i] == "neutral":
                kinds[i] = "nav"
        i = last + 1
        while i < len(kinds):
            if kinds[i] != "neutral":
                i += 1
                continue
            j = i  # the run of neutral lines i..j-1
            while j < len(kinds) and kinds[j] == "neutral":
                j += 1
            after = kinds[j] if j < len(kinds) else "end"
            if kinds[i - 1] in STRONG and (after in STRONG or after == "end"):
                for k in range(i, j):
                    if not (BYLINE_OR_CAPTION.search(lines[k].text) or self.sentence_end.search(lines[k].text)):
                        kinds[k] = "nav"
            i = j

    def _metadata(self, lines: list[Line], kinds: list[str], title: int | None) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if title is not None:
            found["title"] = lines[title].text
        for line, kind in zip(lines, kinds):
            if kind == "metadata":
                for key, value in self.metadata_pair.findall(line.text):
                    field = METADATA_FIELDS.get(key)
                    value = self._field_value(value)
                    if field and value and field not in found:
                        found[field] = (iso_datetime(value) or value) if field == "published" else value
                first = self.metadata_key.search(line.text)
                bare_date = iso_datetime(line.text[: first.start()]) if first else None
                if bare_date and "published" not in found:  # a date without its key, before the fields
                    found["published"] = bare_date
            elif kind == "breadcrumb" and "breadcrumb" not in found:
                found["breadcrumb"] = line.text
        return found

    def _field_value(self, value: str) -> str:
        """A metadata value without the widgets after it (`孙丽 【字体：大 中 小】` is `孙丽`)
        or the closing bracket of the line's own brackets (`（责任编辑：王芳）` is `王芳`)."""
        value = self.value_end.split(value, maxsplit=1)[0].rstrip()
        while value and value[-1] in CLOSING and CLOSING[value[-1]] not in value:
            value = value[:-1].rstrip()
        return value

    def _edits(self, text: str, lines: list[Line], kinds: list[str]) -> list[Edit]:
        """One deletion per run of boilerplate lines (with the blank lines inside it)."""
        edits: list[Edit] = []
        i = 0
        while i < len(lines):
            if kinds[i] in ("content", "title", "neutral"):
                i += 1
                continue
            j = i
            while j + 1 < len(lines) and kinds[j + 1] not in ("content", "title", "neutral"):
                j += 1
            start = lines[i].start if i else 0
            end = lines[j + 1].start if j + 1 < len(lines) else len(text)
            counts: dict[str, int] = {}
            for k in kinds[i : j + 1]:
                counts[k] = counts.get(k, 0) + 1
            described = ", ".join(f"{k.replace('_', ' ')} ×{n}" if n > 1 else k.replace("_", " ") for k, n in counts.items())
            edits.append(Edit(start, end, text[start:end], "", f"web page boilerplate removed: {described}",
                              "delete", data={"lines": [line.text for line in lines[i : j + 1]]}))
            i = j + 1
        return edits
