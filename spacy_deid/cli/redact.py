"""The ``redact`` command: de-identify files, folders or stdin into an output folder."""
from __future__ import annotations

import csv
import hashlib
import hmac
import json
import logging
import secrets
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from spacy.language import Language

from ..about import __version__
from ..extensions import is_deidentified
from ..pipelines import LANGS, load_pipeline
from ..text import _NOT_LATIN_RE, _NOT_THAI_RE, is_thai
from .inputs import TEXT_SUFFIXES, Input, InputError, decode_text, read_bytes
from .outputs import OutputDir, OutputError
from .results import Files, Handler
from .windows import WINDOW_CHARS, find_spans

logger = logging.getLogger("spacy_deid")
MAX_TEXT_BYTES = 200_000_000
OCR_LIMITS = ("max_document_pixels", "max_seconds")  # OCRReader settings the CLI exposes


@dataclass
class RedactOptions:
    """Settings of one run (see ``spacy-deid redact --help``)."""

    out: Path | None
    pipelines: dict[str, str] = field(default_factory=lambda: {"*": "default"})
    lang: str = "auto"
    encoding: str = "auto"
    anonymizer: dict[str, Any] = field(default_factory=dict)
    hash_key: bytes | None = None
    group_by: str = "document"
    group_map: dict[str, str] = field(default_factory=dict)
    batch_size: int = 32
    progress: bool = False
    ocr: dict[str, Any] = field(default_factory=dict)  # images/PDFs: see spacy_deid.cli.images
    dicom: dict[str, Any] = field(default_factory=dict)  # DICOM: see spacy_deid.cli.dicom
    resume: bool = True
    log_names: bool = False
    window_chars: int = WINDOW_CHARS
    max_text_bytes: int = MAX_TEXT_BYTES  # a larger text input fails before it is read
    # --patterns / --deny / --allow, checked (spacy_deid.patterns.custom / .terms); they add to
    # what the pipeline has saved and enter the settings fingerprint like every other setting
    patterns: list[dict[str, Any]] = field(default_factory=list)
    deny: list[dict[str, str]] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)

    def fingerprint(self, secret: bytes, key: bytes | None) -> str:
        """A keyed digest of every setting that changes the outputs (for resuming); limits
        do not (a document within them gets the same outputs), so raising one redoes only
        the documents that failed on it."""
        settings = {k: v for k, v in asdict(self).items()
                    if k not in ("out", "hash_key", "progress", "resume", "log_names", "batch_size",
                                 "max_text_bytes")}
        settings["ocr"] = {k: v for k, v in self.ocr.items() if k not in OCR_LIMITS}
        settings["version"] = __version__
        settings["hash_names"] = self.hash_key is not None
        for name, value in (("key", key), ("hash_key", self.hash_key)):
            settings[name] = None if value is None else _digest(secret, value)
        return _digest(secret, json.dumps(settings, sort_keys=True, default=str).encode())


def _digest(secret: bytes, data: bytes) -> str:
    return hmac.new(secret, data, hashlib.sha256).hexdigest()[:32]


class PipelineLoadError(RuntimeError):
    """A pipeline could not be loaded (a run-level failure: nothing is processed)."""


class Redactor:
    """Holds one pipeline per language and de-identifies text documents in batches."""

    def __init__(self, options: RedactOptions) -> None:
        self.options = options
        self._nlps: dict[str, Language] = {}
        self._errors: list[tuple[str, str]] = []

    def load(self, langs: tuple[str, ...]) -> None:
        """Load the pipelines of ``langs`` now; raises :class:`PipelineLoadError`."""
        for lang in langs:
            try:
                self.nlp_for(lang)
            except Exception as error:
                raise PipelineLoadError(
                    f"the {lang} pipeline could not be loaded: {_loading_error(error)}") from None

    def nlp_for(self, lang: str) -> Language:
        """The pipeline for ``lang`` (loaded once)."""
        if lang not in self._nlps:
            spec = self.options.pipelines.get(lang) or self.options.pipelines.get("*", "default")
            nlp = load_pipeline(spec, lang, self.options.anonymizer or None)
            add_user_recognizers(nlp, self.options)
            nlp.default_error_handler = self._record_error  # function components
            for _, proc in nlp.pipeline:
                try:
                    proc.set_error_handler(self._record_error)  # type: ignore[attr-defined]
                except AttributeError:
                    # spaCy's Cython pipes (ner) cannot store a handler: their errors raise,
                    # and the batch is retried document by document (see ``pipe``).
                    pass
            self._nlps[lang] = nlp
        return self._nlps[lang]

    def _record_error(self, name: str, proc: Any, docs: list[Any], error: Exception) -> None:
        self._errors.append((name, describe_error(error)))

    def language(self, text: str) -> str:
        if self.options.lang != "auto":
            return self.options.lang
        if len(text) <= self.options.window_chars:
            return "th" if is_thai(text) else "en"
        # is_thai on the whole text builds the text again without one script (~10 bytes a
        # character in pieces); the same counts, slice by slice
        step = self.options.window_chars
        thai = latin = 0
        for i in range(0, len(text), step):
            thai += len(_NOT_THAI_RE.sub("", text[i : i + step]))
            latin += len(_NOT_LATIN_RE.sub("", text[i : i + step]))
        return "th" if thai > latin else "en"

    def pipe(self, lang: str, texts: list[tuple[str, int, str | None]]) -> dict[int, Any]:
        """Results by context index: a Doc, or ``(text, items)`` for a document processed in
        windows; a document missing from the result failed.

        Components report errors to the pipeline's error handler; a failing batch comes out
        without de-identified text (our components mark it ``doc._.deid_failed``, spaCy's own
        drop it) and its documents are retried one by one so a single bad document only
        fails itself.
        """
        nlp = self.nlp_for(lang)
        long = [t for t in texts if len(t[0]) > self.options.window_chars]
        short = [t for t in texts if len(t[0]) <= self.options.window_chars]
        done = self._pipe_batch(nlp, short)
        for text, index, group in short:
            if index not in done and len(short) > 1:
                done.update(self._pipe_batch(nlp, [(text, index, group)]))
        for text, index, group in long:
            try:
                done[index] = self._windowed(nlp, text, group)
            except Exception as error:  # fail closed: the whole document fails
                self._errors.append(("pipeline", describe_error(error)))
        return done

    def _windowed(self, nlp: Language, text: str, group: str | None) -> tuple[str, list[Any]]:
        anonymizer = _anonymizer(nlp)
        spans = find_spans(nlp, anonymizer, text, group, size=self.options.window_chars,
                           overlap=min(2_000, self.options.window_chars // 4))
        return anonymizer.render_text(text, spans, group)

    def _pipe_batch(self, nlp: Language, texts: list[tuple[str, int, str | None]]) -> dict[int, Any]:
        if not texts:
            return {}
        try:
            docs = []
            for text, index, group in texts:
                doc = nlp.make_doc(text)
                doc._.deid_group = group
                docs.append((doc, index))
            return {
                index: doc
                for doc, index in nlp.pipe(docs, as_tuples=True, batch_size=self.options.batch_size)
                if is_deidentified(doc)
            }
        except Exception as error:  # fail closed: the batch's documents are retried or failed
            self._errors.append(("pipeline", describe_error(error)))
            return {}

    def last_error(self) -> str:
        if not self._errors:
            return "the pipeline produced no de-identified text (does it end with deid_anonymizer?)"
        name, kind = self._errors[-1]
        return f"component {name!r} raised {kind}"


def add_user_recognizers(nlp: Language, options: RedactOptions) -> None:
    """Add the run's own recognizers and deny list to ``deid_patterns``, its allow list to
    ``deid_anonymizer`` (raises ValueError when the pipeline lacks exactly one of them)."""
    if options.patterns or options.deny:
        patterns = _only(nlp, "deid_patterns")
        patterns.add_patterns(options.patterns)
        patterns.add_deny(options.deny)
    if options.allow:
        _only(nlp, "deid_anonymizer").add_allow(options.allow)


def _only(nlp: Language, factory: str) -> Any:
    procs = [proc for name, proc in nlp.pipeline if nlp.get_pipe_meta(name).factory == factory]
    if len(procs) != 1:
        raise ValueError(f"--patterns, --deny and --allow need a pipeline with exactly one "
                         f"{factory} (this one has {len(procs)})")
    return procs[0]


def deid_result(result: Any) -> tuple[str, list[Any]]:
    """``(deid_text, deid_items)`` of one :meth:`Redactor.pipe` result (a Doc or a pair)."""
    return result if isinstance(result, tuple) else (result._.deid_text, result._.deid_items or [])


def _anonymizer(nlp: Language) -> Any:
    found = [proc for _, proc in nlp.pipeline if hasattr(proc, "render_text")]
    if len(found) != 1:
        raise ValueError("a long document needs a pipeline with exactly one deid_anonymizer")
    return found[0]


def _loading_error(error: Exception) -> str:
    """A pipeline load failure in one line (our own messages in full, others by type)."""
    from ..pipelines import PipelineNotFound

    if isinstance(error, (PipelineNotFound, ValueError)):
        return " ".join(str(error).split())[:500]
    return type(error).__name__


def describe_error(error: Exception) -> str:
    """The error's type; its message only for our own errors, which never hold document text."""
    from ..anonymizer.keys import MissingKeyError

    if isinstance(error, MissingKeyError):
        return f"{type(error).__name__}: {error}"
    return type(error).__name__


def output_relative(item: Input, options: RedactOptions) -> PurePosixPath:
    """Where the redacted counterpart of ``item`` goes below the output folder."""
    if options.hash_key is not None:
        from .outputs import hashed_relative

        return hashed_relative(item.relative, options.hash_key)
    return item.relative


def group_of(item: Input, options: RedactOptions) -> str | None:
    """Date-shift group: from the group map, the folder, or None (the document alone)."""
    if str(item.relative) in options.group_map:
        return options.group_map[str(item.relative)]
    if options.group_by == "folder":
        return str(item.relative.parent)
    return None


class Run:
    """One ``redact`` run: documents in, outputs and audit records out, resumable."""

    def __init__(self, options: RedactOptions, redactor: Redactor, out: OutputDir | None,
                 handlers: dict[str, Handler], key: bytes | None) -> None:
        self.options, self.redactor, self.out, self.handlers = options, redactor, out, handlers
        self.secret = out.secret() if out is not None else secrets.token_bytes(32)
        self.settings = options.fingerprint(self.secret, key)
        self.run_id = secrets.token_hex(8)
        self.done = self._previous() if out is not None and options.resume else {}
        self.counts = {"ok": 0, "failed": 0, "skipped": 0, "resumed": 0}
        self._seen: set[PurePosixPath] = set()

    def _previous(self) -> dict[str, dict[str, Any]]:
        """The last ok record of each input in the folder's audit, for these settings."""
        assert self.out is not None
        done = {}
        for record in self.out.audit_lines():
            if record.get("settings") == self.settings and "input" in record:
                if record.get("status") == "ok":
                    done[record["input"]] = record
                else:
                    done.pop(record["input"], None)
        return done

    def process(self, inputs: list[Input]) -> None:
        progress = _progress(len(inputs), self.options.progress)
        size = max(1, self.options.batch_size) * 4
        for first in range(0, len(inputs), size):
            chunk = list(enumerate(inputs[first : first + size], start=first + 1))
            for position, item, record in self._chunk(chunk):
                self._finish(position, item, record)
                progress.update(1)
        progress.close()

    def _chunk(self, chunk: list[tuple[int, Input]]) -> Iterator[tuple[int, Input, dict[str, Any]]]:
        texts: dict[str, list[tuple[str, int, str | None]]] = {}
        records: dict[int, dict[str, Any]] = {}
        rels: dict[int, PurePosixPath] = {}
        for index, (_, item) in enumerate(chunk):
            rel = rels[index] = output_relative(item, self.options)
            record = records[index] = self._record(item, rel)
            if item.skipped:
                record.update(status="skipped", error=item.skipped)
                continue
            if item.path is not None and rel in self._seen:
                record.update(status="failed", error="another input has the same output path")
                continue
            self._seen.add(rel)
            is_text = item.path is None or item.suffix not in self.handlers
            try:
                data = read_bytes(item, self.options.max_text_bytes if is_text else None)
            except InputError as error:
                record.update(status="failed", error=str(error))
                continue
            record["digest"] = _digest(self.secret, data)
            if self._already_done(record):
                record["status"] = "resumed"
                continue
            if not is_text:
                record.update(self._handle(item, data, rel))
                continue
            if item.path is not None and item.suffix not in TEXT_SUFFIXES:
                record.update(status="failed", error=f"unsupported file type {item.suffix!r}")
                continue
            try:
                text = decode_text(data, self.options.encoding)
            except InputError as error:
                record.update(status="failed", error=str(error))
                continue
            finally:
                del data  # a large input is not held twice while it is processed
            texts.setdefault(self.redactor.language(text), []).append(
                (text, index, group_of(item, self.options)))
        for lang, batch in texts.items():
            done = self.redactor.pipe(lang, batch)
            for text, index, _ in batch:
                record = records[index]
                if index not in done:
                    record.update(status="failed", lang=lang, error=self.redactor.last_error())
                    continue
                deid, items = deid_result(done.pop(index))
                record.update(lang=lang, chars=len(text), items=items)
                record.update(self._write(chunk[index][1], [(rels[index], deid.encode("utf-8"))]))
                del deid, items
        for index, (position, item) in enumerate(chunk):
            yield position, item, records[index]

    def _record(self, item: Input, rel: PurePosixPath) -> dict[str, Any]:
        name = str(rel if self.options.hash_key is not None else item.relative)
        return {"input": name, "id": _digest(self.secret, name.encode())[:8], "run": self.run_id,
                "settings": self.settings}

    def _already_done(self, record: dict[str, Any]) -> bool:
        """Whether an earlier run wrote this input's outputs with the same content and settings."""
        previous = self.done.get(record["input"])
        if self.out is None or previous is None or previous.get("digest") != record["digest"]:
            return False
        outputs = previous.get("outputs") or []
        digests = previous.get("output_digests") or []
        if not outputs or len(outputs) != len(digests):
            return False
        for rel, digest in zip(outputs, digests):
            data = self.out.read(PurePosixPath(rel))
            if data is None or _digest(self.secret, data) != digest:
                return False
        return True

    def _handle(self, item: Input, data: bytes, rel: PurePosixPath) -> dict[str, Any]:
        try:
            record, files = self.handlers[item.suffix](item, data, self.redactor, self.options,
                                                       rel=rel)
        except Exception as error:  # fail closed: reported, nothing written
            return {"status": "failed", "error": f"{type(error).__name__} while processing the file"}
        if record.get("status") != "ok":
            return record
        return {**record, **self._write(item, files)}

    def _write(self, item: Input, files: Files) -> dict[str, Any]:
        """Write a document's files (stdout for stdin): all of them, or none and failed."""
        if item.path is None:
            for _, data in files:
                sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return {"status": "ok"}
        assert self.out is not None
        written: list[PurePosixPath] = []
        try:
            for rel, data in files:
                self.out.write(rel, data)
                written.append(rel)
        except OutputError as error:
            for rel in written:
                self.out.remove(rel)
            return {"status": "failed", "error": str(error), "items": [], "outputs": []}
        return {"status": "ok", "outputs": [str(rel) for rel, _ in files],
                "output_digests": [_digest(self.secret, data) for _, data in files]}

    def _finish(self, position: int, item: Input, record: dict[str, Any]) -> None:
        status = record.get("status", "failed")
        if status == "resumed":
            self.counts["resumed"] += 1
            return  # its record from the earlier run stands
        self.counts["ok" if status == "ok" else "skipped" if status == "skipped" else "failed"] += 1
        if status != "ok":
            name = f"{item.relative}" if self.options.log_names else f"id {record['id']}"
            logger.warning("document %d (%s) %s: %s", position, name,
                           "skipped" if status == "skipped" else "failed", record.get("error"))
        if self.out is not None:
            self.out.append_audit(record)


class _NoProgress:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, enabled: bool) -> Any:
    """A tqdm bar on stderr counting documents (never their names)."""
    if not enabled:
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, desc="de-identifying")


def needed_languages(options: RedactOptions) -> tuple[str, ...]:
    """The languages whose pipelines a run may need (loaded before any output)."""
    return LANGS if options.lang == "auto" else (options.lang,)


def read_group_map(path: Path) -> dict[str, str]:
    """A CSV with columns ``path`` (relative input path) and ``group`` (e.g. a patient id)."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"path", "group"} <= set(reader.fieldnames):
            raise ValueError("the group map needs the columns 'path' and 'group'")
        return {row["path"]: row["group"] for row in reader}
