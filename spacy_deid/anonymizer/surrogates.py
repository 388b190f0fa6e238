"""Consistent fake values: the same seed always gives the same fake.

Faker is imported lazily, on the first surrogate. IDs keep their layout (separators,
letter case, Thai or Arabic digits) and a valid check digit where one exists (Thai
national ID mod 11, credit cards Luhn); phones keep their layout and leading digits.
"""
from __future__ import annotations

import random
import re
import string
import unicodedata
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any

from ..checksums import luhn_check_digit, thai_id_check_digit
from ..text import THAI_DIGITS, is_thai, title_length, to_arabic_digits, to_thai_digits

THAI_CONSONANTS = "กขคงจฉชซญฐดตถทธนบปผพฟภมยรลวศษสหอฮ"


@cache
def _faker(locale: str) -> Any:
    from faker import Faker  # lazy: Faker is heavy to import

    return Faker(locale)


def _fake(locale: str, seed: int) -> Any:
    fake = _faker(locale)
    fake.seed_instance(seed)
    return fake


def _digit_slots(text: str) -> list:
    return [i for i, ch in enumerate(text) if ch.isdigit()]


def _fill_digits(text: str, digits: str) -> str:
    """Write ``digits`` into the digit positions of ``text``, keeping each position's script."""
    chars = list(text)
    for i, d in zip(_digit_slots(text), digits):
        chars[i] = to_thai_digits(d) if chars[i] in THAI_DIGITS else d
    return "".join(chars)


def fake_national_id(text: str, rng: random.Random) -> str | None:
    if len(_digit_slots(text)) != 13:
        return None
    body = str(rng.randint(1, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return _fill_digits(text, body + thai_id_check_digit(body))


def fake_credit_card(text: str, rng: random.Random) -> str | None:
    slots = _digit_slots(text)
    if len(slots) < 12:
        return None
    first = str(unicodedata.digit(text[slots[0]]))  # "4", "๔", "４" or "⁴": the issuer's 4
    body = first + "".join(str(rng.randint(0, 9)) for _ in range(len(slots) - 2))
    return _fill_digits(text, body + luhn_check_digit(body))


def fake_phone(text: str, rng: random.Random) -> str | None:
    """Same layout; keeps a leading ``+country`` code or the first two digits (``08``, ``02``)."""
    slots = _digit_slots(text)
    if len(slots) < 6:
        return None
    match = re.match(r"\s*\+[0-9๐-๙]+", text)
    keep = len(_digit_slots(match.group())) if match else 2
    kept = to_arabic_digits("".join(text[i] for i in slots[:keep]))
    return _fill_digits(text, kept + "".join(str(rng.randint(0, 9)) for _ in slots[keep:]))


def fake_shape(text: str, rng: random.Random) -> str:
    """Every digit and letter replaced by a random one of the same kind, case and script."""
    out = []
    for ch in text:
        if ch in THAI_DIGITS:
            out.append(to_thai_digits(str(rng.randint(0, 9))))
        elif ch.isdigit():
            out.append(str(rng.randint(0, 9)))
        elif "\u0e01" <= ch <= "\u0e2e":
            out.append(rng.choice(THAI_CONSONANTS))
        elif ch.isascii() and ch.isupper():
            out.append(rng.choice(string.ascii_uppercase))
        elif ch.isascii() and ch.islower():
            out.append(rng.choice(string.ascii_lowercase))
        else:
            out.append(ch)
    return "".join(out)


def fake_age(text: str, rng: random.Random) -> str:
    """Numbers moved by 1-3 years (never below 1), same digit script; other text kept."""

    def repl(m: re.Match) -> str:
        value = int(to_arabic_digits(m.group()))
        new = max(1, value + rng.choice((-3, -2, -1, 1, 2, 3)))
        return to_thai_digits(str(new)) if m.group()[0] in THAI_DIGITS else str(new)

    return re.sub(r"[0-9๐-๙]+", repl, text)


def fake_person(text: str, fake: Any, avoid: AbstractSet[str] = frozenset()) -> str:
    """A fake name with as many parts as the original, none of them an original part
    nor in ``avoid`` (casefolded name parts); a leading title is kept."""
    cut = title_length(text)
    title, name = text[:cut], text[cut:]
    original = {part.casefold() for part in name.split()} | set(avoid)

    def draw(make: Callable[[], str]) -> str:
        for _ in range(20):
            part = make()
            if part.casefold() not in original:
                break
        return part

    parts = [draw(fake.first_name)]
    if len(name.split()) > 1:
        parts.append(draw(fake.last_name))
    return title + " ".join(parts)


def fake_location(text: str, fake: Any, thai: bool) -> str:
    if any(ch.isdigit() for ch in text):
        return " ".join(fake.address().split())
    return fake.province() if thai else fake.city()


_ID_KINDS: dict[str, Callable[[str, random.Random], str | None]] = {
    "NATIONAL_ID": fake_national_id,
    "CREDIT_CARD": fake_credit_card,
}


def make_surrogate(
    text: str, label: str, kind: str, seed: int, avoid: AbstractSet[str] = frozenset()
) -> str | None:
    """A fake for one PHI string of ``label``/``kind`` (None: no surrogate for it).

    avoid: casefolded name parts a fake PERSON must not use (the document's real ones).
    DATE is not handled here (the date-shift operator does it).
    """
    rng = random.Random(seed)
    thai = is_thai(text)
    if label == "ID":
        return _ID_KINDS.get(kind, fake_shape)(text, rng)
    if label == "PHONE":
        return fake_phone(text, rng)
    if label == "AGE":
        return fake_age(text, rng)
    if label in {"PERSON", "LOCATION", "ORGANIZATION", "PROFESSION"}:
        fake = _fake("th_TH" if thai else "en_US", seed)
        if label == "PERSON":
            return fake_person(text, fake, avoid)
        if label == "LOCATION":
            return fake_location(text, fake, thai)
        return fake.company() if label == "ORGANIZATION" else fake.job()
    if label in {"EMAIL", "URL"}:
        fake = _fake("en_US", seed)
        return fake.safe_email() if label == "EMAIL" else fake.url()
    return None
