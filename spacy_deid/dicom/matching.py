"""Find the header's own PHI values in OCR text: name parts, IDs, other removed text, and
dates written in any common format (numeric in every field order, with 2- or 4-digit and
Buddhist-era years, English and Thai month names).

Both sides are compared in a normal form: case folded, every character that is not a letter
or digit dropped (so separators and spacing do not matter), and the characters OCR mistakes
for one another in small print written as one (0 o q 6 8 9 b; 1 i l 7; 5 s; 2 z). Needles of
6 or more characters may also differ in a quarter of their characters.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import numpy as np

from ..anonymizer.dates import BE_OFFSET, MONTH_STYLES
from .header import HeaderValues

# characters small print makes OCR mistake for one another, written as one class
_CONFUSED = str.maketrans({"o": "0", "q": "0", "6": "0", "8": "0", "9": "0", "b": "0",
                           "i": "1", "l": "1", "7": "1", "|": "1", "s": "5", "z": "2"})
_PN_SPLIT = re.compile(r"[\^=\s,.]+")
MIN_SUBSTRING = 3  # shorter needles match whole tokens only
FUZZY_FROM = 6  # needles this long may differ in a quarter of their characters


def normal(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum()).translate(_CONFUSED)


def normal_map(text: str) -> tuple[str, list[int]]:
    """The normal form of ``text`` and, per character of it, its index in ``text``."""
    chars, index = [], []
    for i, ch in enumerate(text):
        for c in ch.casefold():
            if c.isalnum():
                chars.append(c.translate(_CONFUSED))
                index.append(i)
    return "".join(chars), index


def date_forms(date: dt.date) -> set[str]:
    """The normal forms of ``date`` as people and devices write it."""
    d, m = date.day, date.month
    forms = set()
    for year in (date.year, date.year + BE_OFFSET):
        y4, y2 = f"{year:04d}", f"{year % 100:02d}"
        for dd, mm in ((f"{d:02d}", f"{m:02d}"), (str(d), str(m))):
            for y in (y4, y2):
                forms |= {dd + mm + y, mm + dd + y, y + mm + dd}
        for names in MONTH_STYLES.values():
            name = names[m - 1]
            for dd in (f"{d:02d}", str(d)):
                forms |= {dd + name + y4, name + dd + y4, dd + name + y2, y4 + name + dd}
    return {normal(f) for f in forms}


def needles(values: HeaderValues) -> set[str]:
    """Normal forms to look for (digits-only forms shorter than 6 are left out: they would
    match any number)."""
    out: set[str] = set()
    for name in values.names:
        for component in name.split("=")[:3]:  # alphabetic, ideographic, phonetic groups
            for part in _PN_SPLIT.split("^".join(component.split("^")[:3])):
                out.add(normal(part))
    for value in values.ids:
        out.add(normal(value))
        out |= {normal(p) for p in re.split(r"[^0-9A-Za-z]+", value) if len(p) >= 4}
    for value in values.texts:
        out.add(normal(value))
        out |= {normal(p) for p in value.split() if len(p) >= 4}
    for date in values.dates:
        out |= date_forms(date)
    return {n for n in out if len(n) >= 2 and not (n.isdigit() and len(n) < 6)}


def find(text: str, tokens: Iterable[tuple[int, int]], wanted: set[str]) -> list[tuple[int, int]]:
    """Character ranges of ``text`` where a needle occurs: a short one (< 3) as a whole
    token (``tokens``: ``(start, end)`` pairs), a longer one anywhere in the normal form, and
    one of 6 or more characters also with up to a quarter of its characters misread
    (OCR reads 0 as 6 or 8 in small print)."""
    stream, index = normal_map(text)
    found = []
    if stream:
        codes = np.array([ord(c) for c in stream], dtype=np.int32)
        by_length: dict[int, list[str]] = {}
        for needle in wanted:
            if MIN_SUBSTRING <= len(needle) <= len(stream):
                by_length.setdefault(len(needle), []).append(needle)
        for length, group in by_length.items():
            windows = np.lib.stride_tricks.sliding_window_view(codes, length)
            slack = length // 4 if length >= FUZZY_FROM else 0
            for needle in group:
                target = np.array([ord(c) for c in needle], dtype=np.int32)
                for start in np.flatnonzero((windows != target).sum(axis=1) <= slack):
                    found.append((index[start], index[start + length - 1] + 1))
    short = {n for n in wanted if len(n) < MIN_SUBSTRING}
    if short:
        found += [(s, e) for s, e in tokens if normal(text[s:e]) in short]
    return sorted(set(found))
