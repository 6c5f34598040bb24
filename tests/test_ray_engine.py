"""--engine ray: the same bytes as the local engine, on the seeds and on a generated folder."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Iterator

import pytest
from typer.testing import CliRunner

from benchmarks.bench import build_corpus
from cleanse.cli import app
from cleanse.runner import RunOptions, run

pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install 'cleanse[ray]')")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    """One local Ray for this module's tests, shut down after them (its processes would
    otherwise idle beside the timing and memory tests that follow)."""
    yield
    import ray

    ray.shutdown()


def outputs(folder: Path) -> dict[str, bytes]:
    """Every file the run wrote (cleaned texts, change logs, resume records), the manifest aside."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "manifest.json"}


def manifest_files(folder: Path) -> list[dict]:
    files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    return [{k: v for k, v in f.items() if k != "seconds"} for f in files]


def assert_same_run(src: Path, tmp: Path, jobs: int) -> None:
    local, remote = tmp / "local", tmp / "ray"
    run([src], local, RunOptions(jobs=jobs))
    manifest = run([src], remote, RunOptions(jobs=jobs, engine="ray"))
    assert manifest["options"]["engine"] == "ray"
    assert outputs(remote) == outputs(local)
    assert manifest_files(remote) == manifest_files(local)


def test_seeds_give_the_same_bytes_as_the_local_engine(tmp_path: Path) -> None:
    assert_same_run(ROOT / "seeds", tmp_path, jobs=2)


def test_a_generated_folder_of_hundreds_of_files_gives_the_same_bytes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    build_corpus(src / "generated", megabytes=1)
    (src / "gbk.txt").write_bytes("民族团结，繁荣发展。\n".encode("gbk"))
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.bin").write_bytes(bytes(range(256)) * 4)
    assert len(list(src.rglob("*"))) > 200
    assert_same_run(src, tmp_path, jobs=2)
    errors = json.loads((tmp_path / "ray" / "manifest.json").read_text(encoding="utf-8"))["errors"]
    assert len(errors) == 1 and "binary.bin" in errors[0]


def test_the_command_line_runs_ray_and_rejects_diff(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(next((ROOT / "seeds").glob("004_*.txt")), src)
    result = CliRunner().invoke(app, ["run", str(src), "-o", str(tmp_path / "out"), "--engine", "ray", "-q"])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.txt"))) == 1
    refused = CliRunner().invoke(app, ["run", str(src), "-o", str(tmp_path / "o2"), "--engine", "ray", "--diff"])
    assert refused.exit_code == 2 and "--diff needs --engine local" in refused.output


def test_without_ray_the_command_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    monkeypatch.setitem(sys.modules, "ray.data", None)
    result = CliRunner().invoke(app, ["run", str(ROOT / "seeds"), "-o", str(tmp_path / "out"), "--engine", "ray"])
    assert result.exit_code == 2
    assert "pip install 'cleanse[ray]'" in result.output
