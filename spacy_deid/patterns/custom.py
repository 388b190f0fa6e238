"""Recognizers users add to ``deid_patterns``: regex rows and spaCy token patterns.

One JSON object a line (see docs/patterns.md, "Your own recognizers"):

* a regex row: ``{"label", "regex", "kind"?, "score"?, "context"?, "context_required"?,
  "validator"?, "ignore_case"?, "name"?}``; it runs on the normalised view like the built-in
  rows (Thai digits read as ASCII ones); the finding is the group ``value`` if there is one;
* a token pattern: ``{"label", "pattern": [...], "kind"?, "score"?, "name"?}`` in spaCy
  Matcher syntax, matched on the Doc's tokens as they are.

Errors name the line (or the entry's position) and the field, never a value from it: a
pattern or a list entry may hold PHI.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.schemas import validate_token_pattern
from spacy.util import registry

from ..labels import ID_KINDS, LABELS
from .rows import Recognizer
from .validators import VALIDATORS

DEFAULT_SCORE = 0.85
VALIDATOR_ALIASES = {"thai_id": "thai_national_id"}
_REGEX_KEYS = frozenset(
    {"label", "kind", "regex", "score", "context", "context_required", "validator", "ignore_case", "name"}
)
_TOKEN_KEYS = frozenset({"label", "kind", "pattern", "score", "name"})
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,63}")


class PatternsError(ValueError):
    """A custom recognizer or list entry that cannot be used (the message holds no value of it)."""


@dataclass(frozen=True)
class TokenRow:
    """A spaCy token pattern and what its matches are."""

    name: str
    label: str
    kind: str
    pattern: tuple[dict[str, Any], ...]
    score: float


def check_label(label: Any, kind: Any, where: str) -> tuple[str, str]:
    """``(label, kind)`` checked against ``labels.py``; an ID without a kind is OTHER_ID."""
    if label not in LABELS:
        raise PatternsError(f"{where}: unknown or missing label; use one of {', '.join(LABELS)}")
    if label == "ID":
        kind = kind or "OTHER_ID"
        if kind not in ID_KINDS:
            raise PatternsError(f"{where}: unknown kind; an ID's kind is one of {', '.join(ID_KINDS)}")
        return label, kind
    if kind:
        raise PatternsError(f"{where}: only label ID takes a kind")
    return label, ""


def _score(entry: dict[str, Any], where: str) -> float:
    score = entry.get("score", DEFAULT_SCORE)
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 < score <= 1:
        raise PatternsError(f"{where}: score must be a number in (0, 1]")
    return float(score)


def _name(entry: dict[str, Any], where: str, default: str) -> str:
    name = entry.get("name", default)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise PatternsError(f"{where}: name must be a letter then up to 63 letters, digits, _ . -")
    return name


def parse_pattern(entry: Any, where: str, default_name: str) -> Recognizer | TokenRow:
    """One entry as a :class:`Recognizer` (regex row) or a :class:`TokenRow`."""
    if not isinstance(entry, dict):
        raise PatternsError(f"{where}: not a JSON object")
    if ("regex" in entry) == ("pattern" in entry):
        raise PatternsError(f"{where}: give either 'regex' (a regex row) or 'pattern' (token pattern)")
    allowed = _REGEX_KEYS if "regex" in entry else _TOKEN_KEYS
    if set(entry) - allowed:
        raise PatternsError(f"{where}: unknown field(s); the fields are {', '.join(sorted(allowed))}")
    label, kind = check_label(entry.get("label"), entry.get("kind"), where)
    score, name = _score(entry, where), _name(entry, where, default_name)
    if "pattern" in entry:
        pattern = entry["pattern"]
        if not isinstance(pattern, list) or not pattern or validate_token_pattern(pattern):
            raise PatternsError(
                f"{where}: 'pattern' is not a valid spaCy token pattern (a non-empty list of "
                "token dicts, https://spacy.io/usage/rule-based-matching)"
            )
        return TokenRow(name, label, kind, tuple(pattern), score)
    regex, ignore_case = entry["regex"], entry.get("ignore_case", False)
    if not isinstance(ignore_case, bool):
        raise PatternsError(f"{where}: ignore_case must be true or false")
    if not isinstance(regex, str) or not regex:
        raise PatternsError(f"{where}: regex must be a non-empty string")
    try:
        compiled = re.compile(regex, re.IGNORECASE if ignore_case else 0)
    except re.error as error:  # its message names the problem and position, not the text
        raise PatternsError(f"{where}: regex does not compile ({error.msg} at position {error.pos})") from None
    if compiled.fullmatch(""):
        raise PatternsError(f"{where}: regex matches the empty string")
    context = entry.get("context", [])
    if not isinstance(context, list) or not all(isinstance(w, str) and w.strip() for w in context):
        raise PatternsError(f"{where}: context must be a list of non-empty strings")
    required = entry.get("context_required", False)
    if not isinstance(required, bool) or (required and not context):
        raise PatternsError(f"{where}: context_required must be true or false, and true needs context")
    validator = entry.get("validator")
    if validator is not None:
        validator = VALIDATOR_ALIASES.get(validator, validator)
        if validator not in VALIDATORS:
            raise PatternsError(
                f"{where}: unknown validator; use one of {', '.join([*VALIDATORS, *VALIDATOR_ALIASES])}"
            )
    return Recognizer(
        name, label, regex, score, kind=kind, context=tuple(w.strip() for w in context),
        context_required=required, validator=validator, ignore_case=ignore_case,
    )


def parse_patterns(
    entries: Iterable[Any], taken: Iterable[str] = (), where: Sequence[str] | None = None
) -> tuple[list[Recognizer], list[TokenRow]]:
    """Regex rows and token rows of ``entries``; names are unique and not in ``taken``.

    where: how errors name each entry (default "pattern 1", "pattern 2", ...).
    """
    seen = set(taken)
    regex_rows: list[Recognizer] = []
    token_rows: list[TokenRow] = []
    for i, entry in enumerate(entries):
        at = where[i] if where is not None else f"pattern {i + 1}"
        row = parse_pattern(entry, at, f"custom_{i + 1}")
        if row.name in seen:
            raise PatternsError(f"{at}: the name is already taken (names must be unique)")
        seen.add(row.name)
        (regex_rows if isinstance(row, Recognizer) else token_rows).append(row)  # type: ignore[arg-type]
    return regex_rows, token_rows


def numbered_lines(path: str | Path) -> Iterable[tuple[int, str]]:
    """``(line number, line)`` of a UTF-8 text file, blank lines left out."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PatternsError("the file is not UTF-8 text") from None
    except OSError as error:
        raise PatternsError(f"the file cannot be read ({type(error).__name__})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


@registry.readers("spacy_deid.read_patterns.v1")
def read_patterns(path: str | Path) -> list[dict[str, Any]]:
    """The entries of a JSONL patterns file, each checked (errors name the line)."""
    entries: list[dict[str, Any]] = []
    where: list[str] = []
    for number, line in numbered_lines(path):
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise PatternsError(f"line {number}: not JSON ({error.msg} at column {error.colno})") from None
        where.append(f"line {number}")
    parse_patterns(entries, where=where)
    return entries
