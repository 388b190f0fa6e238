"""The de-identification view of evaluation, shared by every evaluation and benchmark.

Besides entity P/R/F (exact boundaries, per label and unlabeled) it reports what
matters for privacy:

- ``phi_char_recall``: share of the gold PHI's non-whitespace characters covered by
  any predicted span, whatever its label;
- ``leaked_entities``: share of gold entities less than half covered (non-whitespace
  characters);
- ``over_redaction``: share of the non-PHI non-whitespace characters covered.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

Entity = tuple[int, int, str]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f}


@dataclass
class DeidScorer:
    """Accumulates gold and predicted spans over documents; ``result()`` gives metrics."""

    leak_threshold: float = 0.5
    phi_chars: int = 0
    phi_covered: int = 0
    other_chars: int = 0
    other_covered: int = 0
    gold_entities: int = 0
    leaked: int = 0
    leaked_per_type: Counter = field(default_factory=Counter)
    gold_per_type: Counter = field(default_factory=Counter)
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    unlabeled: Counter = field(default_factory=Counter)

    def add(
        self,
        text: str,
        gold: Sequence[Entity],
        pred: Sequence[Entity],
        phi: Sequence[Entity] | None = None,
        hidden: Sequence[Entity] | None = None,
    ) -> None:
        """Score one document: gold and predicted ``(start_char, end_char, label)``.

        ``phi``, if given, is the gold for the de-identification view (characters and
        leaks), e.g. the annotators' exact character spans while ``gold`` holds the same
        entities aligned to tokens for entity P/R/F; by default both are ``gold``.
        ``hidden``, if given, is what the output actually hides (the anonymizer's items),
        used for the de-identification view instead of ``pred``.
        """
        phi = gold if phi is None else phi
        covered = bytearray(len(text))
        for start, end, _ in pred if hidden is None else hidden:
            covered[start:end] = b"\x01" * (end - start)
        is_phi = bytearray(len(text))
        for start, end, _ in phi:
            is_phi[start:end] = b"\x01" * (end - start)
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            if is_phi[i]:
                self.phi_chars += 1
                self.phi_covered += covered[i]
            else:
                self.other_chars += 1
                self.other_covered += covered[i]
        for start, end, label in phi:
            chars = [i for i in range(start, end) if not text[i].isspace()]
            if not chars:
                continue
            self.gold_entities += 1
            self.gold_per_type[label] += 1
            share = sum(covered[i] for i in chars) / len(chars)
            if share < self.leak_threshold:
                self.leaked += 1
                self.leaked_per_type[label] += 1
        gold_set, pred_set = set(gold), set(pred)
        for ent in pred_set:
            self.tp[ent[2]] += ent in gold_set
            self.fp[ent[2]] += ent not in gold_set
        for ent in gold_set - pred_set:
            self.fn[ent[2]] += 1
        gold_bounds = {(s, e) for s, e, _ in gold_set}
        pred_bounds = {(s, e) for s, e, _ in pred_set}
        self.unlabeled["tp"] += len(gold_bounds & pred_bounds)
        self.unlabeled["fp"] += len(pred_bounds - gold_bounds)
        self.unlabeled["fn"] += len(gold_bounds - pred_bounds)

    def result(self) -> dict[str, object]:
        """All metrics as a JSON-able dict."""
        labels = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        total = _prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))
        unlabeled = _prf(self.unlabeled["tp"], self.unlabeled["fp"], self.unlabeled["fn"])
        return {
            "phi_char_recall": self.phi_covered / self.phi_chars if self.phi_chars else 1.0,
            "leaked_entities": self.leaked / self.gold_entities if self.gold_entities else 0.0,
            "leaked_count": self.leaked,
            "gold_entities": self.gold_entities,
            "over_redaction": self.other_covered / self.other_chars if self.other_chars else 0.0,
            "ents_p": total["p"],
            "ents_r": total["r"],
            "ents_f": total["f"],
            "unlabeled_p": unlabeled["p"],
            "unlabeled_r": unlabeled["r"],
            "unlabeled_f": unlabeled["f"],
            "ents_per_type": {
                label: {
                    **_prf(self.tp[label], self.fp[label], self.fn[label]),
                    "support": self.gold_per_type[label],
                    "leaked": self.leaked_per_type[label],
                }
                for label in labels
            },
        }
