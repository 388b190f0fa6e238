"""CLI handler for images and PDFs: ``spacy-deid redact`` hands every such file here.

The handler writes nothing itself: it returns the audit record fields and the files to write,
which the run writes atomically (all of them or, on failure, none). Outputs, below ``--out``
at the input's relative path: a redacted PNG per image (``scan.jpg`` → ``scan.jpg.png``; a
multi-frame image → ``scan.tif.p1.png``, ...) or a redacted PDF rebuilt from page images
(``letter.pdf``), plus the de-identified page text (``scan.jpg.txt``, ``letter.pdf.txt``). A
document with a failed page is recorded failed and nothing is written, unless
``--failed-pages blackout`` asks for fully black pages (then the text, which would hold what
little was read on those pages, is not written).

Pages are read one at a time and, for the output, rendered or decoded again one at a time
(redacted, encoded, dropped). The reader's ``max_seconds`` covers the whole document, reading
and drawing: past it the document fails and nothing is written.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ..extensions import is_deidentified
from ..ocr.codes import check_codes
from ..ocr.draw import iter_redacted, pdf_bytes, png_bytes
from ..ocr.engine import OCREngineError
from ..ocr.errors import OCRInputError
from ..ocr.limits import Deadline
from ..ocr.sources import IMAGE_SUFFIXES, PDF_SUFFIXES
from ..text import is_thai
from .inputs import Input
from .redact import RedactOptions, group_of, output_relative
from .results import Files, Handled

if TYPE_CHECKING:  # the OCR reader is imported when a first image or PDF comes
    from ..ocr.reader import OCRReader, OCRScan

_READERS: dict[tuple[tuple[str, Any], ...], OCRReader] = {}
_AUDIT_KEYS = ("page", "status", "reason", "source", "text_layer_ignored", "ink_coverage",
               "mean_conf", "width", "height", "dpi", "unread", "hidden_chars", "hidden_boxes",
               "page_quad", "outside_page", "pictures", "faces", "faces_error")


def image_handlers() -> dict[str, Any]:
    """Suffix → handler for every image and PDF suffix."""
    return {suffix: redact_file for suffix in IMAGE_SUFFIXES + PDF_SUFFIXES}


def _reader(settings: dict[str, Any]) -> OCRReader:
    from ..ocr.reader import OCRReader

    key = tuple(sorted(settings.items()))
    if key not in _READERS:
        _READERS[key] = OCRReader(None, **settings)
    return _READERS[key]


def redact_file(item: Input, data: bytes, redactor: Any, options: RedactOptions,
                rel: PurePosixPath | None = None) -> Handled:
    """De-identify one image or PDF (its bytes, already read by the run): the audit record
    fields and the files to write (below ``rel``, the run's output path for it). ``redactor``
    is the run's :class:`~spacy_deid.cli.redact.Redactor` or one that acts like it (the service's)."""
    ocr = dict(getattr(options, "ocr", None) or {})
    failed_mode = ocr.pop("failed_pages", "withhold")
    show_labels = ocr.pop("show_labels", False)
    reader = _reader(ocr)
    deadline = Deadline(reader.max_seconds)
    try:
        scan = reader.scan(data, deadline)
    except (OCRInputError, OCREngineError) as err:
        return {"status": "failed", "error": str(err)}, []
    lang = options.lang
    if lang == "auto":
        lang = "en" if scan.text.strip() and not is_thai(scan.text) else "th"
    record: dict[str, Any] = {"lang": lang, "kind": scan.kind, "pages": _pages_audit(scan.info)}
    if scan.failed_pages and failed_mode != "blackout":
        reasons = "; ".join(f"page {i['page']}: {i['reason']}" for i in scan.info
                            if i["status"] == "failed")
        return {**record, "status": "failed", "error": f"OCR failed ({reasons})"}, []
    nlp = redactor.nlp_for(lang)
    read = scan.to_doc(nlp)
    read._.deid_group = group_of(item, options)
    # nlp.pipe, as for texts: a failed Doc comes out marked failed, without text (or is
    # dropped, by spaCy's own components)
    doc = next(iter(nlp.pipe([read])), None)
    if doc is None or not is_deidentified(doc):
        return {**record, "status": "failed", "error": redactor.last_error()}, []
    # QR codes and barcodes: blacked out whatever they hold; their decoded values are
    # checked by the same detectors and audited by labels only
    codes = check_codes(nlp, scan)
    if codes is None:
        return {**record, "status": "failed", "error": redactor.last_error()}, []
    record["codes"] = codes
    pages = iter_redacted(doc, scan.images, failed_pages=failed_mode, show_labels=show_labels,
                          deadline=deadline)
    rel = rel if rel is not None else output_relative(item, options)
    try:
        files = _page_files(pages, scan, rel)
    except OCRInputError as err:  # the time limit, or a page that no longer renders
        return {**record, "status": "failed", "error": str(err)}, []
    if not scan.failed_pages:
        files.append((rel.with_name(rel.name + ".txt"), doc._.deid_text.encode("utf-8")))
    record.update(status="ok", chars=len(doc.text), items=doc._.deid_items or [],
                  outputs=[str(path) for path, _ in files], blacked_out_pages=scan.failed_pages)
    return record, files


def _page_files(pages: Iterator[Any], scan: OCRScan, rel: PurePosixPath) -> Files:
    """The output files, each page encoded as soon as it is drawn."""
    if scan.kind == "pdf":
        return [(rel, pdf_bytes(pages, scan.info[0]["dpi"]))]
    count = len(scan.info)
    files: Files = []
    for image in pages:  # not enumerate(): it would keep the last page alive
        n = len(files) + 1
        name = rel.name + (f".p{n}.png" if count > 1 else ".png")
        if count == 1 and rel.suffix.lower() == ".png":
            name = rel.name
        files.append((rel.with_name(name), png_bytes(image)))
        del image
    return files


def _pages_audit(info: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per page: status, reason, source (and why a text layer was not used), coverage,
    confidence, the boxes blacked out because OCR was unsure or read nothing there, and the
    count and boxes of the text layer's hidden characters (positions only, never text)."""
    return [{**{k: i.get(k) for k in _AUDIT_KEYS},
             "low_conf": [b[:4] for b in i.get("low_conf", [])]} for i in info]
