"""cleanse run over folders: outputs, logs, manifest, bad input, exit codes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleanse.cli import app
from cleanse.edits import replay

ARTICLE = "南城社区党委书记马化彬告诉笔者,社区购置了300余盏太阳能节能灯。\n"
runner = CliRunner()


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "utf8.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "sub" / "gbk.txt").write_bytes(ARTICLE.encode("gbk"))
    (src / "utf16.txt").write_bytes(ARTICLE.encode("utf-16"))
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.bin").write_bytes(bytes(range(256)) * 8)
    return src


def test_mixed_folder(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = {p: p.read_bytes() for p in mixed.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["run", str(mixed), "-o", str(out), "--quiet"])
    assert result.exit_code == 1
    assert "binary.bin" in result.output and "binary file" in result.output
    expected = "南城社区党委书记马化彬告诉笔者，社区购置了300余盏太阳能节能灯。\n"
    for name in ("utf8.txt", "sub/gbk.txt", "utf16.txt"):
        assert (out / name).read_text(encoding="utf-8") == expected
    assert (out / "empty.txt").read_bytes() == b""
    assert not (out / "binary.bin").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = {f["output"]: f for f in manifest["files"]}
    assert entries["sub/gbk.txt"]["encoding"] == "gb18030"
    assert entries["utf16.txt"]["encoding"] == "utf-16"
    assert "binary" in entries["binary.bin"]["error"]
    assert manifest["totals"]["failed"] == 1
    assert {p: p.read_bytes() for p in mixed.rglob("*") if p.is_file()} == before  # input untouched
    assert not list(out.rglob("*.tmp"))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((out / "utf8.txt").stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0o600


def test_logs_replay_to_the_outputs(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(seeds), "-o", str(out), "-q"]).exit_code == 0
    for seed in seeds.glob("*.txt"):
        log = out / "_log" / f"{seed.name}.jsonl"
        records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        assert records and {"pass", "start", "end", "before", "after", "reason"} <= set(records[0])
        output = (out / seed.name).read_text(encoding="utf-8")
        assert replay(seed.read_text(encoding="utf-8"), records) == output
        replayed = runner.invoke(app, ["replay", str(seed), str(log)])
        assert replayed.exit_code == 0 and replayed.stdout == output


def test_parallel_run_gives_the_same_bytes(mixed: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["run", str(mixed), "-o", str(tmp_path / "one"), "-q"])
    runner.invoke(app, ["run", str(mixed), "-o", str(tmp_path / "two"), "-q", "--jobs", "2"])
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file() and p.name != "manifest.json"}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert one == two and one


def test_output_inside_input_is_refused(mixed: Path) -> None:
    result = runner.invoke(app, ["run", str(mixed), "-o", str(mixed / "out")])
    assert result.exit_code == 2
    assert "inside the input" in result.output
    assert not (mixed / "out").exists()


def test_unknown_pass_is_a_usage_error(mixed: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(mixed), "-o", str(tmp_path / "o"), "--passes", "nope"])
    assert result.exit_code == 2 and "unknown pass: nope" in result.output


def test_dry_run_writes_nothing(mixed: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(mixed), "-o", str(tmp_path / "o"), "--dry-run", "--diff"])
    assert not (tmp_path / "o").exists()
    assert "+南城社区党委书记马化彬告诉笔者，社区" in result.output


def test_passes_and_version_and_explain(tmp_path: Path) -> None:
    listing = runner.invoke(app, ["passes"])
    assert listing.exit_code == 0 and "punctuation" in listing.output and "layout" in listing.output
    assert runner.invoke(app, ["--version"]).output.startswith("cleanse ")
    f = tmp_path / "a.txt"
    f.write_text("辖区面积45 平方公里", encoding="utf-8")
    explained = runner.invoke(app, ["explain", str(f)])
    assert "space between CJK and a number removed" in explained.output


def test_skip_and_script_keep(tmp_path: Path) -> None:
    f = tmp_path / "in" / "a.txt"
    f.parent.mkdir()
    f.write_text("辖区面积45 平方公里", encoding="utf-8")
    out = tmp_path / "out"
    runner.invoke(app, ["run", str(f.parent), "-o", str(out), "-q", "--skip", "punctuation", "--script", "keep"])
    assert (out / "a.txt").read_text(encoding="utf-8") == "辖区面积45 平方公里\n"


def test_an_error_names_a_file_with_brackets_in_full(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "[draft] 稿件.bin").write_bytes(bytes(range(256)) * 8)
    result = runner.invoke(app, ["run", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "[draft] 稿件.bin" in result.output  # not eaten as console markup


def test_a_truncated_file_is_cleaned_and_its_cut_character_logged(tmp_path: Path) -> None:
    seed = Path(__file__).parent.parent / "seeds" / "000_cd407466598066d5.txt"
    data = seed.read_bytes()
    cut = data[: data.index("。".encode()) + 2]  # two of the three bytes of the first 。
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cut.txt").write_bytes(cut)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "\ufffd" not in (out / "cut.txt").read_text(encoding="utf-8")
    log = [json.loads(line) for line in (out / "_log" / "cut.txt.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["pass"] for e in log if e["before"] == "\ufffd"] == ["unicode"]
    replayed = runner.invoke(app, ["replay", str(tmp_path / "in" / "cut.txt"), str(out / "_log" / "cut.txt.jsonl")])
    assert replayed.exit_code == 0 and replayed.stdout == (out / "cut.txt").read_text(encoding="utf-8")
