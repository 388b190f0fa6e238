"""Phone photos of pages: the page is found, read flat, redacted in the photo's pixels, and
what lies around it is blacked out (or kept); a flat scan is read as before."""
import json

import numpy as np
import pytest
from PIL import Image

from spacy_deid.cli import main
from spacy_deid.ocr.draw import redact_pages
from spacy_deid.ocr.page_finder import find_page
from spacy_deid.ocr.reader import OCRReader
from spacy_deid.workflow.ocr_photos import photo


@pytest.fixture(scope="module")
def en_photo(en_page):
    return photo(en_page, seed=3, max_angle=25.0, kind="wood")


def _phone_ink(page):
    phone = next(i for i in page.phi() if page.segments[i][1] == "PHONE")
    return page.ink & (page.labels == phone + 1)


def test_a_flat_scan_has_no_page_outline_and_reads_as_before(en_page, en_nlp, en_scan):
    assert find_page(en_page.image) is None
    before = OCRReader(en_nlp, find_page=False).scan(en_page.image)
    assert en_scan.text == before.text
    assert "page_quad" not in en_scan.info[0]
    assert {k: v for k, v in en_scan.info[0].items()} == before.info[0]


def test_the_page_is_found_in_a_photo_on_a_table(en_photo, en_page):
    quad = find_page(en_photo.image)
    assert quad is not None
    inside = cv2_page_mask(en_photo, {"page_quad": {"corners": quad.corners}}, shrink=0)
    assert inside[en_photo.labels > 0].all()  # the page's text lies inside the outline
    assert inside.mean() < 0.6  # and the table around it outside
    w, h = quad.size
    assert abs(w / h - en_page.image.width / en_page.image.height) < 0.15


def test_a_photo_is_read_flat_and_redacted_in_its_own_pixels(en_photo, en_nlp):
    # without page finding the table top is unread ink and the page fails
    assert OCRReader(en_nlp, find_page=False).scan(en_photo.image).info[0]["status"] == "failed"
    scan = OCRReader(en_nlp).scan(en_photo.image)
    info = scan.info[0]
    assert info["status"] == "ok", info["reason"]
    assert "081-234-5678" in scan.text and "John Smith" in scan.text
    assert (info["width"], info["height"]) == en_photo.image.size
    doc = en_nlp(scan.to_doc(en_nlp))
    (out,) = redact_pages(doc, scan.images)
    assert out.size == en_photo.image.size
    gray = np.asarray(out.convert("L"))
    assert gray[_phone_ink(en_photo)].max() == 0  # every ink pixel of the number is black
    background = ~cv2_page_mask(en_photo, info)
    assert gray[background].max() == 0  # around the page: black
    other = en_photo.ink & (en_photo.labels > 0) & ~np.isin(
        en_photo.labels, [i + 1 for i in en_photo.phi()])
    assert (gray[other] == 0).mean() < 0.2  # the rest of the text stays readable


def cv2_page_mask(page, info, shrink: int = 6):
    """The photo's pixels inside the found outline, grown by ``shrink`` px (edges aside)."""
    import cv2

    mask = np.zeros(page.image.size[::-1], np.uint8)
    cv2.fillConvexPoly(mask, np.int32(info["page_quad"]["corners"]), 255)
    return cv2.dilate(mask, np.ones((2 * shrink + 1,) * 2, np.uint8)) > 0


def test_outside_page_keep_leaves_the_background(en_photo, en_nlp):
    scan = OCRReader(en_nlp, outside_page="keep").scan(en_photo.image)
    doc = en_nlp(scan.to_doc(en_nlp))
    (out,) = redact_pages(doc, scan.images)
    background = ~cv2_page_mask(en_photo, scan.info[0])
    assert np.array_equal(np.asarray(out)[background], np.asarray(en_photo.image)[background])
    assert np.asarray(out.convert("L"))[_phone_ink(en_photo)].max() == 0
    with pytest.raises(ValueError):
        OCRReader(en_nlp, outside_page="crop")


def test_cli_redacts_a_photo_and_records_the_outline(en_photo, tmp_path):
    src = tmp_path / "photo.jpg"
    en_photo.image.save(src, quality=92)
    out = tmp_path / "out"
    assert main(["redact", str(src), "--out", str(out), "--pipeline", "rules", "--lang", "en"]) == 0
    record = json.loads((out / "audit.jsonl").read_text())
    page = record["pages"][0]
    assert record["status"] == "ok" and len(page["page_quad"]["corners"]) == 4
    assert page["outside_page"] == "blackout"
    image = np.asarray(Image.open(out / "photo.jpg.png").convert("L"))
    assert image[_phone_ink(en_photo)].max() == 0
    assert "[PHONE]" in (out / "photo.jpg.txt").read_text()
    keep = tmp_path / "keep"
    assert main(["redact", str(src), "--out", str(keep), "--pipeline", "rules", "--lang", "en",
                 "--outside-page", "keep"]) == 0
    kept = np.asarray(Image.open(keep / "photo.jpg.png").convert("L"))
    assert kept[~cv2_page_mask(en_photo, page)].mean() > 40
