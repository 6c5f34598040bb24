"""The review report: one self-contained HTML page of a run, every change side by side.

Built from what a run leaves in OUT (``manifest.json``, the change logs in ``_log/``)
and the inputs the manifest names. Each file's change log is replayed step by step
on its input while every character keeps where it came from (its offset in the input)
and which edit made it, so each change can be highlighted in the input and in the
output, coloured by pass, with its reason on hover. Rendered with Jinja2 (autoescaped);
no network, no CDN.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from cleanse.encoding import DecodeFailure, decode_bytes
from cleanse.files import MANIFEST, log_path
from cleanse.runner import sha256

# Files whose side-by-side view is written when no --files is given: the first ones of
# the run, and every flagged one up to a limit (so a very large run still gives a small page).
DEFAULT_FIRST_FILES = 50
DEFAULT_MAX_FLAGGED_FILES = 200
# Inputs larger than this are listed but not shown side by side (the page would not open).
MAX_VIEW_CHARS = 2_000_000
# Flagged places listed in the summary.
MAX_FLAGS_LISTED = 1000
# A reason longer than this is cut in the hover text (the change log keeps it whole).
MAX_REASON_CHARS = 240
PALETTE = ["#f4a261", "#2a9d8f", "#e9c46a", "#8ab17d", "#e76f51", "#a393eb", "#5fa8d3", "#f28482",
           "#84a59d", "#c9ada7", "#90be6d", "#f9c74f", "#b5838d"]


class ReportError(ValueError):
    """OUT is not the output folder of a run (no manifest), or cannot be read."""


@dataclass
class Change:
    """One edit of a change log, as the page shows it."""

    id: int
    pass_name: str
    kind: str
    reason: str

    @property
    def title(self) -> str:
        reason = self.reason if len(self.reason) <= MAX_REASON_CHARS else self.reason[:MAX_REASON_CHARS] + "…"
        return f"{self.pass_name} · {self.kind}: {reason}"


@dataclass
class Segment:
    """A run of text shown with one highlight (change id 0: unchanged)."""

    text: str
    change: int = 0
    flag: int = 0
    marker: bool = False  # nothing left of the text here: a deletion or a join


@dataclass
class FileView:
    relative: str
    anchor: str
    changes: list[Change] = field(default_factory=list)
    input_segments: list[Segment] = field(default_factory=list)
    output_segments: list[Segment] = field(default_factory=list)
    note: str = ""


@dataclass
class _Char:
    text: str  # one character, or "" for a marker where text was removed
    origin: int | None  # offset in the input, None for text an edit wrote
    change: int = 0
    flag: int = 0


def trace(original: str, records: list[dict[str, Any]]) -> tuple[list[Change], list[Segment], list[Segment]]:
    """Replay a change log on its input, keeping for every character its origin and the
    change that made it; return the changes and the input and output, cut into segments."""
    changes: list[Change] = []
    removed_by: dict[int, int] = {}  # input offset -> the first change that removed or replaced it
    flagged_in: dict[int, int] = {}
    chars = [_Char(c, i) for i, c in enumerate(original)]
    steps: dict[int, list[dict[str, Any]]] = {}
    for record in records:
        steps.setdefault(record["step"], []).append(record)
    for step in sorted(steps):
        visible = [i for i, c in enumerate(chars) if c.text]
        visible.append(len(chars))  # the end of the text
        out: list[_Char] = []
        cursor = 0
        for record in sorted(steps[step], key=lambda r: (r["start"], r["end"])):
            change = Change(len(changes) + 1, record["pass"], record.get("kind", "replace"), record.get("reason", ""))
            changes.append(change)
            first, last = visible[record["start"]], visible[record["end"]]
            if change.kind == "flag":  # changes nothing: marks its characters (or the next one)
                for c in chars[first:max(last, first + 1)]:
                    c.flag = c.flag or change.id
                    if c.origin is not None:
                        flagged_in.setdefault(c.origin, change.id)
                continue
            out.extend(chars[cursor:first])
            for c in chars[first:last]:
                if c.origin is not None:
                    removed_by.setdefault(c.origin, change.id)
            after = record.get("after", "")
            out.extend(_Char(c, None, change.id) for c in after)
            if not after:
                out.append(_Char("", None, change.id))
            cursor = last
        out.extend(chars[cursor:])
        chars = out
    inputs = [Segment(c, removed_by.get(i, 0), flagged_in.get(i, 0)) for i, c in enumerate(original)]
    outputs = [Segment(c.text, c.change, c.flag, marker=not c.text) for c in chars]
    return changes, _merge(inputs), _merge(outputs)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for s in segments:
        if merged and not s.marker and not merged[-1].marker and (merged[-1].change, merged[-1].flag) == (s.change, s.flag):
            merged[-1].text += s.text
        else:
            merged.append(Segment(s.text, s.change, s.flag, s.marker))
    return merged


def read_log(out: Path, relative: str) -> list[dict[str, Any]]:
    path = log_path(out, relative)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def file_view(out: Path, entry: dict[str, Any], index: int) -> FileView:
    view = FileView(entry["output"], f"file-{index}")
    source = Path(entry["path"])
    try:
        data = source.read_bytes()
    except OSError as exc:
        view.note = f"the input {source} cannot be read ({exc.strerror or exc}): no side-by-side view"
        return view
    if sha256(data) != entry.get("input_sha256"):
        view.note = f"the input {source} has changed since the run: no side-by-side view"
        return view
    try:
        text = decode_bytes(data)[0]
    except DecodeFailure as exc:
        view.note = f"the input {source} cannot be decoded ({exc})"
        return view
    if len(text) > MAX_VIEW_CHARS:
        view.note = f"{len(text):,} characters: too large to show side by side"
        return view
    view.changes, view.input_segments, view.output_segments = trace(text, read_log(out, entry["output"]))
    return view


def choose_views(files: list[dict[str, Any]], patterns: list[str], first: int, max_flagged: int) -> list[int]:
    """Indexes of the files that get a side-by-side view."""
    if patterns:
        return [i for i, f in enumerate(files) if any(fnmatch.fnmatch(f["output"], p) for p in patterns)]
    flagged = [i for i, f in enumerate(files) if flag_count(f) and i >= first][:max_flagged]
    return sorted(set(range(min(first, len(files)))) | set(flagged))


def flag_count(entry: dict[str, Any]) -> int:
    return sum(counts.get("flags", 0) for counts in entry.get("edits", {}).values())


def build(out: Path, patterns: list[str] | None = None, first: int = DEFAULT_FIRST_FILES,
          max_flagged: int = DEFAULT_MAX_FLAGGED_FILES) -> str:
    """The report of the run in ``out``, as one HTML page."""
    import jinja2

    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{out}: no {MANIFEST}: not the output folder of a 'cleanse run'") from None
    except (OSError, ValueError) as exc:
        raise ReportError(f"{out / MANIFEST}: cannot be read: {exc}") from None
    files = manifest.get("files", [])
    passes = manifest.get("passes", [])
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(passes)}
    views = [file_view(out, files[i], i) for i in choose_views(files, patterns or [], first, max_flagged)]
    anchors = {view.relative: view.anchor for view in views}
    flags = []
    for entry in files:
        if flag_count(entry) and len(flags) < MAX_FLAGS_LISTED:
            for record in read_log(out, entry["output"]):
                if record.get("kind") == "flag" and len(flags) < MAX_FLAGS_LISTED:
                    flags.append({"file": entry["output"], "pass": record["pass"], "text": record["before"][:80],
                                  "reason": record.get("reason", "")})
    encodings: dict[str, int] = {}
    for entry in files:
        if entry.get("encoding"):
            encodings[entry["encoding"]] = encodings.get(entry["encoding"], 0) + 1
    totals = manifest.get("totals", {})
    edits = totals.get("edits", {})
    bars = [{"pass": name, "edits": edits[name]["edits"], "flags": edits[name]["flags"], "colour": colours.get(name, "#999")}
            for name in passes if name in edits]
    template = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: resources.files("cleanse").joinpath("templates", name).read_text(encoding="utf-8")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    ).get_template("report.html.j2")
    return template.render(
        manifest=manifest, files=files, totals=totals, bars=bars, max_bar=max([b["edits"] + b["flags"] for b in bars] or [1]),
        passes=passes, colours=colours, views=views, anchors=anchors, flags=flags, flags_capped=len(flags) >= MAX_FLAGS_LISTED,
        encodings=sorted(encodings.items()), errors=manifest.get("errors", []), flag_count=flag_count,
        metadata=[(f["output"], f["metadata"]) for f in files if f.get("metadata")],
    )


def write(out: Path, destination: Path | None = None, patterns: list[str] | None = None,
          first: int = DEFAULT_FIRST_FILES, max_flagged: int = DEFAULT_MAX_FLAGGED_FILES) -> Path:
    """Write the report of the run in ``out`` (default ``out/report.html``); return its path."""
    from cleanse.files import atomic_write

    destination = destination or out / "report.html"
    atomic_write(destination, build(out, patterns, first, max_flagged).encode("utf-8"))
    return destination
