"""Run the same pipeline on Ray Data (``cleanse run --engine ray``), for corpora that outgrow one machine.

Files are read as binary records by ``ray.data.read_binary_files`` (so encoding detection
stays ours), cleaned by ``map_batches`` with a stateless function whose pipeline is built
once per worker process, and each worker writes its outputs, change logs and resume
records with the same ``clean_file`` the local engine uses, so the bytes are the same.
Only the small per-file reports come back to the driver, which writes the manifest in
input order. Nothing crosses files, so every file is cleaned independently. Ray is an
optional extra (``pip install 'cleanse[ray]'``); no scheduling is done here.
"""

from __future__ import annotations

import json
import logging
import os
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


def clean_batch(batch: dict[str, Any], out: str, options: RunOptions, inputs: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """Clean a batch of files (columns ``bytes`` and ``path``); return one JSON report per file.

    ``inputs`` maps the path Ray read to the input's own path and its place under OUT.
    """
    import numpy as np

    pipeline = cached_pipeline(options.rules_dir, options.script, options.passes, options.skip)
    reports = []
    for data, path in zip(batch["bytes"], batch["path"]):
        original, relative = inputs[str(path)]
        report = clean_file(pipeline, InputFile(Path(original), relative), Path(out), options.dry_run,
                            resume=options.resume, data=bytes(data))
        reports.append(json.dumps(report.to_dict(), ensure_ascii=False))
    return {"report": np.array(reports, dtype=object)}


def iter_reports(items: list[InputFile], out: Path, options: RunOptions) -> Iterator[FileReport]:
    """Reports in input order, as the local engine yields them."""
    if not items:
        return
    ray = start(options.address)
    readable = [item for item in items if os.access(item.path, os.R_OK)]
    # Unreadable files would fail Ray's read of the whole dataset: the local engine reports them.
    unreadable = {item.relative for item in items} - {item.relative for item in readable}
    inputs = {os.path.abspath(item.path): (str(item.path), item.relative) for item in readable}
    pending: dict[str, FileReport] = {}
    order = iter(items)
    next_item = next(order, None)

    def ready() -> Iterator[FileReport]:
        nonlocal next_item
        while next_item is not None and (next_item.relative in pending or next_item.relative in unreadable):
            if next_item.relative in unreadable:
                pipeline = cached_pipeline(options.rules_dir, options.script, options.passes, options.skip)
                yield clean_file(pipeline, next_item, out, options.dry_run, resume=options.resume)
            else:
                yield pending.pop(next_item.relative)
            next_item = next(order, None)

    if inputs:
        dataset = ray.data.read_binary_files(list(inputs), include_paths=True).map_batches(
            clean_batch,
            fn_kwargs={"out": str(out), "options": options, "inputs": inputs},
            batch_size=FILES_PER_BATCH,
            batch_format="numpy",
            compute=ray.data.TaskPoolStrategy(size=options.jobs),
            num_cpus=1,
        )
        for row in dataset.iter_rows():
            report = FileReport(**json.loads(row["report"]))
            pending[report.relative] = report
            yield from ready()
    yield from ready()
