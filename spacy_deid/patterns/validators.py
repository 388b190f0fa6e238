"""Checks run on a recognizer's matched value: checksums and sanity checks.

Each validator takes the matched value (Arabic digits) and returns True when the
value passes. Recognizers refer to them by name, so the table stays plain data.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from ..checksums import is_luhn, is_thai_id

_NON_DIGIT = re.compile(r"\D")
_NUMBERS = re.compile(r"\d+")


def digits(value: str) -> str:
    """Only the digits of ``value``."""
    return _NON_DIGIT.sub("", value)


def thai_national_id(value: str) -> bool:
    """The mod-11 check digit of a 13-digit Thai national ID."""
    return is_thai_id(digits(value))


def luhn(value: str) -> bool:
    """The Luhn checksum of a card number (13-19 digits)."""
    d = digits(value)
    return 13 <= len(d) <= 19 and is_luhn(d)


def phone_length(value: str) -> bool:
    """An international number has 8-15 digits (E.164)."""
    return 8 <= len(digits(value)) <= 15


def us_ssn(value: str) -> bool:
    """A US Social Security number that can be issued: 9 digits, area (first three) not
    000, 666 or 900-999, group (next two) not 00, serial (last four) not 0000."""
    d = digits(value)
    if len(d) != 9:
        return False
    area, group, serial = d[:3], d[3:5], d[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def ipv4(value: str) -> bool:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def ipv6(value: str) -> bool:
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def numeric_date(value: str) -> bool:
    """d/m/y (or m/d/y) with a plausible day, month and 2- or 4-digit year.

    4-digit years may be Christian era (1900-2100) or Buddhist era (2443-2643).
    """
    a, b, year = (int(n) for n in _NUMBERS.findall(value))
    if year >= 100 and not (1900 <= year <= 2100 or 2443 <= year <= 2643):
        return False
    return _valid_day_month(a, b) or _valid_day_month(b, a)


def iso_date(value: str) -> bool:
    """y-m-d with a CE or BE year."""
    year, month, day = (int(n) for n in _NUMBERS.findall(value))
    return (1900 <= year <= 2100 or 2443 <= year <= 2643) and _valid_day_month(day, month)


def thai_postcode(value: str) -> bool:
    """Thai postcodes start with a province code 10-96."""
    return 10 <= int(value[:2]) <= 96


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "thai_national_id": thai_national_id,
    "luhn": luhn,
    "phone_length": phone_length,
    "us_ssn": us_ssn,
    "ipv4": ipv4,
    "ipv6": ipv6,
    "numeric_date": numeric_date,
    "iso_date": iso_date,
    "thai_postcode": thai_postcode,
}
