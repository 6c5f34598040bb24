import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanse.passes.script import backend
from cleanse.pipeline import Pipeline
from tests.casefile import check_case, load_cases

SCRIPT = Pipeline.default(passes=["script"])


@pytest.mark.parametrize("case", load_cases("script"))
def test_cases(case: dict) -> None:
    check_case("script", case)


def test_backend_is_named() -> None:
    assert backend() in ("opencc (C++ binding)", "opencc-python-reimplemented")


def test_seed_002_becomes_simplified(seeds: dict[str, str]) -> None:
    out = Pipeline.default().run(seeds["002"]).text
    assert out.startswith("潮涌丹阳党旗红 党建引领惠民生——丹阳街道办事处抓党建促发展惠民生工作纪实（解说词）\n")
    assert "（不含农业）" in out and "随着经济社会的发展" in out and "指引着方向" in out


def _simplified_paragraphs() -> list[str]:
    from benchmarks.corpus import news_paragraphs
    from tests.conftest import SEEDS

    seeds = [p for f in sorted(SEEDS.glob("*.txt")) if not f.name.startswith("002")
             for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
    return seeds + list(news_paragraphs()[:3000])


@given(st.lists(st.sampled_from(_simplified_paragraphs()), min_size=1, max_size=5))
def test_simplified_text_is_never_changed(paragraphs: list[str]) -> None:
    assert SCRIPT.run("\n".join(paragraphs)).edits == []


def test_both_backends_convert_the_cases_and_seed_002_alike(seeds: dict[str, str]) -> None:
    """The C++ binding (the fast extra) gives what the pure-Python default gives. The
    README's setup installs it beside the default one, in .cache/opencc-cpp
    (CLEANSE_OPENCC_CPP names another folder); without it this test fails."""
    folder = Path(os.environ.get("CLEANSE_OPENCC_CPP", Path(__file__).resolve().parent.parent / ".cache" / "opencc-cpp"))
    assert (folder / "opencc").is_dir(), (
        f"OpenCC's C++ binding is not in {folder}: .venv/bin/pip install --target {folder} 'opencc>=1.1.6'")
    texts = [param.values[0]["input"] for param in load_cases("script")] + [seeds["002"]]
    program = ("import json, sys\nfrom cleanse.passes.script import backend\nfrom cleanse.pipeline import Pipeline\n"
               "texts = json.load(sys.stdin)\nprint(json.dumps([backend(), [Pipeline.default().run(t).text for t in texts]]))")
    env = {**os.environ, "PYTHONPATH": str(folder)}
    done = subprocess.run([sys.executable, "-c", program], input=json.dumps(texts), capture_output=True,
                          text=True, env=env, check=True)
    name, outputs = json.loads(done.stdout)
    assert name == "opencc (C++ binding)" and backend() == "opencc-python-reimplemented"
    assert outputs == [Pipeline.default().run(t).text for t in texts]
