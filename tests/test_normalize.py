"""The normalised view and its map back to the original characters."""
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from spacy_deid.normalize import INVISIBLE, normalize

# Characters that exercise every path: ASCII, Thai (SARA AM, tone marks), full-width,
# ligatures, combining marks, invisibles, no-break space, Hangul jamo, expansions (﷽).
ALPHABET = (
    "aZ0 -.:\nกำุ่๑ชาย" "０８Ａｂ：" "ﬁﬃ½²" "e\u0301\u0323\u0308" "\u00a0\u3000"
    "\u1100\u1161\u11a8" "\ufdfa" + "".join(sorted(INVISIBLE))
)
texts = st.text(alphabet=ALPHABET, max_size=40) | st.text(max_size=20)


@pytest.mark.parametrize(
    "original, view",
    [
        ("Jo\u200bhn Sm\u200cith", "John Smith"),
        ("สม\u200bชาย", "สมชาย"),
        ("๐๘๑\u200d-๒๓๔\u2060-๕๖๗๘", "๐๘๑-๒๓๔-๕๖๗๘"),
        ("０８１-２３４-５６７８", "081-234-5678"),
        ("Ma\u00adry", "Mary"),
        ("\ufeffนายสมชาย", "นายสมชาย"),
        ("ﬁle", "file"),
        ("a\u00a0b", "a b"),
        ("กำนัน", "กำนัน"),  # SARA AM is kept (NFKC would split it)
        ("e\u0301", "é"),
    ],
)
def test_view(original, view):
    assert normalize(original).text == view


def test_plain_text_is_its_own_view():
    norm = normalize("HN 12345 นายสมชาย ใจดี")
    assert norm.starts is None and norm.changes == ()
    assert norm.span(3, 8) == (3, 8)


def test_span_covers_invisible_characters_inside():
    text = "Call 08\u200b1-234-5678 now"
    norm = normalize(text)
    start = norm.text.index("081")
    a, b = norm.span(start, start + len("081-234-5678"))
    assert text[a:b] == "08\u200b1-234-5678"
    assert norm.changes == ((6, 8),)  # "8" with the zero-width space after it


def test_span_of_an_expansion_is_its_whole_source():
    text = "xﬁy"
    norm = normalize(text)
    assert norm.text == "xfiy"
    assert norm.span(1, 2) == (1, 2) and norm.span(2, 3) == (1, 2) and norm.span(1, 4) == (1, 3)


@settings(max_examples=400, deadline=None)
@given(texts)
@example("\u0301a")
@example("\u200b\u200b")
@example("ก\u0301")
def test_map_is_monotone_and_covers_the_original(text):
    norm = normalize(text)
    if norm.starts is None:
        assert norm.text == text
        return
    starts, ends = norm.starts, norm.ends
    assert len(starts) == len(ends) == len(norm.text)
    assert all(0 <= a < b <= len(text) for a, b in zip(starts, ends))
    assert list(starts) == sorted(starts) and list(ends) == sorted(ends)
    # consecutive characters come from the same unit or from units that touch or are
    # separated by invisible characters only; nothing else is dropped
    covered = set()
    for a, b in zip(starts, ends):
        covered.update(range(a, b))
    assert all(text[i] in INVISIBLE for i in range(len(text)) if i not in covered)
    # an unchanged character maps to itself
    for i, (a, b) in enumerate(zip(starts, ends)):
        if b - a == 1 and (a, b) not in norm.changes:
            assert norm.text[i] == text[a]
    # every range of the view maps to the original range that holds exactly its sources
    for i in range(len(norm.text)):
        for j in range(i + 1, len(norm.text) + 1):
            a, b = norm.span(i, j)
            assert a == starts[i] and b == ends[j - 1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ0 -.０８Ａｂ：ﬁﬃ½²e\u0301\u0323\u0308\u00a0\u3000\u00ad\u200b\ufeff", max_size=40))
def test_view_is_nfkc_without_invisible_characters(text):
    """Without Thai and starters that compose, the view is plain NFKC."""
    bare = "".join(ch for ch in text if ch not in INVISIBLE)
    assert normalize(text).text == unicodedata.normalize("NFKC", bare)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="กขคำุู่้เแาิี๑๒ ", max_size=30))
def test_thai_is_never_changed(text):
    assert normalize(text).text == text
