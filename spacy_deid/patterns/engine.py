"""Compile the recognizer table once and run it over a text."""
from __future__ import annotations

import re
from typing import Dict, Iterable, List, NamedTuple, Optional, Pattern, Sequence

from ..text import to_arabic_digits
from .recognizers import RECOGNIZERS, Recognizer
from .validators import VALIDATORS


class Finding(NamedTuple):
    start: int
    end: int
    label: str
    kind: str
    score: float
    recognizer: str


def recognizer_names() -> List[str]:
    return [r.name for r in RECOGNIZERS]


def _context_regex(words: Sequence[str]) -> Optional[Pattern[str]]:
    """One case-insensitive regex for a row's context words.

    Latin words must not be glued to other Latin letters ("id" ≠ "acid");
    Thai words may touch anything (Thai has no spaces).
    """
    if not words:
        return None
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word)
        if word[0].isascii() and word[0].isalpha():
            escaped = r"(?<![A-Za-z])" + escaped
        if word[-1].isascii() and word[-1].isalpha():
            escaped += r"(?![A-Za-z])"
        parts.append(escaped)
    return re.compile("|".join(parts), re.IGNORECASE)


class _Compiled:
    __slots__ = ("rec", "regex", "first", "context", "validator", "has_value")

    def __init__(self, rec: Recognizer) -> None:
        self.rec = rec
        flags = re.IGNORECASE if rec.ignore_case else 0
        pattern = f"(?=[{rec.starts}])(?:{rec.pattern})" if rec.starts else rec.pattern
        self.regex = re.compile(pattern, flags)
        # re skips a plain character class far faster than it tries a pattern at each
        # position: find the first possible start, then match from there (lookbehinds
        # still see the text before it).
        self.first = re.compile(f"[{rec.starts}]", flags) if rec.starts else None
        self.context = _context_regex(rec.context)
        self.validator = VALIDATORS[rec.validator] if rec.validator else None
        self.has_value = "value" in self.regex.groupindex


class PatternEngine:
    """Runs a subset of ``RECOGNIZERS`` over texts.

    names: recognizer names to enable (None = all). Unknown names raise ValueError.
    context_window: characters searched for context words on each side of a value.
    min_score: findings scoring lower are dropped.
    """

    def __init__(
        self,
        names: Optional[Iterable[str]] = None,
        *,
        context_window: int = 40,
        min_score: float = 0.0,
    ) -> None:
        valid = recognizer_names()
        if names is not None:
            names = list(names)
            if not names:
                raise ValueError("No recognizer enabled: use None (null) to enable all of them.")
            unknown = sorted(set(names) - set(valid))
            if unknown:
                raise ValueError(
                    f"Unknown recognizer(s) {unknown}; valid names are: {', '.join(valid)}."
                )
        if context_window < 0:
            raise ValueError(f"context_window must be >= 0, got {context_window}.")
        if not 0.0 <= min_score <= 1.0:
            raise ValueError(f"min_score must be between 0 and 1, got {min_score}.")
        chosen = set(valid if names is None else names)
        self.compiled = [_Compiled(r) for r in RECOGNIZERS if r.name in chosen]
        self.context_window = context_window
        self.min_score = min_score

    def _has_context(self, c: _Compiled, text: str, start: int, end: int) -> bool:
        if c.context is None:
            return False
        w = self.context_window
        return bool(
            c.context.search(text, max(0, start - w), start)
            or c.context.search(text, end, end + w)
        )

    def find(self, text: str) -> List[Finding]:
        """All findings in ``text`` (Thai digits count as digits), sorted by position."""
        text = to_arabic_digits(text)
        findings: List[Finding] = []
        for c in self.compiled:
            rec = c.rec
            pos = 0
            if c.first is not None:
                first = c.first.search(text)
                if first is None:
                    continue
                pos = first.start()
            for match in c.regex.finditer(text, pos):
                start, end = match.span("value") if c.has_value else match.span()
                if start == end:
                    continue
                score = rec.score
                context: Optional[bool] = None
                if c.validator is not None and not c.validator(text[start:end]):
                    if rec.invalid_score is None:
                        continue
                    context = self._has_context(c, text, start, end)
                    if not context:
                        continue
                    score = rec.invalid_score
                elif c.context is not None:
                    context = self._has_context(c, text, start, end)
                    if context:
                        score = min(1.0, round(score + rec.context_boost, 6))
                    elif rec.context_required:
                        continue
                if score >= self.min_score:
                    findings.append(Finding(start, end, rec.label, rec.kind, score, rec.name))
        return _drop_nested(findings)


def _drop_nested(findings: List[Finding]) -> List[Finding]:
    """Sort by position and drop findings inside another of the same label.

    The containing finding keeps the higher of the two scores; of two findings
    with the same extent, the earlier table row (the more specific one, e.g.
    NATIONAL_ID before OTHER_ID) keeps its kind. Overlaps that are not
    containment, or across labels, are kept for the anonymizer to merge.
    """
    findings.sort(key=lambda f: (f.start, -f.end))  # stable: table order on ties
    kept: List[Finding] = []
    widest: Dict[str, int] = {}  # label -> index in ``kept`` of the furthest-reaching finding
    for f in findings:
        i = widest.get(f.label)
        if i is not None and f.end <= kept[i].end:
            if f.score > kept[i].score:
                kept[i] = kept[i]._replace(score=f.score)
            continue
        widest[f.label] = len(kept)
        kept.append(f)
    return kept
