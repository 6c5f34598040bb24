"""Clean one record (a dict) at a time: the entry point for pandas, Spark, Dask and the like.

``clean_record`` keeps every field of the record, replaces the text field with the
cleaned text and adds a compact summary of what changed. It holds no state between
records; the pipeline for a given set of options is built once per process and reused.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cleanse.document import Document
from cleanse.encoding import DecodeFailure, decode_bytes
from cleanse.pipeline import PassFailed, Pipeline, Result


@lru_cache(maxsize=8)
def cached_pipeline(rules_dir: str | None = None, script: str = "simplified",
                    passes: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> Pipeline:
    """One pipeline per process and set of options (loading rules costs more than a record)."""
    return Pipeline.default(rules_dir, passes=passes or None, skip=skip, script=script)


def summary(result: Result) -> dict[str, Any]:
    """Edits and flags in all, per pass, and the metadata the passes extracted."""
    counts = result.counts()
    return {
        "edits": sum(c["edits"] for c in counts.values()),
        "flags": sum(c["flags"] for c in counts.values()),
        "passes": counts,
        "metadata": dict(result.metadata),
    }


def clean_record(
    record: dict[str, Any],
    text_key: str = "text",
    *,
    summary_key: str = "cleanse",
    rules_dir: str | None = None,
    script: str = "simplified",
    passes: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
    strict: bool = False,
) -> dict[str, Any]:
    """A copy of ``record`` with ``record[text_key]`` cleaned and a change summary under ``summary_key``.

    The text may be ``str`` or ``bytes`` (bytes are decoded as ``cleanse run`` decodes a
    file, and the summary names the encoding). A document a pass fails on, or bytes that
    cannot be decoded, come back unchanged with ``error`` in the summary, as ``cleanse run``
    goes on past a bad file; ``strict=True`` raises instead.
    """
    if text_key not in record:
        raise KeyError(f"record has no field {text_key!r} (fields: {', '.join(map(str, record)) or 'none'})")
    value = record[text_key]
    if not isinstance(value, (str, bytes)):
        raise TypeError(f"record[{text_key!r}] is {type(value).__name__}, not str or bytes")
    out = dict(record)
    encoding = ""
    try:
        if isinstance(value, bytes):
            value, encoding = decode_bytes(value)
        result = cached_pipeline(rules_dir, script, tuple(passes), tuple(skip)).run(Document(value, encoding=encoding or "utf-8"))
    except (DecodeFailure, PassFailed) as exc:
        if strict:
            raise
        out[summary_key] = {"edits": 0, "flags": 0, "passes": {}, "metadata": {}, "error": str(exc)}
        return out
    out[text_key] = result.text
    out[summary_key] = summary(result) | ({"encoding": encoding} if encoding else {})
    return out
