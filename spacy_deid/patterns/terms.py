"""Deny and allow lists: strings always redacted (staff names) or never redacted (the
hospital's own name and public phone number), found in the normalised view of a text.

File format (one entry a line, UTF-8; blank lines and ``#`` comments skipped)::

    # label: PERSON          <- a header: the label of the deny entries below it
    สมชาย ใจดี
    Jane Doe
    ID/HOSPITAL_NUMBER<TAB>64-12345   <- a label of its own (LABEL or ID/KIND, then a tab)

Allow lists take no labels. Matching ignores case, reads any run of whitespace in an
entry as any run of whitespace, and sees the text as the recognizers do (no invisible
characters, NFKC, Thai digits as ASCII). Boundaries are Thai-safe: an entry's Latin letter
or digit edge must not touch another Latin letter or digit (``Ann`` is not in ``Anne``);
a Thai edge may touch Thai letters (Thai has no spaces: ``นายสมชายมาด้วย`` holds
``สมชาย``), but never cuts a syllable (a consonant from its vowels or tone marks).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.util import registry

from ..normalize import normalize
from ..text import to_arabic_digits
from .custom import PatternsError, check_label, numbered_lines
from .rows import one_of

_HEADER = re.compile(r"#\s*label\s*[:=]\s*(\S*)\s*$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"[A-Za-z0-9]")
# Thai vowels and marks written after the consonant they belong to, and vowels written before it:
# an entry never ends before the first nor starts after the second (no syllable is cut).
_THAI_AFTER = "\u0e30-\u0e3a\u0e45\u0e47-\u0e4e"
_THAI_BEFORE = "\u0e40-\u0e44"
MIN_CHARS = 2


def view(text: str) -> str:
    """The text as recognizers see it: normalised (``spacy_deid.normalize``), Arabic digits."""
    return to_arabic_digits(normalize(text).text)


def _entry(text: Any, where: str) -> str:
    if not isinstance(text, str) or sum(ch.isalnum() for ch in text) < MIN_CHARS:
        raise PatternsError(f"{where}: an entry needs at least {MIN_CHARS} letters or digits")
    return _SPACE.sub(" ", text.strip())


def check_deny(entries: Iterable[Any], where: Sequence[str] | None = None) -> list[dict[str, str]]:
    """Deny entries ``{"label", "kind"?, "text"}`` checked (label from ``labels.py``)."""
    out = []
    for i, entry in enumerate(entries):
        at = where[i] if where is not None else f"deny entry {i + 1}"
        if not isinstance(entry, dict) or set(entry) - {"label", "kind", "text"}:
            raise PatternsError(f"{at}: a deny entry is {{'label', 'kind' (IDs), 'text'}}")
        label, kind = check_label(entry.get("label"), entry.get("kind"), at)
        out.append({"label": label, "kind": kind, "text": _entry(entry.get("text"), at)})
    return out


def check_allow(entries: Iterable[Any], where: Sequence[str] | None = None) -> list[str]:
    """Allow entries (strings) checked."""
    return [
        _entry(entry, where[i] if where is not None else f"allow entry {i + 1}")
        for i, entry in enumerate(entries)
    ]


def _split_label(value: str, where: str) -> tuple[str, str]:
    label, _, kind = value.strip().partition("/")
    return check_label(label.upper(), kind.upper(), where)


@registry.readers("spacy_deid.read_deny_list.v1")
def read_deny_list(path: str | Path) -> list[dict[str, str]]:
    """The entries of a deny-list file (see the module docstring; errors name the line)."""
    entries: list[dict[str, str]] = []
    where: list[str] = []
    current: tuple[str, str] | None = None
    for number, line in numbered_lines(path):
        at = f"line {number}"
        header = _HEADER.match(line.strip())
        if header:
            current = _split_label(header.group(1), at)
            continue
        if line.lstrip().startswith("#"):
            continue
        if "\t" in line:
            head, _, text = line.partition("\t")
            label, kind = _split_label(head, at)
        elif current is None:
            raise PatternsError(f"{at}: no label (start with '# label: PERSON' or write LABEL<TAB>text)")
        else:
            (label, kind), text = current, line
        entries.append({"label": label, "kind": kind, "text": text})
        where.append(at)
    return check_deny(entries, where)


@registry.readers("spacy_deid.read_allow_list.v1")
def read_allow_list(path: str | Path) -> list[str]:
    """The entries of an allow-list file (one string a line; errors name the line)."""
    entries, where = [], []
    for number, line in numbered_lines(path):
        if not line.lstrip().startswith("#"):
            entries.append(line)
            where.append(f"line {number}")
    return check_allow(entries, where)


class TermMatcher:
    """Finds the entries of a list in a view (``view(text)``), Thai-safe, case-insensitive."""

    def __init__(self, texts: Sequence[str]) -> None:
        keys: dict[str, int] = {}
        for i, text in enumerate(texts):
            keys.setdefault(_SPACE.sub(" ", view(text).lower()), i)  # the first entry of equal ones
        self.index = keys
        groups: dict[tuple[bool, bool], list[str]] = {}
        for key in keys:
            groups.setdefault((bool(_EDGE.match(key[0])), bool(_EDGE.match(key[-1]))), []).append(key)
        self.regexes = []
        for (latin_start, latin_end), words in groups.items():
            body = one_of(words).replace("\\ ", r"\s+")  # one_of escapes a space as "\ "
            head = r"(?<![A-Za-z0-9])" if latin_start else f"(?<![{_THAI_BEFORE}])"
            tail = r"(?![A-Za-z0-9])" if latin_end else f"(?![{_THAI_AFTER}])"
            self.regexes.append(re.compile(f"{head}(?:{body}){tail}", re.IGNORECASE))

    def __bool__(self) -> bool:
        return bool(self.index)

    def find(self, text: str) -> Iterator[tuple[int, int, int]]:
        """``(start, end, entry index)`` of each match in the view ``text``."""
        for regex in self.regexes:
            for match in regex.finditer(text):
                key = _SPACE.sub(" ", match.group().lower())
                yield match.start(), match.end(), self.index.get(key, 0)

    def find_original(self, text: str) -> list[tuple[int, int]]:
        """Original ranges of ``text`` that the entries match (through the normalised view)."""
        if not self.index:
            return []
        norm = normalize(text)
        return sorted(norm.span(a, b) for a, b, _ in self.find(to_arabic_digits(norm.text)))
