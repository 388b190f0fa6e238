"""Merge the spans of several sources into one non-overlapping list.

Rules (each tested in tests/anonymizer/test_merge.py):
1. A span scoring below its source's threshold (``source/LABEL``, else ``source``) is
   dropped, and so is a span without a letter or digit outside markup tags (punctuation
   and tags are never PHI).
2. Overlapping spans (from any sources) form a cluster; its winner is chosen by source
   priority (order of ``sources``), then score, then length.
3. Coverage never shrinks: the merged span is the union of the cluster with the winner's
   label and kind.
4. Adjacent spans of the same label and kind separated by nothing or by spaces/tabs
   (no line break) merge into one.
"""
from __future__ import annotations

from typing import Dict, List, NamedTuple, Sequence

from spacy.tokens import Doc, Span

from ..markup import TAG



class Candidate(NamedTuple):
    """One span from one source, in token offsets."""

    start: int
    end: int
    label: str
    kind: str
    score: float
    source: str
    rank: int  # index of the source in the priority order
    recognizer: str

    def priority(self) -> tuple:
        return (self.rank, -self.score, -(self.end - self.start))


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


def collect(
    doc: Doc, sources: Sequence[str], thresholds: Dict[str, float], name: str
) -> List[Candidate]:
    """Candidates of every source above its threshold; a missing source raises."""
    out: List[Candidate] = []
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
        for span, score, recognizer in zip(spans, scores, recognizers):
            threshold = thresholds.get(f"{source}/{span.label_}", thresholds.get(source, 0.0))
            if float(score) >= threshold and has_content(span.text):
                out.append(
                    Candidate(
                        span.start, span.end, span.label_, span.kb_id_, float(score),
                        source, rank, str(recognizer),
                    )
                )
    return out


def resolve_overlaps(candidates: Sequence[Candidate]) -> List[Candidate]:
    """One span per cluster of overlapping spans: the winner, grown to the cluster's union."""
    merged: List[Candidate] = []
    cluster: List[Candidate] = []
    end = -1
    for cand in sorted(candidates, key=lambda c: (c.start, c.end)):
        if cluster and cand.start >= end:
            merged.append(_union(cluster))
            cluster = []
        end = max(end, cand.end) if cluster else cand.end
        cluster.append(cand)
    if cluster:
        merged.append(_union(cluster))
    return merged


def _union(cluster: Sequence[Candidate]) -> Candidate:
    if len(cluster) == 1:
        return cluster[0]
    winner = min(cluster, key=Candidate.priority)
    return winner._replace(start=min(c.start for c in cluster), end=max(c.end for c in cluster))


def merge_adjacent(doc: Doc, spans: Sequence[Candidate]) -> List[Candidate]:
    """Join neighbours of the same label and kind split by nothing or by spaces/tabs."""
    out: List[Candidate] = []
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
    thresholds: Dict[str, float],
    adjacent: bool,
    name: str,
) -> List[Candidate]:
    """The merged, sorted, non-overlapping spans of ``doc``."""
    spans = resolve_overlaps(collect(doc, sources, thresholds, name))
    return merge_adjacent(doc, spans) if adjacent else spans
