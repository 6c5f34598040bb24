"""html: reduce an HTML page to its main text with trafilatura, before the text passes.

A page saved as HTML still has its markup, and a well-kept main-content extractor
does this job better than any line heuristic: trafilatura (optional extra
``cleanse[html]``). The whole page is replaced by the extracted text in one logged
edit, the headline its first line (trafilatura's title, where the page has it as an
`<h1>`/`<h2>`); the title, author and site name it finds go to the metadata.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit
from cleanse.passes.base import Pass
from cleanse.rules import Rules

MISSING = "HTML input needs trafilatura: pip install 'cleanse[html]'"


class HtmlPass(Pass):
    name = "html"
    description = "Extract the main text of .html/.htm input (trafilatura)."
    extra = "html"

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        self.suffixes = {s.lower() for s in self.rules.get("suffixes", [".html", ".htm"])}
        self.sniff = regex.compile(self.rules.get("sniff", r"^\s*<html"), regex.IGNORECASE)
        self.title_first = bool(self.rules.get("title_as_first_line", True))

    def is_html(self, doc: Document) -> bool:
        return PurePath(doc.path).suffix.lower() in self.suffixes or bool(self.sniff.match(doc.text[:200]))

    def find_edits(self, doc: Document) -> list[Edit]:
        if not doc.text or not self.is_html(doc):
            return []
        try:
            import trafilatura
        except ImportError as exc:
            raise RuntimeError(MISSING) from exc
        options = {k: self.rules[k] for k in ("include_comments", "include_tables", "favor_precision") if k in self.rules}
        extracted = trafilatura.bare_extraction(doc.text, with_metadata=True, **options)
        text = (extracted.text if extracted is not None else "") or ""
        doc.metadata["format"] = "html"  # later passes know the text is a web page's
        if extracted is not None:
            for field in ("title", "author", "sitename"):
                value = getattr(extracted, field, None)
                if value:
                    doc.metadata[field] = value
            # The headline is article content (trafilatura keeps it apart, as the title):
            # it becomes the first line, as the boilerplate pass leaves a text page's;
            # only a title that is the page's own <h1>/<h2>, not its <title>'s site name.
            title = (extracted.title or "").strip()
            if self.title_first and title and text and not text.lstrip().startswith(title) \
                    and regex.search(rf"<h[12][^>]*>\s*{regex.escape(title)}\s*</h[12]>", doc.text):
                text = f"{title}\n\n{text}"
        return [Edit(0, len(doc.text), doc.text, text + "\n" if text else "",
                     "HTML page reduced to its main text by trafilatura", "replace")]
