"""The ``deid_pretrained_ner`` component: another pipeline's trained ner as a PHI source.

A general-purpose ner (e.g. spaCy's ``en_core_web_md``, trained on OntoNotes) knows names,
places and organisations of real text that our synthetic notes never show. This component
carries such a ner (with the vocabulary's static vectors and norms it was trained with),
runs it on *our* tokens (a Doc with the same words, so nothing is retokenized) and writes
its entities, mapped to our labels, to ``doc.spans[spans_key]`` for the anonymizer to merge.
Entities whose label has no mapping (``CARDINAL``, ``NORP``, …) are dropped; leading titles
stay outside PERSON spans.
"""

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

import numpy
import spacy
from spacy import util
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.vectors import Vectors

from .labels import LABELS
from .pipe import DeidPipe
from .scorer import score_weights
from .spans import make_group
from .text import title_length

ONTONOTES_LABELS: dict[str, str] = {
    "PERSON": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "ORG": "ORGANIZATION",
    "DATE": "DATE",
}

DEFAULT_CONFIG: dict[str, Any] = {
    "spans_key": "deid_pretrained",
    "label_map": ONTONOTES_LABELS,
    "score": 0.9,
    "scorer": {"@scorers": "spacy_deid.deid_scorer.v1"},
}


@Language.factory(
    "deid_pretrained_ner",
    default_config=DEFAULT_CONFIG,
    assigns=["doc.spans"],
    default_score_weights=score_weights("deid_pretrained"),
)
def make_deid_pretrained_ner(
    nlp: Language,
    name: str,
    spans_key: str,
    label_map: dict[str, str],
    score: float,
    scorer: Callable | None,
) -> "PretrainedNer":
    """Create the component; ``initialize(source=...)`` or ``from_disk`` gives it its ner.

    spans_key (str): the span group written, ``doc.spans[spans_key]``.
    label_map (Dict[str, str]): the ner's labels → ours; unmapped labels are dropped.
    score (float): the score given to every span (a greedy ner has no confidence).
    scorer (Optional[Callable]): the scoring method (``spacy_deid.deid_scorer.v1``).
    """
    return PretrainedNer(
        nlp, name, spans_key=spans_key, label_map=label_map, score=score, scorer=scorer
    )


class PretrainedNer(DeidPipe):
    """Writes ``doc.spans[spans_key]`` (``attrs["scores"]``) from a carried ner.

    The inner pipeline holds only that ner and its own vocabulary (vectors, norms); a batch
    whose processing failed gets no span group and is marked failed (``spacy_deid.pipe``).
    """

    bytes_via_disk = True

    def __init__(
        self,
        nlp: Language,
        name: str = "deid_pretrained_ner",
        *,
        spans_key: str = "deid_pretrained",
        label_map: dict[str, str] | None = None,
        score: float = 0.9,
        scorer: Callable | None = None,
    ) -> None:
        label_map = dict(ONTONOTES_LABELS if label_map is None else label_map)
        unknown = sorted(set(label_map.values()) - set(LABELS))
        if unknown:
            raise ValueError(f"label_map maps to labels that are not ours: {unknown}")
        if not spans_key:
            raise ValueError("spans_key must be a non-empty string.")
        if not 0.0 <= score <= 1.0:
            raise ValueError("score must lie in [0, 1].")
        super().__init__(
            nlp, name, scorer=scorer, spans_key=spans_key, label_map=label_map, score=float(score)
        )
        self.inner: Language | None = None

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        source: str = "",
        component: str = "ner",
    ) -> None:
        """Take ``component`` (a ner with its own tok2vec) from the pipeline at ``source``."""
        if not source:
            raise ValueError(
                "deid_pretrained_ner needs [initialize.components.<name>] source = a pipeline path."
            )
        self.inner = carry_ner(spacy.load(source), component)

    def _predict(self, docs: list[Doc]) -> list[Doc]:
        """The ner's output on copies of the Docs (same words), a batch at once."""
        inner = self._require_inner()
        copies = [
            Doc(inner.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
            for doc in docs
        ]
        ner: Any = inner.get_pipe(inner.pipe_names[0])
        return list(ner.pipe(copies, batch_size=len(copies)))

    def _annotate(self, doc: Doc, copy: Doc) -> None:
        spans = [s for s in (self._mapped(doc, ent) for ent in copy.ents) if s is not None]
        doc.spans[self.spans_key] = make_group(
            doc, self.spans_key, spans, [self.cfg["score"]] * len(spans)
        )

    def _mapped(self, doc: Doc, ent: Span) -> Span | None:
        """``ent`` with our label, cut to what can be PHI, or None (see ``keep``)."""
        label = self.cfg["label_map"].get(ent.label_)
        if label is None:
            return None
        start, end = ent.start, ent.end
        for i in range(start, end):
            if "\n" in doc[i].text:
                end = i  # a line break ends a value (form fields, headings)
                break
        if label == "PERSON":
            while start < end and title_length(doc[start:end].text) >= len(doc[start].text):
                start += 1
        while start < end and (doc[start].is_punct or doc[start].is_space):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        if start == end or not keep(label, doc[start:end].text):
            return None
        return Span(doc, start, end, label=label)

    def _require_inner(self) -> Language:
        if self.inner is None:
            raise ValueError("deid_pretrained_ner has no ner: initialize it or load it from disk.")
        return self.inner

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        inner = self._require_inner()
        super().to_disk(path, exclude=exclude)
        util.to_disk(
            path,
            {
                "model": lambda p: inner.to_disk(p, exclude=["vectors"]),
                "vectors.npz": lambda p: save_vectors(p, inner.vocab.vectors),
            },
            exclude,
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "PretrainedNer":
        def load_model(p: Path) -> None:
            self.inner = spacy.load(p, exclude=["vectors"])

        def load_vectors(p: Path) -> None:
            inner = self._require_inner()
            inner.vocab.vectors = read_vectors(p, inner.vocab.strings)

        super().from_disk(path, exclude=exclude)
        util.from_disk(path, {"model": load_model, "vectors.npz": load_vectors}, exclude)
        return self


def save_vectors(path: Path, vectors: Vectors) -> None:
    """The static vectors as float16 (half the size; the ner's outputs are unchanged on our
    dev sets) with their key → row table."""
    keys = numpy.fromiter(vectors.key2row.keys(), dtype=numpy.uint64, count=len(vectors.key2row))
    rows = numpy.fromiter(vectors.key2row.values(), dtype=numpy.int64, count=len(keys))
    rows = rows.astype(numpy.min_scalar_type(max(int(rows.max(initial=0)), 0)))
    with open(path, "wb") as f:
        numpy.savez(f, keys=keys, rows=rows, data=vectors.data.astype(numpy.float16))


def read_vectors(path: Path, strings: StringStore) -> Vectors:
    with numpy.load(path) as saved:
        vectors = Vectors(strings=strings, data=saved["data"].astype(numpy.float32))
        for key, row in zip(saved["keys"].tolist(), saved["rows"].tolist()):
            vectors.add(key, row=row)
    return vectors


# A DATE must name a month or a year: OntoNotes DATE also covers durations and ages
# ("2 weeks", "daily", "45-year-old"), which are not dates; numeric dates are the
# patterns' job.
_CALENDAR = re.compile(
    r"(?<![a-z])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])"
    r"|(?<!\d)(?:1[89]|20|2[45])\d\d(?!\d)",
    re.IGNORECASE,
)
# A short all-capital token ("GP", "INR", "M.D.", "NICU") is a clinical abbreviation or a
# credential far more often than a name, place or organisation in clinical text.
_ABBREVIATION = re.compile(r"(?:[A-Z]\.?){1,5}")


# Drug names: words ending in a WHO INN stem ("-pril", "-olol", "-xaban", "-mycin", ...).
# OntoNotes has few drugs, so its ner calls a capitalised one an ORG or a PERSON.
_DRUG_WORD = re.compile(
    r"[A-Za-z]{2,}(?:mab|[a-z]{3}pril|olol|sartan|statin|azole|cillin|mycin|micin|floxacin|prazole"
    r"|tidine|parin|xaban|gliflozin|gliptin|dipine|semide|thiazide|codone|morphine|azepam|zolam"
    r"|triptan|navir|cycline|lukast|terol|profen|fenac|coxib|tinib|platin|rubicin|trexate|tropium"
    r"|oxetine|triptyline|pramine|peridol|apine|formin|glitazone|gatran|cef[a-z]+|sone|olone)",
    re.IGNORECASE,
)
_DOSE_WORD = re.compile(r"\d[\d.,/]*|[A-Z]{1,3}|(?i:mg|mcg|g|ml|units?|tabs?|caps?|daily|bd|tds|qds)")


def keep(label: str, text: str) -> bool:
    """Whether a general-purpose ner's ``label`` span ``text`` is taken as PHI."""
    if label == "DATE":
        return bool(_CALENDAR.search(text))
    words = re.findall(r"[^\s/+-]+", text)
    if any(_DRUG_WORD.fullmatch(w) for w in words) and all(
        _DRUG_WORD.fullmatch(w) or _DOSE_WORD.fullmatch(w) for w in words
    ):
        return False  # a drug and its dose
    return not _ABBREVIATION.fullmatch(text)


def carry_ner(source: Language, component: str = "ner") -> Language:
    """A small pipeline with only ``source``'s ``component`` and what its features read:
    the static vectors and the norm table (not the source's strings, tagger or parser)."""
    pipe: Any = source.get_pipe(component)
    if pipe.model.get_ref("tok2vec").name.startswith("listener"):
        raise ValueError(f"the {component!r} component listens to a shared tok2vec; it cannot be carried.")
    inner = spacy.blank(cast(str, source.lang))
    vectors = source.vocab.vectors
    carried = Vectors(strings=inner.vocab.strings, data=vectors.data.copy(), name=vectors.name)
    for key, row in vectors.key2row.items():
        carried.add(key, row=row)
    inner.vocab.vectors = carried
    inner.vocab.lookups = source.vocab.lookups
    config = source.config["components"][component]
    inner.add_pipe(config["factory"], name=component, config={k: v for k, v in config.items() if k != "factory"})
    cast(Any, inner.get_pipe(component)).from_bytes(pipe.to_bytes(exclude=["vocab"]), exclude=["vocab"])
    return inner
