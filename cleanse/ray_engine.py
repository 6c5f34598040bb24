"""Run the same pipeline on Ray Data (``cleanse run --engine ray``), for corpora that outgrow one machine.

The list of input files becomes a dataset; ``map_batches`` runs a stateless function
whose pipeline is built once per worker process, which reads each file as bytes (so
encoding detection stays ours) and cleans and writes it with the same ``clean_file`` the
local engine uses (outputs, change logs, resume records), so the bytes are the same.
Only the small per-file reports come back to the driver, which writes the manifest in
input order. Nothing crosses files, so every file is cleaned independently. Ray is an
optional extra (``pip install 'cleanse[ray]'``); no scheduling is done here.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterator

from cleanse.files import InputFile, UsageError
from cleanse.integrations.records import cached_pipeline
from cleanse.runner import FileReport, RunOptions, clean_file

FILES_PER_BATCH = 8


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401  (Ray Data is the 'data' part of ray[data])
    except ImportError as exc:
        raise UsageError("--engine ray needs Ray Data: pip install 'cleanse[ray]'") from exc
    return ray


def start(address: str | None) -> Any:
    """Join the cluster at ``address`` or start (once per process) a local Ray."""
    ray = _ray()
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.WARNING, configure_logging=False)
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # cleanse reports progress itself
    ray.data.DataContext.get_current().enable_progress_bars = False
    return ray


def clean_batch(batch: dict[str, Any], out: str, options: RunOptions) -> dict[str, Any]:
    """Clean a batch of files (columns ``path``, where to read it, and ``relative``, its
    place under OUT); return one JSON report per file."""
    import numpy as np

    pipeline = cached_pipeline(options.rules_dir, options.script, options.passes, options.skip)
    reports = []
    for path, relative in zip(batch["path"], batch["relative"]):
        report = clean_file(pipeline, InputFile(Path(str(path)), str(relative)), Path(out), options.dry_run,
                            resume=options.resume)
        reports.append(json.dumps(report.to_dict(), ensure_ascii=False))
    return {"report": np.array(reports, dtype=object)}


def iter_reports(items: list[InputFile], out: Path, options: RunOptions) -> Iterator[FileReport]:
    """Reports in input order, as the local engine yields them."""
    if not items:
        return
    ray = start(options.address)
    # One operator: the list of files goes in, each worker reads its files' bytes and cleans
    # them. (Ray's own file reader as a second operator competing for the same CPUs stalled
    # Ray Data's executor now and then on two cores.) --jobs caps the CPUs it uses.
    ray.data.DataContext.get_current().execution_options.resource_limits = ray.data.ExecutionResources(
        cpu=options.jobs)
    records = [{"path": str(item.path), "relative": item.relative} for item in items]
    dataset = ray.data.from_items(records).map_batches(
        clean_batch,
        fn_kwargs={"out": str(out), "options": options},
        batch_size=FILES_PER_BATCH,
        batch_format="numpy",
    )
    pending: dict[str, FileReport] = {}
    order = iter(items)
    next_item = next(order, None)
    for row in dataset.iter_rows():
        report = FileReport(**json.loads(row["report"]))
        pending[report.relative] = report
        while next_item is not None and next_item.relative in pending:
            yield pending.pop(next_item.relative)
            next_item = next(order, None)
