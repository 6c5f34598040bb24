"""Throughput of cleanse on a large generated corpus that looks like the seeds.

Builds a corpus (default 50 MB) of files in the seeds' mix of damage — newspaper
pages with page breaks (000), portal pages (001), Traditional text with pinyin
annotations and GBK garbling (002), interleaved columns (003), letter-spaced
headlines (004) — from People's Daily 1998 text, varied file by file, and reports
side by side, in one run: MB/s of the whole default pipeline from the command line
with one process and with --jobs 2; MB/s of each pass alone; of ftfy.fix_text alone
and of OpenCC t2s alone (the backend installed); peak memory; the start-up time of
`cleanse run` on one small file; and a cProfile of the pipeline in process on a
sample (`--profile-mb`), the functions that take the most time. Writes
benchmarks/RESULTS.md.

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
RAY_MARKER = "# Ray engine"


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


def _timed_cli(args: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cleanse", *args], check=False, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def cpp_opencc(folder: Path) -> Path | None:
    """OpenCC's C++ binding in a folder of its own (it shares the module name with the
    default pure-Python package): .cache/opencc-cpp, as the README's setup installs it,
    or installed now."""
    existing = HERE.parent / ".cache" / "opencc-cpp"
    if (existing / "opencc").is_dir():
        return existing
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(folder), "opencc>=1.1.6"],
                          check=False, capture_output=True)
    return folder if done.returncode == 0 else None


T2S_TIMING = """import sys, time, opencc
from pathlib import Path
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).iterdir())]
converter = opencc.OpenCC("t2s")
started = time.perf_counter()
for text in texts:
    converter.convert(text)
print(time.perf_counter() - started)
"""


def _in_process(texts: list[str], function) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for text in texts:
        function(text)
    return time.perf_counter() - started


def profile_lines(texts: list[str], top: int = 15) -> list[str]:
    """The whole default pipeline in process under cProfile: the functions that take the
    most time of their own, as a Markdown table (where the time goes, for the gap)."""
    import cProfile
    import pstats

    pipeline = Pipeline.default()
    for text in texts[:10]:  # one file of each kind: models and dictionaries load before the count
        pipeline.run(text)
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        pipeline.run(text)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in stats.values())
    rows = sorted(((entry[2], entry[3], name) for name, entry in stats.items()), reverse=True)[:top]
    lines = ["| function | own time, share | with callees |", "|---|---|---|"]
    for own, cumulative, (path, line, function) in rows:
        where = f"{Path(path).name}:{line} {function}" if line else function
        lines.append(f"| `{where}` | {own / total:.1%} | {cumulative / total:.1%} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=50, help="corpus size in MB (at least 50 for the report)")
    parser.add_argument("--profile-mb", type=float, default=5.0,
                        help="profile the pipeline in process on this many MB of the corpus")
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
        cpp = cpp_opencc(work / "opencc-cpp")
        if cpp is not None:
            env = {**os.environ, "PYTHONPATH": str(cpp)}
            seconds = subprocess.run([sys.executable, "-c", T2S_TIMING, str(corpus)], env=env, check=True,
                                     capture_output=True, text=True).stdout
            rows.append(("OpenCC t2s alone, opencc (C++ binding) (reference)", mb / float(seconds)))
            fast = _timed_cli(["run", str(corpus), "-o", str(work / "out_cpp"), "-q"], env)
            rows.append(("whole default pipeline, `cleanse run`, 1 process, with the C++ OpenCC (`cleanse[fast]`)", mb / fast))
        sample, sampled = [], 0
        for text in texts:
            if sampled >= args.profile_mb * 1e6:
                break
            sample.append(text)
            sampled += len(text.encode("utf-8"))
        profile = profile_lines(sample)
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
            *[f"- whole pipeline with the C++ OpenCC / ftfy alone: {rate / ftfy_rate:.2f}×"
              for label, rate in rows if "with the C++ OpenCC" in label],
            f"- peak RSS of the `cleanse run` processes: {peak_rss:.0f} MB",
            f"- start-up, `cleanse run` on one small file: {startup:.2f} s",
            "",
            f"## Where the time goes: cProfile of the whole pipeline in process, {sampled / 1e6:.1f} MB of the corpus",
            "",
            *profile,
            "",
        ]
        results = HERE / "RESULTS.md"
        old = results.read_text(encoding="utf-8") if results.exists() else ""
        ray_section = old[old.index(RAY_MARKER):] if RAY_MARKER in old else ""  # benchmarks/bench_ray.py's
        results.write_text("\n".join(lines) + ("\n" + ray_section if ray_section else ""), encoding="utf-8")
        print("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
