"""Helpers for the pattern tables: «…» marks an expected span in a row's text."""
import re
from collections.abc import Callable

import pytest

from spacy_deid.patterns import PatternEngine

_MARK = re.compile(r"«([^»]*)»")


def parse_marked(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The plain text and the character extents of its «marked» parts."""
    text, extents, last, shift = [], [], 0, 0
    for m in _MARK.finditer(marked):
        text.append(marked[last : m.start()])
        start = m.start() - shift
        extents.append((start, start + len(m.group(1))))
        text.append(m.group(1))
        shift += 2
        last = m.end()
    text.append(marked[last:])
    return "".join(text), extents


@pytest.fixture(scope="session")
def engine() -> PatternEngine:
    return PatternEngine()


@pytest.fixture(scope="session")
def check_positive(engine) -> Callable[[str, str, str], None]:
    """Findings with ``label`` are exactly the marked extents, each with ``kind``."""

    def check(marked: str, label: str, kind: str = "", recognizers=None) -> None:
        """``recognizers``: only findings of these rows count (others may add spans)."""
        text, expected = parse_marked(marked)
        found = [
            f for f in engine.find(text)
            if f.label == label and (recognizers is None or f.recognizer in recognizers)
        ]
        extents: set[tuple[int, int]] = {(f.start, f.end) for f in found}
        assert extents == set(expected), [(f.start, f.end, f.recognizer) for f in found]
        for start, end in expected:
            kinds = {f.kind for f in found if (f.start, f.end) == (start, end)}
            assert kind in kinds, kinds

    return check


@pytest.fixture(scope="session")
def check_negative(engine) -> Callable[[str, str], None]:
    """No finding with ``label`` (any label when ``label`` is None)."""

    def check(text: str, label=None) -> None:
        found = [f for f in engine.find(text) if label is None or f.label == label]
        assert not found, [(f.start, f.end, f.label, f.recognizer) for f in found]

    return check
