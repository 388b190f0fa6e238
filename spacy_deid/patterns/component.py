"""The ``deid_patterns`` spaCy component: rule-based PHI findings as a span group."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Union

import srsly
from spacy import util
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import Pipe
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example

from ..spans import expand_span, make_group, split_tokens_at
from .custom import TokenRow, parse_patterns
from .engine import DENY_LIST, Finding, PatternEngine, _drop_nested, recognizer_names
from .terms import check_deny

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

    Users add recognizers and a deny list through :meth:`initialize` (``patterns``,
    ``deny``; like ``span_ruler``) or :meth:`add_patterns` / :meth:`add_deny`; they are
    saved with the pipeline. A deny-list finding whose edge falls inside a token splits
    that token there (the token's extension values go to each piece), so a name glued to
    other Thai words is redacted without them.
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
        self.patterns: list[dict[str, Any]] = []  # custom recognizers, as given (checked)
        self.deny: list[dict[str, str]] = []  # deny-list entries {"label", "kind", "text"}
        self._build()

    def _build(self) -> None:
        if not self.cfg["spans_key"]:
            raise ValueError("spans_key must be a non-empty string.")
        regex_rows, token_rows = parse_patterns(self.patterns, taken=[*recognizer_names(), DENY_LIST])
        self.engine = PatternEngine(
            self.cfg["recognizers"],
            context_window=self.cfg["context_window"],
            min_score=self.cfg["min_score"],
            extra=regex_rows,
            deny=self.deny,
        )
        self._token_rows: dict[str, TokenRow] = {row.name: row for row in token_rows}
        # ties between findings keep this order: deny list, users' rows, built-in table
        self._order = {
            name: i for i, name in enumerate(
                [DENY_LIST, *(r.name for r in regex_rows), *self._token_rows, *recognizer_names()]
            )
        }
        self._matcher: Matcher | None = None
        if token_rows:
            self._matcher = Matcher(self.vocab)
            for row in token_rows:
                self._matcher.add(row.name, [list(row.pattern)])

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add custom recognizers (regex rows and token patterns; docs/patterns.md)."""
        kept = self.patterns
        self.patterns = kept + [dict(p) for p in patterns]
        try:
            self._build()  # checks every entry: errors name it ("pattern N") and no value
        except ValueError:
            self.patterns = kept
            self._build()
            raise

    def add_deny(self, entries: Iterable[dict[str, str]]) -> None:
        """Add deny-list entries ``{"label", "kind"?, "text"}`` (always redacted)."""
        self.deny += check_deny(entries)
        self._build()

    def clear(self) -> None:
        """Remove every custom recognizer and deny-list entry."""
        self.patterns, self.deny = [], []
        self._build()

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

    def _findings(self, doc: Doc) -> list[Finding]:
        findings = self.engine.find(doc.text)
        if self._matcher is not None:
            rows = self._token_rows
            strings = self.vocab.strings
            extra = [
                Finding(s.start_char, s.end_char, r.label, r.kind, r.score, r.name)
                for s, r in ((doc[a:b], rows[strings[m]]) for m, a, b in self._matcher(doc))
            ]
            if extra:
                order = self._order
                findings = _drop_nested(sorted(
                    findings + extra, key=lambda f: (f.start, -f.end, order[f.recognizer])
                ))
        if self.deny:
            split_tokens_at(doc, [
                edge for f in findings if f.recognizer == DENY_LIST for edge in (f.start, f.end)
            ])
        return findings

    def set_annotations(self, doc: Doc) -> None:
        best: Dict[tuple, int] = {}
        spans: List[Span] = []
        scores: List[float] = []
        names: List[str] = []
        for f in self._findings(doc):
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
        self,
        get_examples: Optional[Callable[[], Iterable[Example]]] = None,
        *,
        nlp: Optional[Language] = None,
        patterns: Sequence[dict[str, Any]] | None = None,
        deny: Sequence[dict[str, str]] | None = None,
    ) -> None:
        """Set the custom recognizers and deny list (replacing any); nothing to learn.

        In a config: ``[initialize.components.deid_patterns.patterns]`` with
        ``@readers = "spacy_deid.read_patterns.v1"`` and ``path``, likewise ``deny`` with
        ``spacy_deid.read_deny_list.v1`` (docs/patterns.md).
        """
        self.patterns, self.deny = [], []
        self._build()
        if patterns:
            self.add_patterns(patterns)
        if deny:
            self.add_deny(deny)

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
    # The custom recognizers and deny list are data, saved with the pipeline (patterns.jsonl,
    # deny.jsonl; absent when empty) and restored on loading, like span_ruler's patterns.
    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        return srsly.msgpack_dumps({"cfg": self.cfg, "patterns": self.patterns, "deny": self.deny})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()) -> "DeidPatterns":
        data = srsly.msgpack_loads(bytes_data)
        data["cfg"]
        self.patterns = [] if "patterns" in exclude else list(data.get("patterns", []))
        self.deny = [] if "deny" in exclude else check_deny(data.get("deny", []))
        self._build()
        return self

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        writers: dict[str, Callable[[Path], None]] = {"cfg": lambda p: srsly.write_json(p, self.cfg)}
        if self.patterns:
            writers["patterns.jsonl"] = lambda p: srsly.write_jsonl(p, self.patterns)
        if self.deny:
            writers["deny.jsonl"] = lambda p: srsly.write_jsonl(p, self.deny)
        util.to_disk(path, writers, exclude)

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> "DeidPatterns":
        def read(name: str) -> list[Any]:
            file = Path(path) / name
            return list(srsly.read_jsonl(file)) if file.exists() and name.split(".")[0] not in exclude else []

        util.from_disk(path, {"cfg": srsly.read_json}, exclude)
        self.patterns = read("patterns.jsonl")
        self.deny = check_deny(read("deny.jsonl"))
        self._build()
        return self
