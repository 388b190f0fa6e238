"""Rule-based PHI recognizers (Thai + English) and the ``deid_patterns`` component."""
from typing import Any

from .engine import Finding, PatternEngine, recognizer_names
from .recognizers import Recognizer, builtin_recognizers

__all__ = [
    "RECOGNIZERS",
    "Finding",
    "PatternEngine",
    "Recognizer",
    "builtin_recognizers",
    "recognizer_names",
]


def __getattr__(name: str) -> Any:
    """``RECOGNIZERS``: the built-in table, built on first access (not at import)."""
    if name == "RECOGNIZERS":
        return builtin_recognizers()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
