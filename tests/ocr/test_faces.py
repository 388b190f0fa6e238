"""Faces (OpenCV's bundled cascades): found on a real photo (scikit-image's astronaut) and on
ID-card copies, flat and photographed, blacked out with a margin, audited by box; a page of
text has none; an error in face finding fails the page."""
import json
from dataclasses import replace

import numpy as np
import pytest

from spacy_deid.cli import main
from spacy_deid.ocr import reader as reader_module
from spacy_deid.ocr.draw import redact_pages
from spacy_deid.ocr.faces import find_faces
from spacy_deid.ocr.reader import OCRReader
from spacy_deid.workflow.ocr_photos import ASTRONAUT_FACE, astronaut, id_card, photo

from .conftest import phi_pipeline


def _inside(box, outer):
    return outer[0] <= box[0] and outer[1] <= box[1] and box[2] <= outer[2] and box[3] <= outer[3]


def _redacted(nlp, image, **settings):
    scan = OCRReader(nlp, **settings).scan(image)
    doc = nlp(scan.to_doc(nlp))
    (out,) = redact_pages(doc, scan.images, failed_pages="blackout")
    return scan.info[0], np.asarray(out.convert("L"))


def test_the_astronauts_face_is_found_with_a_margin():
    (box,) = find_faces(astronaut())
    assert _inside(ASTRONAUT_FACE, box)
    assert (box[2] - box[0]) * (box[3] - box[1]) < 4 * 97 * 103  # the face, not the picture


def test_a_photo_without_text_comes_back_with_only_its_face_black(en_nlp, tmp_path):
    image = astronaut()
    info, out = _redacted(en_nlp, image)
    assert info["status"] == "ok", info["reason"]
    (box,) = info["faces"]
    x0, y0, x1, y1 = ASTRONAUT_FACE
    assert out[y0:y1, x0:x1].max() == 0
    original = np.asarray(image.convert("L"))
    outside = np.ones(original.shape, bool)
    outside[max(0, box[1] - 4):box[3] + 5, max(0, box[0] - 4):box[2] + 5] = False
    assert (out[outside] == original[outside]).mean() > 0.97  # the rest is the photo


@pytest.mark.parametrize("lang", ["th", "en"])
def test_an_id_card_copy_has_its_face_and_phi_blacked_out(lang):
    card, (x0, y0, x1, y1) = id_card(lang, seed=1)
    nlp = phi_pipeline(lang, card)
    info, out = _redacted(nlp, card.image)
    assert info["status"] == "ok", info["reason"]
    assert len(info["faces"]) == 1
    assert out[y0:y1, x0:x1].max() == 0
    for i in card.phi():  # every ink pixel of the name, the ID number and the date
        assert out[card.ink & (card.labels == i + 1)].max() == 0, card.segments[i][1]


def test_a_photographed_id_card_has_its_face_blacked_out_in_the_photos_pixels():
    card, (x0, y0, x1, y1) = id_card("en", seed=2)
    mask = np.zeros(card.labels.shape, np.int32)
    mask[y0:y1, x0:x1] = 1
    shot = photo(replace(card, labels=mask, ink=mask > 0), seed=5, max_angle=20.0, kind="cloth")
    nlp = phi_pipeline("en", card)
    info, out = _redacted(nlp, shot.image)
    assert info["status"] == "ok", info["reason"]
    assert "page_quad" in info and len(info["faces"]) == 1
    assert out[shot.labels == 1].max() == 0  # the face, where it lies in the photo


def test_a_page_of_text_has_no_face(th_page, en_page, th_scan, en_scan):
    assert find_faces(th_page.image) == [] and find_faces(en_page.image) == []
    assert th_scan.info[0]["faces"] == [] and en_scan.info[0]["faces"] == []


def test_faces_off_leaves_the_face(en_nlp):
    info, out = _redacted(en_nlp, astronaut(), faces=False)
    assert "faces" not in info
    x0, y0, x1, y1 = ASTRONAUT_FACE
    original = np.asarray(astronaut().convert("L"))
    assert np.array_equal(out[y0:y1, x0:x1], original[y0:y1, x0:x1])


def test_an_error_in_face_finding_fails_the_page(en_nlp, monkeypatch, tmp_path):
    def broken(image):
        raise RuntimeError("cascade missing")

    monkeypatch.setattr(reader_module, "find_faces", broken)
    info, out = _redacted(en_nlp, astronaut())
    assert info["status"] == "failed" and info["faces_error"] == "RuntimeError"
    assert out.max() == 0  # a failed page is withheld or written black, never in clear
    astronaut().save(tmp_path / "photo.png")
    out_dir = tmp_path / "out"
    assert main(["redact", str(tmp_path / "photo.png"), "--out", str(out_dir), "--pipeline",
                 "rules", "--lang", "en"]) != 0
    assert not (out_dir / "photo.png").exists()


def test_cli_audits_face_boxes_and_can_turn_faces_off(tmp_path):
    astronaut().save(tmp_path / "photo.png")
    out = tmp_path / "out"
    assert main(["redact", str(tmp_path / "photo.png"), "--out", str(out), "--pipeline", "rules",
                 "--lang", "en"]) == 0
    (page,) = json.loads((out / "audit.jsonl").read_text())["pages"]
    (box,) = page["faces"]
    assert _inside(ASTRONAUT_FACE, box)
    from PIL import Image

    x0, y0, x1, y1 = ASTRONAUT_FACE
    assert np.asarray(Image.open(out / "photo.png").convert("L"))[y0:y1, x0:x1].max() == 0
    off = tmp_path / "off"
    assert main(["redact", str(tmp_path / "photo.png"), "--out", str(off), "--pipeline", "rules",
                 "--lang", "en", "--faces", "off"]) == 0
    (page,) = json.loads((off / "audit.jsonl").read_text())["pages"]
    assert page["faces"] is None
