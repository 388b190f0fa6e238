"""Output paths (optionally keyed-hash names) and the run's audit log."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path, PurePosixPath
from typing import IO, Any, Dict


def hashed_relative(relative: PurePosixPath, key: bytes) -> PurePosixPath:
    """Replace every path component by a keyed hash; the file suffix is kept."""
    parts = []
    for i, part in enumerate(relative.parts):
        last = i == len(relative.parts) - 1
        stem, suffix = (PurePosixPath(part).stem, PurePosixPath(part).suffix) if last else (part, "")
        digest = hmac.new(key, "/".join(relative.parts[: i + 1]).encode(), hashlib.sha256)
        parts.append(digest.hexdigest()[:16] + suffix)
    return PurePosixPath(*parts)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file via a temporary name so that no partial output is left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class AuditLog:
    """One JSON line per document of the run (offsets, labels, sources, scores — no raw text)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.failed = 0
        self.ok = 0

    def write(self, record: Dict[str, Any]) -> None:
        if record.get("status") == "ok":
            self.ok += 1
        else:
            self.failed += 1
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stream.flush()
