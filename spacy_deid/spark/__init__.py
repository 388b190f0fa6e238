"""De-identification on Apache Spark (extra ``[spark]``): ``redact_text`` for tables of notes,
``redact_files`` for ``spark.read.format("binaryFile")`` DataFrames, and ``spacy-deid spark``.

pyspark is imported only when ``redact_text``, ``redact_files`` or ``build_session`` is first
used, so ``spacy-deid`` itself works without the extra. See docs/spark.md.
"""
from __future__ import annotations

from typing import Any

__all__ = ["build_session", "redact_files", "redact_text"]


def __getattr__(name: str) -> Any:
    if name in ("redact_text", "redact_files"):
        from . import frames

        return getattr(frames, name)
    if name == "build_session":
        from .session import build_session

        return build_session
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
