"""Bounded memory and time: pages are read one at a time, a document over its pixel budget is
refused before any page is rendered, and one over its time limit fails (no timed tests: the
clock is a stand-in)."""
import io
import weakref

import pytest
from PIL import Image

import spacy_deid.ocr.limits as limits
import spacy_deid.ocr.pdf as pdf
import spacy_deid.ocr.sources as sources
from spacy_deid.ocr.draw import iter_redacted, pdf_bytes
from spacy_deid.ocr.engine import OCREngineError
from spacy_deid.ocr.errors import OCRLimitError
from spacy_deid.ocr.reader import OCRReader


def text_pdf(pdfs, pages):
    """``pages`` small pages of visible text (each rendered twice: with and without text)."""
    ops = "BT /F1 14 Tf 20 60 Td (Chief complaint: fever) Tj ET"
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    return pdfs.build([
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>",
        f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream",
        *[f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 240 100] /Contents 3 0 R "
          f"/Resources << /Font << /F1 {4 + pages} 0 R >> >> >>" for _ in range(pages)],
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def tiff(pages, size=(600, 300)):
    frames = [Image.new("L", size, 255) for _ in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    return buf.getvalue()


class Alive:
    """Wraps a function that makes page images; records how many of its images were still
    alive each time it was called."""

    def __init__(self, monkeypatch, module, name):
        self.images = []  # weak references (PIL images are not hashable: no WeakSet)
        self.before_calls = []
        make = getattr(module, name)

        def wrapped(*args, **kwargs):
            self.before_calls.append(sum(ref() is not None for ref in self.images))
            image = make(*args, **kwargs)
            self.images.append(weakref.ref(image))
            return image

        monkeypatch.setattr(module, name, wrapped)


def read_and_draw(reader, en_nlp, data):
    """Read ``data``, then write the output PDF from the redacted pages (as the CLI does)."""
    scan = reader.scan(data)
    doc = scan.to_doc(en_nlp)
    doc.spans["deid"] = []
    return scan, pdf_bytes(iter_redacted(doc, scan.images), 300)


def test_pdf_pages_are_rendered_one_at_a_time(monkeypatch, pdfs, en_nlp):
    alive = Alive(monkeypatch, pdf, "_render")
    scan, _ = read_and_draw(OCRReader(en_nlp), en_nlp, text_pdf(pdfs, 4))
    assert [i["source"] for i in scan.info] == ["text_layer"] * 4
    # reading: each page, then the same page without its text (its own image still alive);
    # drawing: each page again, alone
    assert alive.before_calls == [0, 1] * 4 + [0] * 4


def test_image_frames_are_decoded_one_at_a_time(monkeypatch, en_nlp):
    alive = Alive(monkeypatch, sources, "_pixels")
    scan, _ = read_and_draw(OCRReader(en_nlp), en_nlp, tiff(4))
    assert [i["status"] for i in scan.info] == ["blank"] * 4
    assert alive.before_calls == [0] * 8  # 4 to read, 4 to draw


def test_page_images_on_demand_are_the_pages(pdfs, en_nlp):
    scan = OCRReader(en_nlp).scan(text_pdf(pdfs, 3))
    images = list(scan.images)
    assert len(scan.images) == 3 and scan.images[-1].tobytes() == images[2].tobytes()
    assert [im.size for im in images] == [(i["width"], i["height"]) for i in scan.info]
    with pytest.raises(IndexError):
        scan.images[3]


def test_the_pixel_budget_refuses_a_document_before_rendering(monkeypatch, pdfs):
    def no_render(*args):
        raise AssertionError("a page was rendered")

    monkeypatch.setattr(pdf, "_render", no_render)
    page = 240 * 100 * (300 / 72) ** 2  # pixels of one page
    reader = OCRReader(max_document_pixels=int(2.5 * page))
    with pytest.raises(OCRLimitError, match=r"3 pages have \d+ pixels \(limit "
                                            r"max_document_pixels=\d+\)"):
        reader.scan(text_pdf(pdfs, 3))
    with pytest.raises(OCRLimitError, match="max_document_pixels"):
        OCRReader(max_document_pixels=2 * 600 * 300).scan(tiff(3))
    with pytest.raises(OCRLimitError, match="frame 1 is 900x900 pixels"):
        buf = io.BytesIO()
        Image.new("1", (10, 10)).save(buf, "TIFF", save_all=True,
                                      append_images=[Image.new("1", (900, 900))])
        OCRReader(max_pixels=10_000).scan(buf.getvalue())


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


def test_the_time_limit_fails_the_document_between_pages(clock, monkeypatch, en_nlp):
    reader = OCRReader(en_nlp)
    real = reader.read_page

    def slow_page(page, deadline):
        read = real(page, deadline)
        clock.now += 6
        return read

    monkeypatch.setattr(reader, "read_page", slow_page)
    assert len(reader.scan(tiff(2), limits.Deadline(10, clock)).info) == 2  # 12 s at the end
    with pytest.raises(OCRLimitError, match=r"time limit \(max_seconds=10\)"):
        reader.scan(tiff(3), limits.Deadline(10, clock))


def test_tesseract_gets_the_time_left_and_its_timeout_is_the_documents(clock, en_nlp, en_page):
    reader = OCRReader(en_nlp, timeout=120)
    given = []

    def timing_out(image, dpi, timeout=None):
        given.append(timeout)
        clock.now += timeout
        raise OCREngineError(f"Tesseract timed out after {timeout:g} s")

    reader.engine.image_to_data = timing_out
    deadline = limits.Deadline(50, clock)
    clock.now = 20
    with pytest.raises(OCRLimitError, match="time limit"):
        reader.scan(en_page.image, deadline)
    assert given == [30]
    with pytest.raises(ValueError, match="max_seconds"):
        OCRReader(en_nlp, max_seconds=0)


def test_drawing_checks_the_time_limit_before_each_page(clock, pdfs, en_nlp):
    scan = OCRReader(en_nlp).scan(text_pdf(pdfs, 2))
    doc = scan.to_doc(en_nlp)
    doc.spans["deid"] = []
    deadline = limits.Deadline(5, clock)
    pages = iter_redacted(doc, scan.images, deadline=deadline)
    next(pages)
    clock.now = 6
    with pytest.raises(OCRLimitError, match="time limit"):
        next(pages)
