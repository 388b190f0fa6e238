"""Compile the recognizer table once and run it over a text."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from re import Pattern
from typing import NamedTuple

from ..normalize import normalize
from ..text import to_arabic_digits
from .leads import literal_leads
from .recognizers import Recognizer, builtin_recognizers, one_of
from .terms import TermMatcher
from .validators import VALIDATORS

DENY_LIST = "deny_list"  # the recognizer name of deny-list findings


class Finding(NamedTuple):
    start: int
    end: int
    label: str
    kind: str
    score: float
    recognizer: str


def recognizer_names() -> list[str]:
    return [r.name for r in builtin_recognizers()]


def _context_regex(words: Sequence[str]) -> Pattern[str] | None:
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
    __slots__ = ("context", "first", "has_value", "index", "rec", "regex", "validator")

    def __init__(self, index: int, rec: Recognizer) -> None:
        self.index = index  # row in the table: ties between findings keep table order
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


_GROUP_NAME = re.compile(r"\(\?P<\w+>")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")
_THAI = re.compile("[\u0e00-\u0e7f]")
_LATIN = re.compile("[A-Za-z]")


def _start_script(starts: str) -> str:
    """"thai", "latin" or "other" (digits, signs): what a row's ``starts`` class holds."""
    return "thai" if _THAI.search(starts) else "latin" if _LATIN.search(starts) else "other"


def _joins_a_scan(rec: Recognizer) -> bool:
    """Rows a shared scan can run: a ``starts`` hint, case-sensitive, no backreference."""
    return bool(rec.starts) and not rec.ignore_case and not _BACKREFERENCE.search(rec.pattern)


class _SharedScan:
    """One pass of ``re`` over a text for many rows, then their matches where some match.

    Short texts make the per-row cost of calling ``re`` dominate, so rows are scanned
    together. ``gate`` finds the positions where at least one row matches: its leading
    character class lets ``re`` skip other positions fast, the rows' literal leads (when
    listed) rule out most of the rest, and each row is tried only where its own ``starts``
    class holds. ``capture`` then matches every row at such a position at once, one named
    group per row. A row accepts a match at or after the end of its previous one, exactly
    as ``finditer`` does.
    """

    def __init__(self, members: Sequence[_Compiled], leads: frozenset[str] | None = None) -> None:
        """leads: literal prefixes that every member's matches start with (see ``leads.py``):
        the gate tries the members only where one of them starts."""
        self.members = list(members)
        tries = []
        captures = []
        for i, c in enumerate(self.members):
            rec = c.rec
            bare = _GROUP_NAME.sub("(?:", rec.pattern)
            # one character in the row's class, then (looking back at it) the row's match
            tries.append(f"[{rec.starts}](?<=(?={bare}).)")
            named = rec.pattern.replace("(?P<value>", f"(?P<v{i}>")
            captures.append(f"(?:(?=(?P<m{i}>(?=[{rec.starts}])(?:{named})))|)")
        starts = "".join(c.rec.starts for c in self.members)
        lead = f"(?={one_of(leads)})" if leads else ""
        self.gate = re.compile(f"[{starts}](?<={lead}(?:{'|'.join(tries)}))")
        self.capture = re.compile("".join(captures))
        index = self.capture.groupindex
        self.groups = [
            (c, index[f"m{i}"], index.get(f"v{i}", index[f"m{i}"])) for i, c in enumerate(self.members)
        ]

    def matches(self, text: str) -> Iterable[tuple[_Compiled, int, int]]:
        """(row, value start, value end) of every match, in text order."""
        resume = [0] * len(self.groups)
        for hit in self.gate.finditer(text):
            at = hit.start()
            regs = self.capture.match(text, at).regs  # type: ignore[union-attr]  # the gate matched here
            for i, (c, whole, value) in enumerate(self.groups):
                end = regs[whole][1]
                if end > at and at >= resume[i]:
                    resume[i] = end
                    yield (c, *regs[value])


class PatternEngine:
    """Runs a subset of the built-in recognizers, plus rows and a deny list users add, over texts.

    names: built-in recognizer names to enable (None = all). Unknown names raise ValueError.
    context_window: characters searched for context words on each side of a value.
    min_score: findings scoring lower are dropped.
    extra: rows users add (``custom.parse_patterns``), always enabled.
    deny: deny-list entries (``terms.check_deny``): found with score 1.0, recognizer "deny_list".
    """

    def __init__(
        self,
        names: Iterable[str] | None = None,
        *,
        context_window: int = 40,
        min_score: float = 0.0,
        extra: Sequence[Recognizer] = (),
        deny: Sequence[dict[str, str]] = (),
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
        self.compiled = [_Compiled(i, r) for i, r in enumerate(builtin_recognizers()) if r.name in chosen]
        # Rows users add run alone (no speed hint) and win ties with built-in rows (rank < 0).
        self.compiled += [_Compiled(i - len(extra), r) for i, r in enumerate(extra)]
        self.deny = list(deny)
        self.deny_matcher = TermMatcher([d["text"] for d in self.deny])
        # One scan per script the rows start with (a Thai text skips Latin-led rows fast),
        # rows whose leads can be listed apart from the others.
        groups: dict[tuple[str, bool], list[_Compiled]] = {}
        leads: dict[str, frozenset[str] | None] = {}
        for c in self.compiled:
            if _joins_a_scan(c.rec):
                leads[c.rec.name] = literal_leads(c.rec.pattern)
                key = (_start_script(c.rec.starts), leads[c.rec.name] is not None)
                groups.setdefault(key, []).append(c)
        self.scans = [
            _SharedScan(group, frozenset().union(*(leads[c.rec.name] or () for c in group)) if listed else None)
            for (_, listed), group in groups.items()
        ]
        self.alone = [c for c in self.compiled if not _joins_a_scan(c.rec)]
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

    def _matches(self, text: str) -> Iterable[tuple[_Compiled, int, int]]:
        """(row, value start, value end) of every match of every row."""
        for scan in self.scans:
            yield from scan.matches(text)
        for c in self.alone:
            pos = 0
            if c.first is not None:
                first = c.first.search(text)
                if first is None:
                    continue
                pos = first.start()
            for match in c.regex.finditer(text, pos):
                yield (c, *(match.span("value") if c.has_value else match.span()))

    def _score(self, c: _Compiled, text: str, start: int, end: int) -> float | None:
        """The score of a match after its validator and context words (None: dropped)."""
        rec = c.rec
        score = rec.score
        if c.validator is not None and not c.validator(text[start:end]):
            if rec.invalid_score is None or not self._has_context(c, text, start, end):
                return None
            score = rec.invalid_score
        elif c.context is not None:
            if self._has_context(c, text, start, end):
                score = min(1.0, round(score + rec.context_boost, 6))
            elif rec.context_required:
                return None
        return score if score >= self.min_score else None

    def find(self, text: str) -> list[Finding]:
        """All findings in ``text``, sorted by position, as ranges of ``text``.

        The rows run on the normalised view of ``text`` (``spacy_deid.normalize``: no
        invisible characters, NFKC, ASCII digits) with Thai digits mapped to Arabic ones,
        so ``081\u200b-234-5678``, ``０８１-２３４-５６７８`` and ``๐๘๑-๒๓๔-๕๖๗๘`` are
        found like ``081-234-5678``. Each finding is mapped back to the original range
        of the characters it comes from, invisible characters inside it included.
        """
        norm = normalize(text)
        findings = self.find_in_view(to_arabic_digits(norm.text))
        if norm.starts is None:
            return findings
        mapped = []
        for f in findings:
            start, end = norm.span(f.start, f.end)
            mapped.append(f._replace(start=start, end=end))
        return mapped

    def find_in_view(self, text: str) -> list[Finding]:
        """All findings in a text that is already a view (normalised, Arabic digits)."""
        ranked: list[tuple[int, Finding]] = []
        if self.deny_matcher:
            rank = -1 - len(self.compiled)  # before every row
            for start, end, i in self.deny_matcher.find(text):
                d = self.deny[i]
                ranked.append((rank, Finding(start, end, d["label"], d["kind"], 1.0, DENY_LIST)))
        for c, start, end in self._matches(text):
            if start == end:
                continue
            score = self._score(c, text, start, end)
            if score is not None:
                rec = c.rec
                ranked.append((c.index, Finding(start, end, rec.label, rec.kind, score, rec.name)))
        ranked.sort(key=lambda item: (item[1].start, -item[1].end, item[0]))
        return _drop_nested([f for _, f in ranked])


def _drop_nested(findings: list[Finding]) -> list[Finding]:
    """Drop findings inside another of the same label (``findings``: sorted by start,
    longest first, then table row).

    The containing finding keeps the higher of the two scores; of two findings
    with the same extent, the earlier table row (the more specific one, e.g.
    NATIONAL_ID before OTHER_ID) keeps its kind. Overlaps that are not
    containment, or across labels, are kept for the anonymizer to merge.
    """
    kept: list[Finding] = []
    widest: dict[str, int] = {}  # label -> index in ``kept`` of the furthest-reaching finding
    for f in findings:
        i = widest.get(f.label)
        if i is not None and f.end <= kept[i].end:
            if f.score > kept[i].score:
                kept[i] = kept[i]._replace(score=f.score)
            continue
        widest[f.label] = len(kept)
        kept.append(f)
    return kept
