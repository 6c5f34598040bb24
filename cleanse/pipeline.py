"""Run passes in order, compose their edits, and keep the record of every change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from cleanse.document import Document
from cleanse.edits import Edit, apply_edits, outside, shift
from cleanse.passes import PASSES, Pass, unknown_passes
from cleanse.rules import Rules


class PassFailed(RuntimeError):
    """A pass raised on a document: names the pass and where it was."""

    def __init__(self, pass_name: str, path: str, cause: BaseException, position: int = 0, count: int = 0) -> None:
        self.pass_name = pass_name
        self.path = path
        self.cause = cause
        where = f" in {path}" if path else ""
        step = f" (pass {position} of {count})" if count else ""
        super().__init__(f"pass '{pass_name}'{step} failed{where}: {type(cause).__name__}: {cause}")


@dataclass
class Step:
    """The edits of one pass, in offsets of that pass's input."""

    pass_name: str
    edits: list[Edit]


@dataclass
class Result:
    text: str
    steps: list[Step] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def edits(self) -> list[Edit]:
        return [edit for step in self.steps for edit in step.edits]

    def records(self) -> list[dict[str, Any]]:
        """The change log: one record per edit, ``step`` numbering the passes run."""
        return list(self.iter_records())

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """The change log, one record at a time (a large file's log is never held whole)."""
        for index, step in enumerate(self.steps):
            for edit in step.edits:
                yield edit.to_record(step.pass_name, index)

    def counts(self) -> dict[str, dict[str, int]]:
        """Edits and flags per pass."""
        out: dict[str, dict[str, int]] = {}
        for step in self.steps:
            flags = sum(1 for e in step.edits if e.is_flag)
            out[step.pass_name] = {"edits": len(step.edits) - flags, "flags": flags}
        return out


class Pipeline:
    """An ordered list of passes sharing one rules folder. Holds no per-document state."""

    def __init__(self, passes: list[Pass], rules: Rules) -> None:
        self.passes = passes
        self.rules = rules

    @classmethod
    def default(
        cls,
        rules_dir: str | Path | None = None,
        *,
        passes: Iterable[str] | None = None,
        skip: Iterable[str] = (),
        script: str = "simplified",
    ) -> "Pipeline":
        """The pass order of ``rules/pipeline.toml`` (or ``passes``), less ``skip``."""
        rules = Rules(rules_dir)
        order = rules.table("pipeline")
        names = list(passes) if passes else list(order.get("order", []))
        if not passes:
            names = [n for n in names if PASSES[n].default_on or n in order.get("enable", [])]
        skipped = set(skip)
        bad = unknown_passes([*names, *skipped])
        if bad:
            raise ValueError(f"unknown pass: {', '.join(bad)} (see 'cleanse passes')")
        if script not in ("simplified", "keep"):
            raise ValueError(f"unknown --script value: {script!r} (simplified or keep)")
        if script == "keep":
            skipped.add("script")
        chosen = [n for n in names if n not in skipped]
        return cls([PASSES[n](rules.table(n), rules) for n in chosen], rules)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.passes]

    def run(self, text: str | Document) -> Result:
        doc = text if isinstance(text, Document) else Document(text)
        doc = Document(doc.text, doc.path, doc.encoding, dict(doc.metadata))
        steps: list[Step] = []
        protected: list[tuple[int, int]] = []
        for position, one_pass in enumerate(self.passes, 1):
            try:
                edits = one_pass.find_edits(doc)
                if protected:
                    edits = outside(edits, protected)
                new_text = apply_edits(doc.text, edits)
            except Exception as exc:  # reported with the pass and file; the run goes on
                raise PassFailed(one_pass.name, doc.path, exc, position, len(self.passes)) from exc
            if edits:
                steps.append(Step(one_pass.name, edits))
                protected = shift(protected + [(e.start, e.end) for e in edits if e.protects], edits)
            doc.text = new_text
        return Result(doc.text, steps, doc.metadata)


def clean_text(text: str, *, rules_dir: str | Path | None = None, script: str = "simplified") -> str:
    """Clean one string with the default pipeline and return the cleaned text."""
    return Pipeline.default(rules_dir, script=script).run(text).text
