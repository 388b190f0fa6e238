"""Reviewed documents → a ``.spacy`` DocBin, the training format (spans as ``doc.ents``).

Tokenized as ``spacy_deid.workflow.convert`` does for training data (``spacy_deid.tokenizer.blank``);
a span that does not fall on token boundaries is widened to the tokens it touches.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import DocBin

from ..labels import LABELS
from ..spans import record_to_doc
from .schemas import ReviewedDoc


class ExportError(ValueError):
    """A reviewed document that cannot become training data (the message holds no text)."""


@lru_cache(maxsize=4)
def _tokenizer(lang: str) -> Language:
    from ..tokenizer import blank

    return blank(lang)


def docbin_bytes(docs: Sequence[ReviewedDoc]) -> tuple[bytes, Counter]:
    """The DocBin of ``docs`` and the alignment counts (spans, expanded, overlap_dropped...)."""
    stats: Counter = Counter()
    db = DocBin(store_user_data=False)
    for number, doc in enumerate(docs, start=1):
        spans = []
        for span in doc.spans:
            if span.label not in LABELS:
                raise ExportError(f"document {number}: unknown label {span.label!r}")
            if not 0 <= span.start < span.end <= len(doc.text):
                raise ExportError(f"document {number}: a span is outside the text or empty")
            spans.append([span.start, span.end, span.label, span.kind or None])
        db.add(record_to_doc(_tokenizer(doc.lang), {"text": doc.text, "spans": spans}, stats))
    return db.to_bytes(), stats
