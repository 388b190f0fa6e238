"""What the benchmark runs: a de-identification system maps texts to redacted spans.

Every system, ours or a peer, is wrapped as a :class:`System`: ``process(texts)`` does
the full work a user would run (detection and redaction) and returns, per text, the
``(start_char, end_char, label)`` spans it redacted, labels in our label set (a label
the system has no counterpart for is ``None``: redacted, but not scored as an entity).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy_deid.anonymizer import hidden_spans

Pred = tuple[int, int, str | None]


class System:
    """Base class: a named de-identification system for one language."""

    name: str = ""
    lang: str = ""

    def process(self, texts: Sequence[str]) -> list[list[Pred]]:
        raise NotImplementedError

    def set_max_length(self, n_chars: int) -> None:
        """Allow documents of ``n_chars`` characters (spaCy's ``max_length``), if relevant."""

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "lang": self.lang}


class OurPipeline(System):
    """A spacy_deid pipeline (``spacy_deid.pipelines.load_pipeline``): what its anonymizer
    hides (``doc._.deid_items`` ranges, labels of ``doc.spans["deid"]``)."""

    def __init__(
        self, spec: str, lang: str, name: str | None = None, batch_size: int = 64,
        n_process: int = 1,
    ) -> None:
        from spacy_deid.pipelines import load_pipeline

        self.spec = spec
        self.lang = lang
        self.nlp = load_pipeline(spec, lang)
        self.name = name or f"spacy_deid:{spec}"
        self.batch_size = batch_size
        self.n_process = n_process

    def process(self, texts: Sequence[str]) -> list[list[Pred]]:
        docs = self.nlp.pipe(texts, batch_size=self.batch_size, n_process=self.n_process)
        return [hidden_spans(doc) for doc in docs]

    def set_max_length(self, n_chars: int) -> None:
        self.nlp.max_length = max(self.nlp.max_length, n_chars + 1)

    def describe(self) -> dict[str, Any]:
        return {
            **super().describe(),
            "spec": self.spec,
            "pipeline": self.nlp.pipe_names,
            "batch_size": self.batch_size,
            "n_process": self.n_process,
        }
