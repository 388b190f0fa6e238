"""The measurement's text alignment and coverage, and one small measured page."""
import spacy

from spacy_deid.workflow.ocr_measure import cer, edit_distance, fuzzy_find, measure, summarise


def test_edit_distance_and_cer():
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3 and edit_distance("สมชาย", "สมชาย") == 0
    assert cer("นาย สม ชาย", "นายสมชาย") == 0.0  # whitespace is ignored
    assert cer("HN 64-l2345", "HN 64-12345") == 1 / 10


def test_fuzzy_find_tolerates_ocr_errors_and_spaces():
    text = "ชื่อ-สกุล: นายฟารินี แจ้งสว่าง\nโทร 065-000-8O63"
    start, end = fuzzy_find("ฟารินี แจ้งสว่าง", text)
    assert text[start:end] == "ฟารินี แจ้งสว่าง"
    start, end = fuzzy_find("065-000-8063", text)
    assert text[start:end] == "065-000-8O63"
    assert fuzzy_find("john@example.com", text) is None


def test_measure_one_small_page(en_page):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "deid"})
    ruler.add_patterns([{"label": "PHONE", "pattern": "081-234-5678"}])
    rows, settings = measure({"languages": "eng", "psm": 3}, {"en": nlp},
                             [("p", "en", 0, en_page)], ["clean"])
    assert settings["languages"] == "eng" and settings["preprocess"] == ["grayscale", "flatten"]
    (row,) = rows
    assert row["cer"] < 0.02 and row["status"] == "ok" and row["phi"] == 2
    assert row["oracle_full"] == 2  # both PHI found in the OCR text and fully covered
    assert row["pipeline_full"] == 1  # the stand-in pipeline only knows the phone number
    summary = summarise(rows)["clean"]
    assert summary["oracle_covered"] == 1.0 and summary["pipeline_covered"] == 0.5
