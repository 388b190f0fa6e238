"""The shipped default Thai pipeline on the Thai de-identification model README's example
(issue 14) and on names after role words and forms of address."""
import pytest

from spacy_deid.pipelines import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("default", "th")


def test_readme_example_hides_the_patient_the_doctors_nickname_and_the_phone(nlp):
    doc = nlp("คนไข้ชื่อสมชาย ได้รับยาจากหมอเหน่ง ให้โทรหาที่เบอร์ 081-123-4567")
    assert doc._.deid_text == "คนไข้ชื่อ[PERSON] ได้รับยาจากหมอ[PERSON] ให้โทรหาที่เบอร์ [PHONE]"


@pytest.mark.parametrize(
    "text,hidden",
    [
        # the form of address stays visible, the nickname is hidden, the next word stays
        ("ปรึกษากับหมอต้อย ก่อนผ่าตัด", "ต้อย"),
        ("ยาจากหมอเหน่งคะ", "เหน่ง"),
    ],
)
def test_nickname_after_a_glued_form_of_address(nlp, text, hidden):
    doc = nlp(text)
    spans = [(s.text, s.label_) for s in doc.spans["deid"]]
    assert (hidden, "PERSON") in spans
    assert "หมอ" in doc._.deid_text


@pytest.mark.parametrize("text", ["ไปหาหมอตามนัด ", "ปวดหลังจากหมอนรองกระดูกทับเส้น ", "บอกหมอว่าปวดท้อง "])
def test_doctor_as_a_common_noun_is_not_a_name(nlp, text):
    assert not [s for s in nlp(text).spans["deid"] if s.label_ == "PERSON"]
