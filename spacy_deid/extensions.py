"""Extension attributes, all prefixed ``deid_`` and registered once."""
from __future__ import annotations

from spacy.tokens import Doc, Token

DOC_EXTENSIONS = {
    # anonymized text of the Doc (str), written by deid_anonymizer
    "deid_text": None,
    # audit items (list of dicts: start, end, label, source, score, operator)
    "deid_items": None,
    # OCR/page information of a Doc made from an image or PDF (dict), written by the OCR reader
    "deid_ocr": None,
    # group id for keyed date shifting (e.g. a patient id); None = the document itself
    "deid_group": None,
    # names of the components that failed on the Doc, in order (empty: none); see docs/components.md
    "deid_failed": (),
}
TOKEN_EXTENSIONS = {
    "deid_page": None,  # 0-based page number
    "deid_bbox": None,  # [x0, y0, x1, y1] in page pixels
    "deid_ocr_conf": None,  # OCR confidence 0-100 (None for text-layer tokens)
}


def install_extensions() -> None:
    """Register our extension attributes; calling it again is a no-op."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in TOKEN_EXTENSIONS.items():
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)


def mark_failed(doc: Doc, name: str) -> None:
    """Record that component ``name`` failed on ``doc``."""
    doc._.deid_failed = (*(doc._.deid_failed or ()), name)


def is_deidentified(doc: Doc) -> bool:
    """Whether ``doc`` has de-identified text and no component failed on it."""
    return isinstance(doc._.deid_text, str) and not doc._.deid_failed
