"""QR codes and barcodes (made with segno and python-barcode, not with the decoder's own
writer): found, blacked out whole, their values checked by the pipeline and audited without
values."""
import io
import json

import barcode
import numpy as np
import pytest
import segno
from barcode.writer import ImageWriter
from PIL import Image

from spacy_deid.cli import main
from spacy_deid.ocr.codes import check_codes, find_codes
from spacy_deid.ocr.draw import redact_pages
from spacy_deid.ocr.reader import OCRReader

QR_VALUE = "HN 64-12345 John Smith"
BAR_VALUE = "6412345"


def qr_image(value: str, scale: int = 8) -> Image.Image:
    buf = io.BytesIO()
    segno.make(value, error="m").save(buf, kind="png", scale=scale, border=2)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def bar_image(value: str) -> Image.Image:
    buf = io.BytesIO()
    barcode.get("code128", value, writer=ImageWriter()).write(
        buf, {"write_text": False, "module_height": 8.0, "module_width": 0.3, "dpi": 300})
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


@pytest.fixture(scope="module")
def band(en_page):
    """The English test page with a QR code and a barcode to the right of its text."""
    page = en_page.image
    qr, bar = qr_image(QR_VALUE), bar_image(BAR_VALUE)
    canvas = Image.new("RGB", (page.width + qr.width + bar.width + 80, page.height), "white")
    canvas.paste(page, (0, 0))
    canvas.paste(qr, (page.width + 20, 20))
    canvas.paste(bar, (page.width + qr.width + 60, 40))
    dark = np.asarray(canvas.convert("L")) < 128
    dark[:, : page.width] = False  # the symbols' ink only
    return canvas, dark


def test_both_symbols_are_found_with_their_values(band):
    codes = find_codes(band[0])
    assert sorted(c.value for c in codes) == sorted([QR_VALUE, BAR_VALUE])
    assert {c.format for c in codes} == {"QR Code", "Code 128"}


def test_symbols_are_blacked_out_and_their_values_checked(band, en_nlp):
    image, dark = band
    scan = OCRReader(en_nlp).scan(image)
    info = scan.info[0]
    assert info["status"] == "ok", info["reason"]
    assert len(info["codes"]) == 2 and all("value" not in c for c in info["codes"])
    assert QR_VALUE not in json.dumps(info) and BAR_VALUE not in json.dumps(info)
    doc = en_nlp(scan.to_doc(en_nlp))
    (out,) = redact_pages(doc, scan.images)
    assert np.asarray(out.convert("L"))[dark].max() == 0  # every module and bar is black
    rows = check_codes(en_nlp, scan)
    assert sorted(r["phi"] for r in rows) == [[], ["PERSON"]]  # John Smith inside the QR code
    assert QR_VALUE not in json.dumps(rows)


def test_without_code_finding_a_symbol_is_not_left_readable(band, en_nlp):
    image, dark = band
    scan = OCRReader(en_nlp, codes=False).scan(image)
    assert "codes" not in scan.info[0] or not scan.info[0]["codes"]
    doc = en_nlp(scan.to_doc(en_nlp))
    (out,) = redact_pages(doc, scan.images, failed_pages="blackout")
    # unread ink: blacked out (or the page fails), never left in clear
    assert (np.asarray(out.convert("L"))[dark] == 0).mean() > 0.95


def test_cli_audits_codes_without_values(band, tmp_path):
    image, dark = band
    image.save(tmp_path / "band.png")
    out = tmp_path / "out"
    assert main(["redact", str(tmp_path / "band.png"), "--out", str(out), "--pipeline", "rules",
                 "--lang", "en"]) == 0
    audit = (out / "audit.jsonl").read_text()
    record = json.loads(audit)
    assert len(record["codes"]) == 2 and {"page", "format", "box", "phi"} <= set(record["codes"][0])
    assert QR_VALUE not in audit and BAR_VALUE not in audit and "64-12345" not in audit
    assert np.asarray(Image.open(out / "band.png").convert("L"))[dark].max() == 0
    off = tmp_path / "off"
    main(["redact", str(tmp_path / "band.png"), "--out", str(off), "--pipeline", "rules",
          "--lang", "en", "--barcodes", "off"])
    assert json.loads((off / "audit.jsonl").read_text()).get("codes") in ([], None)
