"""The service's de-identification: one worker's pipelines, loaded once, and what one request asks.

The service runs it in a child process of each worker (:mod:`.process`, which kills it when a
request runs over its time); tests also use it in their own process. Requests run one at a
time per worker (a lock: one worker keeps one core busy; scale with ``--workers``). Operators
and the label scheme of a request do not reload anything: the pipeline's detectors run as
loaded, then a ``deid_anonymizer`` built with the request's settings (cached, a few dozen at
most) renders the merged spans again. Everything fails closed: a request whose pipeline or
renderer fails raises :class:`RequestFailed` and no text leaves.
"""
from __future__ import annotations

import json
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..anonymizer.component import CharSpan, DeidAnonymizer
from ..anonymizer.keys import MissingKeyError
from ..cli.handlers import document_handlers
from ..cli.inputs import DICOM_SUFFIXES, TEXT_SUFFIXES, Input, InputError, decode_text
from ..cli.redact import PipelineLoadError, RedactOptions, Redactor, deid_result, describe_error
from ..cli.results import Handler
from ..extensions import is_deidentified
from ..pipelines import LANGS, with_overrides
from .settings import Limits

Overrides = dict[str, Any]  # {"operators": {...}, "label_scheme": ...}
CALLS = ("redact_texts", "render", "redact_file", "export_docbin")  # what a request may run
_RENDERERS = 32  # anonymizers kept per language for requests' operator settings


class RequestFailed(Exception):
    """A request that gets no result: HTTP ``status`` and a message without document content."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Engine:
    """Loads the pipelines of one worker and de-identifies texts and files with them."""

    def __init__(self, pipelines: dict[str, str], langs: Sequence[str] = LANGS) -> None:
        self.langs = tuple(langs)
        # labels stay ours inside; the request's scheme is applied when rendering
        self.options = RedactOptions(out=None, pipelines=dict(pipelines),
                                     anonymizer={"label_scheme": "ours", "audit_values": False})
        self.redactor = Redactor(self.options)
        self.state = "loading"  # then "ready" or "failed"
        self.error: str | None = None
        self._lock = threading.Lock()
        self._renderers: OrderedDict[str, DeidAnonymizer] = OrderedDict()
        self._handlers: dict[str, Handler] = document_handlers()

    def load(self) -> None:
        """Load every pipeline now (``state`` tells the outcome; never raises)."""
        try:
            self.redactor.load(self.langs)
        except PipelineLoadError as error:
            self.error = str(error)
            self.state = "failed"
            return
        self.state = "ready"

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    def run(self, name: str, args: tuple[Any, ...], seconds: float) -> Any:
        """``self.<name>(*args)`` in this process, however long it takes: the service runs the
        engine in an :class:`~.process.EngineProcess`, whose ``run`` holds to ``seconds``."""
        if name not in CALLS:
            raise RequestFailed(500, "internal error")
        return getattr(self, name)(*args)

    def language(self, text: str, lang: str) -> str:
        """``lang``, or for ``auto`` Thai when the text has more Thai than Latin letters."""
        if lang != "auto":
            return lang
        return self.redactor.language(text)

    def redact_texts(self, texts: Sequence[str], lang: str, overrides: Overrides) -> list[dict[str, Any]]:
        """``{"text", "items", "lang"}`` for each text, or :class:`RequestFailed` for all."""
        self._check_ready()
        by_lang: dict[str, list[tuple[str, int, str | None]]] = {}
        for index, text in enumerate(texts):
            by_lang.setdefault(self.language(text, lang), []).append((text, index, None))
        results: dict[int, dict[str, Any]] = {}
        with self._lock:
            for language, batch in by_lang.items():
                renderer = self._renderer(language, overrides)
                done = self.redactor.pipe(language, batch)
                for text, index, _ in batch:
                    if index not in done:
                        raise RequestFailed(500, f"de-identification failed: {self.redactor.last_error()}")
                    deid, items = deid_result(done.pop(index))
                    if renderer is not None:
                        deid, items = _render(renderer, text, [
                            CharSpan(i["start"], i["end"], i["label"], i["kind"], i["source"], i["score"])
                            for i in items])
                    results[index] = {"text": deid, "items": [dict(item) for item in items],
                                      "lang": language}
        return [results[index] for index in range(len(texts))]

    def render(self, text: str, lang: str, spans: Sequence[dict[str, Any]], overrides: Overrides) -> dict[str, Any]:
        """``{"text", "items", "lang"}`` for ``text`` with the given (reviewed) spans replaced:
        each ``{"start", "end", "label", "kind"}`` with our labels; overlaps are refused."""
        from ..labels import ID_KINDS, LABELS

        self._check_ready()
        if lang not in self.langs:
            raise RequestFailed(422, f"lang must be one of {list(self.langs)}")
        chars: list[CharSpan] = []
        for span in sorted(spans, key=lambda s: (s["start"], s["end"])):
            kind = span.get("kind") or ""
            if span["label"] not in LABELS or (kind and kind not in ID_KINDS):
                raise RequestFailed(422, "a span has an unknown label or kind")
            if not 0 <= span["start"] < span["end"] <= len(text):
                raise RequestFailed(422, "a span is empty or outside the text")
            if chars and span["start"] < chars[-1].end:
                raise RequestFailed(422, "spans overlap")
            chars.append(CharSpan(span["start"], span["end"], span["label"], kind, "review", 1.0))
        with self._lock:
            renderer = self._renderer(lang, overrides) or _anonymizer(self.redactor.nlp_for(lang))
            deid, items = _render(renderer, text, chars)
        return {"text": deid, "items": items, "lang": lang}

    def redact_file(self, suffix: str, data: bytes, lang: str, overrides: Overrides,
                    limits: Limits) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
        """One uploaded document (``suffix`` tells its type) → ``(audit record, files)``.

        Output names are ``document`` plus the suffix (the upload's own name, which may hold
        PHI, is never used). Text files also give back their decoded text (``source_text``),
        for the review page.
        """
        self._check_ready()
        name = PurePosixPath("document" + suffix)
        if suffix in self._handlers:
            return self._document(name, data, lang, overrides, limits)
        if suffix not in TEXT_SUFFIXES:
            raise RequestFailed(415, f"unsupported file type {suffix!r}: send text, an image, a PDF or DICOM")
        try:
            text = decode_text(data, "auto")
        except InputError as error:
            raise RequestFailed(422, str(error)) from None
        if len(text) > limits.max_chars:
            raise RequestFailed(413, f"the text has more than {limits.max_chars:,} characters")
        result = self.redact_texts([text], lang, overrides)[0]
        record = {"status": "ok", "kind": "text", "lang": result["lang"], "chars": len(text),
                  "items": result["items"], "outputs": [str(name)]}
        return {**record, "text": result["text"], "source_text": text}, [
            (str(name), result["text"].encode("utf-8"))]

    def export_docbin(self, docs: Sequence[Any]) -> tuple[bytes, Counter[str]]:
        """Reviewed documents as a ``.spacy`` DocBin and the alignment counts (422 when invalid)."""
        from .export import ExportError, docbin_bytes

        try:
            data, stats = docbin_bytes(docs)
        except ExportError as error:
            raise RequestFailed(422, str(error)) from None
        return data, stats

    def _document(self, name: PurePosixPath, data: bytes, lang: str, overrides: Overrides,
                  limits: Limits) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
        from ..cli.images import _reader
        from ..ocr.errors import OCRInputError, OCRLimitError
        from ..ocr.sources import open_document

        options = replace(self.options, lang=lang,
                          ocr={"max_pages": limits.max_pages, "max_seconds": limits.max_seconds})
        reader = _reader(options.ocr)  # the handler's own (cached) reader, and so its limits
        # an image's or PDF's sizes and pages as it declares them, before anything is rendered
        # (a DICOM file has its handler's own checks)
        try:
            if name.suffix not in DICOM_SUFFIXES:
                open_document(data, reader.dpi, reader.limits)
        except OCRLimitError as error:
            raise RequestFailed(413, str(error)) from None
        except OCRInputError as error:
            raise RequestFailed(422, str(error)) from None
        handler = self._handlers[name.suffix]
        started = time.monotonic()
        with self._lock:
            self._renderer(self.langs[0] if lang == "auto" else lang, overrides)  # 422 before any work
            redactor = (_RenderingRedactor(self.redactor, self._renderer, overrides) if overrides
                        else self.redactor)
            try:
                record, files = handler(Input(None, name), data, redactor, options)
            except RequestFailed:
                raise
            except MissingKeyError as error:
                raise RequestFailed(422, str(error)) from None
            except Exception as error:  # fail closed: nothing of the document leaves
                raise RequestFailed(500, f"de-identification failed: {describe_error(error)}") from None
        if record.get("status") != "ok":
            if any(page.get("status") == "failed" for page in record.get("pages") or []):
                raise RequestFailed(422, "OCR could not read every page: " + str(record.get("error")))
            if time.monotonic() - started >= limits.max_seconds:
                raise RequestFailed(408, f"the document took longer than {limits.max_seconds:g} s")
            raise RequestFailed(500, f"de-identification failed: {record.get('error')}")
        return record, [(str(path), content) for path, content in files]

    def _check_ready(self) -> None:
        if self.state != "ready":
            raise RequestFailed(503, "the pipelines are still loading" if self.state == "loading"
                                else "the pipelines could not be loaded")

    def _renderer(self, lang: str, overrides: Overrides) -> DeidAnonymizer | None:
        """The anonymizer for a request's settings (None: the pipeline's own output stands)."""
        if not overrides:
            return None
        key = lang + json.dumps(overrides, sort_keys=True)
        if key in self._renderers:
            self._renderers.move_to_end(key)
            return self._renderers[key]
        nlp = self.redactor.nlp_for(lang)
        base = _anonymizer(nlp)
        try:
            renderer = DeidAnonymizer(nlp, base.name, **with_overrides(base.cfg, overrides))
        except ValueError as error:  # our own message: which operator or setting is wrong
            raise RequestFailed(422, str(error)) from None
        self._renderers[key] = renderer
        if len(self._renderers) > _RENDERERS:
            self._renderers.popitem(last=False)
        return renderer


class _RenderingRedactor:
    """What a CLI handler needs of a Redactor, with the request's anonymizer rendering last."""

    def __init__(self, redactor: Redactor, renderer: Any, overrides: Overrides) -> None:
        self._redactor, self._renderer, self._overrides = redactor, renderer, overrides

    def nlp_for(self, lang: str) -> _RenderedPipeline:
        return _RenderedPipeline(self._redactor.nlp_for(lang), self._renderer(lang, self._overrides))

    def last_error(self) -> str:
        return self._redactor.last_error()


class _RenderedPipeline:
    """A loaded pipeline whose output is rendered again by another anonymizer."""

    def __init__(self, nlp: Language, renderer: DeidAnonymizer) -> None:
        self.nlp, self.renderer = nlp, renderer

    def make_doc(self, text: str) -> Doc:
        return self.nlp.make_doc(text)

    def __call__(self, doc: Doc) -> Doc:
        doc = self.nlp(doc)
        if is_deidentified(doc):
            doc = self.renderer(doc)
        return doc


def _anonymizer(nlp: Language) -> DeidAnonymizer:
    found = [proc for _, proc in nlp.pipeline if isinstance(proc, DeidAnonymizer)]
    if len(found) != 1:
        raise RequestFailed(500, "the pipeline needs exactly one deid_anonymizer")
    return found[0]


def _render(renderer: DeidAnonymizer, text: str, spans: Sequence[CharSpan]) -> tuple[str, list]:
    """The text again from merged spans (labels ours) with ``renderer``."""
    try:
        return renderer.render_text(text, spans)
    except MissingKeyError as error:
        raise RequestFailed(422, str(error)) from None
    except Exception as error:  # fail closed
        raise RequestFailed(500, f"rendering failed: {describe_error(error)}") from None
