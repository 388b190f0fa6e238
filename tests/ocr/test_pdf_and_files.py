"""PDF round trips (scanned and text-layer pages), metadata never passing through, bad files."""
import io

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from spacy_deid.ocr.draw import pdf_bytes, png_bytes, redact_pages
from spacy_deid.ocr.errors import OCRInputError
from spacy_deid.ocr.reader import OCRReader


def pdf_text(data):
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))], len(pdf)
    finally:
        pdf.close()


def test_multi_page_scanned_pdf_round_trip(th_page, en_page, en_nlp):
    buf = io.BytesIO()
    th_page.image.copy().save(buf, format="PDF", save_all=True,
                              append_images=[en_page.image.copy()], resolution=300.0)
    reader = OCRReader(en_nlp, languages="tha+eng")
    scan = reader.scan(buf.getvalue())
    assert scan.kind == "pdf" and len(scan.images) == 2
    assert [i["source"] for i in scan.info] == ["ocr", "ocr"]
    assert abs(scan.images[1].height - en_page.image.height) <= 1  # pt rounding
    doc = en_nlp(scan.to_doc(en_nlp))
    pages = doc._.deid_ocr["pages"]
    assert [p["page"] for p in pages] == [0, 1] and pages[1]["chars"][0] > pages[0]["chars"][1]
    smith = [t for t in doc if t.text == "Smith"]
    assert smith and smith[0]._.deid_page == 1
    assert "John Smith" in [s.text for s in doc.spans["deid"]]
    images = redact_pages(doc, scan.images)
    out = pdf_bytes(images, dpi=300)
    texts, n_pages = pdf_text(out)
    assert n_pages == 2 and texts == ["", ""]  # no text layer survives
    page2 = pdfium.PdfDocument(out)[1].render(scale=300 / 72).to_pil().convert("L")
    arr = np.asarray(page2)[: en_page.ink.shape[0], : en_page.ink.shape[1]]  # pt rounding
    for i in en_page.phi():
        ink = en_page.ink & (en_page.labels == i + 1)
        assert arr[ink].max() < 60  # blacked (JPEG inside the PDF: nearly 0)


def test_text_layer_pdf_uses_its_words_and_drops_metadata(en_nlp, text_layer_pdf):
    data = text_layer_pdf()
    reader = OCRReader(en_nlp)
    scan = reader.scan(data)
    info = scan.info[0]
    assert info["source"] == "text_layer" and info["status"] == "ok"
    doc = en_nlp(scan.to_doc(en_nlp))
    assert "Patient John Smith" in doc.text and "Roe" not in doc.text  # annotation not read
    smith = next(t for t in doc if t.text == "Smith")
    assert smith._.deid_ocr_conf is None
    # "Smith" sits on the first line: baseline at y=100 pt on a 140 pt page, x after "Patient John "
    x0, y0, x1, y1 = smith._.deid_bbox
    scale = 300 / 72
    assert 20 * scale < x0 < x1 < 200 * scale and y0 < (140 - 100) * scale < y1
    images = redact_pages(doc, scan.images)
    # the annotation is not drawn: its area is blank
    assert np.asarray(images[0].convert("L"))[int(100 * scale):int(130 * scale),
                                              int(150 * scale):int(290 * scale)].min() > 200
    raw = pdf_bytes(images, dpi=300)
    assert b"Roe" not in raw and b"Smith" not in raw and b"Secret" not in raw
    assert pdf_text(raw)[0] == [""]


def test_output_png_has_no_exif_or_text_chunks(en_page, en_nlp, tmp_path):
    exif = Image.Exif()
    exif[0x013B] = "John Smith"  # Artist
    src = tmp_path / "in.jpg"
    en_page.image.save(src, format="JPEG", exif=exif, quality=95)
    reader = OCRReader(en_nlp)
    scan = reader.scan(src)
    doc = en_nlp(scan.to_doc(en_nlp))
    (image,) = redact_pages(doc, scan.images)
    raw = png_bytes(image)
    assert b"John" not in raw and b"Exif" not in raw and b"eXIf" not in raw
    assert not Image.open(io.BytesIO(raw)).info.get("exif")


@pytest.fixture(scope="module")
def reader():
    return OCRReader(max_pixels=4_000_000, max_pages=3)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"Patient John Smith, HN 64-12345\n", "not a supported image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "corrupt|not a supported"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "damaged"),
    ],
    ids=["empty", "text", "corrupt-png", "broken-pdf"],
)
def test_bad_files_get_clear_errors_without_content(reader, data, message):
    with pytest.raises(OCRInputError, match=message) as err:
        reader.scan(data)
    assert "John" not in str(err.value)


def test_truncated_png_is_corrupt(reader, en_page):
    buf = io.BytesIO()
    en_page.image.save(buf, format="PNG")
    with pytest.raises(OCRInputError, match="corrupt"):
        reader.scan(buf.getvalue()[: len(buf.getvalue()) // 2])


def test_oversized_images_and_bombs_are_refused_before_decoding(reader, tmp_path):
    big = tmp_path / "big.png"
    Image.new("1", (3000, 3000)).save(big)  # 9 Mpx, tiny file
    with pytest.raises(OCRInputError, match="3000x3000 pixels"):
        reader.scan(big)
    bomb = tmp_path / "bomb.png"
    Image.new("1", (20000, 20000)).save(bomb)  # 400 Mpx: over Pillow's own bomb limit too
    with pytest.raises(OCRInputError, match=r"too large|pixels"):
        OCRReader(max_pixels=10**9).scan(bomb)


def test_encrypted_and_too_long_pdfs_are_refused(reader, en_page, text_layer_pdf):
    with pytest.raises(OCRInputError, match="encrypted"):
        reader.scan(text_layer_pdf(encrypt=True))
    buf = io.BytesIO()
    pages = [en_page.image.copy() for _ in range(4)]  # (Pillow keeps save state on images)
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:])
    with pytest.raises(OCRInputError, match="4 pages"):
        reader.scan(buf.getvalue())


def test_a_pdf_without_pages_gets_its_own_error_after_an_encrypted_one(reader, text_layer_pdf,
                                                                      pdfs):
    """pypdfium2 reported a PDF without pages with pdfium's last error, which that load never
    set: after an encrypted PDF, the empty one was "encrypted" too."""
    no_pages = pdfs.build(["<< /Type /Catalog /Pages 2 0 R >>",
                           "<< /Type /Pages /Kids [] /Count 0 >>"])
    for _ in range(2):
        with pytest.raises(OCRInputError, match="encrypted"):
            reader.scan(text_layer_pdf(encrypt=True))
        with pytest.raises(OCRInputError, match=r"^the PDF has no pages$"):
            reader.scan(no_pages)
    with pytest.raises(OCRInputError, match="encrypted"):
        reader.scan(text_layer_pdf(encrypt=True))
    with pytest.raises(OCRInputError, match="damaged"):
        reader.scan(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
