"""CLI handler for DICOM files: ``scan.dcm`` → ``DIR/scan.dcm`` (the same relative path).

The header is de-identified by PS3.15 Table E.1-1 (:mod:`spacy_deid.dicom.header`), burned-in
text is redacted in the original pixel data frame by frame (:mod:`spacy_deid.dicom.burned`),
and the output is read back and checked for the header's PHI values before it is handed to
the run. Like every handler it writes nothing: it returns the audit record and the file.
Any problem fails the document (nothing written); a file without pixel data, or run with
``--burned-in drop-pixels``, gets a header-only de-identification, stated in the audit.
"""
from __future__ import annotations

import secrets
from pathlib import PurePosixPath
from typing import Any

from ..anonymizer.keys import keyed_digest
from ..anonymizer.operators import Context
from ..dicom.burned import BurnedInError, BurnedInFinder
from ..dicom.header import HeaderDeidentifier
from ..dicom.matching import needles
from ..dicom.pixels import (
    dicom_bytes,
    drop_pixels,
    fill_value,
    frame_bytes,
    iter_frames,
    output_syntax,
    redact,
    set_pixels,
    view8,
)
from ..dicom.reader import DicomInputError, pixel_info, read_dataset
from ..dicom.verify import leaks
from ..ocr.engine import OCREngineError
from ..ocr.errors import OCRInputError
from ..ocr.limits import Deadline
from .redact import group_of, output_relative

DICOM_SUFFIXES = (".dcm", ".dicom")
_RUN_KEY = secrets.token_bytes(32)  # UIDs and dates when no key is given: this run only
_READERS: dict[tuple, Any] = {}
_READER_LIMITS = ("max_document_pixels", "max_seconds")
Handled = tuple[dict[str, Any], list[tuple[PurePosixPath, bytes]]]


def dicom_handlers() -> dict[str, Any]:
    """Suffix → handler for DICOM files (other files with a DICM preamble are routed to the
    ``.dcm`` handler by :mod:`spacy_deid.cli.inputs`)."""
    return {suffix: redact_dicom for suffix in DICOM_SUFFIXES}


def _reader(settings: dict[str, Any]) -> Any:
    from ..ocr.reader import OCRReader

    key = tuple(sorted(settings.items()))
    if key not in _READERS:
        _READERS[key] = OCRReader(None, **settings)
    return _READERS[key]


def _anonymizer(nlp: Any) -> Any:
    found = [proc for _, proc in nlp.pipeline if hasattr(proc, "render_text")]
    return found[0] if len(found) == 1 else None


def _key_and_days(redactor: Any, lang: str, group: str) -> tuple[bytes, int, str]:
    """The run's key (``--key-file``/``$SPACY_DEID_KEY``, else a per-run random one) and the
    group's date offset, computed as the anonymizer computes it for text dates."""
    anonymizer = _anonymizer(redactor.nlp_for(lang))
    key = anonymizer._load_key() if anonymizer is not None else None
    top = anonymizer.cfg["max_date_shift_days"] if anonymizer is not None else 365
    used = key or _RUN_KEY
    ctx = Context(key=key, surrogate_key=used, text="", given_group=group, max_shift_days=top,
                  day_first=True)
    return used, ctx.shift_days(used), "given" if key else "per-run random"


def redact_dicom(item: Any, data: bytes, redactor: Any, options: Any,
                 rel: PurePosixPath | None = None) -> Handled:
    """De-identify one DICOM file (its bytes, read by the run): the audit record fields and
    the file to write."""
    mode = (getattr(options, "dicom", None) or {}).get("burned_in", "detected")
    ocr = dict(getattr(options, "ocr", None) or {})
    limits = {k: ocr[k] for k in _READER_LIMITS if k in ocr}
    reader = _reader({"psm": 11, "faces": False, **limits})  # burned-in text only
    deadline = Deadline(reader.max_seconds)
    record: dict[str, Any] = {"kind": "dicom", "burned_in": mode}
    try:
        ds = read_dataset(data)
        info = None if mode == "drop-pixels" else pixel_info(ds, reader.limits.max_document_pixels)
    except DicomInputError as err:
        return {**record, "status": "failed", "error": str(err)}, []
    lang = options.lang if options.lang != "auto" else "en"
    group = group_of(item, options)
    if group is None:  # the patient: every image of one patient shifts alike
        patient = str(ds.get("PatientID") or "").strip()
        group = ("dicom-patient:" + keyed_digest(b"dicom", patient).hex() if patient
                 else "dicom-document:" + secrets.token_hex(16))
    key, days, key_source = _key_and_days(redactor, lang, group)
    header = HeaderDeidentifier(key, days)
    result = header.run(ds)
    record["header"] = {"profile": "PS3.15 Table E.1-1 (2026c) + Retain Longitudinal Modified "
                        "Dates", "key": key_source, "actions": result.actions}
    syntax = "1.2.840.10008.1.2.1"
    if info is None:
        drop_pixels(ds)
        record["pixels"] = {"status": "removed" if mode == "drop-pixels" else "none",
                            "note": "header-only de-identification: the file has no pixel data "
                            "left" if mode != "drop-pixels" else "header-only de-identification "
                            "(--burned-in drop-pixels): pixel data removed"}
    else:
        try:
            frames, items = _pixels(data, ds, info, mode, redactor, reader, result, options,
                                    group, deadline)
        except (OCRInputError, OCREngineError, BurnedInError) as err:
            return {**record, "status": "failed", "error": str(err)}, []
        header.mark_clean_pixels(ds, f"Burned-in text redacted by OCR ({mode})")
        syntax = output_syntax(info)
        record["pixels"] = {"status": "redacted", "frames": len(frames),
                            "transfer_syntax_in": info.transfer_syntax, "transfer_syntax_out": syntax,
                            "boxes": sum(len(f["boxes"]) for f in frames), "per_frame": frames}
        record["items"] = items
    out = dicom_bytes(ds, syntax)
    del ds
    problems = leaks(out, result.values)
    if problems:  # fail closed: a header value survived somewhere
        return {**record, "status": "failed",
                "error": "the de-identified header still holds PHI (" + ", ".join(problems) + ")"}, []
    rel = rel if rel is not None else output_relative(item, options)
    record.update(status="ok", lang=lang, outputs=[str(rel)])
    return record, [(rel, out)]


def _pixels(data: bytes, ds: Any, info: Any, mode: str, redactor: Any, reader: Any,
            result: Any, options: Any, group: str,
            deadline: Deadline) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every frame OCRed and redacted in turn; the native pixel data set on ``ds``."""
    finder = BurnedInFinder(reader, redactor, mode, needles(result.values), options.lang,
                            group, deadline)
    value = fill_value(info)
    pixel_data = bytearray()
    frames: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for frame in iter_frames(data):
        deadline.check()
        found = finder.find(view8(frame, ds, info))
        frame = redact(frame, found.boxes, value) if found.boxes else frame
        pixel_data += frame_bytes(frame, info)
        del frame
        items += [{**i, "frame": len(frames)} for i in found.items]
        frames.append({"frame": len(frames), "boxes": [list(b) for b in found.boxes],
                       "lang": found.lang, **found.counts})
    if len(frames) != info.frames:
        raise OCRInputError("the pixel data holds fewer frames than the header says")
    set_pixels(ds, info, pixel_data)
    return frames, items
