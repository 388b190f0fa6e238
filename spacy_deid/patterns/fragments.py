"""Regex fragments shared by the recognizer families: number and word edges, Thai letters."""
from __future__ import annotations

# A number starts/ends where no ASCII letter or digit touches it, and it is not
# the tail/head of a decimal, fraction, time or dashed number (1.5, 1/2, 10:30).
NUM_START = r"(?<![0-9A-Za-z])(?<![0-9][.,/:-])"
NUM_END = r"(?![0-9A-Za-z])(?![.,/:-][0-9])"
WORD_START = r"(?<![A-Za-z])"
WORD_END = r"(?![A-Za-z])"
THAI = "\u0e00-\u0e7f"
TH_LETTER = "\u0e01-\u0e3a\u0e40-\u0e4e"
NOT_TH = rf"(?![{TH_LETTER}])"
