"""Candidate spans and the one rule that resolves their overlaps.

Used by ``deid_anonymizer`` (spans of several sources) and ``deid_transformer_ner``
(the model's decoded pieces, one source). Each cluster of overlapping candidates
becomes one span: the winner's label, kind and score, grown to the cluster's union
(coverage never shrinks). The winner is the best by source rank, then score, then
length; the earliest wins remaining ties.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Candidate(NamedTuple):
    """One span from one source, in token offsets."""

    start: int
    end: int
    label: str
    kind: str
    score: float
    source: str = ""
    rank: int = 0  # index of the source in the priority order
    recognizer: str = ""

    def priority(self) -> tuple[int, float, int]:
        """Sort key: lower is better (rank, then higher score, then longer)."""
        return (self.rank, -self.score, -(self.end - self.start))


def resolve_overlaps(candidates: Sequence[Candidate]) -> list[Candidate]:
    """One candidate per cluster of overlapping ones: the winner, grown to the union."""
    merged: list[Candidate] = []
    cluster: list[Candidate] = []
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
