"""The ``redact`` command: de-identify files, folders or stdin into an output folder."""
from __future__ import annotations

import csv
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from spacy.language import Language

from ..pipelines import load_pipeline
from ..text import is_thai
from .inputs import TEXT_SUFFIXES, Input, InputError, read_text
from .outputs import AuditLog, hashed_relative, write_atomic

logger = logging.getLogger("spacy_deid")


@dataclass
class RedactOptions:
    """Settings of one run (see ``spacy-deid redact --help``)."""

    out: Optional[Path]
    pipelines: Dict[str, str] = field(default_factory=lambda: {"*": "default"})
    lang: str = "auto"
    encoding: str = "auto"
    anonymizer: Dict[str, Any] = field(default_factory=dict)
    hash_key: Optional[bytes] = None
    group_by: str = "document"
    group_map: Dict[str, str] = field(default_factory=dict)
    batch_size: int = 32
    progress: bool = False
    ocr: Dict[str, Any] = field(default_factory=dict)  # images/PDFs: see spacy_deid.cli.images


class Redactor:
    """Loads pipelines lazily per language and de-identifies text documents in batches."""

    def __init__(self, options: RedactOptions) -> None:
        self.options = options
        self._nlps: Dict[str, Language] = {}
        self._errors: List[Tuple[str, str]] = []

    def nlp_for(self, lang: str) -> Language:
        """The pipeline for ``lang`` (loaded once)."""
        if lang not in self._nlps:
            spec = self.options.pipelines.get(lang) or self.options.pipelines.get("*", "default")
            nlp = load_pipeline(spec, lang, self.options.anonymizer or None)
            nlp.default_error_handler = self._record_error  # function components
            for _, proc in nlp.pipeline:
                try:
                    proc.set_error_handler(self._record_error)
                except AttributeError:
                    # spaCy's Cython pipes (ner) cannot store a handler: their errors raise,
                    # and the batch is retried document by document (see ``pipe``).
                    pass
            self._nlps[lang] = nlp
        return self._nlps[lang]

    def _record_error(self, name: str, proc: Any, docs: List[Any], error: Exception) -> None:
        self._errors.append((name, describe_error(error)))

    def language(self, text: str) -> str:
        if self.options.lang != "auto":
            return self.options.lang
        return "th" if is_thai(text) else "en"

    def pipe(self, lang: str, texts: List[Tuple[str, int, Optional[str]]]) -> Dict[int, Any]:
        """Docs by context index; a document missing from the result failed.

        Components report errors to the pipeline's error handler and drop the failing
        batch; those documents are retried one by one so a single bad document only
        fails itself.
        """
        nlp = self.nlp_for(lang)
        done = self._pipe_batch(nlp, texts)
        for text, index, group in texts:
            if index not in done and len(texts) > 1:
                done.update(self._pipe_batch(nlp, [(text, index, group)]))
        return done

    def _pipe_batch(
        self, nlp: Language, texts: List[Tuple[str, int, Optional[str]]]
    ) -> Dict[int, Any]:
        try:
            docs = []
            for text, index, group in texts:
                doc = nlp.make_doc(text)
                doc._.deid_group = group
                docs.append((doc, index))
            return {
                index: doc
                for doc, index in nlp.pipe(docs, as_tuples=True, batch_size=self.options.batch_size)
                if isinstance(doc._.deid_text, str)
            }
        except Exception as error:  # fail closed: the batch's documents are retried or failed
            self._errors.append(("pipeline", describe_error(error)))
            return {}

    def last_error(self) -> str:
        if not self._errors:
            return "the pipeline produced no de-identified text (does it end with deid_anonymizer?)"
        name, kind = self._errors[-1]
        return f"component {name!r} raised {kind}"


def describe_error(error: Exception) -> str:
    """The error's type; its message only for our own errors, which never hold document text."""
    from ..anonymizer.keys import MissingKeyError

    if isinstance(error, MissingKeyError):
        return f"{type(error).__name__}: {error}"
    return type(error).__name__


def output_relative(item: Input, options: RedactOptions) -> PurePosixPath:
    """Where the redacted counterpart of ``item`` goes below the output folder."""
    if options.hash_key is not None:
        return hashed_relative(item.relative, options.hash_key)
    return item.relative


def group_of(item: Input, options: RedactOptions) -> Optional[str]:
    """Date-shift group: from the group map, the folder, or None (the document alone)."""
    if str(item.relative) in options.group_map:
        return options.group_map[str(item.relative)]
    if options.group_by == "folder":
        return str(item.relative.parent)
    return None


def doc_record(doc: Any, lang: str) -> Dict[str, Any]:
    return {"status": "ok", "lang": lang, "chars": len(doc.text), "items": doc._.deid_items or []}


def run_redact(
    inputs: List[Input],
    options: RedactOptions,
    audit: AuditLog,
    handlers: Optional[Dict[str, Callable[..., Dict[str, Any]]]] = None,
) -> int:
    """De-identify every input; returns the number of failed documents.

    ``handlers`` maps file suffixes (e.g. ".png") to functions
    ``handler(item, redactor, out_dir) -> record`` for non-text documents.
    """
    redactor = Redactor(options)
    handlers = handlers or {}
    seen: Dict[PurePosixPath, Input] = {}
    progress = _progress(len(inputs), options.progress)
    for chunk in _chunks(inputs, max(1, options.batch_size) * 4):
        texts: Dict[str, List[Tuple[str, int, Optional[str]]]] = {}
        records: Dict[int, Dict[str, Any]] = {}
        for index, item in enumerate(chunk):
            rel = output_relative(item, options)
            record: Dict[str, Any] = {"input": str(rel if options.hash_key else item.relative)}
            records[index] = record
            if item.path is not None and rel in seen:
                record.update(status="failed", error="another input has the same output path")
                continue
            seen[rel] = item
            if item.path is not None and item.suffix in handlers:
                record.update(_run_handler(handlers[item.suffix], item, redactor, options))
                continue
            if item.path is not None and item.suffix not in TEXT_SUFFIXES:
                record.update(status="failed", error=f"unsupported file type {item.suffix!r}")
                continue
            try:
                text = read_text(item, options.encoding)
            except (InputError, OSError) as error:
                message = str(error) if isinstance(error, InputError) else type(error).__name__
                record.update(status="failed", error=message)
                continue
            group = group_of(item, options)
            texts.setdefault(redactor.language(text), []).append((text, index, group))
        for lang, batch in texts.items():
            done = redactor.pipe(lang, batch)
            for _, index, _ in batch:
                item, record = chunk[index], records[index]
                if index not in done:
                    record.update(status="failed", lang=lang, error=redactor.last_error())
                    continue
                doc = done[index]
                record.update(doc_record(doc, lang))
                _write_text(item, output_relative(item, options), doc._.deid_text, options)
        for index in range(len(chunk)):
            record = records[index]
            if record.get("status") != "ok":
                logger.warning("document %s failed: %s", record["input"], record.get("error"))
            audit.write(record)
            progress.update(1)
    progress.close()
    return audit.failed


def _run_handler(
    handler: Callable[..., Dict[str, Any]], item: Input, redactor: Redactor, options: RedactOptions
) -> Dict[str, Any]:
    try:
        record, files = handler(item, redactor, options)
        if record.get("status") == "ok":
            assert options.out is not None
            for rel, data in files:
                write_atomic(options.out / rel, data)
        return record
    except Exception as error:  # fail closed: reported, nothing written
        return {"status": "failed", "error": f"{type(error).__name__} while processing the file"}


def _write_text(item: Input, rel: PurePosixPath, text: str, options: RedactOptions) -> None:
    if item.path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert options.out is not None
    write_atomic(options.out / rel, text.encode("utf-8"))


def _chunks(items: List[Input], size: int) -> Iterator[List[Input]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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


def read_group_map(path: Path) -> Dict[str, str]:
    """A CSV with columns ``path`` (relative input path) and ``group`` (e.g. a patient id)."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"path", "group"} <= set(reader.fieldnames):
            raise ValueError(f"{path} needs the columns 'path' and 'group'.")
        return {row["path"]: row["group"] for row in reader}
