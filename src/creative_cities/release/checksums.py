"""``SHA256SUMS``: the checksum of every release file, in the form ``sha256sum -c`` reads."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def write_checksums(target: Path, files: Iterable[Path]) -> None:
    """One ``<hex>  <name>`` line per file, sorted by name; the files lie beside ``target``."""
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n"
        for path in sorted(files, key=lambda path: path.name)
    ]
    target.write_text("".join(lines), encoding="utf-8", newline="\n")
