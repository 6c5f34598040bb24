"""A datatrove ``PipelineStep`` that runs cleanse on each ``Document.text``.

Install with ``pip install 'cleanse[datatrove]'``. The step builds the cleanse pipeline
once per datatrove task (lazily, inside ``run``, so the step pickles small), counts what
it changed with ``stat_update`` (``<pass>_edits``, ``<pass>_flags``, ``edited``,
``flagged``, ``failed``), and puts the metadata cleanse extracts (title, source, publish
time, breadcrumb) into ``Document.metadata`` without overwriting keys that are already
there, with the change summary under ``metadata["cleanse"]``.
"""

from __future__ import annotations

from typing import Any

try:
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
except ImportError as exc:  # the optional extra is missing
    raise ImportError("cleanse.integrations.datatrove needs datatrove: pip install 'cleanse[datatrove]'") from exc

from cleanse.document import Document as CleanseDocument
from cleanse.integrations.records import cached_pipeline, summary
from cleanse.pipeline import PassFailed


class CleanseStep(PipelineStep):
    """Repair damaged Chinese text in every document, logging counts to the step's stats."""

    name = "🧹 cleanse"
    type = "✂️ - FORMAT"

    def __init__(self, rules_dir: str | None = None, script: str = "simplified",
                 passes: tuple[str, ...] = (), skip: tuple[str, ...] = (), summary_key: str = "cleanse") -> None:
        super().__init__()
        self.options: tuple[Any, ...] = (rules_dir, script, tuple(passes), tuple(skip))
        cached_pipeline(*self.options)  # a bad pass name or rules folder fails here, not in a worker
        self.summary_key = summary_key

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        pipeline = cached_pipeline(*self.options)
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                try:
                    result = pipeline.run(CleanseDocument(doc.text, str(doc.id)))
                except PassFailed as exc:
                    self.stat_update("failed")
                    doc.metadata[self.summary_key] = {"error": str(exc)}
                    yield doc
                    continue
            changes = summary(result)
            for pass_name, counts in changes["passes"].items():
                for kind, value in counts.items():
                    if value:
                        self.stat_update(f"{pass_name}_{kind}", value=value)
            if changes["edits"]:
                self.stat_update("edited")
            if changes["flags"]:
                self.stat_update("flagged")
            doc.text = result.text
            for key, value in changes.pop("metadata").items():
                doc.metadata.setdefault(key, value)
            doc.metadata[self.summary_key] = changes
            yield doc
