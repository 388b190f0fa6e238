"""Helpers for the anonymizer tests: Docs with hand-made source span groups."""
import re
from collections.abc import Callable

import pytest
import spacy
from spacy.tokens import Doc

from spacy_deid.spans import expand_span, make_group

KEY = "test-secret-Zq8v1xK3"

# (where, label, kind, score): ``where`` is a substring (first occurrence, or the n-th
# with "text#n") or (start_char, end_char).
Spec = tuple[str | tuple[int, int], str, str, float]


def _annotate(doc: Doc, sources: dict[str, list[Spec]]) -> Doc:
    for name, specs in sources.items():
        spans, scores = [], []
        for where, label, kind, score in specs:
            if isinstance(where, str):
                sub, _, nth = where.partition("#")
                starts = [m.start() for m in re.finditer(re.escape(sub), doc.text)]
                start = starts[int(nth or 1) - 1]
                where = (start, start + len(sub))
            span = expand_span(doc, where[0], where[1], label, kind)
            assert span is not None
            spans.append(span)
            scores.append(score)
        doc.spans[name] = make_group(doc, name, spans, scores)
    return doc


@pytest.fixture
def key_env(monkeypatch):
    monkeypatch.setenv("SPACY_DEID_KEY", KEY)
    return KEY


@pytest.fixture
def run() -> Callable[..., Doc]:
    """run(text, sources, lang="en", **config) -> processed Doc."""

    def _run(text: str, sources: dict[str, list[Spec]], lang: str = "en", **config) -> Doc:
        nlp = spacy.blank(lang)
        config.setdefault("sources", list(sources))
        nlp.add_pipe("deid_anonymizer", config=config)
        doc = _annotate(nlp.make_doc(text), sources)
        return nlp(doc)

    return _run


@pytest.fixture
def annotate() -> Callable[[Doc, dict[str, list[Spec]]], Doc]:
    """annotate(doc, {source: [spec, ...]}) writes hand-made source span groups."""
    return _annotate


@pytest.fixture
def spans_of() -> Callable[[Doc], list]:
    """spans_of(doc) -> [(text, label)] of doc.spans["deid"]."""
    return lambda doc, key="deid": [(s.text, s.label_) for s in doc.spans[key]]
