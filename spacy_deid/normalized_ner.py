"""The ``deid_normalized_ner`` component: the pipeline's ``ner`` again, on a normalised copy.

The CNN ``ner`` reads each token's NORM, PREFIX, SUFFIX and SHAPE. A zero-width space or
a soft hyphen inside a name (``Jo\\u200bhn``), full-width letters, or a name in capitals
(``JOHN SMITH``: shape ``XXXX``, suffix ``OHN``) give it features it never saw in
training, and the name is missed. PREFIX, SUFFIX and SHAPE belong to the lexeme, so they
cannot be set per token; instead, where a Doc has such tokens, this component builds a
copy of the tokens around them (``CONTEXT`` tokens on each side; the same tokens, 1:1, no
retokenization) whose texts are the normalised forms:

* every token as ``spacy_deid.normalize`` gives it (invisible characters dropped, NFKC,
  ASCII digits; Thai kept); a token of invisible characters only stays as it is;
* with ``caps_names``, a run of two or more words in capitals (``JOHN SMITH``, ``SOE MIN
  THU``) on a line that also has lower-case or Thai letters is written in title case
  (``John Smith``). Single capitalised words (``ICU``, ``COPD``), lines all in capitals
  (headers: ``DISCHARGE SUMMARY``) and function words (``AND``, ``OF``...) are left
  alone: title-cased they look like names to the model.

The ``ner`` named by ``ner`` runs on the copies (its weights, nothing trained here), and
each entity it finds there that covers a changed token is written, on the same tokens
of the original Doc, to ``doc.spans[spans_key]`` (``attrs["scores"]`` 1.0, as for
``doc.ents``); an entity that covers only title-cased tokens is kept only if it is a
PERSON. ``doc.ents`` is left as the ``ner`` wrote it. A Doc with nothing to normalise
costs a regex search and gets an empty group, so a consumer (the anonymizer's
``sources``) can require the group.
"""

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

from .normalize import INVISIBLE, normalize
from .pipe import DeidPipe
from .scorer import score_weights
from .spans import make_group

DEFAULT_CONFIG: dict[str, Any] = {
    "ner": "ner",
    "spans_key": "deid_normalized_ner",
    "caps_names": True,
    "scorer": {"@scorers": "spacy_deid.deid_scorer.v1"},
}

_CAPS_WORD = re.compile(r"[A-Z][A-Z'’-]*[A-Z]\Z")
# Two capitalised words next to each other somewhere: the cheap test before looking at tokens.
_CAPS_PAIR = re.compile(r"(?<![A-Za-z])[A-Z][A-Z'’-]*[A-Z] +[A-Z][A-Z'’-]*[A-Z](?![A-Za-z])")
_MAY_CHANGE = re.compile("[" + "".join(sorted(INVISIBLE)) + r"]|[^\x00-\x7f\u0e00-\u0e7f]")
_CASED_LINE = re.compile("[a-z\u0e01-\u0e4e]")  # a line that is not all in capitals
# English function words: never part of a name, often of a header or form text.
FUNCTION_WORDS = frozenset(
    ["A", "AN", "AND", "ARE", "AS", "AT", "BE", "BEFORE", "AFTER", "BUT", "BY", "FOR", "FROM", "HE", "HER", "HIS", "IF", "IN", "INTO", "IS", "IT", "ME", "MY", "NO", "NOT", "OF", "ON", "OR", "OUR", "SHE", "SO", "THAT", "THE", "THEIR", "THEY", "THIS", "TO", "UP", "US", "WAS", "WE", "WERE", "WITH", "YES", "YOU", "YOUR"]
)
NORMALISED, TITLE_CASED = "normalised", "title-cased"
# A word that can be said: a vowel, and no three consonants at its start but for common
# onsets (SCHMIDT, STRAUSS, CHRIS). Acronyms often cannot (MSSA, CXR, NKDA).
_SAYABLE = re.compile(r"(?=.*[AEIOUY])(?![B-DF-HJ-NP-TV-XZ]{3})|(?=(?:SCH|STR|SPR|SCR|SPL|THR|CHR|SHR|PHR)[AEIOUY])")


def _name_like(word: str) -> bool:
    """Whether a word in capitals may be part of a name (see ``_caps_runs``)."""
    return bool(_CAPS_WORD.match(word)) and word not in FUNCTION_WORDS and bool(_SAYABLE.match(word))


@Language.factory(
    "deid_normalized_ner",
    default_config=DEFAULT_CONFIG,
    assigns=["doc.spans"],
    requires=["doc.ents"],
    default_score_weights=score_weights("deid_normalized_ner"),
)
def make_deid_normalized_ner(
    nlp: Language, name: str, ner: str, spans_key: str, caps_names: bool, scorer: Callable | None
) -> "NormalizedNER":
    """Run the pipeline's ``ner`` on a normalised copy of each Doc that needs one.

    ner (str): name of the ner component to run (it must come earlier in the pipeline).
    spans_key (str): the span group written, ``doc.spans[spans_key]``.
    caps_names (bool): also write runs of capitalised words in title case.
    scorer (Optional[Callable]): the scoring method (``spacy_deid.deid_scorer.v1``).
    """
    return NormalizedNER(nlp, name, ner=ner, spans_key=spans_key, caps_names=caps_names, scorer=scorer)


def token_forms(
    doc: Doc, caps_names: bool = True, *, text: str | None = None, view: str | None = None
) -> tuple[list[str], list[str | None]]:
    """The text each token gets in the copy, and how it changed (None: unchanged).
    ``text``/``view``: ``doc.text`` and its normalised view, when the caller has them."""
    text = doc.text if text is None else text
    view = normalize(text).text if view is None else view
    forms: list[str] = []
    changes: list[str | None] = []
    for token in doc:
        word = token.text
        form = normalize(word).text if _MAY_CHANGE.search(word) else word
        if not form:  # invisible characters only: nothing to give the model instead
            form = word
        forms.append(form)
        changes.append(None if form == word else NORMALISED)
    if caps_names and _CAPS_PAIR.search(view):
        for run in _caps_runs(doc, forms, text):
            for i in run:
                forms[i] = forms[i].title()
                changes[i] = changes[i] or TITLE_CASED
    return forms, changes


# Tokens of context on each side of a changed token in the copy the ner reads: far more
# than the CNN sees (a window of 1 token, depth 2, and the parser's few state tokens).
CONTEXT = 16


def _windows(changes: Sequence[str | None]) -> list[tuple[int, int]]:
    """Token ranges around the changed tokens (``CONTEXT`` on each side, overlaps joined)."""
    windows: list[tuple[int, int]] = []
    for i, change in enumerate(changes):
        if change:
            start, end = max(0, i - CONTEXT), min(len(changes), i + CONTEXT + 1)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
    return windows


def _caps_runs(doc: Doc, forms: Sequence[str], text: str) -> Iterator[list[int]]:
    """Runs of two or more capitalised words (token indices) separated by single spaces,
    not at the start of a line, on lines that are not all in capitals; function words and
    words that cannot be said (acronyms) end a run."""
    run: list[int] = []

    def flush() -> Iterator[list[int]]:
        if len(run) >= 2:
            first, last = doc[run[0]], doc[run[-1]]
            line_start = text.rfind("\n", 0, first.idx) + 1
            line_end = text.find("\n", last.idx)
            if (
                text[line_start : first.idx].strip()  # not the start of a line (a heading)
                and _CASED_LINE.search(text, line_start, len(text) if line_end < 0 else line_end)
            ):
                yield list(run)

    previous = -1  # index of the last capitalised word of the run
    for i, form in enumerate(forms):
        if _name_like(form):
            joined = previous >= 0 and (
                (i == previous + 1 and doc[previous].whitespace_ == " ")
                or (i == previous + 2 and doc[previous + 1].text == " " and not doc[previous].whitespace_)
            )
            if not joined:
                yield from flush()
                run = []
            run.append(i)
            previous = i
        elif not (form == " " and previous == i - 1):
            yield from flush()
            run, previous = [], -1
    yield from flush()


class NormalizedNER(DeidPipe):
    """Writes ``doc.spans[spans_key]``: the ``ner``'s entities on normalised copies (see the
    module docstring). Holds no weights; a batch whose processing failed gets no group and is
    marked failed (``spacy_deid.pipe``)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "deid_normalized_ner",
        *,
        ner: str = "ner",
        spans_key: str = "deid_normalized_ner",
        caps_names: bool = True,
        scorer: Callable | None = None,
    ) -> None:
        if not spans_key:
            raise ValueError("spans_key must be a non-empty string.")
        super().__init__(nlp, name, scorer=scorer, ner=ner, spans_key=spans_key, caps_names=bool(caps_names))
        self._nlp = nlp

    def _ner(self) -> Any:
        name = self.cfg["ner"]
        if name not in self._nlp.component_names:
            raise ValueError(
                f"[{self.name}] needs the ner component {name!r}, which the pipeline does not "
                f"have (components: {self._nlp.component_names}); set "
                f"[components.{self.name}] ner = \"<name of the ner>\"."
            )
        return self._nlp.get_pipe(name)

    def _may_change(self, doc: Doc) -> bool:
        """A cheap first test on the Doc's distinct words (``doc.text`` costs a pass over
        the tokens): one that normalisation changes, or two name-like words in capitals."""
        strings = self.vocab.strings
        capitals = 0
        for orth, count in doc.count_by(ORTH).items():
            word = strings[orth]
            if _MAY_CHANGE.search(word) and normalize(word).text != word:
                return True
            if self.cfg["caps_names"] and _name_like(word):
                capitals += count
        return capitals >= 2

    def _predict(self, docs: list[Doc]) -> list[list[Span]]:
        """Per Doc, the spans found on its normalised copies; the copies of a batch go through
        the ner together."""
        ner = self._ner()
        pending = []  # (doc, first token of the window, copy of the window, changes)
        for doc in docs:
            if not self._may_change(doc):
                continue
            text = doc.text  # built from the tokens at each call: once
            view = normalize(text).text
            if view == text and not (self.cfg["caps_names"] and _CAPS_PAIR.search(text)):
                continue
            forms, changes = token_forms(doc, self.cfg["caps_names"], text=text, view=view)
            spaces = [bool(token.whitespace_) for token in doc]
            for start, end in _windows(changes):
                copy = Doc(self.vocab, words=forms[start:end], spaces=spaces[start:end])
                pending.append((doc, start, copy, changes))
        copies = ner.pipe([copy for _, _, copy, _ in pending], batch_size=max(1, len(pending)))
        found: dict[int, list[Span]] = {}
        for (doc, offset, _, changes), copy in zip(pending, copies):
            for ent in copy.ents:
                start, end = ent.start + offset, ent.end + offset
                kinds = [changes[i] for i in range(start, end) if changes[i]]
                if not kinds:
                    continue
                if NORMALISED not in kinds:  # title case alone: two words or more of a name
                    if ent.label_ != "PERSON" or len(kinds) < 2:
                        continue
                    while not changes[start]:  # only the words in capitals ("Hello JOHN SMITH")
                        start += 1
                    while not changes[end - 1]:
                        end -= 1
                found.setdefault(id(doc), []).append(Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_))
        return [found.get(id(doc), []) for doc in docs]

    def _annotate(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans[self.spans_key] = make_group(doc, self.spans_key, spans, [1.0] * len(spans))

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Nothing to learn; checks that the ner is there."""
        self._ner()
