"""Shared hypothesis strategies and settings for the fuzz tests.

Runs are reproducible by default: every property is derandomized (its examples are drawn
from a seed derived from the test itself) and nothing is stored in ``.hypothesis``.
``SPACY_DEID_FUZZ=<n>`` draws fresh random examples, ``n`` times as many, to hunt for bugs
(a failure prints the example to paste into a regression test).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from spacy_deid.text import to_thai_digits

_F = TypeVar("_F", bound=Callable)
_SCALE = int(os.environ.get("SPACY_DEID_FUZZ", "0"))


def fuzz(max_examples: int) -> Callable[[_F], _F]:
    """``@settings`` of a fuzz property: ``max_examples`` derandomized examples, no deadline."""
    return settings(
        max_examples=max_examples * max(_SCALE, 1),
        derandomize=_SCALE == 0,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _chars(first: int, last: int) -> st.SearchStrategy[str]:
    return st.characters(min_codepoint=first, max_codepoint=last)


THAI_LETTERS = _chars(0x0E01, 0x0E4E)
THAI_DIGITS = _chars(0x0E50, 0x0E59)
COMBINING = _chars(0x0300, 0x036F)
FULL_WIDTH = _chars(0xFF10, 0xFF5A)  # full-width digits, signs and Latin letters
EMOJI = st.sampled_from(["😀", "🩺", "👨\u200d👩\u200d👧", "🇹🇭", "👍🏽", "❤️", "1️⃣"])
INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"])
SPACES = st.sampled_from([" ", " ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\u2028", "\x0b"])
ASCII = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
ANY_CHAR = st.characters(blacklist_categories=("Cs",))  # any code point but lone surrogates

CHARS = st.one_of(THAI_LETTERS, THAI_DIGITS, ASCII, COMBINING, FULL_WIDTH, EMOJI, INVISIBLE, SPACES, ANY_CHAR)

# Pieces that the recognizers and the NER find, so that properties about detected spans
# see many detections (invented values; the IDs carry valid check digits).
PHI_PIECES = (
    "081-234-5678", "02 555 0198", "+66 81 234 5678", "(02) 555-0198", "1-1037-02071-81-1",
    "3101700123452", "4111 1111 1111 1111", "HN 64-12345", "HN: 6412345", "AN 66/01234",
    "12/03/2567", "05-01-67", "2024-01-05", "3/13/2024", "12 มกราคม 2567", "12 ม.ค. 67",
    "5 Jan 2024", "January 5, 2024", "21st of March 2024", "มีนาคม 2567", "วันจันทร์ที่ 5 มกราคม 2567",
    "Monday 5 Feb 2024", "5 April 2024", "Friday 12 Sept 2025", "นายสมชาย ใจดี", "นางสาวสุวิตา ทองดี", "คุณสุวิตาคะ", "Mr. John Smith",
    "Dr. Alice Brown", "Name: Mary Jones", "ชื่อ-สกุล: สมหญิง รักไทย", "อายุ 45 ปี", "(51 ปี)",
    "45-year-old", "age 60", "john.smith@example.com", "https://clinic.example.org/p?id=7",
    "192.168.1.20", "fe80::1", "จังหวัดเชียงใหม่", "กรุงเทพมหานคร", "Chiang Mai", "10400",
    "ต.ในเมือง อ.เมือง จ.ขอนแก่น 40000", "ว.12345", "@somchai_j", "กข 1234 กรุงเทพมหานคร",
    "อาชีพ ครู", "occupation: nurse", "ผู้บันทึก: พยาบาลวิไล", "Ward 5", "โรงพยาบาลศิริราช",
)
GLUE = st.sampled_from(["", " ", " ", ": ", "\n", ", ", "(", ")", "|", "ที่", "และ", "the", "\u200b"])


# Look-alikes: letters that case-insensitive regexes take for ASCII ones (İ, ı, ſ, the
# Kelvin sign) and digits of other scripts, full-width ones and non-decimal ones (², ①).
_DIGIT_TWINS = ("０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "⁰¹²³⁴⁵⁶⁷⁸⁹", "⓪①②③④⑤⑥⑦⑧⑨")
LETTER_TWINS = {"i": "\u0130\u0131", "I": "\u0130", "s": "\u017f", "S": "\u017f", "k": "\u212a", "K": "\u212a"}
DIGIT_TWINS = {d: "".join(twins[int(d)] for twins in _DIGIT_TWINS) for d in "0123456789"}
TWINS = {**LETTER_TWINS, **DIGIT_TWINS}


def twins(piece: str, table: dict[str, str] = TWINS) -> st.SearchStrategy[str]:
    """``piece`` with one to three of its characters swapped for look-alikes in ``table``."""
    where = [i for i, ch in enumerate(piece) if ch in table]
    if not where:
        return st.just(piece)

    def swap(picks: list[tuple[int, int]]) -> str:
        chars = list(piece)
        for i, k in picks:
            chars[i] = table[piece[i]][k % len(table[piece[i]])]
        return "".join(chars)

    return st.lists(st.tuples(st.sampled_from(where), st.integers(0, 3)), min_size=1, max_size=3).map(swap)


def _variants(piece: str) -> st.SearchStrategy[str]:
    """The piece as is, with Thai digits, upper-cased, with look-alikes, or with an invisible
    character or a combining mark inside."""
    return st.one_of(
        st.just(piece),
        st.just(to_thai_digits(piece)),
        st.just(piece.upper()),
        twins(piece),
        st.builds(
            lambda i, ch: piece[:i] + ch + piece[i:],
            st.integers(0, len(piece)),
            st.one_of(INVISIBLE, COMBINING),
        ),
    )


PHI = st.sampled_from(PHI_PIECES).flatmap(_variants)
NOISE = st.lists(CHARS, max_size=12).map("".join)
# Digit runs with separators, some digits from other scripts (full-width, ², ①...).
DIGITISH = st.lists(
    st.one_of(st.sampled_from("0123456789"), st.sampled_from(" -+()"), st.sampled_from("".join(DIGIT_TWINS.values()))),
    min_size=6,
    max_size=22,
).map("".join)
RUN = st.builds(lambda ch, n: ch * n, st.one_of(CHARS, st.sampled_from(["0", "ก", "a", " ", "-"])), st.integers(50, 600))


def texts(max_pieces: int = 8, runs: bool = True) -> st.SearchStrategy[str]:
    """Texts of PHI pieces, noise (any Unicode) and glue; sometimes a very long run."""
    piece = st.one_of(PHI, NOISE, GLUE, RUN) if runs else st.one_of(PHI, NOISE, GLUE)
    return st.lists(piece, max_size=max_pieces).map("".join)
