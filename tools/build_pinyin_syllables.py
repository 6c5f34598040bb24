"""Write rules/pinyin_syllables.txt: every toneless pinyin syllable pypinyin knows.

Run once when pypinyin's data changes: python tools/build_pinyin_syllables.py
"""

from pathlib import Path

from pypinyin.contrib.tone_convert import to_normal
from pypinyin.pinyin_dict import pinyin_dict

syllables = {to_normal(reading) for value in pinyin_dict.values() for reading in value.split(",")}
syllables = {s for s in syllables if s.isascii() and s.isalpha()}
out = Path(__file__).resolve().parent.parent / "rules" / "pinyin_syllables.txt"
out.write_text("# Toneless pinyin syllables, ü written v (from pypinyin's data: tools/build_pinyin_syllables.py).\n"
               + "\n".join(sorted(syllables)) + "\n", encoding="utf-8")
print(len(syllables), "syllables written to", out)
