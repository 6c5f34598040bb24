"""cleanse report: the review page of a run, checked for structure (tests/test_report_browser.py renders it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import lxml.html
import pytest
from typer.testing import CliRunner

from benchmarks.bench import build_corpus
from cleanse.cli import app
from cleanse.report import read_log, trace

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, lxml.html.HtmlElement]:
    out = tmp_path_factory.mktemp("report") / "out"
    result = runner.invoke(app, ["run", str(ROOT / "seeds"), "-o", str(out), "-q", "--report"])
    assert result.exit_code == 0, result.output
    return out, lxml.html.fromstring((out / "report.html").read_text(encoding="utf-8"))


def test_every_file_is_listed_and_shown(seeds_run: tuple[Path, lxml.html.HtmlElement]) -> None:
    out, page = seeds_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    names = [f["output"] for f in manifest["files"]]
    assert [row.get("data-file") for row in page.cssselect("tr.file-row")] == names
    assert [s.get("data-file") for s in page.cssselect("section.file")] == names


def test_the_chart_counts_each_pass(seeds_run: tuple[Path, lxml.html.HtmlElement]) -> None:
    out, page = seeds_run
    totals = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["totals"]["edits"]
    bars = {g.get("data-pass"): g.cssselect("text")[-1].text_content() for g in page.cssselect("#chart g.bar")}
    assert set(bars) == set(totals)
    for name, counts in totals.items():
        assert bars[name].split()[0] == str(counts["edits"])
        assert (f"+ {counts['flags']} flagged" in bars[name]) == bool(counts["flags"])


def test_every_change_is_highlighted_with_its_reason(seeds_run: tuple[Path, lxml.html.HtmlElement]) -> None:
    out, page = seeds_run
    for section in page.cssselect("section.file"):
        records = read_log(out, section.get("data-file"))
        spans = section.cssselect("span.c")
        titles: dict[int, set[str]] = {}
        for span in spans:
            titles.setdefault(int(span.get("data-change")), set()).add(span.get("title"))
        shown = set(titles)
        # Every edit of the log has a highlight, unless a later edit of the same text replaced it entirely.
        for number, record in enumerate(sorted(records, key=lambda r: (r["step"], r["start"], r["end"])), 1):
            if number in shown:
                reason = record["reason"][:60]
                assert any(reason in t for t in titles[number]), (section.get("data-file"), number)
        assert len(shown) >= 0.9 * len(records)


def test_the_collapsed_headline_of_004_is_highlighted(seeds_run: tuple[Path, lxml.html.HtmlElement]) -> None:
    _, page = seeds_run
    (section,) = [s for s in page.cssselect("section.file") if s.get("data-file").startswith("004")]
    output_headlines = section.cssselect("pre.output span.p-headlines")
    input_headlines = section.cssselect("pre.input span.p-headlines")
    assert output_headlines and input_headlines
    assert any(" " in s.text_content() for s in input_headlines)  # the letter-spaced input
    assert all("headlines" in s.get("title") for s in output_headlines)


def test_the_sides_are_the_input_and_the_output(seeds_run: tuple[Path, lxml.html.HtmlElement]) -> None:
    out, page = seeds_run
    for section in page.cssselect("section.file"):
        name = section.get("data-file")
        (given,) = section.cssselect("pre.input")
        (made,) = section.cssselect("pre.output")
        assert given.text_content() == (ROOT / "seeds" / name).read_text(encoding="utf-8")
        assert made.text_content() == (out / name).read_text(encoding="utf-8")


def test_trace_keeps_origins_through_steps() -> None:
    records = [
        {"step": 0, "pass": "a", "start": 1, "end": 3, "before": "bc", "after": "X", "kind": "replace", "reason": "r1"},
        {"step": 0, "pass": "a", "start": 4, "end": 5, "before": "e", "after": "e", "kind": "flag", "reason": "f"},
        {"step": 1, "pass": "b", "start": 0, "end": 1, "before": "a", "after": "", "kind": "delete", "reason": "r2"},
    ]
    changes, inputs, outputs = trace("abcde", records)
    assert [c.pass_name for c in changes] == ["a", "a", "b"]
    assert "".join(s.text for s in inputs) == "abcde" and "".join(s.text for s in outputs) == "Xde"
    assert [(s.text, s.change, s.flag) for s in inputs] == [("a", 3, 0), ("bc", 1, 0), ("d", 0, 0), ("e", 0, 2)]
    assert [(s.text, s.change, s.marker) for s in outputs][:2] == [("", 3, True), ("X", 1, False)]


def test_text_is_escaped(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("<script>alert(1)</script> 民 族 团 结\n", encoding="utf-8")
    runner.invoke(app, ["run", str(src), "-o", str(tmp_path / "out"), "-q", "--report"])
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_a_run_of_hundreds_of_files_gives_a_small_page(tmp_path: Path) -> None:
    src = tmp_path / "src"
    build_corpus(src, megabytes=1, seed=3)
    shutil.copy(next((ROOT / "seeds").glob("003_*.txt")), src / "zz_003.txt")  # flagged, after the first 50
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(src), "-o", str(out), "-q", "--jobs", "2"]).exit_code == 0
    result = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    page = lxml.html.fromstring((tmp_path / "r.html").read_text(encoding="utf-8"))
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert len(page.cssselect("tr.file-row")) == len(files) > 200
    shown = [s.get("data-file") for s in page.cssselect("section.file")]
    flagged = [f["output"] for f in files[50:] if any(c["flags"] for c in f["edits"].values())]
    assert shown == [f["output"] for f in files[:50]] + flagged and "zz_003.txt" in shown
    chosen = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "one.html"), "--files", "zz_*"])
    assert chosen.exit_code == 0
    one = lxml.html.fromstring((tmp_path / "one.html").read_text(encoding="utf-8"))
    assert [s.get("data-file") for s in one.cssselect("section.file")] == ["zz_003.txt"]


def test_a_folder_without_a_run_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2 and "no manifest.json" in result.output
