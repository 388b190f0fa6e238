"""A PDF text layer is used only where it agrees with what the page shows (real Tesseract).

The leak PDFs (``conftest.LEAKS``) show an image of a name and a phone number under a
harmless text layer (invisible ``3 Tr`` text, white text) whose boxes cover the image's ink:
the reader used to take the layer's text (status ok, no PHI found), and the output PDF,
redacted from those boxes, showed the name and phone in clear.
"""
import numpy as np
import pytest

from spacy_deid.ocr.draw import redact_pages
from spacy_deid.ocr.reader import OCRReader

LEAKS = ["invisible", "white", "invisible-white-visible"]
PX = 300 / 72  # pixels per point


@pytest.fixture(scope="module")
def reader():
    return OCRReader()


@pytest.fixture(scope="module")
def leak_scans(reader, en_page, pdfs):
    return {name: reader.scan(pdfs.leak(name, en_page)) for name in LEAKS}


@pytest.mark.parametrize("name", LEAKS)
def test_a_layer_that_does_not_draw_the_page_is_not_trusted(leak_scans, name):
    scan = leak_scans[name]
    (info,) = scan.info
    assert info["source"] == "ocr" and info["status"] == "ok"
    assert info["text_layer_ignored"] and info["hidden_chars"] > 0 and info["hidden_boxes"]
    assert "John Smith" in scan.text and "081-234-5678" in scan.text
    assert "Lorem" not in scan.text and "ipsum" not in scan.text
    if name.endswith("-visible"):
        assert "Diagnosis: influenza" in scan.text


@pytest.mark.parametrize("name", LEAKS)
def test_the_leak_pdfs_phi_is_blacked_out_in_the_page_pixels(leak_scans, en_page, en_nlp, name):
    scan = leak_scans[name]
    doc = en_nlp(scan.to_doc(en_nlp))
    assert {s.label_ for s in doc.spans["deid"]} == {"PERSON", "PHONE"}
    (out,) = redact_pages(doc, scan.images)
    gray = np.asarray(out.convert("L"))[: en_page.ink.shape[0], : en_page.ink.shape[1]]
    for i in en_page.phi():
        assert gray[en_page.ink & (en_page.labels == i + 1)].max() < 60


def test_hidden_characters_are_counted_and_boxed_on_their_lines(leak_scans, en_page, pdfs):
    (info,) = leak_scans["invisible"].info
    assert info["hidden_chars"] == 3 * len(pdfs.harmless.replace(" ", ""))
    assert len(info["hidden_boxes"]) == 3  # one run per line
    for box, line in zip(info["hidden_boxes"], en_page.lines):
        ink = [en_page.box(i) for i in line]
        left, top, bottom = min(b[0] for b in ink), min(b[1] for b in ink), max(b[3] for b in ink)
        assert box[1] <= bottom and box[3] >= top and abs(box[0] - left) <= 2 * PX


def test_a_visible_text_layer_is_still_used_and_hidden_text_left_out(reader, pdfs):
    """Visible text with white text on white paper, clipped text and text off the page: the
    layer is read (the fast path), the hidden text is counted and never in the text."""
    ops = ("BT /F1 14 Tf 20 100 Td (Patient John Smith) Tj ET "
           "BT 1 g /F1 14 Tf 20 40 Td (Hidden Jane Roe) Tj ET "
           "q 200 10 1 1 re W n BT /F1 14 Tf 200 10 Td (Clipped Roe) Tj ET Q "
           "BT /F1 14 Tf -900 -900 Td (Offpage Roe) Tj ET")
    data = pdfs.build([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 140] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])
    scan = reader.scan(data)
    (info,) = scan.info
    assert info["source"] == "text_layer" and info["status"] == "ok"
    assert "Patient John Smith" in scan.text
    assert not {"Roe", "Hidden", "Clipped", "Offpage"} & set(scan.text.split())
    assert info["hidden_chars"] == len("HiddenJaneRoeClippedRoeOffpageRoe")
    assert any(b[1] < (140 - 40) * PX < b[3] and b[0] < 25 * PX for b in info["hidden_boxes"])


def test_visible_text_printed_over_an_image_is_not_trusted(reader, en_page, pdfs):
    """The layer's glyphs are drawn, but ink they do not draw lies under their boxes."""
    ops = pdfs.over_lines(en_page, "0 g", size=0.5, drop=0.25)
    (info,) = reader.scan(pdfs.image_pdf(en_page, ops)).info
    assert info["source"] == "ocr"
    assert info["text_layer_ignored"] == "ink under the text layer that its text does not draw"
