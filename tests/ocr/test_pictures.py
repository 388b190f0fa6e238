"""Pictures are not unread text: an X-ray-like picture or a photo on a page neither fails
the page nor is blacked out, and is reported; ink that looks like text or a solid graphic
and is not read still is."""
import numpy as np
import pytest
from PIL import Image

from spacy_deid.ocr.draw import redact_pages
from spacy_deid.ocr.reader import OCRReader
from spacy_deid.workflow import ocr_pages
from spacy_deid.workflow.ocr_photos import with_picture, xray

LINES = [
    [("Patient: Mr. ", None), ("John Smith", "PERSON")],
    [("Phone: ", None), ("081-234-5678", "PHONE")],
    [("Chest X-ray, PA view", None)],
]


@pytest.fixture(scope="module")
def xray_page():
    page = ocr_pages.render(LINES, font="DejaVuSans.ttf", size_mm=(120, 110), font_pt=14,
                            margin_mm=8)
    return with_picture(page, xray((520, 600), seed=2))


def _redacted(nlp, image, **settings):
    scan = OCRReader(nlp, **settings).scan(image)
    doc = nlp(scan.to_doc(nlp))
    (out,) = redact_pages(doc, scan.images, failed_pages="blackout")
    return scan.info[0], np.asarray(out.convert("L"))


def test_a_picture_neither_fails_the_page_nor_is_blacked_out(xray_page, en_nlp):
    page, (x0, y0, x1, y1) = xray_page
    info, out = _redacted(en_nlp, page.image)
    assert info["status"] == "ok", info["reason"]
    (px0, py0, px1, py1), = info["pictures"]
    assert px0 <= x0 + 10 and py0 <= y0 + 10 and px1 >= x1 - 10 and py1 >= y1 - 10
    original = np.asarray(page.image.convert("L"))
    assert np.array_equal(out[y0:y1, x0:x1], original[y0:y1, x0:x1])  # pixel-identical
    phone = next(i for i in page.phi() if page.segments[i][1] == "PHONE")
    assert out[page.ink & (page.labels == phone + 1)].max() == 0


def test_with_pictures_off_the_picture_is_unread_ink_again(xray_page, en_nlp):
    page, (x0, y0, x1, y1) = xray_page
    info, out = _redacted(en_nlp, page.image, pictures=False)
    assert "pictures" not in info
    assert info["status"] == "failed" or (out[y0:y1, x0:x1] == 0).mean() > 0.5


def test_a_solid_graphic_or_pixel_noise_is_not_a_picture(en_page, en_nlp):
    rng = np.random.default_rng(4)
    modules = rng.integers(0, 2, (30, 30)).astype(np.uint8) * 255  # an unreadable code
    graphic = Image.fromarray(np.kron(modules, np.ones((9, 9), np.uint8))).convert("RGB")
    noise = Image.fromarray(rng.integers(0, 140, (200, 300), dtype=np.uint8)).convert("RGB")
    for picture in (graphic, noise):
        page, (x0, y0, x1, y1) = with_picture(en_page, picture, where=(1000, 20))
        info, out = _redacted(en_nlp, page.image)
        assert not info["pictures"]
        dark = np.asarray(picture.convert("L")) < 100
        # blacked out as unread ink, or the page failed (then all of it is black)
        assert (out[y0:y1, x0:x1][dark] == 0).mean() > 0.95
