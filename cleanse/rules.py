"""Load the data the passes read: ``rules/*.toml`` and word lists.

Users edit ``rules/`` at the top of the repository; an installed wheel carries a copy
as package data (``cleanse/rules``), read with ``importlib.resources``. ``--rules DIR``
points at another folder; a file missing there falls back to the defaults.
"""

from __future__ import annotations

import hashlib
import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any


def default_rules_dir() -> Traversable:
    """The shipped defaults: package data in a wheel, ``rules/`` in a source checkout."""
    packaged = resources.files("cleanse").joinpath("rules")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


class Rules:
    """A read-only view of one rules folder, falling back to the defaults file by file."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.default_dir = default_rules_dir()
        self.user_dir = Path(directory) if directory else None
        if self.user_dir is not None and not self.user_dir.is_dir():
            raise FileNotFoundError(f"rules folder not found: {self.user_dir}")
        self._cache: dict[str, Any] = {}

    def _locate(self, filename: str) -> Traversable | None:
        if self.user_dir is not None and (self.user_dir / filename).is_file():
            return self.user_dir / filename
        candidate = self.default_dir.joinpath(filename)
        return candidate if candidate.is_file() else None

    def read_text(self, filename: str) -> str:
        location = self._locate(filename)
        if location is None:
            raise FileNotFoundError(f"rules file not found: {filename}")
        return location.read_text(encoding="utf-8")

    def table(self, name: str) -> dict[str, Any]:
        """The parsed ``<name>.toml``, or an empty table when there is none."""
        key = f"{name}.toml"
        if key not in self._cache:
            location = self._locate(key)
            self._cache[key] = tomllib.loads(location.read_text(encoding="utf-8")) if location else {}
        return self._cache[key]

    def word_list(self, filename: str) -> list[str]:
        """A plain list: one entry a line, ``#`` starts a comment."""
        lines = (line.split("#", 1)[0].strip() for line in self.read_text(filename).splitlines())
        return [line for line in lines if line]

    def char_map(self, filename: str) -> dict[str, str]:
        """A two-column list (`from<TAB>to`, one pair a line) as a dict, read once."""
        if filename not in self._cache:
            self._cache[filename] = dict(entry.split("\t", 1) for entry in self.word_list(filename))
        return self._cache[filename]

    def fingerprint(self) -> str:
        """A hash of every rules file in effect, for the manifest and for ``--resume``."""
        if "fingerprint" not in self._cache:
            self._cache["fingerprint"] = self._hash_files()
        return self._cache["fingerprint"]

    def _hash_files(self) -> str:
        digest = hashlib.sha256()
        names: set[str] = {p.name for p in self.default_dir.iterdir() if p.is_file()}
        if self.user_dir is not None:
            names |= {p.name for p in self.user_dir.iterdir() if p.is_file()}
        for name in sorted(names):
            location = self._locate(name)
            if location is not None:
                digest.update(name.encode() + b"\0" + location.read_bytes() + b"\0")
        return digest.hexdigest()[:16]
