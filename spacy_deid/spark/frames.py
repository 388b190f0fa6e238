"""``redact_text`` and ``redact_files``: de-identification as Spark DataFrame transformations.

Both are ``mapInPandas`` (Arrow) transformations: lazy, like any other; they run when the
result is written or collected. The function Spark ships to the workers carries only the
non-secret settings (pipeline names, operators); the secret key is read on the workers from
their environment (see :mod:`spacy_deid.spark.session`), so it never shows in
``df.explain()``, in the plan or in a UDF closure.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql.types import ArrayType, BinaryType, StringType, StructField, StructType

from ..cli.redact import MAX_TEXT_BYTES
from ..labels import operator_settings
from .documents import FILE_COLUMNS, file_batches
from .worker import TEXT_COLUMNS, Settings, check_pipelines, text_batches

_FILE_STRUCT = StructType([StructField("path", StringType()), StructField("content", BinaryType())])
_TYPES = {"deid_content": BinaryType(), "deid_files": ArrayType(_FILE_STRUCT)}


def settings(pipeline: str | dict[str, str] = "default", lang: str = "auto",
             operators: dict[str, Any] | None = None, anonymizer: dict[str, Any] | None = None,
             batch_size: int = 32, ocr: dict[str, Any] | None = None,
             encoding: str = "auto") -> Settings:
    """Worker settings from the arguments ``spacy-deid redact`` takes (``operators`` as
    ``{"PERSON": "surrogate", "ID/SSN": "hash"}`` or settings dicts, keyed in any case;
    ``anonymizer``: other non-secret settings of ``deid_anonymizer``, e.g. ``key_env`` or
    ``label_scheme``)."""
    pipelines = {"*": pipeline} if isinstance(pipeline, str) else dict(pipeline)
    overrides = dict(anonymizer or {})
    if overrides.get("audit_values"):
        raise ValueError("audit_values is not allowed on Spark: deid_items never holds raw values")
    if "key" in overrides:
        raise ValueError("the key is never a setting: put it in the workers' environment")
    if operators:
        overrides["operators"] = operator_settings(operators)
    if lang not in ("auto", "th", "en"):
        raise ValueError(f"lang must be auto, th or en, not {lang!r}")
    return Settings(pipelines=pipelines, lang=lang, anonymizer=overrides, batch_size=batch_size,
                    ocr=dict(ocr or {}), encoding=encoding)


def _schema(df: DataFrame, columns: tuple[str, ...], keep: list[str] | None = None) -> StructType:
    existing = [field for field in df.schema.fields if keep is None or field.name in keep]
    clash = [name for name in columns if name in df.columns]
    if clash:
        raise ValueError(f"the DataFrame already has the output columns {clash}")
    return StructType(existing + [StructField(name, _TYPES.get(name, StringType())) for name in columns])


def _require(df: DataFrame, *names: str | None) -> None:
    missing = [name for name in names if name and name not in df.columns]
    if missing:
        raise ValueError(f"the DataFrame has no column {missing[0]!r}")


def redact_text(df: DataFrame, text_col: str = "text", lang: str = "auto", lang_col: str | None = None,
                pipeline: str | dict[str, str] = "default", operators: dict[str, Any] | None = None,
                group_col: str | None = None, anonymizer: dict[str, Any] | None = None,
                batch_size: int = 32, check: bool = True) -> DataFrame:
    """``df`` plus ``deid_text``, ``deid_items`` (JSON list: start, end, label, kind, source,
    score, operator; no raw values), ``deid_lang``, ``deid_status`` (``ok``/``failed``) and
    ``deid_error`` (why a row failed, never its text).

    ``lang``: ``auto`` (per row: Thai when it has more Thai than Latin letters), ``th`` or
    ``en``; ``lang_col`` names a column of ``th``/``en``/``auto``/null per row instead.
    ``group_col``: the date-shift group (e.g. a patient id): rows of one group get the same
    offset in every partition and run (``doc._.deid_group``); null = the row alone. The
    original text column is kept: drop it before writing the result anywhere.
    ``check``: load the pipelines on the driver first (:func:`check_pipelines`: a pipeline that
    cannot load raises ``PipelineLoadError`` here, before any job); turn it off where the
    driver cannot reach the models the executors use.
    """
    _require(df, text_col, lang_col, group_col)
    worker = settings(pipeline, lang, operators, anonymizer, batch_size)
    if check:
        check_pipelines(worker, lang_col)
    body = partial(_text_body, settings=worker, text_col=text_col, lang_col=lang_col,
                   group_col=group_col)
    return df.mapInPandas(body, schema=_schema(df, TEXT_COLUMNS))


def redact_files(df: DataFrame, root: str | None = None, lang: str = "auto",
                 pipeline: str | dict[str, str] = "default", operators: dict[str, Any] | None = None,
                 group_col: str | None = None, anonymizer: dict[str, Any] | None = None,
                 ocr: dict[str, Any] | None = None, encoding: str = "auto",
                 max_text_bytes: int = MAX_TEXT_BYTES, keep_content: bool = False,
                 check: bool = True) -> DataFrame:
    """A ``spark.read.format("binaryFile")`` DataFrame (``path``, ``content``, ...) plus
    ``deid_content`` (the redacted document: UTF-8 text, PNG or PDF; null for a multi-page
    image, whose pages are in ``deid_files``), ``deid_files`` (every file ``spacy-deid redact``
    writes for it: relative ``path`` and ``content``), ``deid_text`` (the de-identified text),
    ``deid_audit`` (the CLI's audit record as JSON, no raw values), ``deid_status``, ``deid_error``.

    ``root``: the folder the files were read from, so output paths keep the path below it
    (else the file name alone). ``ocr``: the CLI's image/PDF settings (``failed_pages``,
    ``show_labels``, ``max_document_pixels``, ``max_seconds``). The raw ``content`` column is
    dropped unless ``keep_content``. ``check``: as for :func:`redact_text`.
    """
    _require(df, "path", "content", group_col)
    worker = settings(pipeline, lang, operators, anonymizer, ocr=ocr, encoding=encoding)
    if check:
        check_pipelines(worker)
    keep = [name for name in df.columns if keep_content or name != "content"]
    body = partial(_file_body, settings=worker, root=root, group_col=group_col,
                   max_text_bytes=max_text_bytes, keep=keep)
    return df.mapInPandas(body, schema=_schema(df, FILE_COLUMNS, keep))


def _text_body(frames: Iterator[pd.DataFrame], **kwargs: Any) -> Iterator[pd.DataFrame]:
    return text_batches(frames, **kwargs)


def _file_body(frames: Iterator[pd.DataFrame], **kwargs: Any) -> Iterator[pd.DataFrame]:
    return file_batches(frames, **kwargs)
