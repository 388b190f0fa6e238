import pickle

import pytest
import spacy

from spacy_deid.tokenizer import THAI_TOKENIZER, ThaiTokenizer, blank

TEXTS = [
    "นายสมชาย ใจดี อายุ ๔๕ ปี HN 6512345 มาด้วยไข้ 38.5°C",
    "ผู้ป่วยหญิง\n\nCr 1.2 mg/dL,  eGFR 60 mL/min/1.73m2\tนัด 12/03/2567",
    "",
    "   ",
    "โทร.081-234-5678 e-mail: somchai.j@example.co.th",
]


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_rebuild_the_text_exactly(text):
    doc = blank("th")(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text
    assert all(t.text for t in doc)


def test_thai_words_are_cut_without_spaces():
    words = [t.text for t in blank("th")("ผู้ป่วยมาโรงพยาบาลวันนี้")]
    assert words == ["ผู้ป่วย", "มา", "โรงพยาบาล", "วันนี้"]


def test_latin_units_are_cut_at_punctuation():
    words = [t.text for t in blank("th")("Hb 12 g/dL")]
    assert words[-3:] == ["g", "/", "dL"]


def test_registered_name_resolves_from_a_config():
    nlp = spacy.blank("th", config={"nlp": {"tokenizer": {"@tokenizers": THAI_TOKENIZER}}})
    assert isinstance(nlp.tokenizer, ThaiTokenizer)
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == THAI_TOKENIZER


def test_saved_pipeline_keeps_the_tokenizer(tmp_path):
    blank("th").to_disk(tmp_path)
    nlp = spacy.load(tmp_path)
    assert isinstance(nlp.tokenizer, ThaiTokenizer)
    assert nlp(TEXTS[0]).text == TEXTS[0]


def test_tokenizer_pickles_for_multiprocessing():
    nlp = pickle.loads(pickle.dumps(blank("th")))
    assert [t.text for t in nlp("วันนี้")] == ["วันนี้"]


def test_english_keeps_spacys_tokenizer():
    assert not isinstance(blank("en").tokenizer, ThaiTokenizer)
