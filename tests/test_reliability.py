"""Hostile input, interrupted runs and faults: nothing lost, nothing corrupted."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cleanse.cli import app
from cleanse.encoding import DecodeFailure, decode_bytes
from cleanse.pipeline import PassFailed, Pipeline

runner = CliRunner()
PIPELINE = Pipeline.default()
ARTICLE = "南城社区党委书记马化彬告诉笔者,社区购置了300余盏太阳能节能灯。\n\n志愿者走进留\n\n守儿童家里。\n"


def clean_bytes(data: bytes) -> str | None:
    """What cleanse makes of a file's bytes: text, or None for a clear refusal."""
    try:
        text, _ = decode_bytes(data)
    except DecodeFailure as exc:
        assert str(exc) and "\n" not in str(exc)
        return None
    try:
        return PIPELINE.run(text).text
    except PassFailed as exc:  # reported, never a traceback
        assert "pass '" in str(exc)
        return None


@given(st.binary(max_size=400))
def test_any_bytes_give_text_or_a_clear_error(data: bytes) -> None:
    out = clean_bytes(data)
    assert out is None or isinstance(out, str)


@settings(deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
       st.sampled_from(["utf-8", "gbk", "gb18030", "big5", "utf-16", "utf-16-le", "utf-8-sig"]))
def test_text_in_any_chinese_encoding(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="ignore")
    for variant in (data, data[:-1], data + "民族".encode("utf-8")):  # truncated, mixed
        out = clean_bytes(variant)
        assert out is None or "\ufffd" not in out


SHAPES = {
    "one long line": lambda n: "民" * n,
    "blank lines": lambda n: "\n" * n,
    "spaces": lambda n: " " * n,
    "punctuation": lambda n: "，。！" * (n // 3),
    "annotations": lambda n: "丹(yáng)" * (n // 8),
    "nested brackets": lambda n: "(" * (n // 2) + "民" + ")" * (n // 2),
    "unbalanced quotes": lambda n: "“民" * (n // 2),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_pathological_shapes_are_linear(shape: str) -> None:
    """Cost grows linearly: four times the input takes at most about four times as long
    (6× allowed for a noisy machine), and the output is stable."""
    def seconds(n: int) -> float:
        started = time.perf_counter()
        PIPELINE.run(SHAPES[shape](n))
        return time.perf_counter() - started

    seconds(1000)  # warm up lazy loads
    small, large = seconds(50_000), seconds(200_000)
    assert large <= 6 * small + 0.5, (small, large)
    out = PIPELINE.run(SHAPES[shape](20_000)).text
    assert PIPELINE.run(out).text == out


def _seed_folder(tmp_path: Path, count: int) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(count):
        (src / f"{i:04d}.txt").write_text(ARTICLE.replace("300", str(300 + i)), encoding="utf-8")
    return src


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "manifest.json"}


def test_killed_run_resumes_to_identical_output(tmp_path: Path) -> None:
    src = _seed_folder(tmp_path, 300)
    reference, out = tmp_path / "reference", tmp_path / "out"
    assert runner.invoke(app, ["run", str(src), "-o", str(reference), "-q"]).exit_code == 0
    process = subprocess.Popen([sys.executable, "-m", "cleanse", "run", str(src), "-o", str(out), "-q"])
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.txt"))) < 20:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = list(out.glob("*.txt"))
    assert 0 < len(written) < 300, "the run was not interrupted in the middle"
    assert not list(out.rglob("*.tmp")) or all(p.name.startswith(".") for p in out.rglob("*.tmp"))
    for path in written:  # every output present is whole
        assert path.read_bytes() == (reference / path.name).read_bytes()
    result = runner.invoke(app, ["run", str(src), "-o", str(out), "-q", "--resume"])
    assert result.exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sum(1 for f in manifest["files"] if f.get("resumed")) >= len(written) - 1
    for leftover in out.rglob(".*.tmp"):
        leftover.unlink()  # a temp file of the killed process, never a visible output
    assert _tree(out) == _tree(reference)


def test_resume_cleans_again_an_output_lost_after_its_record(tmp_path: Path) -> None:
    """Writes are not fsynced: after a power loss an output can be empty or old although
    its resume record survived. --resume checks the output's hash and cleans it again."""
    src = _seed_folder(tmp_path, 4)
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(src), "-o", str(out), "-q"]).exit_code == 0
    reference = _tree(out)
    (out / "0001.txt").write_bytes(b"")  # as a power loss can leave it
    (out / "_log" / "0002.txt.jsonl").unlink()
    assert runner.invoke(app, ["run", str(src), "-o", str(out), "-q", "--resume"]).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    resumed = {f["output"] for f in manifest["files"] if f.get("resumed")}
    assert resumed == {"0000.txt", "0003.txt"}
    assert _tree(out) == reference


def test_disk_full_leaves_no_truncated_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _seed_folder(tmp_path, 3)
    out = tmp_path / "out"
    real_replace = os.replace

    def full(source: str, target: str) -> None:
        if str(target).endswith("0001.txt"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", full)
    result = runner.invoke(app, ["run", str(src), "-o", str(out), "-q"])
    assert result.exit_code == 1 and "0001.txt: No space left on device" in result.output
    assert not (out / "0001.txt").exists() and (out / "0000.txt").exists() and (out / "0002.txt").exists()
    assert not list(out.rglob("*.tmp"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "No space left" in manifest["errors"][0]


def test_a_failing_pass_is_reported_and_strict_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleanse.passes.headlines import HeadlinesPass

    src = _seed_folder(tmp_path, 3)
    original = HeadlinesPass.find_edits

    def broken(self, doc):  # type: ignore[no-untyped-def]
        if doc.path.endswith("0001.txt"):
            raise ValueError("boom")
        return original(self, doc)

    monkeypatch.setattr(HeadlinesPass, "find_edits", broken)
    result = runner.invoke(app, ["run", str(src), "-o", str(tmp_path / "out"), "-q"])
    order = [p.name for p in Pipeline.default().passes]
    where = f"pass 'headlines' (pass {order.index('headlines') + 1} of {len(order)}) failed in"
    assert result.exit_code == 1 and where in result.output
    assert "0001.txt" in result.output
    assert (tmp_path / "out" / "0002.txt").exists()
    strict = runner.invoke(app, ["run", str(src), "-o", str(tmp_path / "strict"), "-q", "--strict"])
    assert strict.exit_code == 1 and "stopped (--strict)" in strict.output
    assert not (tmp_path / "strict" / "0002.txt").exists()


def test_odd_names_links_and_unreadable_files(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "子目录 with space").mkdir(parents=True)
    (src / "子目录 with space" / ("长" * 60 + ".txt")).write_text(ARTICLE, encoding="utf-8")
    (src / "loop").symlink_to(src, target_is_directory=True)
    outside = tmp_path / "outside.txt"
    outside.write_text(ARTICLE, encoding="utf-8")
    (src / "link_out.txt").symlink_to(outside)
    locked = src / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(src), "-o", str(out), "-q", "--follow-symlinks"])
    names = {p.relative_to(out).as_posix() for p in out.rglob("*.txt")}
    assert f"子目录 with space/{'长' * 60}.txt" in names
    assert all(not n.startswith("..") for n in names)
    plain = runner.invoke(app, ["run", str(src), "-o", str(tmp_path / "plain"), "-q"])
    assert not (tmp_path / "plain" / "link_out.txt").exists()  # not followed unless asked
    if os.geteuid() != 0:  # root reads anything
        assert "locked.txt" in result.output and plain.exit_code == 1


@pytest.mark.parametrize("text", ["民族团结一家亲，" * 420_000, "\n" * 10_000_000], ids=["10 MB line", "10 MB of blank lines"])
def test_ten_megabyte_inputs(text: str) -> None:
    started = time.perf_counter()
    out = PIPELINE.run(text).text
    assert time.perf_counter() - started < 120
    assert out.count("\n") <= 1
