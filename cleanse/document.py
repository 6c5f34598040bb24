"""The document a pass looks at: its text plus what is known about where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Document:
    text: str
    path: str = ""
    encoding: str = "utf-8"
    metadata: dict[str, Any] = field(default_factory=dict)
