"""Inside a Spark Python worker: de-identify the rows of a ``binaryFile`` DataFrame.

Each row (``path``, ``content``) is one document. Images and PDFs go to the CLI's own handlers
(:func:`spacy_deid.cli.handlers.document_handlers`, the code ``spacy-deid redact`` runs), text
files are decoded and redacted as the CLI does, so the bytes, text and audit record of a row
are those ``spacy-deid redact`` writes for the same file. Nothing is written here: a row
carries its output files (relative path and bytes) and its audit record as JSON.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from ..cli.handlers import document_handlers
from ..cli.inputs import TEXT_SUFFIXES, Input, InputError, decode_text
from ..cli.redact import deid_result
from ..cli.results import Handler
from .worker import STATUS_FAILED, STATUS_OK, Settings, group_value, items_json, redactor_for

FILE_COLUMNS = ("deid_content", "deid_files", "deid_text", "deid_audit", "deid_status", "deid_error")
_HANDLERS: dict[str, Handler] = {}


def relative_path(path: str, root: str | None) -> PurePosixPath:
    """The path below ``root`` (both URIs or plain paths; ``file:/a`` = ``file:///a`` = ``/a``),
    else the file name alone, as ``spacy-deid redact`` names a file given directly."""
    own = PurePosixPath(urlparse(path).path)
    if root:
        base = PurePosixPath(urlparse(root).path)
        if base != own and base in own.parents:
            return own.relative_to(base)
    return PurePosixPath(own.name)


def handlers() -> dict[str, Handler]:
    """The CLI's handlers by suffix, built once per worker."""
    if not _HANDLERS:
        _HANDLERS.update(document_handlers())
    return _HANDLERS


def redact_document(settings: Settings, rel: PurePosixPath, data: Any, group: str | None,
                    max_text_bytes: int) -> dict[str, Any]:
    """One document's outputs: ``deid_content`` (the redacted document: text, PNG or PDF; null
    when it has several page images), ``deid_files`` (every file the CLI would write, as
    ``{"path", "content"}`` below ``rel``), ``deid_text``, ``deid_audit`` (the CLI's audit record
    without its run-specific fields), ``deid_status``, ``deid_error``."""
    record: dict[str, Any] = {"input": str(rel)}
    if not isinstance(data, (bytes, bytearray)):
        return _failed(record, "the row has no file content")
    data = bytes(data)
    item = Input(None, rel)
    options = settings.options({str(rel): group} if group is not None else None)
    redactor = redactor_for(settings)
    handler = handlers().get(item.suffix)
    if handler is not None:
        try:
            fields, files = handler(item, data, redactor, options, rel=rel)
        except Exception as error:  # fail closed, as the CLI's run does
            return _failed(record, f"{type(error).__name__} while processing the file")
        record.update(fields)
        if record.get("status") != STATUS_OK:
            return _failed(record, str(record.get("error") or "the document failed"))
        texts = [content for path, content in files if path.name == rel.name + ".txt"]
        pages = [content for path, content in files if path.name != rel.name + ".txt"]
        text = texts[0].decode("utf-8") if texts else None
        return _done(record, files, pages[0] if len(pages) == 1 else None, text)
    if item.suffix not in TEXT_SUFFIXES:
        return _failed(record, f"unsupported file type {item.suffix!r}")
    if len(data) > max_text_bytes:
        return _failed(record, f"the file is larger than the text size limit ({max_text_bytes:,} bytes)")
    try:
        text = decode_text(data, settings.encoding)
    except InputError as error:
        return _failed(record, str(error))
    lang = redactor.language(text)
    try:
        done = redactor.pipe(lang, [(text, 0, group)])
    except Exception as error:  # a pipeline that cannot load fails its rows, by type only
        return _failed({**record, "lang": lang}, f"{type(error).__name__} in the {lang} pipeline")
    if 0 not in done:
        return _failed({**record, "lang": lang}, redactor.last_error())
    deid, items = deid_result(done[0])
    record.update(lang=lang, chars=len(text), items=items, status=STATUS_OK, outputs=[str(rel)])
    content = deid.encode("utf-8")
    return _done(record, [(rel, content)], content, deid)


def _done(record: dict[str, Any], files: list[tuple[PurePosixPath, bytes]], content: bytes | None,
          text: str | None) -> dict[str, Any]:
    record = {**record, "status": STATUS_OK, "error": None}
    if record.get("items"):
        record["items"] = json.loads(items_json(record["items"]))
    return {"deid_content": content,
            "deid_files": [{"path": str(path), "content": data} for path, data in files],
            "deid_text": text, "deid_audit": json.dumps(record, ensure_ascii=False),
            "deid_status": STATUS_OK, "deid_error": None}


def _failed(record: dict[str, Any], reason: str) -> dict[str, Any]:
    record = {**record, "status": STATUS_FAILED, "error": reason, "items": [], "outputs": []}
    return {"deid_content": None, "deid_files": None, "deid_text": None,
            "deid_audit": json.dumps(record, ensure_ascii=False), "deid_status": STATUS_FAILED,
            "deid_error": reason}


def file_batches(frames: Iterator[pd.DataFrame], settings: Settings, root: str | None,
                 group_col: str | None, max_text_bytes: int, keep: list[str]) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` body for ``binaryFile`` rows: the ``keep`` columns plus the outputs."""
    for frame in frames:
        results = []
        groups = frame[group_col].tolist() if group_col else [None] * len(frame)
        for path, data, group in zip(frame["path"].tolist(), frame["content"].tolist(), groups):
            rel = relative_path(str(path), root)
            try:
                results.append(redact_document(settings, rel, data, group_value(group), max_text_bytes))
            except Exception as error:  # fail closed: this row only, by error type only
                results.append(_failed({"input": str(rel)}, f"{type(error).__name__} while "
                                       "processing the file"))
        out = frame[keep].copy()
        for name in FILE_COLUMNS:
            out[name] = [result[name] for result in results]
        yield out

