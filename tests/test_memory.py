"""Memory: a large single file and a large folder, measured from the command line.

Peak RSS is read from a wrapper process (``RUSAGE_CHILDREN`` of its own child only).
Sizes are small so that CI runs this in seconds; the check is on the growth: the
peak for a 200 MB file, extrapolated from 2 MB and 8 MB files, must stay under 2 GB,
and a folder four times as large must not need more memory.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import seed_text

WRAPPER = ("import resource, subprocess, sys\n"
           "subprocess.run([sys.executable, '-m', 'cleanse', 'run', *sys.argv[1:], '-q'], check=True)\n"
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_rss_mb(*args: str) -> float:
    done = subprocess.run([sys.executable, "-c", WRAPPER, *args], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def damaged_text(megabytes: float) -> str:
    """Text in the style of seeds 003 and 004 (ASCII punctuation beside CJK: one edit per mark)."""
    paragraphs = [p for name in ("003", "004") for p in seed_text(name).split("\n") if len(p) > 40]
    block = "\n\n".join(paragraphs) + "\n\n"
    return block * max(1, int(megabytes * 1e6 / len(block.encode("utf-8"))))


def test_a_200_mb_file_would_stay_under_2_gb(tmp_path: Path) -> None:
    peaks = {}
    for size in (2, 8):
        src = tmp_path / f"src{size}"
        src.mkdir()
        (src / "big.txt").write_text(damaged_text(size), encoding="utf-8")
        peaks[size] = peak_rss_mb(str(src), "-o", str(tmp_path / f"out{size}"))
    per_mb = (peaks[8] - peaks[2]) / 6
    projected = peaks[2] + per_mb * 198
    print(f"peak RSS {peaks} MB, {per_mb:.1f} MB per MB of input, 200 MB projected to {projected:.0f} MB")
    assert projected < 2048, (peaks, per_mb, projected)


def test_a_folder_four_times_larger_needs_no_more_memory(tmp_path: Path) -> None:
    text = damaged_text(0.2)
    peaks = {}
    for count in (10, 40):
        src = tmp_path / f"src{count}"
        src.mkdir()
        for i in range(count):
            (src / f"{i:03d}.txt").write_text(f"{i}\n{text}", encoding="utf-8")
        peaks[count] = peak_rss_mb(str(src), "-o", str(tmp_path / f"out{count}"), "--jobs", "2")
    assert peaks[40] < peaks[10] * 1.15 + 20, peaks
