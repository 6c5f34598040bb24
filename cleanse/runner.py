"""Clean many files: read, decode, run the pipeline, write outputs, logs and the manifest."""

from __future__ import annotations

import hashlib
import json
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Iterator

from cleanse import __version__
from cleanse.document import Document
from cleanse.encoding import DecodeFailure, decode_bytes
from cleanse.files import MANIFEST, InputFile, UsageError, atomic_write, collect_inputs, log_path
from cleanse.pipeline import PassFailed, Pipeline, Result


class StrictFailure(RuntimeError):
    """With ``--strict``, a pass that raised on a document stops the run."""


@dataclass(frozen=True)
class RunOptions:
    rules_dir: str | None = None
    passes: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    script: str = "simplified"
    jobs: int = 1
    dry_run: bool = False
    follow_symlinks: bool = False
    strict: bool = False
    resume: bool = False
    engine: str = "local"  # or "ray" (cleanse.ray_engine)
    address: str | None = None  # a Ray cluster to join; None starts a local Ray

    def pipeline(self) -> Pipeline:
        return Pipeline.default(self.rules_dir, passes=self.passes or None, skip=self.skip, script=self.script)


@dataclass
class FileReport:
    path: str
    relative: str
    input_sha256: str = ""
    encoding: str = ""
    output_sha256: str = ""
    bytes_in: int = 0
    bytes_out: int = 0
    edits: dict[str, dict[str, int]] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    seconds: float = 0.0
    resumed: bool = False
    # Only for the caller (diff, explain); not written to the manifest.
    result: Result | None = None
    input_text: str = ""
    pass_failed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The report without the in-memory result, for sending between processes."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("result", "input_text")}

    def manifest_entry(self) -> dict[str, Any]:
        entry = {
            "path": self.path,
            "output": self.relative,
            "input_sha256": self.input_sha256,
            "encoding": self.encoding,
            "output_sha256": self.output_sha256,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "edits": self.edits,
            "metadata": self.metadata,
            "seconds": round(self.seconds, 4),
        }
        if self.error:
            entry["error"] = self.error
        if self.resumed:
            entry["resumed"] = True
        return entry


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def log_chunks(result: Result, records_per_chunk: int = 1000) -> Iterator[bytes]:
    """The change log as JSON Lines, in chunks (written as they are made)."""
    lines: list[str] = []
    for record in result.iter_records():
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
        if len(lines) == records_per_chunk:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


def done_path(out: Path, relative: str) -> Path:
    return log_path(out, relative).with_suffix(".done.json")


def already_done(out: Path, item: InputFile, input_sha256: str, fingerprint: str) -> dict[str, Any] | None:
    """The manifest entry of a file a previous run finished with the same input, rules
    and version (``--resume``), or None."""
    try:
        record = json.loads(done_path(out, item.relative).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    same = record.get("version") == __version__ and record.get("rules_sha256") == fingerprint
    entry = record.get("entry", {})
    if not same or entry.get("input_sha256") != input_sha256:
        return None
    try:  # the output must be the one recorded: after a power loss it may not be
        intact = sha256((out / item.relative).read_bytes()) == entry.get("output_sha256")
    except OSError:
        return None
    return entry if intact and log_path(out, item.relative).exists() else None


def clean_file(pipeline: Pipeline, item: InputFile, out: Path, dry_run: bool, keep: bool = False,
               resume: bool = False, data: bytes | None = None) -> FileReport:
    """Clean one file (its bytes read here unless given); every failure becomes a one-line
    error on the report."""
    report = FileReport(str(item.path), item.relative)
    started = time.perf_counter()
    try:
        if data is None:
            data = item.path.read_bytes()
        report.bytes_in = len(data)
        report.input_sha256 = sha256(data)
        if resume and not keep:
            previous = already_done(out, item, report.input_sha256, pipeline.rules.fingerprint())
            if previous is not None:
                report.output_sha256 = previous["output_sha256"]
                report.encoding, report.bytes_out = previous["encoding"], previous["bytes_out"]
                report.edits, report.metadata = previous["edits"], previous["metadata"]
                report.seconds = time.perf_counter() - started
                report.resumed = True
                return report
        text, report.encoding = decode_bytes(data)
        del data  # a large file's bytes are not kept beside its text
        result = pipeline.run(Document(text, str(item.path), report.encoding))
        output = result.text.encode("utf-8")
        report.output_sha256 = sha256(output)
        report.bytes_out = len(output)
        report.edits = result.counts()
        report.metadata = result.metadata
        if not dry_run:
            atomic_write(log_path(out, item.relative), log_chunks(result))
            atomic_write(out / item.relative, output)
            entry = {k: v for k, v in report.manifest_entry().items() if k != "seconds"}
            done = {"version": __version__, "rules_sha256": pipeline.rules.fingerprint(), "entry": entry}
            atomic_write(done_path(out, item.relative), json.dumps(done, ensure_ascii=False).encode("utf-8"))
        if keep:
            report.result, report.input_text = result, text
    except DecodeFailure as exc:
        report.error = f"{item.path}: {exc}"
    except PassFailed as exc:
        report.error = str(exc)
        report.pass_failed = True
    except OSError as exc:
        report.error = f"{item.path}: {exc.strerror or exc}"
    report.seconds = time.perf_counter() - started
    return report


_worker_pipeline: Pipeline | None = None
FILES_PER_CHUNK = 16


def _init_worker(options: RunOptions) -> None:
    global _worker_pipeline
    _worker_pipeline = options.pipeline()


def _clean_in_worker(item: InputFile, out: Path, options: RunOptions, keep: bool) -> FileReport:
    assert _worker_pipeline is not None
    return clean_file(_worker_pipeline, item, out, options.dry_run, keep, options.resume)


def iter_reports(items: list[InputFile], out: Path, options: RunOptions, keep: bool = False) -> Iterator[FileReport]:
    """Reports in input order; with ``jobs > 1`` files are cleaned in worker processes."""
    if options.jobs <= 1 or len(items) <= 1:
        pipeline = options.pipeline()
        for item in items:
            yield clean_file(pipeline, item, out, options.dry_run, keep, options.resume)
        return
    with ProcessPoolExecutor(options.jobs, initializer=_init_worker, initargs=(options,)) as pool:
        count = len(items)
        # Files go to the workers in small chunks: one message per file costs more than a small file.
        chunk = max(1, min(FILES_PER_CHUNK, count // (options.jobs * 4)))
        yield from pool.map(_clean_in_worker, items, [out] * count, [options] * count, [keep] * count, chunksize=chunk)


def run(
    sources: list[Path],
    out: Path,
    options: RunOptions,
    on_file: Callable[[FileReport], None] | None = None,
    keep: bool = False,
) -> dict[str, Any]:
    """Clean every input file into ``out``; return (and write) the manifest."""
    pipeline = options.pipeline()  # fails early on a bad pass name or rules folder
    items = collect_inputs(sources, out, options.follow_symlinks)
    started = time.perf_counter()
    files: list[dict[str, Any]] = []
    totals: dict[str, dict[str, int]] = {}
    errors: list[str] = []
    if options.engine == "ray":
        from cleanse.ray_engine import iter_reports as engine_reports
        reports = engine_reports(items, out, options)
    elif options.engine == "local":
        reports = iter_reports(items, out, options, keep)
    else:
        raise UsageError(f"unknown engine: {options.engine!r} (local or ray)")
    for report in reports:
        files.append(report.manifest_entry())
        for name, counts in report.edits.items():
            bucket = totals.setdefault(name, {"edits": 0, "flags": 0})
            for key, value in counts.items():
                bucket[key] += value
        if report.error:
            errors.append(report.error)
        if on_file is not None:
            on_file(report)
        if options.strict and report.pass_failed:
            raise StrictFailure(report.error)
    manifest = {
        "tool": "cleanse",
        "version": __version__,
        "rules_sha256": pipeline.rules.fingerprint(),
        "passes": pipeline.names,
        "options": {"script": options.script, "jobs": options.jobs, "resume": options.resume, "engine": options.engine},
        "files": files,
        "totals": {
            "files": len(files),
            "failed": len(errors),
            "bytes_in": sum(f["bytes_in"] for f in files),
            "bytes_out": sum(f["bytes_out"] for f in files),
            "edits": totals,
        },
        "errors": errors,
        "seconds": round(time.perf_counter() - started, 3),
    }
    if not options.dry_run:
        atomic_write(out / MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return manifest
