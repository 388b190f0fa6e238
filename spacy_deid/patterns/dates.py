"""Date and age recognizers, and the month-name regexes (``TH_MONTH``, ``EN_MONTH``)."""
from __future__ import annotations

from ..text import TH_MONTHS as _TH_FULL
from ..text import TH_MONTHS_ABBR as _TH_ABBR
from .fragments import NUM_END, NUM_START, WORD_END, WORD_START
from .rows import Recognizer, one_of

TH_MONTHS = _TH_FULL + _TH_ABBR  # spacy_deid.text holds the month names
# Abbreviations tolerate a space after inner dots and a missing final dot (ม.ค 67);
# the dotless forms (1กย., สค 61) must not be part of a longer Thai word.
_TH_ABBREVIATIONS = [m for m in TH_MONTHS if m.endswith(".")]
_TH_MONTH_LEAD = one_of(
    [m for m in TH_MONTHS if not m.endswith(".")]
    + [m[: m.index(".") + 1] for m in _TH_ABBREVIATIONS]
    + [m.replace(".", "") for m in _TH_ABBREVIATIONS]
)
TH_MONTH = (
    f"(?={_TH_MONTH_LEAD})"  # a cheap first test
    + "(?:" + "|".join(m for m in TH_MONTHS if not m.endswith("."))
    + "|" + "|".join(m[:-1].replace(".", r"\.\s?") + r"\.?" for m in _TH_ABBREVIATIONS)
    + "|(?<![ก-ฮ])(?:" + "|".join(m.replace(".", "") for m in _TH_ABBREVIATIONS)
    + r")(?:\.|(?![ก-๛])))"
)
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
)
EN_MONTH = (
    "(?:" + one_of(v for m in _EN_MONTHS for v in (m, m.upper())) + r")\.?" + WORD_END
)
ERA = r"(?:(?:พ\.\s?ศ\.|ค\.\s?ศ\.|พศ\.?|คศ\.?|B\.E\.|A\.D\.|BE|AD|CE)\s?)"
YEAR = ERA + r"?(?:\d{4}|\d{2})" + NUM_END
DAY = NUM_START + r"[0-3]?\d"

ROWS: tuple[Recognizer, ...] = (
    Recognizer(
        "thai_date", "DATE", starts="0-9มกเพสตธ", score=0.9,
        pattern=r"(?:(?=\d)" + DAY + r"(?:\s?[-–]\s?[0-3]?\d)?\s*" + TH_MONTH + r"(?:\s*" + YEAR + r")?|"
        + TH_MONTH + r"\s*" + YEAR + ")",
    ),
    Recognizer(
        "english_date", "DATE", starts="0-9A-Z", score=0.9,
        pattern=r"(?:" + DAY + r"(?:st|nd|rd|th)?[\s-]*(?:of\s+)?" + EN_MONTH
        + r"(?:[\s,-]*" + YEAR + r")?"
        + r"|" + WORD_START + EN_MONTH + r"\s*(?:[0-3]?\d(?:st|nd|rd|th)?" + NUM_END
        + r"(?:,?\s*" + YEAR + r")?|,?\s*\d{4}" + NUM_END + "))",
    ),
    Recognizer(
        "numeric_date", "DATE", starts="0-9", score=0.85, validator="numeric_date",
        pattern=NUM_START + r"\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})" + NUM_END,
    ),
    Recognizer(
        "iso_date", "DATE", starts="0-9", score=0.9, validator="iso_date",
        pattern=NUM_START + r"\d{4}([-/.])\d{1,2}\1\d{1,2}" + NUM_END,
    ),
    Recognizer(
        "era_year", "DATE", starts="พค", score=0.6,
        pattern=r"(?:พ\.\s?ศ\.|ค\.\s?ศ\.)\s?\d{4}" + NUM_END,
    ),
    Recognizer(
        "thai_age", "AGE", starts="อ", score=0.9,
        # not "ผู้สูงอายุ 13-15 เม.ย." (the elderly), not a range or decimal
        pattern=r"(?<!สูง)อายุ\s*(?:ประมาณ\s*|ราว\s*|:\s*)?(?P<value>\d{1,3}(?![0-9])"
        + r"(?:\s*(?:ปี|ขวบ|เดือน|วัน)(?:\s*\d{1,2}\s*(?:เดือน|วัน))?)?)(?![-–.,/:][0-9])",
    ),
    Recognizer(
        # "ชายไทย 45 ปี", "หญิง 60 ปี": the sex word stands in for "อายุ".
        "thai_age_sex", "AGE", starts="ชหเ", score=0.8,
        pattern=r"(?:เพศ)?(?:ชาย|หญิง)(?:ชาวไทย|ไทย)?\s*(?P<value>\d{1,3}(?![0-9])\s*(?:ปี|ขวบ))",
    ),
    Recognizer(
        # An age in brackets after a name: "(24ปี)", "(62 ปี 11 เดือน)", "(18 เดือน)".
        "thai_age_bracketed", "AGE", starts="(", score=0.75,
        pattern=r"\(\s*(?P<value>\d{1,3}\s*(?:ปี|ขวบ)(?:\s*\d{1,2}\s*เดือน)?|\d{1,2}\s*เดือน)\s*\)",
    ),
    Recognizer(
        "english_age", "AGE", starts="0-9", score=0.9, ignore_case=True,
        pattern=NUM_START + r"\d{1,3}(?:[\s-]*(?:years?|yrs?|y)[\s-]*old|\s*(?:y/o|y\.o\.?|yo))"
        + WORD_END,
    ),
    Recognizer(
        "english_age_tagged", "AGE", starts="Aa", score=0.85,
        pattern=r"(?i:" + WORD_START + r"aged?)\s*[:=]?\s*(?P<value>\d{1,3}(?![0-9])"
        + r"(?:\s*(?:(?i:years?|yrs?|y)" + WORD_END + r"|ปี(?:\s*\d{1,2}\s*เดือน)?|เดือน|ขวบ))?)",
    ),
    Recognizer(
        # Age and sex in one field: "Age/Sex: 38", "Age/Sex 38/F".
        "english_age_sex", "AGE", starts="Aa", score=0.85,
        pattern=r"(?i:" + WORD_START + r"age\s*/\s*sex)\s*[:=]?\s*(?P<value>\d{1,3})(?![0-9])",
    ),
    Recognizer(
        # Sex and age written with a slash: "M/52", "52/F" (not "M/2024", "3/F2").
        "sex_slash_age", "AGE", starts="FM", score=0.75,
        pattern=WORD_START + r"[MF]/(?P<value>\d{1,3})(?![0-9/.:])",
    ),
    Recognizer(
        "age_slash_sex", "AGE", starts="0-9", score=0.75,
        pattern=NUM_START + r"(?P<value>\d{1,3})/[MF](?![0-9A-Za-z])",
    ),
    Recognizer(
        # A table cell that holds only an age with its unit: "| 62 ปี 3 เดือน |", "| 45 yrs |".
        "age_table_cell", "AGE", starts="|", score=0.8,
        pattern=r"\|\s*(?P<value>\d{1,3}\s*(?:ปี|ขวบ)(?:\s*\d{1,2}\s*เดือน)?"
        + r"|\d{1,3}\s*(?i:years?|yrs?|y/o|yo)" + WORD_END + r")\s*(?=\|)",
    ),
)
