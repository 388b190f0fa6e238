"""The OCR reader on rendered Thai and English pages (real Tesseract), and redaction."""
import numpy as np
import pytest
import srsly
from PIL import Image
from spacy.tokens import Doc

from spacy_deid.ocr.draw import redact_pages
from spacy_deid.ocr.layout import union
from spacy_deid.ocr.reader import OCRReader

MAGENTA = (255, 0, 255)


def magenta(image):
    return np.all(np.asarray(image) == MAGENTA, axis=-1)


@pytest.fixture(params=["th", "en"])
def case(request):
    lang = request.param
    return (request.getfixturevalue(f"{lang}_page"), request.getfixturevalue(f"{lang}_nlp"),
            request.getfixturevalue(f"{lang}_scan"))


def test_token_boxes_are_inside_the_page_and_near_the_rendered_words(case):
    page, nlp, scan = case
    doc = scan.to_doc(nlp)
    width, height = page.image.size
    boxed = [t for t in doc if t._.deid_bbox]
    assert len(boxed) >= 8
    for token in boxed:
        x0, y0, x1, y1 = token._.deid_bbox
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        assert token._.deid_page == 0 and 0 <= token._.deid_ocr_conf <= 100
    for i in page.phi():
        text = page.segments[i][0]
        start = doc.text.find(text)
        assert start >= 0, f"segment {i} not read exactly"
        span = doc.char_span(start, start + len(text), alignment_mode="expand")
        got = union(tuple(t._.deid_bbox) for t in span if t._.deid_bbox)
        ink = page.box(i)
        # contains the rendered ink (2 px slack) and no edge is more than ~0.6 line off
        assert got[0] <= ink[0] + 2 and got[1] <= ink[1] + 2
        assert got[2] >= ink[2] - 2 and got[3] >= ink[3] - 2
        assert max(abs(a - b) for a, b in zip(got, ink)) <= 35


def test_redaction_covers_phi_and_leaves_the_rest(case):
    page, nlp, scan = case
    doc = nlp(scan.to_doc(nlp))
    assert {s.label_ for s in doc.spans["deid"]} == {"PERSON", "PHONE"}
    (out,) = redact_pages(doc, scan.images, color=MAGENTA)
    hidden = magenta(out)
    for i in page.phi():
        phi_ink = page.ink & (page.labels == i + 1)
        assert hidden[phi_ink].all(), f"PHI segment {i} not fully covered"
    other_ink = page.ink & np.isin(page.labels, [i + 1 for i in range(len(page.segments))
                                                 if i not in page.phi()])
    assert hidden[other_ink].mean() < 0.05
    last_line = page.ink & np.isin(page.labels, [i + 1 for i in page.lines[-1]])
    assert not hidden[last_line].any()


def test_doc_info_is_msgpack_safe_and_survives_to_bytes(en_scan, en_nlp):
    doc = en_scan.to_doc(en_nlp)
    info = doc._.deid_ocr
    assert info["status"] == "ok" and info["failed_pages"] == [] and info["kind"] == "image"
    page = info["pages"][0]
    assert page["source"] == "ocr" and page["status"] == "ok" and page["ink_coverage"] > 0.9
    assert page["chars"] == [0, len(doc.text)] and page["dpi"] == 300
    assert srsly.msgpack_loads(srsly.msgpack_dumps(info)) == info
    copy = Doc(en_nlp.vocab).from_bytes(doc.to_bytes())
    assert [t._.deid_bbox for t in copy] == [t._.deid_bbox for t in doc]
    assert copy._.deid_ocr == info


def test_paths_bytes_and_pipe_give_the_same_doc(en_page, en_nlp, en_scan, tmp_path):
    path = tmp_path / "page.png"
    en_page.image.save(path)
    reader = OCRReader(en_nlp)
    docs = list(reader.pipe([path, path.read_bytes()]))
    assert [d.text for d in docs] == [en_scan.text] * 2
    assert [t._.deid_bbox for t in docs[0]] == [t._.deid_bbox for t in docs[1]]


def test_tag_overlay_writes_the_label_inside_the_box(en_scan, en_nlp):
    doc = en_nlp(en_scan.to_doc(en_nlp))
    (plain,) = redact_pages(doc, en_scan.images)
    (tagged,) = redact_pages(doc, en_scan.images, show_labels=True)
    diff = np.any(np.asarray(plain) != np.asarray(tagged), axis=-1)
    assert diff.any() and np.asarray(tagged)[diff].max() == 255  # white text ...
    assert not np.asarray(plain)[diff].any()  # ... only inside the black boxes


def test_low_confidence_words_are_blacked_out(en_page, en_nlp):
    reader = OCRReader(en_nlp, min_conf=101)  # every word is "low confidence"
    scan = reader.scan(en_page.image)
    doc = scan.to_doc(en_nlp)  # no de-id spans at all
    doc.spans["deid"] = []
    page_info = doc._.deid_ocr["pages"][0]
    assert len(page_info["low_conf"]) == page_info["words"] > 0
    assert set(doc.text) <= {"░", " ", "\n"}  # nothing unreliable reaches the pipeline
    (out,) = redact_pages(doc, scan.images, color=MAGENTA)
    assert magenta(out)[en_page.ink].mean() > 0.99
    (kept,) = redact_pages(doc, scan.images, color=MAGENTA, blackout_low_conf=False)
    assert not magenta(kept).any()


def test_blank_page_is_blank_and_a_mostly_unread_page_fails(en_nlp):
    reader = OCRReader(en_nlp)
    blank = reader(Image.new("RGB", (600, 400), "white"))
    assert blank.text == "" and blank._.deid_ocr["pages"][0]["status"] == "blank"

    # a line of text and a large inked area with no text in it (e.g. a photo)
    from spacy_deid.workflow import ocr_pages as render

    page = render.render([[("Patient: John Smith", "PERSON")]], font="DejaVuSans.ttf",
                         size_mm=(120, 60), font_pt=14, margin_mm=8).image
    arr = np.asarray(page).copy()
    rng = np.random.default_rng(0)
    arr[250:650, 80:1300] = rng.integers(0, 140, size=(400, 1220, 1))  # dark texture
    image = Image.fromarray(arr)
    scan = reader.scan(image)
    doc = scan.to_doc(en_nlp)
    info = doc._.deid_ocr
    assert info["status"] == "failed" and info["failed_pages"] == [0]
    assert info["pages"][0]["ink_coverage"] < 0.6 and "inked area" in info["pages"][0]["reason"]
    doc.spans["deid"] = []
    assert redact_pages(doc, scan.images) == [None]
    (black,) = redact_pages(doc, scan.images, failed_pages="blackout")
    assert black.getextrema() == ((0, 0), (0, 0), (0, 0))


def test_invalid_settings_are_refused(en_nlp):
    with pytest.raises(ValueError, match="psm"):
        OCRReader(en_nlp, psm=0)
    with pytest.raises(ValueError, match="preprocess"):
        OCRReader(en_nlp, preprocess=["sharpen"])


def test_ink_no_text_box_accounts_for_is_blacked_out(en_page, en_nlp):
    """A line Tesseract skips (as psm 3 sometimes does) is blacked out, not passed through."""
    reader = OCRReader(en_nlp)
    real = reader.engine.image_to_data

    def skip_last_line(image, dpi, timeout=None):
        data = real(image, dpi, timeout)
        key = lambda i: (data["block_num"][i], data["par_num"][i], data["line_num"][i])  # noqa
        last = max(key(i) for i, level in enumerate(data["level"]) if level == 5)
        keep = [i for i in range(len(data["level"])) if key(i) != last]
        return {name: [column[i] for i in keep] for name, column in data.items()}

    reader.engine.image_to_data = skip_last_line
    scan = reader.scan(en_page.image)
    doc = scan.to_doc(en_nlp)
    assert "cough" not in doc.text
    info = doc._.deid_ocr["pages"][0]
    assert info["status"] == "ok" and info["ink_coverage"] < 1 and len(info["unread"]) == 1
    doc.spans["deid"] = []
    (out,) = redact_pages(doc, scan.images, color=MAGENTA)
    last_line = en_page.ink & np.isin(en_page.labels, [i + 1 for i in en_page.lines[-1]])
    other = en_page.ink & ~last_line
    assert magenta(out)[last_line].all() and not magenta(out)[other].any()
    (kept,) = redact_pages(doc, scan.images, color=MAGENTA, blackout_unread=False)
    assert not magenta(kept).any()
