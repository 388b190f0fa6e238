"""Check digits shared by the recognizers, the surrogates and the synthetic corpus."""
import pytest

from spacy_deid.checksums import is_luhn, is_thai_id, luhn_check_digit, thai_id_check_digit


@pytest.mark.parametrize("number", ["4111111111111111", "79927398713", "5555555555554444"])
def test_luhn_valid(number):
    assert is_luhn(number) and luhn_check_digit(number[:-1]) == number[-1]


@pytest.mark.parametrize("number", ["4111111111111112", "79927398710", "12", "abc1"])
def test_luhn_invalid(number):
    assert not is_luhn(number)


def test_thai_id_check_digit_by_hand():
    first12 = "110170020345"
    total = sum(int(d) * w for d, w in zip(first12, range(13, 1, -1)))
    expected = str((11 - total % 11) % 10)
    assert thai_id_check_digit(first12) == expected
    assert is_thai_id(first12 + expected)
    assert not is_thai_id(first12 + str((int(expected) + 1) % 10))
    assert not is_thai_id("12345")
