"""The datatrove step: cleans Document.text in a datatrove pipeline, counts edits, adds metadata."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cleanse import clean_text
from tests.conftest import seed_text

pytest.importorskip("datatrove", reason="datatrove is not installed (pip install 'cleanse[datatrove]')")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402

from cleanse.integrations.datatrove import CleanseStep  # noqa: E402


def writer(path: Path):  # a last step that writes what reaches it (datatrove's JsonlWriter needs orjson)
    def write(data, rank: int = 0, world_size: int = 1):  # type: ignore[no-untyped-def]
        with path.open("w", encoding="utf-8") as out:
            for doc in data:
                out.write(json.dumps({"id": doc.id, "text": doc.text, "metadata": doc.metadata}, ensure_ascii=False) + "\n")
                yield doc
    return write


def test_a_local_datatrove_pipeline_cleans_counts_and_keeps_metadata(tmp_path: Path) -> None:
    texts = {name: seed_text(name) for name in ("001", "002", "004")}
    documents = [Document(text=text, id=name, metadata={"source": "crawl-7"}) for name, text in texts.items()]
    executor = LocalPipelineExecutor(
        pipeline=[documents, CleanseStep(), writer(tmp_path / "out.jsonl")],
        tasks=1, logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    written = {row["id"]: row for row in rows}
    assert {name: row["text"] for name, row in written.items()} == {n: clean_text(t) for n, t in texts.items()}
    portal = written["001"]["metadata"]
    assert portal["source"] == "crawl-7"  # a key already there is not overwritten
    assert portal["title"] and portal["cleanse"]["passes"]["boilerplate"]["edits"] > 0
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    step = next(s for s in stats if "cleanse" in s["name"])
    assert step["stats"]["total"] == 3
    assert step["stats"]["gbk_repair_edits"]["total"] == 5


def test_a_bad_pass_name_fails_when_the_step_is_made() -> None:
    with pytest.raises(ValueError, match="unknown pass"):
        CleanseStep(passes=("no_such_pass",))


def test_without_datatrove_the_import_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import cleanse.integrations.datatrove as step_module

    monkeypatch.setitem(sys.modules, "datatrove.data", None)  # as if the extra were not installed
    with pytest.raises(ImportError, match=r"pip install 'cleanse\[datatrove\]'"):
        importlib.reload(step_module)
    monkeypatch.undo()
    importlib.reload(step_module)
