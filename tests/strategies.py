"""Hypothesis strategies for CJK-heavy text with the kinds of damage cleanse repairs."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_SEED_TEXT = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
_SEED_LINES = [line for line in _SEED_TEXT.split("\n") if line.strip()]

HAN = "民族团结一家亲党建引领社区小区网格發展濟經潛力黨陽著随乾"
CJK_PUNCT = "，。、；：？！（）“”‘’《》【】—…「」『』"
ASCII = "abcXYZ019,.:;?!()\"'-#%&"
SPACES = " \t\u3000\u00a0\n\n\n\r"
ODD = "\ufeff\u200b\x07\ufffd\ue000\uff11\uff21"

characters = st.sampled_from(list(HAN + CJK_PUNCT + ASCII + SPACES + ODD))
fragments = st.sampled_from(_SEED_LINES).flatmap(
    lambda line: st.integers(0, len(line)).flatmap(
        lambda a: st.integers(a, min(len(line), a + 60)).map(lambda b: line[a:b])
    )
)
# Shapes some passes look for: page numbers, a period after a number, spaces in a row,
# a word's annotation, a number before its unit.
shapes = st.sampled_from(["\n\n", "\n\n\n", " ", "(yáng)", "# ", "民 族 团 结", "\n\n- 3 -\n\n", "6.5%.", "  ",
                          "(píng guǒ)", "120\n\n公里"])
pieces = st.one_of(characters, characters, fragments, shapes)
cjk_text = st.lists(pieces, max_size=40).map("".join)
