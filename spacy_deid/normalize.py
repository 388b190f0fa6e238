"""A normalised view of a text, with every character mapped back to the original.

Detectors look at the view; what they find is redacted on the original characters.
The view:

* drops invisible characters that split a word or number without showing: zero-width
  space/joiners, word joiner, byte-order mark and soft hyphen (``INVISIBLE``);
* applies NFKC (full-width ``０８１`` → ``081``, ligatures ``ﬁ`` → ``fi``, no-break
  space → space) per *unit*: a character with the combining marks that follow it;
* writes decimal digits of other scripts as ASCII ones (Arabic-Indic ``٠٨١`` → ``081``,
  which NFKC keeps), so that a number is one run of ``[0-9]`` whatever its script.
  This equals NFKC of the whole text except where two base characters compose
  (conjoining Hangul jamo, a few Indic vowel signs), which stay apart. Units with a Thai
  character are never changed: NFKC would split SARA AM (``ำ`` → ``ํา``) and break Thai
  words (Thai digits are Thai units too: ``text.to_arabic_digits`` maps them, length for
  length).

Every character of the view comes from one unit of the original; ``span`` maps a range
of the view to the original range, which includes the invisible characters inside it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
# ASCII and Thai never change; anything else may (the slow path looks at it).
_MAY_CHANGE = re.compile(r"[^\x00-\x7f\u0e00-\u0e7f]+")
_THAI = re.compile("[\u0e00-\u0e7f]")


class Normalized:
    """The view ``text`` of ``original``; ``starts[i]:ends[i]`` is the original range
    that character ``i`` of the view comes from (None: the view is the original)."""

    __slots__ = ("changes", "ends", "original", "starts", "text")

    def __init__(
        self,
        original: str,
        text: str,
        starts: Sequence[int] | None = None,
        ends: Sequence[int] | None = None,
        changes: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.original = original
        self.text = text
        self.starts = starts
        self.ends = ends
        self.changes = tuple(changes)  # original ranges of the units that changed, in order

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original range of ``text[start:end]`` (``start < end``)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _unit_text(unit: str) -> str:
    """A unit without its invisible characters, NFKC-normalised with ASCII digits unless
    it holds Thai."""
    kept = "".join(ch for ch in unit if ch not in INVISIBLE)
    if _THAI.search(kept):
        return kept
    new = unicodedata.normalize("NFKC", kept)
    if not new.isascii():
        new = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in new)
    return new


def _attaches(ch: str) -> bool:
    """Whether ``ch`` belongs to the unit before it (a combining mark or invisible)."""
    return ch in INVISIBLE or unicodedata.combining(ch) != 0


def _units(text: str) -> list[tuple[int, int]]:
    """The ranges of the units that may change: each run of characters that are neither
    ASCII nor Thai cut into units, a leading mark joined to the character before it."""
    units: list[tuple[int, int]] = []
    for run in _MAY_CHANGE.finditer(text):
        a, b = run.span()
        start = a - 1 if a > 0 and _attaches(text[a]) else a
        for i in range(a + 1, b):
            if not _attaches(text[i]):
                units.append((start, i))
                start = i
        units.append((start, b))
    return units


def normalize(text: str) -> Normalized:
    """The normalised view of ``text`` (see the module docstring)."""
    if not _MAY_CHANGE.search(text):
        return Normalized(text, text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    changes: list[tuple[int, int]] = []
    done = 0
    for a, b in _units(text):
        unit = text[a:b]
        new = _unit_text(unit)
        if new == unit:
            continue
        pieces.append(text[done:a])
        starts.extend(range(done, a))
        ends.extend(range(done + 1, a + 1))
        pieces.append(new)
        starts.extend([a] * len(new))
        ends.extend([b] * len(new))
        changes.append((a, b))
        done = b
    if not changes:
        return Normalized(text, text)
    pieces.append(text[done:])
    starts.extend(range(done, len(text)))
    ends.extend(range(done + 1, len(text) + 1))
    return Normalized(text, "".join(pieces), starts, ends, changes)
