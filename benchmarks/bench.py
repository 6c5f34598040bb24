"""Throughput of cleanse on a large generated corpus that looks like the seeds.

Builds a corpus (default 50 MB) of files in the seeds' mix of damage — newspaper
pages with page breaks (000), portal pages (001), Traditional text with pinyin
annotations and GBK garbling (002), interleaved columns (003), letter-spaced
headlines (004) — from People's Daily 1998 text, varied file by file, and reports
side by side, in one run: MB/s of the whole default pipeline from the command line
with one process and with --jobs 2; MB/s of each pass alone; of ftfy.fix_text alone
and of OpenCC t2s alone (the backend installed); peak memory; the start-up time of
`cleanse run` on one small file. Writes benchmarks/RESULTS.md.

Run: python -m benchmarks.bench [--mb 50]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import labels, prose
from benchmarks.eval_boilerplate import articles, make_page
from cleanse.pipeline import Pipeline
from cleanse.simulate import gbk_annotator

HERE = Path(__file__).resolve().parent


def _broken(paragraphs: list[str], rng: random.Random) -> str:
    """Paragraphs with page breaks inside some of them."""
    out = []
    for p in paragraphs:
        if len(p) > 40 and rng.random() < 0.3:
            cut = rng.randrange(10, len(p) - 5)
            out += [p[:cut], p[cut:]]
        else:
            out.append(p)
    return "\n\n".join(out) + "\n"


def make_file(kind: int, rng: random.Random, pool: list[str], heads: list[str], pages: list[list[str]],
              to_traditional: dict[int, str]) -> str:
    body = rng.sample(pool, 12)
    if kind == 0:
        return rng.choice(heads) + "\n\n" + _broken(body, rng)
    if kind == 1:
        return make_page(rng.choice(pages), rng, heads).text
    if kind == 2:
        traditional = [p.translate(to_traditional) for p in body]
        garbled = gbk_annotator(traditional[0], rng)
        if garbled:
            traditional[0] = garbled[0]
        return "\n".join(traditional) + "\n"
    if kind == 3:
        first, second = body[:6], body[6:]
        cut = first[2][: len(first[2]) // 2] + "(网"
        return "\n\n".join([*first[:2], cut, *second[:3], "记者 李若生", "格)" + first[2][len(first[2]) // 2 :], *first[3:]]) + "\n"
    return "# " + " ".join(rng.choice(heads)) + "\n\n" + _broken(body, rng)


def build_corpus(folder: Path, megabytes: int, seed: int = 1) -> int:
    """Write files until the corpus holds ``megabytes``; return its size in bytes."""
    from cleanse.rules import Rules

    rng = random.Random(seed)
    pool = prose(30)
    heads = [h for h in labels(20) if len(h) >= 6]
    pages = articles(rng)
    simplified_to_traditional: dict[int, str] = {}
    for traditional, simplified in Rules().char_map("traditional_chars.tsv").items():
        simplified_to_traditional.setdefault(ord(simplified), traditional)
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    number = 0
    while size < megabytes * 1_000_000:
        text = make_file(number % 5, rng, pool, heads, pages, simplified_to_traditional)
        data = text.encode("utf-8")
        (folder / f"{number:06d}_{number % 5}.txt").write_bytes(data)
        size += len(data)
        number += 1
    return size


def _timed_cli(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cleanse", *args], check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _in_process(texts: list[str], function) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for text in texts:
        function(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=50, help="corpus size in MB (at least 50 for the report)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cleanse-bench-"))
    try:
        corpus = work / "corpus"
        size = build_corpus(corpus, args.mb)
        mb = size / 1e6
        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.iterdir())]
        rows: list[tuple[str, float]] = []
        one = _timed_cli(["run", str(corpus), "-o", str(work / "out1"), "-q"])
        rows.append(("whole default pipeline, `cleanse run`, 1 process", mb / one))
        two = _timed_cli(["run", str(corpus), "-o", str(work / "out2"), "-q", "--jobs", "2"])
        rows.append(("whole default pipeline, `cleanse run --jobs 2`", mb / two))
        peak_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        for name in Pipeline.default().names:
            single = Pipeline.default(passes=[name])
            rows.append((f"pass `{name}` alone", mb / _in_process(texts, single.run)))
        import ftfy
        import opencc

        from cleanse.passes.script import backend

        rows.append(("`ftfy.fix_text` alone (reference)", mb / _in_process(texts, ftfy.fix_text)))
        converter = opencc.OpenCC("t2s")
        rows.append((f"OpenCC t2s alone, {backend()} (reference)", mb / _in_process(texts, converter.convert)))
        small = work / "small"
        small.mkdir()
        (small / "a.txt").write_text(texts[0], encoding="utf-8")
        startup = _timed_cli(["run", str(small), "-o", str(work / "small_out"), "-q"])
        ftfy_rate = next(rate for label, rate in rows if label.startswith("`ftfy"))
        lines = [
            "# Benchmark results",
            "",
            f"`python -m benchmarks.bench --mb {args.mb}` on {datetime.date.today().isoformat()}, "
            f"{os.cpu_count()} cores, Python {sys.version.split()[0]}; corpus {mb:.1f} MB in {len(texts)} files.",
            "",
            "| what | MB/s |",
            "|---|---|",
            *[f"| {label} | {rate:.2f} |" for label, rate in rows],
            "",
            f"- whole pipeline / ftfy alone: {rows[0][1] / ftfy_rate:.2f}×",
            f"- `--jobs 2` / one process: {rows[1][1] / rows[0][1]:.2f}×",
            f"- peak RSS of the `cleanse run` processes: {peak_rss:.0f} MB",
            f"- start-up, `cleanse run` on one small file: {startup:.2f} s",
            "",
        ]
        (HERE / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
        print("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
