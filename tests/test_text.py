"""Text helpers: script detection and digits."""
import pytest

from spacy_deid.text import is_thai, to_arabic_digits, to_thai_digits


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ผู้ป่วยชื่อสมชาย", True),
        ("Patient John Smith", False),
        ("นาย John Smith", False),  # 3 Thai letters vs 9 Latin
        ("สมชาย ใจดี MRN 12", True),
        ("12345 ๑๒๓", True),  # Thai digits are in the Thai block
        ("", False),
        ("123-456", False),
        ("ÉÈ", False),  # non-ASCII Latin letters are not counted as Latin
    ],
)
def test_is_thai_counts_thai_against_latin_letters(text, expected):
    assert is_thai(text) is expected


def test_digits_round_trip_and_keep_length():
    assert to_arabic_digits("๐๘๑-๒๓๔") == "081-234"
    assert to_thai_digits("081-234") == "๐๘๑-๒๓๔"
    assert len(to_arabic_digits("พ.ศ. ๒๕๖๘")) == len("พ.ศ. ๒๕๖๘")
