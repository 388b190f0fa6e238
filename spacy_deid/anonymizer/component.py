"""``deid_anonymizer``: merge the detectors' spans into ``doc.spans["deid"]`` and anonymize.

Writes ``doc._.deid_text`` (the anonymized text) and ``doc._.deid_items`` (audit list of
plain dicts: start, end, label, kind, source, score, operator, plus text only when
``audit_values``). These and ``doc.spans[spans_key]`` are cleared first, so a failure never
leaves stale output behind. Spans are token-aligned; with ``trim_edges`` the text replaced
(and the items' start/end) leaves out brackets, quotes and separators that a span's edge
tokens carry (a detector tagging ``(51`` or ``| สมชาย``), so ``(51 ปี)`` becomes ``([AGE])``.
"""

import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from ..extensions import mark_failed
from ..labels import ID_KINDS, LABELS, SchemeName, output_label
from ..markup import TAG
from ..patterns.terms import TermMatcher, check_allow
from ..pipe import DeidPipe
from ..scorer import score_weights
from ..text import entity_key, strip_title
from .keys import load_key, missing_key_error
from .merge import Candidate, merge
from .operators import Context, Keep, Operator, Surrogate, Tag, Target, build_operator

DEFAULT_OPERATORS: dict[str, dict[str, Any]] = {"DEFAULT": {"operator": "tag"}}
_FALLBACK = Tag()
# Characters that are never PHI on their own and that tokens often carry at a value's edges.
_SEPARATORS = frozenset(":=|,;*#")
_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">", "“": "”", "‘": "’", '"': '"', "'": "'"}
_CLOSERS = {close: open_ for open_, close in _BRACKETS.items()}
_TAG_AT_END = re.compile(TAG.pattern + "$")
# Thai polite particles that a name's span can end with (คุณสุวิตาคะ tagged whole).
# Stricter than the patterns' TH_PARTICLE on purpose: no ค่า (มีค่า ends words) nor นะ...,
# which could end a name, and un-hiding a name's last letters would leak them.
_THAI_PARTICLE_END = re.compile(r"(?<=[\u0e01-\u0e4e])(?:ค่ะ|คะ|ครับ|คับ|จ้ะ|จ้า)$")


@Language.factory(
    "deid_anonymizer",
    assigns=["doc.spans", "doc._.deid_text", "doc._.deid_items"],
    requires=["doc.spans"],
    default_config={
        "sources": ["deid_patterns"],
        "thresholds": {},
        "spans_key": "deid",
        "operators": DEFAULT_OPERATORS,
        "label_scheme": "ours",
        "key_env": "SPACY_DEID_KEY",
        "key_file": None,
        "audit_values": False,
        "merge_adjacent": True,
        "max_date_shift_days": 365,
        "day_first": True,
        "trim_edges": True,
        "scorer": {"@scorers": "spacy_deid.deid_scorer.v1", "output": True},
    },
    default_score_weights=score_weights("deid"),
)
def make_deid_anonymizer(
    nlp: Language,
    name: str,
    sources: list[str],
    thresholds: dict[str, float],
    spans_key: str,
    operators: dict[str, dict[str, Any]],
    label_scheme: SchemeName,
    key_env: str,
    key_file: str | None,
    audit_values: bool,
    merge_adjacent: bool,
    max_date_shift_days: int,
    day_first: bool,
    trim_edges: bool,
    scorer: Callable | None,
) -> "DeidAnonymizer":
    """Build the anonymizer; see docs/anonymizer.md."""
    return DeidAnonymizer(
        nlp, name, sources=sources, thresholds=thresholds, spans_key=spans_key,
        operators=operators, label_scheme=label_scheme, key_env=key_env,
        key_file=key_file, audit_values=audit_values, merge_adjacent=merge_adjacent,
        max_date_shift_days=max_date_shift_days, day_first=day_first, trim_edges=trim_edges,
        scorer=scorer,
    )


def visible_extent(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the separators (``:=|,;*#``), spaces, markup tags, unpaired or
    enclosing brackets and quotes, and a final Thai polite particle at its edges: ``(51`` → ``51``,
    ``(25-11-2563)`` → ``25-11-2563``, ``สุวิตาคะ`` → ``สุวิตา``, but ``(02) 555-0198`` keeps
    its bracket. The whole range when nothing else is left (a span is never dropped)."""
    a, b = start, end
    while a < b:
        first, last = text[a], text[b - 1]
        if first.isspace() or first in _SEPARATORS:
            a += 1
        elif last.isspace() or last in _SEPARATORS:
            b -= 1
        elif first == "<" and (tag := TAG.match(text, a, b)) is not None:
            a = tag.end()  # a markup tag (<Given>Hamid → Hamid)
        elif last == ">" and (tag := _TAG_AT_END.search(text, a, b)) is not None:
            b = tag.start()
        elif first in _BRACKETS and _BRACKETS[first] not in text[a + 1 : b - 1]:
            if b - a > 1 and last == _BRACKETS[first]:
                b -= 1  # an enclosing pair
            a += 1  # or an opening bracket without its closing one
        elif last in _CLOSERS and _CLOSERS[last] not in text[a : b - 1]:
            b -= 1  # a closing bracket without its opening one
        elif (particle := _THAI_PARTICLE_END.search(text, a + 1, b)) is not None:
            b = particle.start()
        else:
            break
    return (a, b) if a < b else (start, end)


class CharSpan(NamedTuple):
    """A merged span in character offsets, ready to render."""

    start: int
    end: int
    label: str
    kind: str
    source: str
    score: float


def _name_parts(text: str, spans: Sequence[CharSpan]) -> frozenset[str]:
    """Casefolded parts (titles left out) of the document's PERSON spans."""
    people = (text[s.start : s.end] for s in spans if s.label == "PERSON")
    return frozenset(part.casefold() for name in people for part in strip_title(name).split())


def _gives_back(new: str, value: str, key: str) -> bool:
    """Whether a replacement is the original again, up to case, spacing, digit script and title."""
    return new == value or (key != "" and entity_key(new) == key)


def hidden_spans(doc: Doc, spans_key: str = "deid") -> list[tuple[int, int, str]]:
    """``(start_char, end_char, label)`` of what the anonymizer replaced: the labels of
    ``doc.spans[spans_key]`` with the character ranges of ``doc._.deid_items``."""
    group, items = doc.spans[spans_key], doc._.deid_items
    if items is None or len(items) != len(group):
        raise ValueError(f"doc._.deid_items does not match doc.spans[{spans_key!r}]: run the anonymizer")
    return [(item["start"], item["end"], span.label_) for span, item in zip(group, items)]


class DeidAnonymizer(DeidPipe):
    """Merge span sources, then replace each merged span by its label's operator.

    A Doc on which an earlier component failed (``doc._.deid_failed``) gets no output and is
    marked failed here too; so is a Doc whose sources are missing or whose processing fails
    (``spacy_deid.pipe``): the anonymized text is never written for it.

    The allow list (``initialize(allow=...)`` or :meth:`add_allow`; saved with the pipeline)
    applies to the merged spans: a span whose visible text lies inside an occurrence of an
    allowed string (``patterns.terms``: normalised view, Thai-safe edges) is dropped, whatever
    its source, before ``doc.spans[spans_key]`` and the audit are written.
    """

    data_files: ClassVar[dict[str, str]] = {"allow": "allow.json"}

    def __init__(
        self,
        nlp: Language,
        name: str = "deid_anonymizer",
        *,
        sources: list[str],
        thresholds: dict[str, float],
        spans_key: str = "deid",
        operators: dict[str, dict[str, Any]] = DEFAULT_OPERATORS,
        label_scheme: str = "ours",
        key_env: str = "SPACY_DEID_KEY",
        key_file: str | None = None,
        audit_values: bool = False,
        merge_adjacent: bool = True,
        max_date_shift_days: int = 365,
        day_first: bool = True,
        trim_edges: bool = True,
        scorer: Callable | None = None,
    ):
        super().__init__(nlp, name, scorer=scorer)
        self._configure(
            sources=list(sources), thresholds=dict(thresholds), spans_key=spans_key,
            operators={k: dict(v) for k, v in operators.items()}, label_scheme=label_scheme,
            key_env=key_env, key_file=key_file, audit_values=audit_values,
            merge_adjacent=merge_adjacent, max_date_shift_days=max_date_shift_days,
            day_first=day_first, trim_edges=trim_edges,
        )
        # Keys surrogates when no secret is given: consistent within this run only.
        self._run_key = os.urandom(32)
        self.allow: list[str] = []  # strings never redacted (checked entries)
        self._allow = TermMatcher([])

    def add_allow(self, entries: Iterable[str]) -> None:
        """Add strings that are never redacted (docs/patterns.md, "Your own recognizers")."""
        self.allow = self.allow + check_allow(entries)
        self._allow = TermMatcher(self.allow)

    def initialize(
        self,
        get_examples: Any | None = None,
        *,
        nlp: Language | None = None,
        allow: Sequence[str] | None = None,
    ) -> None:
        """Set the allow list (replacing any): ``[initialize.components.deid_anonymizer.allow]``
        with ``@readers = "spacy_deid.read_allow_list.v1"`` and ``path``; nothing to learn."""
        self.allow, self._allow = [], TermMatcher([])
        if allow:
            self.add_allow(allow)

    def _allowed(self, text: str, spans: Sequence[CharSpan]) -> list[bool]:
        """For each span, whether its visible text lies inside an allowed occurrence."""
        if not self._allow or not spans:
            return [False] * len(spans)
        ranges = self._allow.find_original(text)
        out = []
        for span in spans:
            start, end = visible_extent(text, span.start, span.end)
            out.append(any(a <= start and end <= b for a, b in ranges))
        return out

    def _configure(self, **cfg: Any) -> None:
        """Validate ``cfg`` and build the operators (raises ValueError naming the fix)."""
        name = self.name
        sources = cfg["sources"]
        if not sources or len(set(sources)) != len(sources):
            raise ValueError(f"{name}: `sources` must be a non-empty list without duplicates.")
        if cfg["spans_key"] in sources:
            raise ValueError(f"{name}: `spans_key` {cfg['spans_key']!r} cannot also be a source.")
        for key in cfg["thresholds"]:
            source, _, label = key.partition("/")
            if label and label not in LABELS:
                raise ValueError(f"{name}: threshold for {key!r}: {label!r} is not a label.")
            if cfg["thresholds"][key] < 0:
                raise ValueError(f"{name}: threshold for {key!r} must not be negative.")
            if source not in sources:
                raise ValueError(
                    f"{name}: threshold for {source!r}, which is not in `sources` {sources}."
                )
        if cfg["max_date_shift_days"] < 1:
            raise ValueError(f"{name}: `max_date_shift_days` must be at least 1.")
        output_label("PERSON", None, cfg["label_scheme"])  # raises on an unknown scheme
        allowed = {"DEFAULT", *LABELS, *(f"ID/{kind}" for kind in ID_KINDS)}
        ops: dict[str, Operator] = {}
        for label, spec in cfg["operators"].items():
            if label not in allowed:
                raise ValueError(
                    f"{name}: operators key {label!r} is not a label; use DEFAULT, one of "
                    f"{list(LABELS)}, or ID/<kind> with a kind from {list(ID_KINDS)}."
                )
            try:
                ops[label] = build_operator(spec)
            except (ValueError, TypeError) as err:
                raise ValueError(
                    f"{name}: operators[{label!r}]: {err}. Write e.g. "
                    f'operators = {{"{label}": {{"operator": "mask", "char": "*"}}}}.'
                ) from None
        self.cfg = cfg
        self._operators = ops
        self._fakes_names = isinstance(self._operator("PERSON", ""), Surrogate)

    def _operator(self, label: str, kind: str) -> Operator:
        ops = self._operators
        return ops.get(f"{label}/{kind}") or ops.get(label) or ops.get("DEFAULT") or _FALLBACK

    def _load_key(self) -> bytes | None:
        return load_key(self.cfg["key_env"], self.cfg["key_file"])

    def _predict(self, docs: list[Doc]) -> list[bytes | None]:
        """The key, read once per batch."""
        return [self._load_key()] * len(docs)

    def _discard(self, doc: Doc) -> None:
        doc._.deid_text = None
        doc._.deid_items = None
        doc.spans.pop(self.cfg["spans_key"], None)

    def _annotate(self, doc: Doc, key: bytes | None) -> None:
        self._discard(doc)  # no stale output, whatever happens next
        if doc._.deid_failed:  # already reported by the component that failed
            mark_failed(doc, self.name)
            return
        cfg = self.cfg
        spans = merge(doc, cfg["sources"], cfg["thresholds"], cfg["merge_adjacent"], self.name)
        if self._allow:
            chars = [CharSpan(doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1]), c.label,
                              c.kind, c.source, c.score) for c in spans]
            spans = [c for c, allowed in zip(spans, self._allowed(doc.text, chars)) if not allowed]
        group = SpanGroup(
            doc,
            name=cfg["spans_key"],
            spans=[Span(doc, c.start, c.end, label=c.label, kb_id=c.kind) for c in spans],
        )
        group.attrs["scores"] = [c.score for c in spans]
        group.attrs["sources"] = [c.source for c in spans]
        group.attrs["recognizers"] = [c.recognizer for c in spans]
        doc.spans[cfg["spans_key"]] = group
        doc._.deid_text, doc._.deid_items = self._render(doc, spans, key)

    def _render(self, doc: Doc, spans: list[Candidate], key: bytes | None) -> tuple:
        text = doc.text  # Doc.text is rebuilt from the tokens on every access
        chars = []
        for cand in spans:
            span = doc[cand.start : cand.end]
            start, end = span.start_char, span.end_char
            if self.cfg["trim_edges"]:
                start, end = visible_extent(text, start, end)
            chars.append(CharSpan(start, end, cand.label, cand.kind, cand.source, cand.score))
        return self._render_chars(text, chars, doc._.deid_group, key)

    def render_text(
        self, text: str, spans: Sequence[CharSpan], group: str | None = None
    ) -> tuple[str, list[dict[str, Any]]]:
        """``(deid_text, deid_items)`` for ``text`` from merged, non-overlapping character
        spans found elsewhere (e.g. in windows of a document too long for one Doc); the
        allow list applies to them too."""
        if self._allow:
            spans = [s for s, allowed in zip(spans, self._allowed(text, spans)) if not allowed]
        return self._render_chars(text, sorted(spans), group, self._load_key())

    def _render_chars(
        self, text: str, spans: Sequence[CharSpan], given: Any, key: bytes | None
    ) -> tuple[str, list[dict[str, Any]]]:
        surrogate_key = key or self._run_key
        ctx = Context(
            key=key,
            surrogate_key=surrogate_key,
            text=text,
            given_group=None if given is None else str(given),
            max_shift_days=self.cfg["max_date_shift_days"],
            day_first=self.cfg["day_first"],
            names=_name_parts(text, spans) if self._fakes_names else frozenset(),
        )
        pieces: list[str] = []
        items: list[dict[str, Any]] = []
        pos = 0
        for span in spans:
            start, end = span.start, span.end
            value = text[start:end]
            target = Target(
                value, span.label, span.kind,
                output_label(span.label, span.kind or None, self.cfg["label_scheme"]),
                entity_key(value),
            )
            op = self._operator(span.label, span.kind)
            if op.needs_key and key is None:
                raise missing_key_error(op.name, span.label, self.cfg["key_env"])
            new = op.apply(target, ctx)
            # Fail closed to a tag: no result (e.g. an unparseable date), or a result that
            # repeats the original up to case, spacing and digit script (a date shifted
            # within its month, an unlucky fake).
            if new is None or (not isinstance(op, Keep) and _gives_back(new, value, target.key)):
                op, new = _FALLBACK, _FALLBACK.apply(target, ctx)
            pieces += [text[pos:start], new]
            pos = end
            item: dict[str, Any] = {
                "start": start,
                "end": end,
                "label": target.out_label,
                "kind": span.kind,
                "source": span.source,
                "score": span.score,
                "operator": op.name,
            }
            if self.cfg["audit_values"]:
                item["text"] = value
            items.append(item)
        pieces.append(text[pos:])
        return "".join(pieces), items

    def _set_data(self, data: dict[str, list[Any]]) -> None:
        self.initialize(allow=data["allow"])
