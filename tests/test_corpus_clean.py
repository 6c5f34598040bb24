"""corpus_clean/ is what the tool makes of seeds/: it fails when the committed copy is stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleanse.encoding import decode_bytes
from cleanse.document import Document
from cleanse.pipeline import Pipeline
from cleanse.runner import log_chunks

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name[:3] for s in SEEDS])
def test_committed_output_matches_a_fresh_run(seed: Path) -> None:
    text, encoding = decode_bytes(seed.read_bytes())
    result = Pipeline.default().run(Document(text, str(seed), encoding))
    committed = ROOT / "corpus_clean" / seed.name
    assert committed.read_text(encoding="utf-8") == result.text, "run: cleanse run seeds/ -o corpus_clean/"
    log = ROOT / "corpus_clean" / "_log" / f"{seed.name}.jsonl"
    assert log.read_bytes() == b"".join(log_chunks(result))


def test_manifest_lists_every_seed() -> None:
    manifest = json.loads((ROOT / "corpus_clean" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(f["output"] for f in manifest["files"]) == [s.name for s in SEEDS]
    assert all(not f.get("error") for f in manifest["files"])
