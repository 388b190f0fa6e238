"""Evasions that leaked (issue 12 §4): invisible characters, full-width and other-script
digits, names in capitals, an SSN cut by a DATE. End to end through the shipped default
pipelines: the PHI is gone from ``deid_text`` and the items cover its original characters."""
import pytest

from spacy_deid.normalized_ner import token_forms
from spacy_deid.pipelines import load_pipeline

ZW = "\u200b"


@pytest.fixture(scope="module")
def nlps():
    return {lang: load_pipeline("default", lang) for lang in ("th", "en")}


@pytest.fixture(scope="module")
def fast_nlps():
    return {lang: load_pipeline("fast", lang) for lang in ("th", "en")}


def assert_hidden(nlp, text, value, leaks):
    """``value`` (in ``text``) is covered by the items and none of ``leaks`` is left."""
    doc = nlp(text)
    start = text.index(value)
    covered = set()
    for item in doc._.deid_items:
        covered.update(range(item["start"], item["end"]))
    assert set(range(start, start + len(value))) <= covered, doc._.deid_items
    for leak in leaks:
        assert leak not in doc._.deid_text, doc._.deid_text
    return doc


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad"])
def test_invisible_character_inside_a_phone_number(nlps, lang, invisible):
    value = f"081{invisible}-234-5678"
    text = f"โทร {value} ครับ" if lang == "th" else f"Call {value} today."
    assert_hidden(nlps[lang], text, value, ["081", "234", "5678"])


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u00ad"])
def test_invisible_character_inside_an_english_name(nlps, invisible):
    value = f"Jo{invisible}hn Sm{invisible}ith"
    assert_hidden(nlps["en"], f"Patient {value} was seen.", value, ["Jo", "hn", "Sm", "ith"])


def test_zero_width_space_inside_a_thai_name(nlps):
    value = f"สม{ZW}ชาย ใจดี"
    doc = assert_hidden(nlps["th"], f"นายสม{ZW}ชาย ใจดี มาตรวจ", value, ["สม", "ชาย", "ใจดี"])
    assert doc._.deid_text == "นาย[PERSON] มาตรวจ"  # the title stays, the name goes whole


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("value", ["０８１-２３４-５６７８", "０81-234-5678", "０８１ ２３４ ５６７８"])
def test_full_width_digits(nlps, lang, value):
    text = f"โทร {value}" if lang == "th" else f"Phone {value}"
    doc = assert_hidden(nlps[lang], text, value, [value[:3], value[-4:], "２３４", "234"])
    assert [item["label"] for item in doc._.deid_items] == ["PHONE"]


@pytest.mark.parametrize("value", ["๐๘๑\u200d-๒๓๔\u200c-๕๖๗๘", "๐๘๑\u200b๒๓๔\u200b๕๖๗๘", "๐๘๑-๒๓๔\u2060-๕๖๗๘"])
def test_thai_digits_with_zero_width_joiners(nlps, value):
    assert_hidden(nlps["th"], f"เบอร์โทร {value} ค่ะ", value, ["๐๘๑", "๒๓๔", "๕๖๗๘"])


@pytest.mark.parametrize(
    "lang, text, value",
    [
        ("en", "Patient JOHN SMITH was seen by Dr. Lee.", "JOHN SMITH"),
        ("en", "Seen today with her husband, DAVID MILLER, who drove.", "DAVID MILLER"),
        ("en", "Spoke with SOMCHAI JAIDEE about the results.", "SOMCHAI JAIDEE"),
        ("th", "ผู้ป่วย JOHN SMITH มาตรวจตามนัด", "JOHN SMITH"),
    ],
)
def test_name_in_capitals(nlps, lang, text, value):
    assert_hidden(nlps[lang], text, value, value.split())


@pytest.mark.parametrize(
    "text, value",
    [
        ("SSN 123-45-6789 on file.", "123-45-6789"),
        ("Her SSN is 123-45-6789, insured.", "123-45-6789"),
        ("Social Security No. 123 45 6789", "123 45 6789"),
    ],
)
def test_ssn_is_one_id(nlps, text, value):
    doc = assert_hidden(nlps["en"], text, value, ["123", "6789"])
    start = text.index(value)
    items = [item for item in doc._.deid_items if item["start"] < start + len(value) and start < item["end"]]
    assert [(i["start"], i["end"], i["label"], i["kind"]) for i in items] == [
        (start, start + len(value), "ID", "SSN")
    ]
    assert "123-[" not in doc._.deid_text


@pytest.mark.parametrize(
    "text",
    [
        "Admitted to ICU for COPD exacerbation, CT chest and MRI done, HIV negative.",
        "CXR KUB done. BAL MSSA grew. Plan: CT KUB, consult uro.",
        "DISCHARGE SUMMARY\nSEMEN ANALYSIS (WHO 2021 reference)\nCLAIM SUBMISSION / ใบยื่นเคลม",
        "SWORN TO AND SUBSCRIBED BEFORE ME on the date below.",
    ],
)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_capitals_that_are_no_names_are_left_alone(fast_nlps, lang, text):
    """Acronyms, headings and form words in capitals get no span from the normalised copy
    (the pipelines with deid_normalized_ner: the CNN ones; the Thai default has no CNN ner)."""
    doc = fast_nlps[lang](text)
    assert list(doc.spans["deid_normalized_ner"]) == []


def test_copy_has_the_same_tokens(nlps):
    nlp = nlps["th"]
    doc = nlp.make_doc(f"นายสม{ZW}ชาย โทร ０８１ Patient JOHN SMITH ok")
    forms, changes = token_forms(doc)
    assert len(forms) == len(doc)
    changed = {doc[i].text: forms[i] for i, change in enumerate(changes) if change}
    assert changed == {"０８１": "081", "JOHN": "John", "SMITH": "Smith"}
    assert ZW in forms  # a token of invisible characters only stays as it is


def test_a_doc_with_nothing_to_normalise_gets_an_empty_group(nlps):
    doc = nlps["en"]("Patient John Smith was seen on 5 Jan 2024.")
    assert "deid_normalized_ner" in doc.spans and len(doc.spans["deid_normalized_ner"]) == 0


def test_missing_ner_is_named_in_the_error():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("deid_normalized_ner", config={"ner": "missing_ner"})
    with pytest.raises(ValueError, match="missing_ner") as err:
        nlp("Patient JOHN SMITH was seen.")
    assert "JOHN" not in str(err.value)
