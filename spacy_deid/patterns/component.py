"""The ``deid_patterns`` spaCy component: rule-based PHI findings as a span group."""

from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Union

import srsly
from spacy import util
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example

from ..spans import expand_span, make_group
from .engine import PatternEngine

DEFAULT_CONFIG: Dict[str, Any] = {
    "spans_key": "deid_patterns",
    "recognizers": None,
    "min_score": 0.0,
    "context_window": 40,
}


@Language.factory(
    "deid_patterns",
    default_config=DEFAULT_CONFIG,
    assigns=["doc.spans"],
    default_score_weights={
        "spans_deid_patterns_f": 1.0,
        "spans_deid_patterns_p": 0.0,
        "spans_deid_patterns_r": 0.0,
        "spans_deid_patterns_per_type": None,
        "spans_deid_patterns_unlabeled_f": 0.0,
        "spans_deid_patterns_unlabeled_p": 0.0,
        "spans_deid_patterns_unlabeled_r": 0.0,
    },
)
def make_deid_patterns(
    nlp: Language,
    name: str,
    spans_key: str,
    recognizers: Optional[List[str]],
    min_score: float,
    context_window: int,
) -> "DeidPatterns":
    """Create the rule-based PHI recognizer.

    spans_key (str): the span group written, ``doc.spans[spans_key]``.
    recognizers (Optional[List[str]]): names of recognizers to enable (None = all).
    min_score (float): findings scoring lower are not written.
    context_window (int): characters searched for context words on each side.
    """
    return DeidPatterns(
        nlp,
        name,
        spans_key=spans_key,
        recognizers=recognizers,
        min_score=min_score,
        context_window=context_window,
    )


class DeidPatterns(Pipe):
    """Writes ``doc.spans[spans_key]`` with ``attrs["scores"]`` and ``attrs["recognizers"]``.

    Findings are aligned to tokens by expanding (a partly covered token is
    covered whole). A finding inside another of the same label is dropped by the
    engine; findings that end up on the same tokens are deduplicated here,
    keeping the higher score (ties: the earlier row of the table). Other overlaps
    are kept for the anonymizer to merge. A Doc whose processing failed gets no
    span group, so a consumer that requires the group fails closed.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "deid_patterns",
        *,
        spans_key: str = "deid_patterns",
        recognizers: Optional[List[str]] = None,
        min_score: float = 0.0,
        context_window: int = 40,
    ) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.cfg: Dict[str, Any] = {
            "spans_key": spans_key,
            "recognizers": None if recognizers is None else list(recognizers),
            "min_score": float(min_score),
            "context_window": int(context_window),
        }
        self._build()

    def _build(self) -> None:
        if not self.cfg["spans_key"]:
            raise ValueError("spans_key must be a non-empty string.")
        self.engine = PatternEngine(
            self.cfg["recognizers"],
            context_window=self.cfg["context_window"],
            min_score=self.cfg["min_score"],
        )

    @property
    def spans_key(self) -> str:
        return self.cfg["spans_key"]

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self.set_annotations(doc)
        except Exception as e:
            error_handler(self.name, self, [doc], e)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Annotate Docs lazily, in order. The work is per Doc (regexes over its
        text), so ``batch_size`` only exists for spaCy's API."""
        error_handler = self.get_error_handler()
        for doc in stream:
            try:
                self.set_annotations(doc)
            except Exception as e:
                error_handler(self.name, self, [doc], e)
            yield doc

    def set_annotations(self, doc: Doc) -> None:
        best: Dict[tuple, int] = {}
        spans: List[Span] = []
        scores: List[float] = []
        names: List[str] = []
        for f in self.engine.find(doc.text):
            span = expand_span(doc, f.start, f.end, f.label, kb_id=f.kind)
            if span is None:
                continue
            extent = (span.start, span.end)
            seen = best.get(extent)
            if seen is not None:
                if f.score > scores[seen]:
                    spans[seen], scores[seen], names[seen] = span, f.score, f.recognizer
                continue
            best[extent] = len(spans)
            spans.append(span)
            scores.append(f.score)
            names.append(f.recognizer)
        doc.spans[self.spans_key] = make_group(
            doc, self.spans_key, spans, scores, recognizers=names
        )

    def initialize(
        self, get_examples: Optional[Callable[[], Iterable[Example]]] = None, *, nlp: Optional[Language] = None
    ) -> None:
        """Nothing to learn: the table is compiled when the component is built."""
        self._build()

    def score(self, examples: Iterable[Example], **kwargs: Any) -> Dict[str, Any]:
        """P/R/F of ``doc.spans[spans_key]`` (overlaps allowed), labelled and unlabelled.

        Keys: ``spans_<key>_{p,r,f,per_type}`` and ``spans_<key>_unlabeled_{p,r,f}``
        (was the PHI found at all, whatever its label).
        """
        examples = list(examples)
        key = self.spans_key

        def getter(doc: Doc, attr: str) -> Iterable[Span]:
            return doc.spans.get(key, [])

        def has_annotation(doc: Doc) -> bool:
            return key in doc.spans

        scores = Scorer.score_spans(
            examples, attr=f"spans_{key}", getter=getter, has_annotation=has_annotation,
            allow_overlap=True, **kwargs,
        )
        unlabeled = Scorer.score_spans(
            examples, attr=f"spans_{key}_unlabeled", getter=getter,
            has_annotation=has_annotation, labeled=False, allow_overlap=True, **kwargs,
        )
        unlabeled.pop(f"spans_{key}_unlabeled_per_type", None)
        scores.update(unlabeled)
        return scores

    # Settings have one source of truth, the pipeline config (config.cfg plus any overrides
    # given to spacy.load): the stored cfg records what the component was saved with, and
    # loading checks that it is readable but never replaces the settings from the config.
    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        return srsly.msgpack_dumps({"cfg": self.cfg})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()) -> "DeidPatterns":
        srsly.msgpack_loads(bytes_data)["cfg"]
        return self

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        util.to_disk(path, {"cfg": lambda p: srsly.write_json(p, self.cfg)}, exclude)

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> "DeidPatterns":
        util.from_disk(path, {"cfg": srsly.read_json}, exclude)
        return self
