"""Write rules/traditional_chars.tsv and rules/simplified_chars.txt: the characters only
one script uses (with the Simplified form of the Traditional ones).

From OpenCC's own tables: Traditional-only is TSCharacters minus every character that
is also the Simplified form of something (STCharacters); Simplified-only is every
character of STCharacters whose Traditional forms do not include itself (这 → 這, but
not 表 → 表 錶, which Traditional text writes too). The script pass tells Traditional
text from Simplified by the first; a repair may not write the second into Traditional.
Run when OpenCC's data changes: python tools/build_traditional_chars.py
"""

from importlib import resources
from pathlib import Path


def table(name: str) -> dict[str, list[str]]:
    text = resources.files("opencc").joinpath(f"dictionary/{name}").read_text(encoding="utf-8")
    return {k: v.split() for k, v in (line.split("\t", 1) for line in text.splitlines() if "\t" in line)}


ts, st = table("TSCharacters.txt"), table("STCharacters.txt")
simplified = set(st) | {c for values in ts.values() for c in values}
traditional_only = sorted(k for k, v in ts.items() if len(k) == 1 and k not in v and k not in simplified)
out = Path(__file__).resolve().parent.parent / "rules" / "traditional_chars.tsv"
out.write_text("# Characters used only in Traditional Chinese, tab, their usual Simplified form\n"
               "# (tools/build_traditional_chars.py, from OpenCC's tables).\n"
               + "".join(f"{c}\t{ts[c][0]}\n" for c in traditional_only), encoding="utf-8")
print(len(traditional_only), "characters written to", out)
simplified_only = sorted(k for k, v in st.items() if len(k) == 1 and k not in v)
out = out.with_name("simplified_chars.txt")
out.write_text("# Characters used only in Simplified Chinese: OpenCC's STCharacters entries that\n"
               "# do not map to themselves (tools/build_traditional_chars.py).\n"
               + "".join(f"{c}\n" for c in simplified_only), encoding="utf-8")
print(len(simplified_only), "characters written to", out)
