"""What runs inside a Spark Python worker: de-identify pandas batches, one pipeline load per worker.

Spark's ``mapInPandas`` hands each Python worker an iterator of pandas DataFrames (Arrow
record batches). The functions here turn each batch into the same batch plus the output
columns, with the engine ``spacy-deid redact`` uses (:class:`spacy_deid.cli.redact.Redactor`:
batches through ``nlp.pipe``, a failing batch retried document by document, long texts in
windows), so a table row gets exactly what the CLI gives the same text.

Nothing here imports pyspark, and nothing secret arrives through the function's arguments:
the key for ``hash``, ``surrogate`` and ``date_shift`` is read by the anonymizer from the
worker's environment (``SPACY_DEID_KEY``, or the ``key_env`` it is configured with). Every
row gets a status; a row that fails gets null outputs and an error message that names the
kind of failure only, never any of its text.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..cli.redact import PipelineLoadError, RedactOptions, Redactor, deid_result
from ..pipelines import LANGS

STATUS_OK = "ok"
STATUS_FAILED = "failed"
TEXT_COLUMNS = ("deid_text", "deid_items", "deid_lang", "deid_status", "deid_error")
_REDACTORS: dict[str, Redactor] = {}


@dataclass(frozen=True)
class Settings:
    """What a worker needs to build its pipelines: plain, non-secret values only (they are
    pickled with the function Spark ships to the workers)."""

    pipelines: dict[str, str] = field(default_factory=lambda: {"*": "default"})
    lang: str = "auto"
    anonymizer: dict[str, Any] = field(default_factory=dict)
    batch_size: int = 32
    ocr: dict[str, Any] = field(default_factory=dict)
    encoding: str = "auto"

    def cache_key(self) -> str:
        """Settings that give the same pipelines give the same key."""
        return json.dumps([self.pipelines, self.lang, self.anonymizer, self.batch_size,
                           self.ocr, self.encoding], sort_keys=True, default=str)

    def options(self, group_map: dict[str, str] | None = None) -> RedactOptions:
        """The CLI's options for these settings (no output folder: nothing is written)."""
        return RedactOptions(out=None, pipelines=dict(self.pipelines), lang=self.lang,
                             encoding=self.encoding, anonymizer=dict(self.anonymizer),
                             batch_size=self.batch_size, ocr=dict(self.ocr),
                             group_map=dict(group_map or {}))


def prepare_worker() -> None:
    """Offline and single-threaded OCR, as the CLI sets them (a worker shares its cores)."""
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def redactor_for(settings: Settings) -> Redactor:
    """The worker's :class:`Redactor` for ``settings``: made once per Python worker process
    (Spark reuses workers across tasks), its pipelines loaded the first time a language is met."""
    key = settings.cache_key()
    if key not in _REDACTORS:
        prepare_worker()
        _REDACTORS[key] = Redactor(settings.options())
    return _REDACTORS[key]


def check_pipelines(settings: Settings, lang_col: str | None = None) -> None:
    """Load on the driver, once, every pipeline the job will need (both languages unless one is
    fixed and no column chooses per row), so that a pipeline that cannot load stops the job
    before it starts: :class:`PipelineLoadError`, one line naming the language and the reason.
    The loaded pipelines stay cached in the driver, so checking the same settings again is free."""
    langs = LANGS if settings.lang == "auto" or lang_col else (settings.lang,)
    redactor_for(settings).load(tuple(langs))


def items_json(items: list[dict[str, Any]]) -> str:
    """The audit items as JSON: offsets, label, kind, source, score, operator (never a value)."""
    return json.dumps([{k: v for k, v in item.items() if k not in ("text", "value")}
                       for item in items], ensure_ascii=False)


def row_language(redactor: Redactor, text: str, wanted: Any) -> str | None:
    """``th``/``en`` from the row's language column, else detected as the CLI does; None for a
    language with no pipeline."""
    if _is_null(wanted) or wanted == "auto":
        return redactor.language(text) if redactor.options.lang == "auto" else redactor.options.lang
    return wanted if wanted in LANGS else None


def _is_null(value: Any) -> bool:
    """None, NaN or pandas' NA (how Arrow hands a null to pandas)."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # array-like values are not null
        return False


def group_value(value: Any) -> str | None:
    """A date-shift group id from a column value (None: the document alone). A whole number
    is written without a fraction: an integer column with a null in the batch reaches pandas
    as floats, and the group must not depend on which rows share a batch."""
    if _is_null(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def redact_texts(redactor: Redactor, texts: list[Any], langs: list[Any],
                 groups: list[Any]) -> list[dict[str, Any]]:
    """One result per text: ``deid_text``, ``deid_items`` (JSON), ``deid_lang``, ``deid_status``,
    ``deid_error``. Fails closed per text."""
    results: list[dict[str, Any]] = [failed("not processed") for _ in texts]
    batches: dict[str, list[tuple[str, int, str | None]]] = {}
    for index, (text, wanted, group) in enumerate(zip(texts, langs, groups)):
        if not isinstance(text, str):
            results[index] = failed("the text is null" if _is_null(text) else "the text is not a string")
            continue
        lang = row_language(redactor, text, wanted)
        if lang is None:
            results[index] = failed(f"no pipeline for the row's language (use one of {LANGS})")
            continue
        batches.setdefault(lang, []).append((text, index, group_value(group)))
    for lang, batch in batches.items():
        try:
            done = redactor.pipe(lang, batch)
        except PipelineLoadError as error:  # our own message: no document text in it
            done, reason = {}, str(error)
        except Exception as error:  # the pipeline failed to load, or something else went wrong
            done, reason = {}, _load_or_run_error(error)
        else:
            reason = ""
        for _, index, _ in batch:
            if index not in done:
                results[index] = failed(reason or redactor.last_error(), lang)
                continue
            deid, items = deid_result(done.pop(index))
            results[index] = {"deid_text": deid, "deid_items": items_json(items), "deid_lang": lang,
                              "deid_status": STATUS_OK, "deid_error": None}
    return results


def _load_or_run_error(error: Exception) -> str:
    from ..cli.redact import _loading_error

    return f"the pipeline could not be loaded or run: {_loading_error(error)}"


def failed(reason: str, lang: str | None = None) -> dict[str, Any]:
    """A failed row's outputs: all null but the status, the language and a reason without text."""
    return {"deid_text": None, "deid_items": None, "deid_lang": lang, "deid_status": STATUS_FAILED,
            "deid_error": reason}


def text_batches(frames: Iterator[pd.DataFrame], settings: Settings, text_col: str,
                 lang_col: str | None, group_col: str | None) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` body for tables of texts: each batch with the output columns added."""
    redactor = redactor_for(settings)
    for frame in frames:
        count = len(frame)
        texts = frame[text_col].tolist()
        langs = frame[lang_col].tolist() if lang_col else [None] * count
        groups = frame[group_col].tolist() if group_col else [None] * count
        try:
            results = redact_texts(redactor, texts, langs, groups)
        except Exception as error:  # fail closed: the whole batch fails, by error type only
            results = [failed(f"{type(error).__name__} while processing the batch")] * count
        out = frame.copy()
        for name in TEXT_COLUMNS:
            out[name] = [result[name] for result in results]
        yield out
