"""Character spans → spaCy spans, aligned by expanding to token boundaries."""
from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Tuple

from spacy.tokens import Doc, Span, SpanGroup


def expand_span(
    doc: Doc, start: int, end: int, label: str, kb_id: str = ""
) -> Optional[Span]:
    """A span covering every token that overlaps ``doc.text[start:end]``.

    Partly covered tokens are covered whole (never shrink). Leading/trailing
    whitespace-only tokens are trimmed. Returns None for an empty or blank range.
    """
    span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
    if span is None:
        return None
    first, last = span.start, span.end
    while first < last and doc[first].is_space:
        first += 1
    while last > first and doc[last - 1].is_space:
        last -= 1
    if first == last:
        return None
    return Span(doc, first, last, label=label, kb_id=kb_id)


def make_group(
    doc: Doc,
    name: str,
    spans: Sequence[Span],
    scores: Sequence[float],
    **attrs: list,
) -> SpanGroup:
    """A SpanGroup with spancat-style ``attrs["scores"]`` plus extra parallel lists."""
    group = SpanGroup(doc, name=name, spans=list(spans))
    group.attrs["scores"] = [float(s) for s in scores]
    for key, values in attrs.items():
        group.attrs[key] = list(values)
    return group


def char_offsets(spans: Iterable[Span]) -> List[Tuple[int, int, str]]:
    """``(start_char, end_char, label)`` for each span."""
    return [(s.start_char, s.end_char, s.label_) for s in spans]
