"""Merge the spans of several sources into one non-overlapping list.

Rules (each tested in tests/anonymizer/test_merge.py):
1. A span scoring below its source's threshold (``source/LABEL``, else ``source``) is
   dropped, and so is a span without a letter or digit outside markup tags (punctuation
   and tags are never PHI), a URL without ``.``, ``/`` or ``:`` and an EMAIL without ``@``
   or a spelled-out "at" (a bare word such as a tag name is neither).
2. Overlapping spans (from any sources) form a cluster; its winner is chosen by source
   priority (order of ``sources``), then score, then length.
3. Coverage never shrinks: the merged span is the union of the cluster with the winner's
   label and kind.
4. Adjacent spans of the same label and kind separated by nothing or by spaces/tabs
   (no line break) merge into one.

Rules 2 and 3 are ``spacy_deid.overlaps.resolve_overlaps``, shared with deid_transformer_ner.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from ..markup import TAG
from ..overlaps import Candidate, resolve_overlaps

__all__ = [
    "Candidate", "MissingSourceError", "collect", "has_content", "has_shape", "merge", "merge_adjacent"
]

# what a URL or an e-mail address cannot do without (obfuscated "name at host" included)
SHAPES = {
    "URL": re.compile(r"[./:]"),
    "EMAIL": re.compile(r"@|＠|[\[(]\s*at\s*[\])]|(?<![a-z])at(?![a-z])|แอท", re.IGNORECASE),
}


class MissingSourceError(ValueError):
    """A configured source is absent from the Doc."""


def source_error(name: str, source: str, reason: str) -> MissingSourceError:
    fix = (
        "add spaCy's 'ner' (or another component that sets doc.ents)"
        if source == "ents"
        else f"add the component that writes doc.spans[{source!r}]"
    )
    return MissingSourceError(
        f"{name}: configured source {source!r} is missing from the Doc ({reason}). "
        f"Either {fix} before {name!r} in the pipeline, or remove {source!r} from "
        f"`sources` in [components.{name}]. A missing detector is never treated as 'no PHI'."
    )


def has_content(text: str) -> bool:
    """Whether ``text`` has a letter or digit outside markup tags (else it is never PHI)."""
    if "<" in text:
        text = TAG.sub("", text)
    return any(ch.isalnum() for ch in text)


def has_shape(label: str, text: str) -> bool:
    """Whether a span of ``label`` has what such a value cannot do without (URL, EMAIL)."""
    shape = SHAPES.get(label)
    return shape is None or shape.search(text) is not None


def collect(
    doc: Doc, sources: Sequence[str], thresholds: dict[str, float], name: str
) -> list[Candidate]:
    """Candidates of every source above its threshold; a missing source raises."""
    out: list[Candidate] = []
    for rank, source in enumerate(sources):
        if source == "ents":
            if len(doc) and not doc.has_annotation("ENT_IOB"):
                raise source_error(name, source, "no entity annotation was set")
            spans: Sequence[Span] = doc.ents
            scores: Sequence[float] = [1.0] * len(spans)
            recognizers: Sequence[str] = [source] * len(spans)
        else:
            if source not in doc.spans:
                raise source_error(name, source, f"no span group {source!r}")
            group = doc.spans[source]
            spans = list(group)
            scores = group.attrs.get("scores", [1.0] * len(spans))
            recognizers = group.attrs.get("recognizers", [source] * len(spans))
            if len(scores) != len(spans) or len(recognizers) != len(spans):
                raise ValueError(
                    f"{name}: doc.spans[{source!r}] has {len(spans)} spans but "
                    f"{len(scores)} scores and {len(recognizers)} recognizers."
                )
        for span, score, recognizer in zip(spans, scores, recognizers, strict=True):
            threshold = thresholds.get(f"{source}/{span.label_}", thresholds.get(source, 0.0))
            text = span.text
            if float(score) >= threshold and has_content(text) and has_shape(span.label_, text):
                out.append(
                    Candidate(
                        span.start, span.end, span.label_, span.kb_id_, float(score),
                        source, rank, str(recognizer),
                    )
                )
    return out


def merge_adjacent(doc: Doc, spans: Sequence[Candidate]) -> list[Candidate]:
    """Join neighbours of the same label and kind split by nothing or by spaces/tabs."""
    out: list[Candidate] = []
    for cand in spans:
        if out and _joinable(doc, out[-1], cand):
            prev = out[-1]
            sources = prev.source.split("+")
            source = prev.source if cand.source in sources else f"{prev.source}+{cand.source}"
            out[-1] = prev._replace(
                end=cand.end,
                score=max(prev.score, cand.score),
                source=source,
                rank=min(prev.rank, cand.rank),
            )
        else:
            out.append(cand)
    return out


def _joinable(doc: Doc, a: Candidate, b: Candidate) -> bool:
    if (a.label, a.kind) != (b.label, b.kind):
        return False
    gap = doc[a.end - 1 : b.start].text_with_ws[len(doc[a.end - 1]) :]
    return gap.strip(" \t\u00a0\u200b") == ""


def merge(
    doc: Doc,
    sources: Sequence[str],
    thresholds: dict[str, float],
    adjacent: bool,
    name: str,
) -> list[Candidate]:
    """The merged, sorted, non-overlapping spans of ``doc``."""
    spans = resolve_overlaps(collect(doc, sources, thresholds, name))
    return merge_adjacent(doc, spans) if adjacent else spans
