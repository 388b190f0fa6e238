"""What a document handler is and returns: ``handler(item, data, redactor, options, rel=rel)``.

Each handler de-identifies one file (``data``: its bytes, read once by the run; ``rel``: its
output path below the output folder, computed once by the run) and returns
``(record, files)``: the audit record fields (``status`` "ok" or "failed", ``error``,
``items``, ...) and the files to write below the output folder as ``(relative path, bytes)``.
Handlers never write: the run writes every file of a document atomically, or none when the
document failed. Text files are handled by :mod:`spacy_deid.cli.redact` itself.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

Files = list[tuple[PurePosixPath, bytes]]
Handled = tuple[dict[str, Any], Files]
Handler = Callable[..., Handled]
