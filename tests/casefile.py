"""Data-driven cases, ftfy-style: ``tests/cases/<pass>.jsonl``.

Each line: ``{"label", "input", "expected", "status"}`` where status is ``pass`` or
``known_failure`` (a case we cannot handle yet: it must still fail, so that fixing
it is noticed). A negative case has ``expected`` equal to ``input``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleanse.pipeline import Pipeline

CASES = Path(__file__).resolve().parent / "cases"


def load_cases(pass_name: str) -> list:
    params = []
    path = CASES / f"{pass_name}.jsonl"
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        marks = [pytest.mark.xfail(strict=True, reason="known failure")] if case.get("status") == "known_failure" else []
        params.append(pytest.param(case, id=f"{number}-{case['label']}", marks=marks))
    return params


def run_pass(pass_name: str, text: str) -> str:
    return Pipeline.default(passes=[pass_name]).run(text).text


def check_case(pass_name: str, case: dict) -> None:
    assert run_pass(pass_name, case["input"]) == case["expected"]
