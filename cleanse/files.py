"""Finding the input files of a run, and writing outputs atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

LOG_DIR = "_log"
MANIFEST = "manifest.json"


class UsageError(ValueError):
    """The run cannot start: a bad path or option. Exit code 2."""


@dataclass(frozen=True)
class InputFile:
    path: Path  # where to read it
    relative: str  # where its output goes, relative to OUT (POSIX separators)


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def collect_inputs(sources: list[Path], out: Path, follow_symlinks: bool = False) -> list[InputFile]:
    """Every file under the sources, sorted; refuses an OUT inside or equal to a source."""
    out_resolved = out.resolve()
    found: dict[str, InputFile] = {}
    for source in sources:
        if not source.exists():
            raise UsageError(f"{source}: no such file or folder")
        root = source.resolve()
        if source.is_dir() and _inside(out_resolved, root):
            raise UsageError(f"{out}: the output folder may not be inside the input folder {source}")
        if source.is_file():
            if (out_resolved / source.name).resolve() == root:
                raise UsageError(f"{out}: writing there would overwrite the input {source}")
            found.setdefault(source.name, InputFile(source, source.name))
            continue
        seen: set[Path] = set()
        for dirpath, dirnames, filenames in os.walk(source, followlinks=follow_symlinks):
            real = Path(dirpath).resolve()
            if real in seen:  # a symlink loop, when links are followed
                dirnames.clear()
                continue
            seen.add(real)
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.is_symlink() and not follow_symlinks and not _inside(path.resolve(), root):
                    continue  # a link out of the input tree is not followed unless asked
                relative = path.relative_to(source).as_posix()
                found.setdefault(relative, InputFile(path, relative))
    return [found[key] for key in sorted(found)]


def _file_mode() -> int:
    """The mode a plainly created file gets (0o666 less the umask), which mkstemp's 0o600 is not."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def atomic_write(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or chunks of bytes) to a temporary file beside ``path``, then
    rename: a crash or a kill never leaves a half-written file. Not fsynced (a millisecond
    a file, three files an input, was a third of a run): after a power loss, ``--resume``
    checks each output against the hash its resume record holds and cleans it again
    when it differs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in [data] if isinstance(data, bytes) else data:
                handle.write(chunk)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def log_path(out: Path, relative: str) -> Path:
    return out / LOG_DIR / f"{relative}.jsonl"
