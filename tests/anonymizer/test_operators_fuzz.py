"""Property-based fuzzing of the operators: date shifting, surrogates and the tags."""
import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spacy_deid.anonymizer.dates import MONTH_STYLES, shift_date_text
from spacy_deid.anonymizer.operators import OPERATORS, Context, Target, build_operator
from spacy_deid.anonymizer.surrogates import make_surrogate
from spacy_deid.checksums import is_luhn, is_thai_id
from spacy_deid.labels import ID_KINDS, LABELS
from spacy_deid.text import entity_key, strip_title, to_arabic_digits, to_thai_digits

from ..fuzz import DIGITISH, GLUE, LETTER_TWINS, NOISE, PHI, fuzz, texts, twins

KEY = b"fuzz-secret"
DAYS = st.integers(-400, 400).filter(bool)
SEEDS = st.integers(0, 2**64 - 1)
VALUES = st.one_of(PHI, DIGITISH, texts(max_pieces=3, runs=False))


def context(text: str = "", **kw) -> Context:
    return Context(
        key=KEY, surrogate_key=KEY, text=text, given_group=None, max_shift_days=365, day_first=True, **kw
    )


def _numeric(date: dt.date, sep: str, pad: bool, thai_digits: bool) -> str:
    def num(n: int) -> str:
        return f"{n:02d}" if pad else str(n)

    return sep.join([num(date.day), num(date.month), str(date.year + (543 if thai_digits else 0))])


def _written(date: dt.date, style: str, thai_era: bool) -> str:
    year = date.year + 543 if thai_era else date.year
    return f"{date.day} {MONTH_STYLES[style][date.month - 1]} {year}"


DATES = st.dates(dt.date(1960, 1, 1), dt.date(2090, 12, 31))
DATE_TEXTS = st.one_of(
    st.builds(_numeric, DATES, st.sampled_from("/-."), st.booleans(), st.booleans()),
    st.builds(_written, DATES, st.sampled_from(sorted(MONTH_STYLES)), st.booleans()),
    DATES.map(lambda d: d.isoformat()),
    DATES.map(lambda d: d.strftime("%B %d, %Y")),
).flatmap(lambda text: st.sampled_from([text, to_thai_digits(text), text.upper()]))


_FULL_EN_MONTHS = re.compile("|".join(MONTH_STYLES["en_full"]), re.IGNORECASE)


def _canonical(text: str) -> str:
    """What the input's format leaves open: zero padding ("5/1/2024" -> "15/12/2023" ->
    "05/01/2024") and a full or abbreviated English month ("1 Jun" -> "31 May" -> "1 June")."""
    text = re.sub(r"(?<![0-9๐-๙])[0๐](?=[0-9๐-๙])", "", text)
    return _FULL_EN_MONTHS.sub(lambda m: m.group()[:3], text)


WEEKDAYS = st.sampled_from(["Monday", "Thursday", "Fri", "วันจันทร์", "พฤหัส"])
# One date, with a weekday or not, then look-alike letters (İ, ſ...) in its words.
ONE_DATE = st.one_of(DATE_TEXTS, st.tuples(WEEKDAYS, GLUE, DATE_TEXTS).map("".join))
DATE_LIKE = st.one_of(
    ONE_DATE.flatmap(lambda text: twins(text, LETTER_TWINS)),
    st.lists(st.one_of(ONE_DATE, NOISE, GLUE), max_size=4).map("".join),
)


@fuzz(300)
@given(text=st.one_of(DATE_LIKE, texts(max_pieces=6)), days=DAYS, thai=st.booleans(), day_first=st.booleans())
def test_shift_date_text_never_raises(text, days, thai, day_first):
    out = shift_date_text(text, days, thai, day_first)
    assert out is None or isinstance(out, str)


@fuzz(300)
@given(text=DATE_TEXTS, days=DAYS)
def test_a_shifted_date_shifts_back(text, days):
    shifted = shift_date_text(text, days)
    assert shifted is not None and shifted != text
    back = shift_date_text(shifted, -days)
    assert back is not None and _canonical(back) == _canonical(text)


def _layout(text: str) -> str:
    """Digits (any character the surrogates take for one) as 9, the rest as is."""
    return "".join("9" if ch.isdigit() else ch for ch in text)


LABEL_KINDS = [(label, "") for label in LABELS if label != "ID"] + [("ID", kind) for kind in ID_KINDS]


@pytest.mark.parametrize("label,kind", LABEL_KINDS)
@fuzz(40)
@given(text=VALUES, seed=SEEDS)
def test_surrogates_never_raise_and_keep_layouts(label, kind, text, seed):
    fake = make_surrogate(text, label, kind, seed)
    if fake is None:
        return
    assert isinstance(fake, str)
    if label == "ID" and kind == "NATIONAL_ID":
        assert _layout(fake) == _layout(text) and is_thai_id(re.sub(r"\D", "", to_arabic_digits(fake)))
    elif label == "ID" and kind == "CREDIT_CARD":
        assert _layout(fake) == _layout(text) and is_luhn(re.sub(r"\D", "", to_arabic_digits(fake)))
    elif label == "PHONE":
        assert _layout(fake) == _layout(text)
    elif label == "PERSON":
        real = {part.casefold() for part in strip_title(text).split()}
        assert not real & {part.casefold() for part in strip_title(fake).split()}


@pytest.mark.parametrize("name", sorted(OPERATORS))
@fuzz(60)
@given(value=VALUES, label=st.sampled_from(LABELS), kind=st.sampled_from(("", *ID_KINDS)))
def test_operators_never_raise(name, value, label, kind):
    target = Target(value, label, kind, label, entity_key(value))
    new = build_operator({"operator": name}).apply(target, context(value))
    assert new is None or isinstance(new, str)
    if name == "mask":
        assert new == "*" * len(value)
    elif name == "hash":
        assert re.fullmatch(rf"\[{label}:[0-9a-f]{{8}}\]", new)


@fuzz(150)
@given(keys=st.lists(st.tuples(st.sampled_from(["PERSON", "ID"]), st.text("ab1", max_size=2)), max_size=12))
def test_numbered_tags_number_each_entity_once(keys):
    ctx = context()
    numbers = [ctx.number(Target("", label, "", label, key)) for label, key in keys]
    for label in {label for label, _ in keys}:
        mine = [(key, n) for (lab, key), n in zip(keys, numbers) if lab == label]
        by_key = {}
        for key, n in mine:
            assert by_key.setdefault(key, n) == n  # the same entity, the same number
        assert sorted(set(by_key.values())) == list(range(1, len(by_key) + 1))


@pytest.mark.parametrize("text", ["5 apr\u0130l 2024", "Fr\u0130day 5 Jan 2024", "Fr\u0131 5 Jan 2024"])
def test_look_alike_month_and_weekday_names_give_none(text):
    # found by test_shift_date_text_never_raises: re.IGNORECASE takes "İ" for "i", but
    # "aprİl".casefold() is no key of the month table (KeyError)
    assert shift_date_text(text, 3) is None


@pytest.mark.parametrize("text", ["\u00b24111 1111 1111 1111", "\u2463111 1111 1111 1111"])
def test_a_card_number_led_by_a_non_decimal_digit_gets_a_surrogate(text):
    # found by test_surrogates_never_raise_and_keep_layouts: "²".isdigit() but int("²") raised
    fake = make_surrogate(text, "ID", "CREDIT_CARD", 7)
    assert is_luhn(re.sub(r"\D", "", fake)) and _layout(fake) == _layout(text)
