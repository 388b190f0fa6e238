"""Small rendered pages (Thai and English) with known PHI boxes, read once per session;
a hand-built text-layer PDF."""
import io

import pytest
import spacy

from spacy_deid.ocr.reader import OCRReader
from spacy_deid.workflow import ocr_pages as render

TH_LINES = [
    [("ชื่อผู้ป่วย นาย", None), ("สมชาย ใจดี", "PERSON")],
    [("โทรศัพท์ ", None), ("081-234-5678", "PHONE")],
    [("อาการสำคัญ มีไข้ ไอ เจ็บคอ", None)],
]
EN_LINES = [
    [("Patient: Mr. ", None), ("John Smith", "PERSON")],
    [("Phone: ", None), ("081-234-5678", "PHONE")],
    [("Chief complaint: fever and cough", None)],
]
SMALL = dict(size_mm=(120, 45), font_pt=14, margin_mm=8)


def phi_pipeline(lang, page):
    """Stand-in de-id pipeline: a span_ruler writing the page's PHI into doc.spans["deid"]."""
    nlp = spacy.blank(lang)
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "deid"})
    ruler.add_patterns([{"label": page.segments[i][1], "pattern": page.segments[i][0]}
                        for i in page.phi()])
    return nlp


@pytest.fixture(scope="session")
def th_page():
    return render.render(TH_LINES, font="Garuda.ttf", **SMALL)


@pytest.fixture(scope="session")
def en_page():
    return render.render(EN_LINES, font="DejaVuSans.ttf", **SMALL)


@pytest.fixture(scope="session")
def th_nlp(th_page):
    return phi_pipeline("th", th_page)


@pytest.fixture(scope="session")
def en_nlp(en_page):
    return phi_pipeline("en", en_page)


@pytest.fixture(scope="session")
def th_scan(th_page, th_nlp):
    return OCRReader(th_nlp).scan(th_page.image)


@pytest.fixture(scope="session")
def en_scan(en_page, en_nlp):
    return OCRReader(en_nlp).scan(en_page.image)


def build_pdf(objects, trailer_extra=""):
    """A minimal PDF with a correct xref table from object bodies (numbered from 1)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra}>>\n"
              f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _text_layer_pdf(encrypt=False):
    """One small page with real text (Helvetica), a note annotation and an info dict."""
    content = ("BT /F1 14 Tf 20 100 Td (Patient John Smith) Tj 0 -30 Td "
               "(Phone 081-234-5678) Tj ET")
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 140] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Annot /Subtype /FreeText /Rect [150 10 290 40] /DA (/Helv 10 Tf 0 g) "
        "/Contents (Note Jane Roe) >>",
        "<< /Title (Secret Title Roe) /Author (Dr Jane Roe) >>",
    ]
    extra = "/Info 7 0 R "
    if encrypt:  # standard handler; the empty user password does not match /U
        objects.append("<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + "11" * 32 + "> /U <"
                       + "22" * 32 + "> >>")
        extra += "/Encrypt 8 0 R /ID [<" + "33" * 16 + "> <" + "33" * 16 + ">] "
    return build_pdf(objects, extra)


@pytest.fixture(scope="session")
def text_layer_pdf():
    return _text_layer_pdf


PT = 72 / 300  # points per pixel of a 300 dpi page
HARMLESS = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do"
VISIBLE = "BT /F1 12 Tf 20 14 Td (Diagnosis: influenza) Tj ET"


def image_pdf(page, text_ops="", below_pt=0.0):
    """A one-page PDF showing ``page``'s image (lossless, 300 dpi), ``below_pt`` points of
    white page under it, then the content operators ``text_ops`` (font /F1: Helvetica)."""
    import zlib

    gray = page.image.convert("L")
    width, height = gray.width * PT, gray.height * PT
    raw = zlib.compress(gray.tobytes())
    content = f"q {width:.3f} 0 0 {height:.3f} 0 {below_pt:.3f} cm /Im1 Do Q {text_ops}"
    return build_pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.3f} {height + below_pt:.3f}] "
        "/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Type /XObject /Subtype /Image /Width {gray.width} /Height {gray.height} "
        f"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length {len(raw)} >>"
        f"\nstream\n{raw.decode('latin-1')}\nendstream",
    ])


def over_lines(page, state, size=1.0, drop=0.0, below_pt=0.0):
    """Text objects writing ``HARMLESS`` over every line of ``page``'s image (as placed by
    :func:`image_pdf`) with graphics/text state operators ``state`` (e.g. ``3 Tr``, ``1 g``):
    font size ``size`` x the line's ink height, baseline ``drop`` x that height below the
    ink's bottom."""
    from spacy_deid.ocr.layout import union

    height = page.image.height * PT
    out = []
    for line in page.lines:
        x0, y0, _x1, y1 = union(b for b in (page.box(i) for i in line) if b)
        h = (y1 - y0) * PT
        out.append(f"q BT {state} /F1 {size * h:.2f} Tf {x0 * PT:.2f} "  # q/Q: Tr is kept
                   f"{below_pt + height - y1 * PT - drop * h:.2f} Td ({HARMLESS}) Tj ET Q")
    return " ".join(out)


# The leak PDFs: the page's image (a name, a phone number) under a harmless text layer whose
# boxes cover the image's ink, which the reader used to trust (status ok, nothing found).
LEAKS = {
    "invisible": lambda page: image_pdf(page, over_lines(page, "3 Tr")),
    # white glyphs smaller than the lines, along their baselines (the page stays readable)
    "white": lambda page: image_pdf(page, over_lines(page, "1 g", size=0.5, drop=0.25)),
    "invisible-white-visible": lambda page: image_pdf(
        page, over_lines(page, "3 Tr", below_pt=30) + " "
        + over_lines(page, "1 g", size=0.5, drop=0.25, below_pt=30) + " " + VISIBLE, 30),
}


class PdfMaker:
    """The PDF builders above, for tests (conftest is not importable as a module)."""

    harmless = HARMLESS
    leaks = sorted(LEAKS)
    build = staticmethod(build_pdf)
    image_pdf = staticmethod(image_pdf)
    over_lines = staticmethod(over_lines)

    @staticmethod
    def leak(name, page):
        return LEAKS[name](page)


@pytest.fixture(scope="session")
def pdfs():
    return PdfMaker
