"""Small rendered pages (Thai and English) with known PHI boxes, read once per session."""
import pytest
import spacy

from spacy_deid.ocr import render
from spacy_deid.ocr.reader import make_ocr_reader

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
    return make_ocr_reader(th_nlp).scan(th_page.image)


@pytest.fixture(scope="session")
def en_scan(en_page, en_nlp):
    return make_ocr_reader(en_nlp).scan(en_page.image)
