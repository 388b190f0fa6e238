"""Check digits of Thai national IDs (mod 11) and card numbers (Luhn), on Arabic digit strings."""
from __future__ import annotations


def thai_id_check_digit(first12: str) -> str:
    """Check digit of a Thai national ID: mod 11 over the first 12 digits."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return str((11 - total % 11) % 10)


def luhn_check_digit(body: str) -> str:
    """Luhn check digit for ``body`` (every digit but the last)."""
    total = 0
    for i, d in enumerate(reversed(body)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def is_thai_id(digits: str) -> bool:
    """13 digits whose last is the mod-11 check digit of the first 12."""
    return len(digits) == 13 and digits.isdigit() and thai_id_check_digit(digits[:12]) == digits[12]


def is_luhn(digits: str) -> bool:
    """Digits whose last is the Luhn check digit of the others."""
    return len(digits) > 1 and digits.isdigit() and luhn_check_digit(digits[:-1]) == digits[-1]
