"""Throughput of `cleanse run --engine ray` beside the local engine, on a generated folder.

Builds a folder (default 200 MB) of files in the seeds' mix (``benchmarks.bench``),
then times, from the command line on the same folder: the local engine with --jobs 2,
the Ray engine with 1 and 2 workers (a local Ray started by the run), and both engines
on a small folder of 20 files (Ray's fixed overhead). Appends the table to
benchmarks/RESULTS.md.

Run: python -m benchmarks.bench_ray [--mb 200]
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.bench import HERE, RAY_MARKER as MARKER, _timed_cli, build_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=200, help="size of the generated folder in MB")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cleanse-bench-ray-"))
    try:
        corpus, small = work / "corpus", work / "small"
        mb = build_corpus(corpus, args.mb, seed=7) / 1e6
        small.mkdir()
        for path in sorted(corpus.iterdir())[:20]:
            shutil.copy(path, small)
        rows = []
        for label, extra in [("local engine, `--jobs 2`", ["--jobs", "2"]),
                             ("Ray engine, 1 worker", ["--engine", "ray", "--jobs", "1"]),
                             ("Ray engine, 2 workers", ["--engine", "ray", "--jobs", "2"])]:
            seconds = _timed_cli(["run", str(corpus), "-o", str(work / label.split(",")[0].replace(" ", "_")), "-q", *extra])
            small_seconds = _timed_cli(["run", str(small), "-o", str(work / f"small_{len(rows)}"), "-q", *extra])
            rows.append(f"| {label} | {mb / seconds:.2f} | {small_seconds:.1f} |")
        lines = [
            MARKER,
            "",
            f"`python -m benchmarks.bench_ray --mb {args.mb}` on {datetime.date.today().isoformat()}, "
            f"{os.cpu_count()} cores, Python {sys.version.split()[0]}; folder {mb:.0f} MB "
            f"in {len(list(corpus.iterdir()))} files.",
            "",
            "| engine | MB/s | 20 small files, s (overhead) |",
            "|---|---|---|",
            *rows,
            "",
        ]
        results = HERE / "RESULTS.md"
        kept = results.read_text(encoding="utf-8").split(MARKER)[0].rstrip("\n") if results.exists() else ""
        results.write_text(kept + "\n\n" + "\n".join(lines), encoding="utf-8")
        print("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
