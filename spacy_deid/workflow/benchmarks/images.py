"""Images as they arrive (issue 15): ``python -m spacy_deid.workflow.benchmarks.images
--json metrics/images.json --out benchmarks/images.md``.

Rendered sets (:mod:`spacy_deid.workflow.ocr_photos`, pages of
:mod:`spacy_deid.workflow.ocr_pages` with their PHI ink known), each read by the default OCR
reader, de-identified by the shipped default pipelines and drawn in magenta:

- **photo**: the test documents (Thai and English forms, letters, certificates) photographed on
  a table (turned up to 25°, tilted, wood/cloth/dark backgrounds, a shadow, light falling off,
  JPEG 60);
- **x-ray**: the same documents with an X-ray-like picture pasted below their text;
- **id-card** and **id-card photo**: ID-card copies with a real face (scikit-image's astronaut),
  flat and photographed;
- **wristband** and **wristband photo**: patient wristbands with a QR code and a Code 128 barcode;
- **faces**: scikit-image's ``lfw_subset()`` (100 faces and 100 non-faces from Labeled Faces in
  the Wild, 25 px, shown at 100 px on a white 200 px image) and the astronaut photo.

Per image: PHI values hidden (every ink pixel under a box; ``pipeline`` with the spans the
pipeline found, ``perfect`` with the PHI strings located in the OCR text), non-PHI ink hidden,
status, seconds (read + de-identify + draw), symbols hidden (every dark module), faces hidden
(the face's box entirely under boxes; an LFW face: its inner 60 %), faces found where there
is none, and the picture's pixels kept. Never imported by the runtime.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..ocr_measure import MAGENTA, coverage, oracle_spans, test_pages
from ..ocr_pages import KINDS, RenderedPage
from ..ocr_photos import ASTRONAUT_FACE, BACKGROUNDS, astronaut, id_card, photo, with_picture, xray

MAX_ANGLE = 25.0


BAND_FRAME = (1.15, 5.0)  # a wristband turned by 25° needs a photo ~4.6 times its width


def _warped(page: RenderedPage, mask: np.ndarray, seed: int, kind: str,
            frame: tuple[float, float] = (1.45, 1.3)) -> np.ndarray:
    """``mask`` (on the flat page) where :func:`photo` with the same seed puts it."""
    shot = photo(replace(page, labels=mask.astype(np.int32), ink=mask.astype(bool)), seed=seed,
                 max_angle=MAX_ANGLE, kind=kind, frame=frame)
    return shot.labels > 0


def _box_mask(shape: tuple[int, ...], box: tuple[int, int, int, int]) -> np.ndarray:
    mask = np.zeros(shape[:2], bool)
    mask[box[1]:box[3], box[0]:box[2]] = True
    return mask


def cases(seeds: int) -> list[dict[str, Any]]:
    """Every test image with what it must show hidden (PHI ink: the page's labels; symbol,
    face and picture masks)."""
    out: list[dict[str, Any]] = []
    docs = list(test_pages(range(seeds), KINDS, ("th", "en")))
    for n, (name, lang, _, page) in enumerate(docs):
        kind = BACKGROUNDS[n % len(BACKGROUNDS)]
        shot = photo(page, seed=n, max_angle=MAX_ANGLE, kind=kind)
        out.append({"set": "photo", "name": name, "lang": lang, "page": shot,
                    "paper": _warped(page, np.ones(page.labels.shape, bool), n, kind)})
        top = int(np.nonzero(page.labels.any(axis=1))[0].max()) + page.dpi // 3
        side = min(1000, (page.image.height - top - page.dpi // 2) * 5 // 6)
        picture = xray((side, side * 6 // 5), seed=n)
        with_xray, box = with_picture(page, picture, (page.image.width - side - page.dpi, top))
        out.append({"set": "x-ray", "name": name, "lang": lang, "page": with_xray,
                    "picture": _box_mask(page.labels.shape, box)})
    for lang in ("th", "en"):
        for seed in range(seeds):
            card, face = id_card(lang, seed)
            face_mask = _box_mask(card.labels.shape, face)
            out.append({"set": "id-card", "name": f"{lang}-card-{seed}", "lang": lang,
                        "page": card, "faces": [face_mask]})
            n = 100 + len(out)
            kind = BACKGROUNDS[n % len(BACKGROUNDS)]
            out.append({"set": "id-card photo", "name": f"{lang}-card-{seed}", "lang": lang,
                        "page": photo(card, seed=n, max_angle=MAX_ANGLE, kind=kind),
                        "faces": [_warped(card, face_mask, n, kind)]})
            band, symbols = wristband_symbols(lang, seed)
            out.append({"set": "wristband", "name": f"{lang}-band-{seed}", "lang": lang,
                        "page": band, "symbols": symbols})
            kind = BACKGROUNDS[n % len(BACKGROUNDS)]
            out.append({"set": "wristband photo", "name": f"{lang}-band-{seed}", "lang": lang,
                        "page": photo(band, seed=n, max_angle=MAX_ANGLE, kind=kind,
                                      frame=BAND_FRAME),
                        "symbols": [_warped(band, m, n, kind, BAND_FRAME) for m in symbols]})
    return out


def wristband_symbols(lang: str, seed: int) -> tuple[RenderedPage, list[np.ndarray]]:
    """A wristband and one mask per symbol (its dark modules or bars)."""
    from scipy import ndimage

    from ..ocr_photos import wristband

    band, dark = wristband(lang, seed)
    # the QR code and the barcode lie apart: one mask per group of nearby dark pixels
    groups, count = ndimage.label(ndimage.binary_dilation(dark, iterations=25))
    return band, [dark & (groups == i) for i in range(1, count + 1)]


def face_images() -> list[dict[str, Any]]:
    """LFW faces and non-faces at 100 px on a white 200 px image; the astronaut."""
    from PIL import Image
    from skimage import data

    out = []
    for i, pixels in enumerate(data.lfw_subset()):
        face = Image.fromarray((pixels * 255).astype(np.uint8)).resize((100, 100),
                                                                      Image.Resampling.BICUBIC)
        canvas = Image.new("RGB", (200, 200), "white")
        canvas.paste(face.convert("RGB"), (50, 50))
        is_face = i < 100  # the subset: 100 faces, then 100 non-faces
        out.append({"set": "lfw face" if is_face else "lfw non-face", "name": f"lfw-{i}",
                    "image": canvas, "faces": [_box_mask((200, 200), (70, 70, 130, 130))]
                    if is_face else []})
    image = astronaut()
    out.append({"set": "astronaut", "name": "astronaut", "image": image,
                "faces": [_box_mask((image.height, image.width), ASTRONAUT_FACE)]})
    return out


def measure(seeds: int, pipeline: str = "default") -> list[dict[str, Any]]:
    from ...ocr.draw import redact_pages
    from ...ocr.reader import OCRReader
    from ...pipelines import load_pipeline

    nlps = {lang: load_pipeline(pipeline, lang) for lang in ("th", "en")}
    readers = {lang: OCRReader(nlp) for lang, nlp in nlps.items()}
    for lang in nlps:  # load the tokenizers' dictionaries, the cascades before timing
        nlps[lang](readers[lang](astronaut()))
    rows = []
    for case in cases(seeds) + face_images():
        lang = case.get("lang", "en")
        page: RenderedPage | None = case.get("page")
        image = page.image if page is not None else case["image"]
        nlp, reader = nlps[lang], readers[lang]
        start = time.perf_counter()
        scan = reader.scan(image)
        doc = nlp(scan.to_doc(nlp))
        (drawn,) = redact_pages(doc, scan.images, color=MAGENTA, failed_pages="blackout")
        seconds = time.perf_counter() - start
        hidden = np.all(np.asarray(drawn) == MAGENTA, axis=-1)
        info = scan.info[0]
        row: dict[str, Any] = {"set": case["set"], "name": case["name"], "lang": lang,
                               "status": info["status"], "seconds": round(seconds, 3),
                               "faces_found": len(info.get("faces") or [])}
        if page is not None and page.phi():
            shares, over = coverage(page, drawn)
            oracle = scan.to_doc(nlp)
            oracle_spans(oracle, page)
            (ideal,) = redact_pages(oracle, scan.images, color=MAGENTA, failed_pages="blackout")
            perfect, _ = coverage(page, ideal)
            row.update(phi=len(shares), phi_hidden=sum(s >= 1.0 for s in shares),
                       phi_perfect=sum(s >= 1.0 for s in perfect), other_ink_hidden=round(over, 4))
        if "symbols" in case:
            row.update(symbols=len(case["symbols"]),
                       symbols_hidden=sum(bool(hidden[m].all()) for m in case["symbols"]),
                       symbols_found=len(info.get("codes") or []))
        if "faces" in case:
            row.update(faces=len(case["faces"]),
                       faces_hidden=sum(bool(hidden[m].all()) for m in case["faces"]))
        if "picture" in case:
            before, after = np.asarray(image.convert("RGB")), np.asarray(drawn)
            m = case["picture"]
            row["picture_kept"] = round(float(np.all(before[m] == after[m], axis=-1).mean()), 4)
            row["picture_found"] = bool(info.get("pictures"))
        if "paper" in case:
            row["background_hidden"] = round(float(hidden[~case["paper"]].mean()), 4)
        rows.append(row)
    return rows


def summarise(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in dict.fromkeys(r["set"] for r in rows):
        sel = [r for r in rows if r["set"] == name]

        def total(key: str, sel: list[dict[str, Any]] = sel) -> int:
            return sum(r.get(key, 0) for r in sel)

        secs = sorted(r["seconds"] for r in sel)
        s: dict[str, Any] = {"images": len(sel), "failed": sum(r["status"] == "failed" for r in sel),
                             "seconds_median": round(statistics.median(secs), 2),
                             "seconds_max": round(secs[-1], 2),
                             "faces_found": total("faces_found")}
        for key in ("phi", "phi_hidden", "phi_perfect", "symbols", "symbols_hidden", "faces",
                    "faces_hidden"):
            if any(key in r for r in sel):
                s[key] = total(key)
        for key in ("other_ink_hidden", "picture_kept", "background_hidden"):
            values = [r[key] for r in sel if key in r]
            if values:
                s[key] = round(statistics.mean(values), 4)
        if any("picture_found" in r for r in sel):
            s["pictures_found"] = sum(r["picture_found"] for r in sel)
        out[name] = s
    return out


def _share(done: int, of: int) -> str:
    return f"{done}/{of} ({done / of:.1%})" if of else "–"


def report(summary: dict[str, dict[str, Any]]) -> str:
    lines = ["| set | images | failed | PHI values hidden: pipeline | perfect detector | "
             "non-PHI ink hidden | symbols hidden | faces hidden | faces found where none "
             "| s / image median (max) |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, s in summary.items():
        phi = s.get("phi", 0)
        other = f"{s['other_ink_hidden']:.1%}" if "other_ink_hidden" in s else "–"
        wrong = s["faces_found"] - s.get("faces_hidden", 0)  # an LFW face is one box
        cells = [name, str(s["images"]), str(s["failed"]), _share(s.get("phi_hidden", 0), phi),
                 _share(s.get("phi_perfect", 0), phi), other,
                 _share(s.get("symbols_hidden", 0), s.get("symbols", 0)),
                 _share(s.get("faces_hidden", 0), s.get("faces", 0)), str(max(0, wrong)),
                 f"{s['seconds_median']:.2f} ({s['seconds_max']:.2f})"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write_table(path: Path, table: str) -> None:
    """The table into ``path`` between its ``<!-- table -->`` and ``<!-- /table -->`` lines
    (the text around them is kept), or as the whole file."""
    begin, end = "<!-- table -->\n", "<!-- /table -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + begin + table + end + rest.split(end, 1)[1]
    else:
        text = table
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, required=True, help="rows and summary (JSON)")
    parser.add_argument("--out", type=Path, help="write the table here (markdown)")
    parser.add_argument("--seeds", type=int, default=2, help="documents per kind and language")
    parser.add_argument("--pipeline", default="default")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    rows = measure(args.seeds, args.pipeline)
    summary = summarise(rows)
    result = {"pipeline": args.pipeline, "seeds": args.seeds, "cpu_count": os.cpu_count(),
              "load_avg_start": load, "load_avg_end": os.getloadavg(), "summary": summary,
              "rows": rows}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    table = report(summary)
    print(table)
    if args.out:
        write_table(args.out, table)


if __name__ == "__main__":
    main()
