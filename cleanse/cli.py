"""The command line: thin commands over the library (``cleanse.runner``, ``cleanse.pipeline``)."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from cleanse import __version__
from cleanse.edits import replay as replay_records
from cleanse.encoding import DecodeFailure, decode_bytes
from cleanse.files import UsageError
from cleanse.passes import PASSES
from cleanse.pipeline import PassFailed, Pipeline, Result
from cleanse.report import DEFAULT_FIRST_FILES, ReportError, write as write_report
from cleanse.rules import Rules
from cleanse.runner import FileReport, RunOptions, StrictFailure, run as run_files

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Repair damaged Chinese text corpora, logging every edit.")
out_console = Console()
err_console = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cleanse {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = None,
) -> None:
    """cleanse: clean Chinese text corpora into UTF-8, with a change log that explains every edit."""


def _names(values: list[str] | None) -> tuple[str, ...]:
    return tuple(n.strip() for v in values or [] for n in v.split(",") if n.strip())


def _usage_error(message: str) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


@app.command()
def run(
    sources: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder: cleaned files, _log/ and manifest.json.")],
    passes: Annotated[Optional[list[str]], typer.Option("--passes", help="Run only these passes, in this order (comma-separated).")] = None,
    skip: Annotated[Optional[list[str]], typer.Option("--skip", help="Passes to leave out (comma-separated).")] = None,
    rules: Annotated[Optional[Path], typer.Option("--rules", help="A rules folder that overrides the defaults, file by file.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (files are cleaned in parallel).")] = 1,
    script: Annotated[str, typer.Option("--script", help="'simplified' converts Traditional to Simplified; 'keep' leaves the script.")] = "simplified",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print a coloured unified diff per file.")] = False,
    follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks", help="Follow links that lead out of the input folders.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Skip files a previous run into OUT finished (same input, rules, version).")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Stop the run when a pass fails on a document.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary; errors only.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="'local' (processes on this machine) or 'ray' (Ray Data; pip install 'cleanse[ray]').")] = "local",
    address: Annotated[Optional[str], typer.Option("--address", help="With --engine ray: the cluster to join ('auto', 'ray://host:10001'); default a local Ray.")] = None,
    report: Annotated[bool, typer.Option("--report", help="Also write OUT/report.html, the review report (see 'cleanse report').")] = False,
) -> None:
    """Clean files or folders into OUT. Exit 0: all done; 1: some file failed; 2: usage error."""
    if engine not in ("local", "ray"):
        raise _usage_error(f"unknown --engine {engine!r} (local or ray)")
    if engine == "ray" and diff:
        raise _usage_error("--diff needs --engine local (Ray workers do not send the texts back)")
    if address and engine != "ray":
        raise _usage_error("--address needs --engine ray")
    if report and dry_run:
        raise _usage_error("--report needs the change logs, which --dry-run does not write")
    options = RunOptions(str(rules) if rules else None, _names(passes), _names(skip), script, jobs, dry_run,
                         follow_symlinks, strict, resume, engine, address)
    show_progress = not quiet and err_console.is_terminal
    progress = Progress(TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(), console=err_console, disable=not show_progress)
    task = progress.add_task("files", total=None)

    def on_file(report: FileReport) -> None:
        progress.advance(task)
        if report.error:
            progress.console.print(f"[red]error:[/red] {escape(report.error)}", highlight=False, soft_wrap=True)
        if diff and report.result is not None:
            _print_diff(report.relative, report.input_text, report.result.text)

    try:
        with progress:
            manifest = run_files(sources, out, options, on_file=on_file, keep=diff)
    except StrictFailure as exc:
        err_console.print(f"[red]stopped (--strict):[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    except (UsageError, ValueError, FileNotFoundError) as exc:
        raise _usage_error(str(exc))
    if not quiet:
        _print_summary(manifest, dry_run)
    if report:
        written = write_report(out)
        if not quiet:
            err_console.print(f"review report: {escape(str(written))}", highlight=False)
    raise typer.Exit(1 if manifest["totals"]["failed"] else 0)


def _print_diff(name: str, before: str, after: str) -> None:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), f"a/{name}", f"b/{name}", lineterm="")
    for line in lines:
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "cyan" if line.startswith("@@") else None
        out_console.print(line, style=style, highlight=False, markup=False, soft_wrap=True)


def _print_summary(manifest: dict, dry_run: bool) -> None:
    totals = manifest["totals"]
    table = Table(title="cleanse" + (" (dry run: nothing written)" if dry_run else ""))
    table.add_column("pass")
    table.add_column("edits", justify="right")
    table.add_column("flagged", justify="right")
    for name, counts in totals["edits"].items():
        table.add_row(name, str(counts["edits"]), str(counts["flags"]))
    table.caption = (
        f"{totals['files']} files, {totals['bytes_in']:,} bytes in, {totals['bytes_out']:,} bytes out, "
        f"{totals['failed']} failed"
    )
    err_console.print(table)


@app.command("report")
def report_command(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The output folder of a 'cleanse run'.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write the page (default OUT/report.html).")] = None,
    files: Annotated[Optional[list[str]], typer.Option("--files", help="Show these files side by side (glob on their names under OUT; repeatable). Default: the first ones and every flagged one.")] = None,
    first: Annotated[int, typer.Option("--first", min=0, help="Without --files: how many files, from the first, to show side by side.")] = DEFAULT_FIRST_FILES,
) -> None:
    """Write a self-contained HTML page of a run: summary, and every change side by side."""
    try:
        written = write_report(out, output, files or [], first)
    except ReportError as exc:
        raise _usage_error(str(exc))
    typer.echo(str(written))


@app.command("passes")
def list_passes(
    rules: Annotated[Optional[Path], typer.Option("--rules", help="A rules folder that overrides the defaults.")] = None,
) -> None:
    """Each pass with its description and whether it runs by default."""
    order = Rules(rules).table("pipeline")
    enabled = set(order.get("enable", []))
    table = Table()
    for column in ("pass", "default", "description"):
        table.add_column(column)
    for name in order.get("order", []) + [n for n in PASSES if n not in order.get("order", [])]:
        cls = PASSES[name]
        on = name in order.get("order", []) and (cls.default_on or name in enabled)
        table.add_row(name, "on" if on else "off", cls.description + (f" (extra: {cls.extra})" if cls.extra else ""))
    out_console.print(table)


def _read(path: Path) -> str:
    try:
        return decode_bytes(path.read_bytes())[0]
    except (OSError, DecodeFailure) as exc:
        raise _usage_error(f"{path}: {exc}")


@app.command()
def explain(
    file: Annotated[Path, typer.Argument(help="An input file to explain.")],
    rules: Annotated[Optional[Path], typer.Option("--rules", help="A rules folder that overrides the defaults.")] = None,
    script: Annotated[str, typer.Option("--script", help="simplified or keep.")] = "simplified",
) -> None:
    """Every change cleanse would make to FILE, with its reason."""
    text = _read(file)
    try:
        result = Pipeline.default(rules, script=script).run(text)
    except (PassFailed, ValueError) as exc:
        raise _usage_error(str(exc))
    _print_explanation(result)


def _print_explanation(result: Result) -> None:
    for step in result.steps:
        out_console.rule(f"{step.pass_name}: {len(step.edits)} changes", style="cyan")
        for edit in step.edits:
            marker = "flag" if edit.is_flag else edit.kind
            change = f"{edit.before!r}" if edit.is_flag else f"{edit.before!r} → {edit.after!r}"
            out_console.print(f"[{edit.start}:{edit.end}] {marker}: {change}  — {edit.reason}", highlight=False, markup=False, soft_wrap=True)


@app.command()
def replay(
    input_file: Annotated[Path, typer.Argument(metavar="INPUT", help="The original input file.")],
    log: Annotated[Path, typer.Argument(help="Its change log (OUT/_log/<name>.jsonl).")],
) -> None:
    """Apply a change log to its input and print the result (equal to cleanse's output)."""
    text = _read(input_file)
    try:
        records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
        sys.stdout.write(replay_records(text, records))
    except (OSError, ValueError, KeyError) as exc:
        raise _usage_error(f"{log}: cannot replay: {exc}")
