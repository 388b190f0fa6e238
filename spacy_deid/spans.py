"""Character spans → spaCy spans, aligned by expanding to token boundaries."""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.tokens.underscore import Underscore
from spacy.util import filter_spans

from .labels import LABELS


def expand_span(
    doc: Doc, start: int, end: int, label: str, kb_id: str = ""
) -> Span | None:
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


def record_to_doc(
    nlp: Language, record: dict, stats: Counter, labels: Collection[str] | None = None
) -> Doc:
    """A Doc of ``record["text"]`` with its spans (of ``labels``, default all) as ``doc.ents``."""
    doc = nlp.make_doc(record["text"])
    spans = []
    for start, end, label, *rest in record["spans"]:
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} (labels: {', '.join(LABELS)})")
        if labels is not None and label not in labels:
            stats["other_label"] += 1
            continue
        kind = rest[0] if rest and rest[0] else ""
        span = expand_span(doc, start, end, label, kb_id=kind)
        stats["spans"] += 1
        if span is None:
            stats["blank"] += 1
            continue
        text = doc.text
        core = (len(text[start:end]) - len(text[start:end].lstrip()), len(text[start:end].rstrip()))
        if (span.start_char, span.end_char) != (start + core[0], start + core[1]):
            stats["expanded"] += 1
        spans.append(span)
    kept = filter_spans(spans)
    stats["overlap_dropped"] += len(spans) - len(kept)
    doc.ents = kept
    stats["docs"] += 1
    return doc


def split_tokens_at(doc: Doc, offsets: Iterable[int]) -> None:
    """Split every token that a character offset of ``offsets`` falls strictly inside.

    Each piece gets the token's extension values (an OCR token's page and box go to every
    piece, so a redaction box still covers the whole token); span groups already on the
    Doc keep their character extents.
    """
    starts = [token.idx for token in doc]
    cuts: dict[int, set[int]] = {}
    for offset in offsets:
        i = bisect_right(starts, offset) - 1
        if i >= 0 and starts[i] < offset < starts[i] + len(doc[i]):
            cuts.setdefault(i, set()).add(offset - starts[i])
    if not cuts:
        return
    groups = {
        name: ([(s.start_char, s.end_char, s.label, s.kb_id, s.id) for s in group], dict(group.attrs))
        for name, group in doc.spans.items()
    }
    names = [
        name for name, (_, method, getter, _) in Underscore.token_extensions.items()
        if method is None and getter is None
    ]
    with doc.retokenize() as retokenizer:
        for i, at in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(at), len(token)]
            orths = [token.text[a:b] for a, b in pairwise(bounds)]
            values = {name: token._.get(name) for name in names if token._.get(name) is not None}
            retokenizer.split(
                token, orths, heads=[(token, 0)] * len(orths),
                attrs={"_": [dict(values) for _ in orths]} if values else {},
            )
    for name, (spans, attrs) in groups.items():
        group = SpanGroup(doc, name=name, spans=[
            _exact(doc, a, b, label, kb_id, span_id) for a, b, label, kb_id, span_id in spans
        ])
        group.attrs.update(attrs)
        doc.spans[name] = group


def _exact(doc: Doc, start: int, end: int, label: int, kb_id: int, span_id: int) -> Span:
    span = doc.char_span(start, end)
    assert span is not None  # splitting only adds token boundaries
    return Span(doc, span.start, span.end, label=label, kb_id=kb_id, span_id=span_id)
