"""``spacy_deid.deid_scorer.v1``: the scorer of every de-identification component.

A component's ``score()`` (and so ``nlp.evaluate``, ``spacy evaluate`` and ``spacy train``) gives,
for the spans it writes (``doc.spans[spans_key]``, never ``doc.ents`` in their place) against the
reference's PHI, under ``spans_<spans_key>_``:

- ``p``, ``r``, ``f``: exact boundaries and label; ``per_type``: the same per label, with the
  label's ``support`` and ``leaked`` entities;
- ``unlabeled_p``, ``unlabeled_r``, ``unlabeled_f``: exact boundaries, whatever the label (was the
  PHI found at all);
- ``phi_char_recall``, ``leaked_entities``, ``over_redaction``: the de-identification view of
  :class:`spacy_deid.metrics.DeidScorer` (PHI characters covered, gold entities less than
  ``leak_threshold`` covered, non-PHI characters covered; whitespace aside).

The reference's PHI is read from ``doc.ents`` (``gold_key = "ents"``, as the project's corpora and
``spacy convert`` store it) or from a span group (``gold_key`` = its key); every component is
scored against the same PHI, whatever key it writes. Examples whose reference has no such
annotation are skipped; with none left, every score is None (as spaCy's own scorers). With
``output`` (the anonymizer's default) the de-identification view is taken from what the
anonymized text hides (``doc._.deid_items``) instead of the spans.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from .metrics import DeidScorer, Entity

VIEW = ("phi_char_recall", "leaked_entities", "over_redaction")


@registry.scorers("spacy_deid.deid_scorer.v1")
def make_deid_scorer(
    gold_key: str = "ents", leak_threshold: float = 0.5, output: bool = False
) -> Callable[..., dict[str, Any]]:
    """The scorer for a component's ``scorer`` setting (module docstring).

    gold_key (str): where the reference Docs hold the PHI: "ents" or a span key.
    leak_threshold (float): a gold entity less covered than this share is leaked.
    output (bool): the de-identification view from ``doc._.deid_items`` (the anonymizer's).
    """
    return partial(deid_score, gold_key=gold_key, leak_threshold=leak_threshold, output=output)


def deid_score(
    examples: Iterable[Example],
    *,
    spans_key: str,
    gold_key: str = "ents",
    leak_threshold: float = 0.5,
    output: bool = False,
    **_: Any,  # the component's other settings, passed by Pipe.score
) -> dict[str, Any]:
    """Scores of ``doc.spans[spans_key]`` on ``examples``, keys ``spans_<spans_key>_*``."""
    scorer = DeidScorer(leak_threshold=leak_threshold)
    scored = 0
    for example in examples:
        gold_doc, pred_doc = example.reference, example.predicted
        if not _has_phi(gold_doc, gold_key):
            continue
        scored += 1
        text = gold_doc.text
        gold = _chars(gold_doc.ents if gold_key == "ents" else gold_doc.spans[gold_key])
        spans = pred_doc.spans.get(spans_key, [])
        pred = _chars(example.get_aligned_spans_x2y(spans, allow_overlap=True))
        hidden = None
        if output and pred_doc.text == text and pred_doc._.deid_items is not None:
            hidden = [(item["start"], item["end"], item["label"]) for item in pred_doc._.deid_items]
        scorer.add(text, gold, pred, hidden=hidden)
    prefix = f"spans_{spans_key}_"
    names = ("p", "r", "f", "per_type", "unlabeled_p", "unlabeled_r", "unlabeled_f", *VIEW)
    if not scored:
        return {prefix + name: None for name in names}
    result = scorer.result()
    result["p"], result["r"], result["f"] = result["ents_p"], result["ents_r"], result["ents_f"]
    result["per_type"] = result["ents_per_type"]
    return {prefix + name: result[name] for name in names}


def score_weights(spans_key: str) -> dict[str, float | None]:
    """``default_score_weights`` of a component writing ``spans_key``: F and PHI-character
    recall count, the rest is shown (``per_type`` is not)."""
    weights: dict[str, float | None] = {
        "f": 0.5, "p": 0.0, "r": 0.0, "per_type": None,
        "unlabeled_f": 0.0, "unlabeled_p": 0.0, "unlabeled_r": 0.0,
        "phi_char_recall": 0.5, "leaked_entities": 0.0, "over_redaction": 0.0,
    }
    return {f"spans_{spans_key}_{name}": weight for name, weight in weights.items()}


def _has_phi(doc: Doc, gold_key: str) -> bool:
    if gold_key == "ents":
        return bool(len(doc)) and doc.has_annotation("ENT_IOB")
    return gold_key in doc.spans


def _chars(spans: Iterable[Any]) -> list[Entity]:
    return [(span.start_char, span.end_char, span.label_) for span in spans]
