"""Rule-based PHI recognizers (Thai + English) and the ``deid_patterns`` component."""
from .engine import Finding, PatternEngine, recognizer_names
from .recognizers import RECOGNIZERS, Recognizer

__all__ = ["Finding", "PatternEngine", "RECOGNIZERS", "Recognizer", "recognizer_names"]
