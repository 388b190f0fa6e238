"""The ``deid_patterns`` spaCy component: rule-based PHI findings as a span group."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.training import Example

from ..pipe import DeidPipe
from ..scorer import score_weights
from ..spans import expand_span, make_group, split_tokens_at
from .custom import TokenRow, parse_patterns
from .engine import DENY_LIST, Finding, PatternEngine, _drop_nested, recognizer_names
from .terms import check_deny

DEFAULT_CONFIG: dict[str, Any] = {
    "spans_key": "deid_patterns",
    "recognizers": None,
    "min_score": 0.0,
    "context_window": 40,
    "scorer": {"@scorers": "spacy_deid.deid_scorer.v1"},
}


@Language.factory(
    "deid_patterns",
    default_config=DEFAULT_CONFIG,
    assigns=["doc.spans"],
    default_score_weights=score_weights("deid_patterns"),
)
def make_deid_patterns(
    nlp: Language,
    name: str,
    spans_key: str,
    recognizers: list[str] | None,
    min_score: float,
    context_window: int,
    scorer: Callable | None,
) -> "DeidPatterns":
    """Create the rule-based PHI recognizer.

    spans_key (str): the span group written, ``doc.spans[spans_key]``.
    recognizers (Optional[List[str]]): names of recognizers to enable (None = all).
    min_score (float): findings scoring lower are not written.
    context_window (int): characters searched for context words on each side.
    scorer (Optional[Callable]): the scoring method (``spacy_deid.deid_scorer.v1``).
    """
    return DeidPatterns(
        nlp,
        name,
        spans_key=spans_key,
        recognizers=recognizers,
        min_score=min_score,
        context_window=context_window,
        scorer=scorer,
    )


class DeidPatterns(DeidPipe):
    """Writes ``doc.spans[spans_key]`` with ``attrs["scores"]`` and ``attrs["recognizers"]``.

    Findings are aligned to tokens by expanding (a partly covered token is
    covered whole). A finding inside another of the same label is dropped by the
    engine; findings that end up on the same tokens are deduplicated here,
    keeping the higher score (ties: the earlier row of the table). Other overlaps
    are kept for the anonymizer to merge. A Doc whose processing failed gets no
    span group and is marked failed (``spacy_deid.pipe``).

    Users add recognizers and a deny list through :meth:`initialize` (``patterns``,
    ``deny``; like ``span_ruler``) or :meth:`add_patterns` / :meth:`add_deny`; they are
    saved with the pipeline (``patterns.jsonl``, ``deny.jsonl``). A deny-list finding whose
    edge falls inside a token splits that token there (the token's extension values go to each piece), so a name glued to
    other Thai words is redacted without them.
    """

    data_files: ClassVar[dict[str, str]] = {"patterns": "patterns.jsonl", "deny": "deny.jsonl"}

    def __init__(
        self,
        nlp: Language,
        name: str = "deid_patterns",
        *,
        spans_key: str = "deid_patterns",
        recognizers: list[str] | None = None,
        min_score: float = 0.0,
        context_window: int = 40,
        scorer: Callable | None = None,
    ) -> None:
        super().__init__(
            nlp, name, scorer=scorer, spans_key=spans_key,
            recognizers=None if recognizers is None else list(recognizers),
            min_score=float(min_score), context_window=int(context_window),
        )
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

    def _annotate(self, doc: Doc, prediction: None = None) -> None:
        best: dict[tuple, int] = {}
        spans: list[Span] = []
        scores: list[float] = []
        names: list[str] = []
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
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
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

    def _set_data(self, data: dict[str, list[Any]]) -> None:
        self.patterns = [dict(p) for p in data["patterns"]]
        self.deny = check_deny(data["deny"])
        self._build()
