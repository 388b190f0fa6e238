"""Handlers for non-text documents, by file suffix: ``handler(item, redactor, options) -> record``.

Each handler de-identifies one file, writes its outputs below ``options.out`` and returns the
audit record fields (``status`` "ok" or "failed", ``error``, ``items``, ...). Text files are
handled by :mod:`spacy_deid.cli.redact` itself.
"""
from __future__ import annotations

from typing import Any, Callable, Dict

Handler = Callable[..., Dict[str, Any]]


def document_handlers() -> Dict[str, Handler]:
    """Suffix → handler for the document types beyond plain text."""
    from ..ocr.handler import ocr_handlers

    return dict(ocr_handlers())
