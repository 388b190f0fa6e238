"""Fake values: layouts, check digits, scripts, determinism."""
import random
import re

import pytest

from spacy_deid.anonymizer.surrogates import (
    fake_credit_card,
    fake_national_id,
    fake_person,
    fake_phone,
    make_surrogate,
)
from spacy_deid.checksums import luhn_check_digit, thai_id_check_digit
from spacy_deid.text import THAI_DIGITS, is_thai, to_arabic_digits


def valid_thai_id(text: str) -> bool:
    digits = re.sub(r"\D", "", to_arabic_digits(text))
    return len(digits) == 13 and thai_id_check_digit(digits[:12]) == digits[12]


def luhn_ok(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return luhn_check_digit(digits[:-1]) == digits[-1]


def layout(text: str) -> str:
    return re.sub(r"[0-9๐-๙]", "9", text)


def test_check_digit_helpers_on_known_numbers():
    assert valid_thai_id("1-1037-02164-98-4")  # by hand: weighted sum 227, 227 % 11 = 7, 11 - 7 = 4
    assert not valid_thai_id("1-1037-02164-98-5")
    assert luhn_ok("4111 1111 1111 1111") and not luhn_ok("4111 1111 1111 1112")


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("text", ["1-2345-67890-12-1", "1234567890121", "๑ ๒๓๔๕ ๖๗๘๙๐ ๑๒ ๑"])
def test_fake_national_id_valid_same_layout(text, seed):
    fake = fake_national_id(text, random.Random(seed))
    assert valid_thai_id(fake) and layout(fake) == layout(text) and fake != text
    assert any(ch in THAI_DIGITS for ch in fake) == any(ch in THAI_DIGITS for ch in text)


@pytest.mark.parametrize("seed", range(10))
def test_fake_credit_card_luhn(seed):
    fake = fake_credit_card("4111-1111-1111-1111", random.Random(seed))
    assert luhn_ok(fake) and layout(fake) == "9999-9999-9999-9999" and fake[0] == "4"


@pytest.mark.parametrize("text,prefix", [("081-234-5678", "08"), ("+66 81 234 5678", "+66 "), ("๐๒ ๑๒๓ ๔๕๖๗", "๐๒")])
def test_fake_phone_keeps_format(text, prefix):
    fake = fake_phone(text, random.Random(1))
    assert layout(fake) == layout(text) and fake.startswith(prefix) and fake != text


def test_short_numbers_are_not_faked():
    assert fake_national_id("12345", random.Random(0)) is None
    assert fake_phone("1669", random.Random(0)) is None


def test_person_thai_english_title_kept():
    th = make_surrogate("นายสมชาย ใจดี", "PERSON", "", 7)
    assert th.startswith("นาย") and is_thai(th) and len(th.split()) == 2 and "สมชาย" not in th
    en = make_surrogate("John Smith", "PERSON", "", 7)
    assert en.isascii() and len(en.split()) == 2 and en != "John Smith"
    assert len(make_surrogate("John", "PERSON", "", 7).split()) == 1


class _ScriptedFaker:
    """Hands out names in a fixed order, the original ones first."""

    def __init__(self, first, last):
        self.first, self.last = iter(first), iter(last)

    def first_name(self):
        return next(self.first)

    def last_name(self):
        return next(self.last)


def test_person_never_reuses_an_original_name_part():
    fake = _ScriptedFaker(["john", "Paul"], ["SMITH", "Smith", "Brown"])
    assert fake_person("Dr. John Smith", fake) == "Dr. Paul Brown"


def test_person_avoids_the_names_it_is_given():
    fake = _ScriptedFaker(["Mary", "Paul"], ["Jones", "Brown"])
    assert fake_person("John Smith", fake, avoid={"mary", "jones"}) == "Paul Brown"


def test_same_seed_same_fake_different_seed_different():
    assert make_surrogate("John Smith", "PERSON", "", 42) == make_surrogate("John Smith", "PERSON", "", 42)
    fakes = {make_surrogate("John Smith", "PERSON", "", s) for s in range(10)}
    assert len(fakes) > 5


@pytest.mark.parametrize(
    "text,label,kind,check",
    [
        ("john@hospital.org", "EMAIL", "", lambda f: re.fullmatch(r"[^@\s]+@example\.(com|org|net)", f)),
        ("https://patient.example/x", "URL", "", lambda f: f.startswith("http")),
        ("กรุงเทพมหานคร", "LOCATION", "", is_thai),
        ("Springfield", "LOCATION", "", lambda f: f.isascii()),
        ("โรงพยาบาลศิริราช", "ORGANIZATION", "", is_thai),
        ("HN 64-12345", "ID", "HOSPITAL_NUMBER", lambda f: re.fullmatch(r"[A-Z]{2} \d\d-\d{5}", f)),
        ("อายุ 45 ปี", "AGE", "", lambda f: re.fullmatch(r"อายุ (4[2-8]) ปี", f) and f != "อายุ 45 ปี"),
        ("๔๕", "AGE", "", lambda f: all(ch in THAI_DIGITS for ch in f)),
    ],
)
def test_surrogate_kinds(text, label, kind, check):
    fake = make_surrogate(text, label, kind, 3)
    assert fake and check(fake)


def test_unknown_label_has_no_surrogate():
    assert make_surrogate("whatever", "MISC", "", 1) is None
