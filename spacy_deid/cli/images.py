"""CLI handler for images and PDFs: ``spacy-deid redact`` hands every such file here.

The handler writes nothing itself: it returns the audit record fields and the files to write,
which the run writes atomically (all of them or, on failure, none). Outputs, below ``--out``
at the input's relative path: a redacted PNG per image (``scan.jpg`` → ``scan.jpg.png``; a
multi-frame image → ``scan.tif.p1.png``, ...) or a redacted PDF rebuilt from page images
(``letter.pdf``), plus the de-identified page text (``scan.jpg.txt``, ``letter.pdf.txt``). A
document with a failed page is recorded failed and nothing is written, unless
``--failed-pages blackout`` asks for fully black pages (then the text, which would hold what
little was read on those pages, is not written).
"""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, Dict, List

from ..ocr.draw import pdf_bytes, png_bytes, redact_pages
from ..ocr.engine import OCREngineError
from ..ocr.errors import OCRInputError
from ..ocr.sources import IMAGE_SUFFIXES, PDF_SUFFIXES
from ..text import is_thai
from .handlers import Files, Handled
from .redact import group_of, output_relative

_READERS: Dict[tuple, Any] = {}


def image_handlers() -> Dict[str, Any]:
    """Suffix → handler for every image and PDF suffix."""
    return {suffix: redact_file for suffix in IMAGE_SUFFIXES + PDF_SUFFIXES}


def _reader(settings: Dict[str, Any]):
    from ..ocr.reader import OCRReader

    key = tuple(sorted(settings.items()))
    if key not in _READERS:
        _READERS[key] = OCRReader(None, **settings)
    return _READERS[key]


def redact_file(item, redactor, options) -> Handled:
    """De-identify one image or PDF: the audit record fields and the files to write."""
    ocr = dict(getattr(options, "ocr", None) or {})
    failed_mode = ocr.pop("failed_pages", "withhold")
    show_labels = ocr.pop("show_labels", False)
    try:
        scan = _reader(ocr).scan(item.path)
    except (OCRInputError, OCREngineError) as err:
        return {"status": "failed", "error": str(err)}, []
    lang = options.lang
    if lang == "auto":
        lang = "en" if scan.text.strip() and not is_thai(scan.text) else "th"
    record: Dict[str, Any] = {"lang": lang, "kind": scan.kind, "pages": _pages_audit(scan.info)}
    if scan.failed_pages and failed_mode != "blackout":
        reasons = "; ".join(f"page {i['page']}: {i['reason']}" for i in scan.info
                            if i["status"] == "failed")
        return {**record, "status": "failed", "error": f"OCR failed ({reasons})"}, []
    nlp = redactor.nlp_for(lang)
    doc = scan.to_doc(nlp)
    doc._.deid_group = group_of(item, options)
    doc = nlp(doc)
    if not isinstance(doc._.deid_text, str):
        return {**record, "status": "failed", "error": redactor.last_error()}, []
    images = redact_pages(doc, scan.images, failed_pages=failed_mode, show_labels=show_labels)
    rel = output_relative(item, options)
    files = _page_files(images, scan, rel)
    if not scan.failed_pages:
        files.append((rel.with_name(rel.name + ".txt"), doc._.deid_text.encode("utf-8")))
    record.update(status="ok", chars=len(doc.text), items=doc._.deid_items or [],
                  outputs=[str(path) for path, _ in files], blacked_out_pages=scan.failed_pages)
    return record, files


def _page_files(images: List[Any], scan, rel: PurePosixPath) -> Files:
    if scan.kind == "pdf":
        return [(rel, pdf_bytes(images, scan.info[0]["dpi"]))]
    files = []
    for n, image in enumerate(images, start=1):
        name = rel.name + (f".p{n}.png" if len(images) > 1 else ".png")
        if len(images) == 1 and rel.suffix.lower() == ".png":
            name = rel.name
        files.append((rel.with_name(name), png_bytes(image)))
    return files


def _pages_audit(info: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Per page: status, reason, source, coverage, confidence, and the boxes blacked out
    because OCR was unsure or read nothing there (positions only, never text)."""
    keep = ("page", "status", "reason", "source", "ink_coverage", "mean_conf", "width", "height",
            "dpi", "unread")
    return [{**{k: i.get(k) for k in keep}, "low_conf": [b[:4] for b in i.get("low_conf", [])]}
            for i in info]

