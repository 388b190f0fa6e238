"""The literal prefixes every match of a regex starts with, read from its parse tree.

A speed hint for the engine's shared scans: where none of a row's leads starts, the row
cannot match, so ``re`` does not try it there. Leads are worked out, never written by
hand, and always cover every match: zero-width assertions are skipped (a superset), and
anything whose first characters cannot be listed in a few hundred strings (a wide
character class, ``\\d``, ``*``, a repeat shorter than the lead, case-insensitive or
scoped flags, backreferences) gives no leads at all.
"""
from typing import FrozenSet, Iterable, Optional, Set, Tuple

try:  # Python 3.11+
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)
_REPEATS = tuple(getattr(sre, op) for op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(sre, op))
_ATOMIC_GROUP = getattr(sre, "ATOMIC_GROUP", None)  # Python 3.11+
_WIDEST_CLASS = 64  # characters a class may hold and still be listed


class _Unlisted(Exception):
    """The prefixes cannot be listed."""


def literal_leads(pattern: str, length: int = 2, limit: int = 400) -> Optional[FrozenSet[str]]:
    """Strings of ``length`` characters (shorter where a match may end sooner) that every
    match of ``pattern`` starts with; None when they cannot be listed in ``limit``."""
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:  # a global (?i): "ab" also matches "AB"
        return None
    try:
        return frozenset(_prefixes(parsed, length, limit))
    except _Unlisted:
        return None


def _class_chars(items: Iterable[Tuple]) -> Set[str]:
    chars: Set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _WIDEST_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # a negated class, a category (\d, \s, \w) or a wide range
            raise _Unlisted
    return chars


def _prefixes(items: Iterable[Tuple], length: int, limit: int) -> Set[str]:
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
