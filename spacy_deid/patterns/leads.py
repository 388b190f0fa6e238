"""The literal prefixes every match of a regex starts with, read from its parse tree.

A speed hint for the engine's shared scans: where none of a row's leads starts, the row
cannot match, so ``re`` does not try it there. Leads are worked out, never written by
hand, and always cover every match: zero-width assertions are skipped (a superset), and
anything whose first characters cannot be listed in a few hundred strings (a wide
character class, ``\\d``, ``*``, a repeat shorter than the lead, case-insensitive or
scoped flags, backreferences) gives no leads at all.

The parse tree comes from ``re``'s private parser (``re._parser``, ``sre_parse`` before
3.11). Where it is missing, or no longer gives the known leads of a few probe patterns
(checked once, on first use), every pattern gets no leads: the engine then scans
without them, slower, with the same findings.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from types import ModuleType

logger = logging.getLogger(__name__)


def _private_parser() -> tuple[ModuleType, ModuleType] | None:
    """``re``'s parser and its constants: private modules, absent or changed in some Python."""
    try:  # Python 3.11+
        from re import _constants as sre  # type: ignore[attr-defined]
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:
        try:  # Python 3.10
            import sre_constants as sre  # type: ignore[no-redef, unused-ignore]
            import sre_parse  # type: ignore[no-redef, unused-ignore]
        except ImportError:
            return None
    return sre, sre_parse


_PARSER = _private_parser()
try:
    sre, sre_parse = _PARSER  # type: ignore[misc]
    _ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)
    _REPEATS = tuple(getattr(sre, op) for op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(sre, op))
    _ATOMIC_GROUP = getattr(sre, "ATOMIC_GROUP", None)  # Python 3.11+
except (TypeError, AttributeError):  # no parser, or one without these names
    _PARSER = None
_WIDEST_CLASS = 64  # characters a class may hold and still be listed
# Errors a parse tree of another shape would raise while it is walked.
_SHAPE_ERRORS = (AttributeError, TypeError, ValueError, IndexError, KeyError)


class _Unlisted(Exception):
    """The prefixes cannot be listed."""


def literal_leads(pattern: str, length: int = 2, limit: int = 400) -> frozenset[str] | None:
    """Strings of ``length`` characters (shorter where a match may end sooner) that every
    match of ``pattern`` starts with; None when they cannot be listed in ``limit``."""
    if not parser_works():
        return None
    try:
        return _leads(pattern, length, limit)
    except _SHAPE_ERRORS:  # a construct the probes do not show, read by a changed parser
        return None


def _leads(pattern: str, length: int, limit: int) -> frozenset[str] | None:
    try:
        parsed = sre_parse.parse(pattern)
        if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:  # a global (?i): "ab" also matches "AB"
            return None
        return frozenset(_prefixes(parsed, length, limit))
    except _Unlisted:
        return None


# Probe patterns and their leads: the parser is used only while it gives these.
_PROBES: dict[str, frozenset[str] | None] = {
    "ab|cd": frozenset({"ab", "cd"}),
    "(?<![a-z])x?yz": frozenset({"xy", "yz"}),
    "[a-c]d": frozenset({"ad", "bd", "cd"}),
    "(?=q)a(?:b|)c": frozenset({"ab", "ac"}),
    "(?:ab){2}c": frozenset({"ab"}),
    r"\d+": None,
    "(?i:ab)": None,
    "a*b": None,
    r"(a)\1": None,
}
_WORKS: bool | None = None


def parser_works() -> bool:
    """Whether ``re``'s private parser is there and reads the probe patterns as expected."""
    global _WORKS
    if _WORKS is None:
        try:
            _WORKS = _PARSER is not None and all(
                _leads(pattern, 2, 400) == leads for pattern, leads in _PROBES.items()
            )
        except Exception:  # whatever a changed parser raises, it is not used
            _WORKS = False
        if not _WORKS:
            logger.info("re's private parser is missing or changed: pattern rows scan without leads")
    return _WORKS


def _class_chars(items: Iterable[tuple]) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _WIDEST_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # a negated class, a category (\d, \s, \w) or a wide range
            raise _Unlisted
    return chars


def _prefixes(items: Iterable[tuple], length: int, limit: int) -> set[str]:
    """Prefixes (up to ``length``) of what the sequence ``items`` can match."""
    found = {""}
    for op, av in items:
        if all(len(p) >= length for p in found):
            break
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            options = {chr(av)}
        elif op is sre.IN:
            options = _class_chars(av)
        elif op is sre.SUBPATTERN:
            if av[1] or av[2]:  # scoped flags such as (?i:...)
                raise _Unlisted
            options = _prefixes(av[3], length, limit)
        elif op is _ATOMIC_GROUP:
            options = _prefixes(av, length, limit)
        elif op is sre.BRANCH:
            options = set().union(*(_prefixes(branch, length, limit) for branch in av[1]))
        elif op in _REPEATS and av[1] == 1:  # x? or x{1}
            options = _prefixes(av[2], length, limit) | ({""} if av[0] == 0 else set())
        elif op in _REPEATS and av[0] >= 1:
            options = _prefixes(av[2], length, limit)
            if any(len(o) < length for o in options):  # a second round could follow
                raise _Unlisted
        else:  # x*, a backreference, any character...
            raise _Unlisted
        found = {p if len(p) >= length else (p + o)[:length] for p in found for o in options}
        if len(found) > limit:
            raise _Unlisted
    return found
