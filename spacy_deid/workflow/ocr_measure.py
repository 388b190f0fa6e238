"""Measure OCR and redaction on rendered pages with known PHI positions.

    python -m spacy_deid.workflow.ocr_measure --out metrics/ocr.json [--pipeline rules] [--variant ...]

Pages: forms, letters and medical certificates in Thai and English (A4, 300 dpi, 12 pt,
``spacy_deid.workflow.ocr_pages``), each clean, scanned-looking and photo-like. Per condition:

- ``cer``: character error rate of the OCR text against the rendered text, whitespace removed
  (independent of any de-id pipeline);
- ``oracle_covered``: share of PHI boxes whose ink is fully (100 % of ink pixels) under
  redaction boxes when the PHI strings are found in the OCR text by fuzzy matching — the
  OCR, token boxes and drawing, with a perfect detector;
- ``pipeline_covered``: the same with the spans the de-id pipeline found (``--pipeline``);
- ``over_redaction``: share of non-PHI ink under boxes (pipeline spans + low-confidence words);
- ``seconds``: median seconds per page for OCR + de-identification + drawing (pipeline loaded).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spacy_deid.workflow.ocr_pages import CONDITIONS, KINDS

_FLAT = ["grayscale", "flatten"]
VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},  # the reader's defaults
    "tha+eng-psm3": {"languages": "tha+eng", "psm": 3, "preprocess": ["grayscale"]},
    "tha+eng-psm3-flatten": {"languages": "tha+eng", "psm": 3, "preprocess": _FLAT},
    "tha+eng-psm6-flatten": {"languages": "tha+eng", "psm": 6, "preprocess": _FLAT},
    "Thai+eng-psm3-flatten": {"languages": "Thai+eng", "psm": 3, "preprocess": _FLAT},
    "Thai+eng-psm6-flatten": {"languages": "Thai+eng", "psm": 6, "preprocess": _FLAT},
    "tha+eng-psm3-flatten-deskew": {"languages": "tha+eng", "psm": 3,
                                    "preprocess": _FLAT + ["deskew"]},
    "tha+eng-psm3-flatten-binarize": {"languages": "tha+eng", "psm": 3,
                                      "preprocess": _FLAT + ["binarize"]},
    "tha+eng-psm3-flatten-upscale": {"languages": "tha+eng", "psm": 3,
                                     "preprocess": _FLAT + ["upscale"]},
    "tha+eng-psm3-flatten-downscale": {"languages": "tha+eng", "psm": 3,
                                       "preprocess": _FLAT + ["downscale"]},
    "tha+eng-psm6-flatten-downscale": {"languages": "tha+eng", "psm": 6,
                                       "preprocess": _FLAT + ["downscale"]},
}
MAGENTA = (255, 0, 255)


# ------------------------------------------------------------------ text alignment
def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (numpy, one row at a time)."""
    import numpy as np

    if not a or not b:
        return max(len(a), len(b))
    bv = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(b) + 1)
    row = idx.copy()
    for i, ch in enumerate(a, start=1):
        cost = (bv != ord(ch)).astype(np.int64)
        t = np.empty_like(row)
        t[0] = i
        t[1:] = np.minimum(row[1:] + 1, row[:-1] + cost)
        row = np.minimum.accumulate(t - idx) + idx
    return int(row[-1])


def cer(ocr: str, truth: str) -> float:
    """Character error rate with all whitespace removed (Thai has no word spaces)."""
    a, b = "".join(ocr.split()), "".join(truth.split())
    return edit_distance(a, b) / max(1, len(b))


def fuzzy_find(needle: str, text: str, max_ratio: float = 0.34) -> tuple[int, int] | None:
    """``(start, end)`` in ``text`` of the best approximate match of ``needle`` (whitespace
    ignored on both sides), or None when more than ``max_ratio`` of it differs."""
    import numpy as np

    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    hay = "".join(text[i] for i in keep)
    pat = "".join(needle.split())
    if not pat or not hay:
        return None
    hv = np.frombuffer(hay.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(hay) + 1)
    rows = [np.zeros(len(hay) + 1, dtype=np.int64)]  # free start anywhere
    for i, ch in enumerate(pat, start=1):
        prev = rows[-1]
        cost = (hv != ord(ch)).astype(np.int64)
        t = np.empty_like(prev)
        t[0] = i
        t[1:] = np.minimum(prev[1:] + 1, prev[:-1] + cost)
        rows.append(np.minimum.accumulate(t - idx) + idx)
    end = int(np.argmin(rows[-1]))
    if rows[-1][end] > max_ratio * len(pat):
        return None
    i, j = len(pat), end
    while i > 0:  # trace back to the start column
        cost = 0 if j > 0 and hay[j - 1] == pat[i - 1] else 1
        if j > 0 and rows[i][j] == rows[i - 1][j - 1] + cost:
            i, j = i - 1, j - 1
        elif rows[i][j] == rows[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    if j >= end:
        return None
    return keep[j], keep[end - 1] + 1


# ------------------------------------------------------------------ coverage
def coverage(page, redacted) -> tuple[list[float], float]:
    """Per PHI segment: share of its ink under magenta boxes; and the share of non-PHI ink
    under boxes."""
    import numpy as np

    hidden = np.all(np.asarray(redacted) == MAGENTA, axis=-1)
    phi = page.phi()
    shares = []
    for i in phi:
        ink = page.ink & (page.labels == i + 1)
        shares.append(float(hidden[ink].mean()) if ink.any() else 1.0)
    other = page.ink & (page.labels > 0) & ~np.isin(page.labels, [i + 1 for i in phi])
    return shares, float(hidden[other].mean()) if other.any() else 0.0


def oracle_spans(doc, page) -> None:
    """Write the PHI found by fuzzy matching into ``doc.spans["deid"]``."""
    from spacy_deid.spans import expand_span

    spans = []
    after: dict[str, int] = {}  # a value repeated on the page: the next occurrence each time
    for i in page.phi():
        text, label = page.segments[i]
        offset = after.get(text, 0)
        found = fuzzy_find(text.strip(), doc.text[offset:])
        if found:
            start, end = found[0] + offset, found[1] + offset
            after[text] = end
            span = expand_span(doc, start, end, label)
            if span is not None:
                spans.append(span)
    doc.spans["deid"] = spans


# ------------------------------------------------------------------ run
def test_pages(
    seeds: Sequence[int], kinds: Sequence[str], langs: Sequence[str], dpi: int = 300
):
    """``(name, lang, seed, RenderedPage)`` for every document (clean)."""
    from spacy_deid.workflow import ocr_pages

    for seed in seeds:
        for lang in langs:
            for k, kind in enumerate(kinds):
                fonts = ocr_pages.FONTS[lang]
                font = fonts[(seed + k) % len(fonts)]
                lines = ocr_pages.document(kind, lang, seed=1000 * seed + k)
                yield f"{lang}-{kind}-{seed}", lang, seed, ocr_pages.render(lines, font=font, dpi=dpi)


def measure(
    variant: dict[str, Any],
    pipelines: dict[str, Any],
    pages: list[tuple[str, str, int, Any]],
    conditions: Sequence[str],
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One row per page and condition, and the reader settings used."""
    from spacy_deid.ocr.draw import redact_pages
    from spacy_deid.ocr.reader import OCRReader
    from spacy_deid.workflow.ocr_pages import degrade

    dpi = pages[0][3].dpi  # rendered images carry no DPI: tell the reader
    readers = {lang: OCRReader(nlp, dpi=dpi, **variant) for lang, nlp in pipelines.items()}
    warm = {lang: clean for _, lang, _, clean in reversed(pages)}
    for lang, clean in warm.items():  # load tokenizer dictionaries etc. before timing
        pipelines[lang](readers[lang](clean.image))
    rows = []
    for condition in conditions:
        for name, lang, seed, clean in pages:
            page = degrade(clean, condition, seed=seed * 7 + len(name))
            nlp, reader = pipelines[lang], readers[lang]
            start = time.perf_counter()
            scan = reader.scan(page.image)
            doc = nlp(scan.to_doc(nlp))
            redact_pages(doc, scan.images, failed_pages="blackout")
            seconds = time.perf_counter() - start
            (found,) = redact_pages(doc, scan.images, color=MAGENTA, failed_pages="blackout")
            shares, over = coverage(page, found)
            oracle_doc = scan.to_doc(nlp)
            oracle_spans(oracle_doc, page)
            (ideal,) = redact_pages(oracle_doc, scan.images, color=MAGENTA, failed_pages="blackout")
            oracle_shares, _ = coverage(page, ideal)
            info = scan.info[0]
            rows.append({
                "page": name, "lang": lang, "condition": condition, "seconds": round(seconds, 3),
                "cer": round(cer(scan.text, page.text), 4), "status": info["status"],
                "ink_coverage": info["ink_coverage"], "low_conf": len(info["low_conf"]),
                "phi": len(shares), "pipeline_full": sum(s >= 1.0 for s in shares),
                "pipeline_share": round(sum(shares) / max(1, len(shares)), 4),
                "oracle_full": sum(s >= 1.0 for s in oracle_shares),
                "oracle_share": round(sum(oracle_shares) / max(1, len(oracle_shares)), 4),
                "over_redaction": round(over, 4),
            })
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows, next(iter(readers.values())).settings


def summarise(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for condition in dict.fromkeys(r["condition"] for r in rows):
        sel = [r for r in rows if r["condition"] == condition]
        phi = sum(r["phi"] for r in sel)
        out[condition] = {
            "pages": len(sel),
            "phi_boxes": phi,
            "cer_mean": round(statistics.mean(r["cer"] for r in sel), 4),
            "cer_th": _mean([r["cer"] for r in sel if r["lang"] == "th"]),
            "cer_en": _mean([r["cer"] for r in sel if r["lang"] == "en"]),
            "oracle_covered": round(sum(r["oracle_full"] for r in sel) / max(1, phi), 4),
            "pipeline_covered": round(sum(r["pipeline_full"] for r in sel) / max(1, phi), 4),
            "over_redaction": round(statistics.mean(r["over_redaction"] for r in sel), 4),
            "failed_pages": sum(r["status"] == "failed" for r in sel),
            "seconds_median": round(statistics.median(r["seconds"] for r in sel), 3),
        }
    return out


def _mean(values: list[float]) -> float | None:
    return round(statistics.mean(values), 4) if values else None


def load_pipelines(spec: str, langs: Sequence[str]) -> dict[str, Any]:
    from spacy_deid.pipelines import load_pipeline

    return {lang: load_pipeline(spec, lang) for lang in langs}


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m spacy_deid.workflow.ocr_measure",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON file for the results")
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS),
                        help="reader settings to measure (repeatable; default: the reader's)")
    parser.add_argument("--pipeline", default="rules",
                        help="de-id pipeline for pipeline_covered: rules, default, or a path")
    parser.add_argument("--seeds", type=int, default=4, help="documents per kind and language")
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    parser.add_argument("--langs", nargs="+", default=["th", "en"])
    parser.add_argument("--conditions", nargs="+", default=list(CONDITIONS), choices=CONDITIONS)
    parser.add_argument("--dpi", type=int, default=300, help="resolution of the rendered pages")
    args = parser.parse_args(argv)
    pipelines = load_pipelines(args.pipeline, args.langs)
    pages = list(test_pages(range(args.seeds), args.kinds, args.langs, args.dpi))
    result: dict[str, Any] = {"pipeline": args.pipeline, "pages_per_condition": len(pages),
                              "dpi": args.dpi,
                              "cpu_count": os.cpu_count(), "load_avg_start": os.getloadavg(),
                              "variants": {}}
    for name in args.variant or ["default"]:
        rows, settings = measure(VARIANTS[name], pipelines, pages, args.conditions)
        result["variants"][name] = {"settings": settings, "summary": summarise(rows),
                                    "rows": rows}
        print(f"{name}: {json.dumps(result['variants'][name]['summary'])}", flush=True)
    result["load_avg_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
