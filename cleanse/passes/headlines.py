"""headlines: collapse letter-spaced headlines (`# 民 族 团 结 一 家 亲` → `# 民族团结一家亲`).

Print layouts space out the characters of a headline; OCR and scrapers keep the
spaces. The rule is about runs of *single* characters, so two-phrase headlines
(`一花 两果 三基地`) and bylines (`记者 孙涛 周东伦`) are never touched.
"""

from __future__ import annotations

from typing import Any

import regex

from cleanse.document import Document
from cleanse.edits import Edit
from cleanse.passes.base import Pass
from cleanse.rules import Rules
from cleanse.text import is_han, lines_with_offsets

HEADING = regex.compile(r"^\s*#{1,6} ")
# A run of single non-space characters, each separated from the next by one space,
# ASCII or ideographic (U+3000, as print layouts space a headline); two spaces
# separate the phrases of a headline (`民 族 团 结  一 家 亲`).
SPACED_RUN = regex.compile(r"(?<![^ \u3000])[^ \u3000](?:[ \u3000][^ \u3000])+(?![^ \u3000])")
SPACE = regex.compile(r"[ \u3000]")


class HeadlinesPass(Pass):
    name = "headlines"
    description = "Collapse letter-spaced headlines (runs of single characters separated by spaces)."

    def __init__(self, rules: dict[str, Any] | None = None, files: Rules | None = None) -> None:
        super().__init__(rules, files)
        self.min_han = int(self.rules.get("min_han", 3))
        self.min_coverage = float(self.rules.get("min_coverage", 0.6))
        self.max_chars = int(self.rules.get("max_chars", 120))

    def find_edits(self, doc: Document) -> list[Edit]:
        edits: list[Edit] = []
        for offset, line in lines_with_offsets(doc.text):
            if SPACE.search(line) and len(line) <= self.max_chars:
                edits.extend(self._line(offset, line))
        return edits

    def _line(self, offset: int, line: str) -> list[Edit]:
        marker = HEADING.match(line)
        body_start = marker.end() if marker else 0
        visible = sum(1 for c in line[body_start:] if not c.isspace())
        runs = [m for m in SPACED_RUN.finditer(line, body_start)
                if sum(1 for c in m.group() if is_han(c)) >= self.min_han]
        covered = sum(len(SPACE.sub("", m.group())) for m in runs)
        if not runs or covered < self.min_coverage * visible:
            return []
        return [
            Edit(offset + m.start(), offset + m.end(), m.group(), SPACE.sub("", m.group()),
                 f"letter-spaced headline collapsed: {m.group()}")
            for m in runs
        ]
