"""Handlers for non-text documents, by suffix (what a handler is: :mod:`spacy_deid.cli.results`).

Text files are handled by :mod:`spacy_deid.cli.redact` itself.
"""
from __future__ import annotations

from .dicom import dicom_handlers
from .images import image_handlers
from .results import Handler


def document_handlers() -> dict[str, Handler]:
    """Suffix → handler for the document types beyond plain text."""
    return {**image_handlers(), **dicom_handlers()}
