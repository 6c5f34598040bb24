"""The registry of passes, dispatched by name (so a recorded plan can be replayed)."""

from __future__ import annotations

from cleanse.passes.annotations import AnnotationsPass
from cleanse.passes.base import Pass
from cleanse.passes.boilerplate import BoilerplatePass
from cleanse.passes.gbk_repair import GbkRepairPass
from cleanse.passes.headlines import HeadlinesPass
from cleanse.passes.html import HtmlPass
from cleanse.passes.layout import LayoutPass
from cleanse.passes.mojibake import MojibakePass
from cleanse.passes.page_numbers import PageNumbersPass
from cleanse.passes.punctuation import PunctuationPass
from cleanse.passes.reflow import ReflowPass
from cleanse.passes.script import ScriptPass
from cleanse.passes.unicode import UnicodePass

PASSES: dict[str, type[Pass]] = {
    cls.name: cls
    for cls in (
        HtmlPass,
        MojibakePass,
        UnicodePass,
        GbkRepairPass,
        AnnotationsPass,
        PageNumbersPass,
        ScriptPass,
        BoilerplatePass,
        HeadlinesPass,
        ReflowPass,
        LayoutPass,
        PunctuationPass,
    )
}


def unknown_passes(names: list[str]) -> list[str]:
    return [n for n in names if n not in PASSES]


__all__ = ["PASSES", "Pass", "unknown_passes"]
