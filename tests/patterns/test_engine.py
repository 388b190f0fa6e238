"""The engine's shared scans find exactly what running each row alone finds."""
import re

import pytest

from spacy_deid.normalize import normalize
from spacy_deid.patterns import RECOGNIZERS, PatternEngine
from spacy_deid.patterns.engine import Finding, _drop_nested
from spacy_deid.patterns.leads import literal_leads
from spacy_deid.patterns.recognizers import one_of
from spacy_deid.text import to_arabic_digits

from .test_table import corpus


def reference_find(engine: PatternEngine, text: str):
    """Each row on its own with ``finditer`` over the whole text, scored by the engine."""
    ranked = []
    for c in engine.compiled:
        for m in re.finditer(c.rec.pattern, text, re.IGNORECASE if c.rec.ignore_case else 0):
            start, end = m.span("value") if c.has_value else m.span()
            score = engine._score(c, text, start, end) if start < end else None
            if score is not None:
                ranked.append((c.index, Finding(start, end, c.rec.label, c.rec.kind, score, c.rec.name)))
    ranked.sort(key=lambda item: (item[1].start, -item[1].end, item[0]))
    return _drop_nested([f for _, f in ranked])


@pytest.fixture(scope="module")
def engine():
    return PatternEngine()


def test_rows_share_scans_by_script_and_leads(engine):
    assert len(engine.scans) >= 4
    assert sum(len(s.members) for s in engine.scans) + len(engine.alone) == len(RECOGNIZERS)
    assert {c.rec.name for c in engine.alone} >= {"numeric_date", "iso_date"}  # backreferences
    by_name = {c.rec.name: scan for scan in engine.scans for c in scan.members}
    assert by_name["province_th"] is by_name["person_after_title_th"]  # Thai, leads listed
    assert by_name["province_th"] is not by_name["vehicle_plate"]  # Thai, no leads (\d)
    assert by_name["province_th"] is not by_name["province_en"]  # Latin


def test_same_findings_as_rows_alone(engine):
    lines = [line for line in corpus().splitlines() if line.strip()]
    assert len(lines) > 500
    found = 0
    for line in lines:
        view = to_arabic_digits(normalize(line).text)  # what the rows run on
        expected = reference_find(engine, view)
        assert engine.find_in_view(view) == expected, line
        found += len(expected)
    assert found > 300


def row_matches(engine: PatternEngine, text: str):
    """{row: [(value start, value end), ...]} as the engine matches them."""
    out = {}
    for c, start, end in engine._matches(text):
        out.setdefault(c.rec.name, []).append((start, end))
    return {name: sorted(spans) for name, spans in out.items()}


def test_a_row_resumes_after_its_previous_match_as_finditer_does(engine):
    text = corpus()
    expected = {}
    for c in engine.compiled:
        flags = re.IGNORECASE if c.rec.ignore_case else 0
        spans = [m.span("value") if c.has_value else m.span() for m in re.finditer(c.rec.pattern, text, flags)]
        if spans:
            expected[c.rec.name] = sorted(spans)
    assert row_matches(engine, text) == expected


@pytest.mark.parametrize("tail", ["", "(?=!)", r"\."])
def test_one_of_matches_as_a_longest_first_alternation(tail):
    words = ["กรุงเทพ", "กรุงเทพมหานคร", "กระบี่", "กทม.", "Jan", "January", "JAN", "Sep", "Sept", "a+b"]
    factored = re.compile(one_of(words) + tail)
    plain = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")" + tail)
    texts = [w + end for w in words for end in ("", "!", ".", "x", "มหา!")] + ["กรุงเทพฯ", "Septe", "ab", ""]
    for text in texts:
        got, want = factored.match(text), plain.match(text)
        assert (got and got.group()) == (want and want.group()), text
    assert one_of(["กระบี่", "กรุงเทพ"]) == "กร(?:ะบี่|ุงเทพ)"


@pytest.mark.parametrize(
    "pattern,leads",
    [
        ("ab|cd", {"ab", "cd"}),
        ("(?<![a-z])x?yz", {"xy", "yz"}),
        ("[a-c]d", {"ad", "bd", "cd"}),
        ("(?=q)a(?:b|)c", {"ab", "ac"}),
        ("(?:ab){2}c", {"ab"}),
        ("(?>ab)+", {"ab"}),
        ("a", {"a"}),
        (r"\d+", None),
        ("(?i:ab)", None),
        ("a*b", None),
        ("[^a]b", None),
        ("[ก-๛]x", None),  # too wide to list
        ("a{2}", None),  # a repeat shorter than the lead
        (r"(a)\1", None),
    ],
)
def test_literal_leads(pattern, leads):
    assert literal_leads(pattern) == (None if leads is None else frozenset(leads))


@pytest.mark.parametrize(
    "text, value, label",
    [
        ("โทร 081\u200b-234-5678 ครับ", "081\u200b-234-5678", "PHONE"),
        ("โทร ๐๘๑\u200d-๒๓๔\u200c-๕๖๗๘", "๐๘๑\u200d-๒๓๔\u200c-๕๖๗๘", "PHONE"),
        ("tel ０８１-２３４-５６７８.", "０８１-２３４-５６７８", "PHONE"),
        ("tel ０81-234-5678.", "０81-234-5678", "PHONE"),
        ("tel ٠٨١-٢٣٤-٥٦٧٨.", "٠٨١-٢٣٤-٥٦٧٨", "PHONE"),
        ("call (555) 123\u00ad-4567", "(555) 123\u00ad-4567", "PHONE"),
        ("นายสม\u200bชาย ใจดี มาตรวจ", "สม\u200bชาย ใจดี", "PERSON"),
        ("Mr. Jo\u2060hn Sm\ufeffith", "Jo\u2060hn Sm\ufeffith", "PERSON"),
    ],
)
def test_findings_on_the_normalised_view_cover_the_original(engine, text, value, label):
    """Invisible characters, full-width and other-script digits: found on the view, reported
    on the original characters (those inside the value included)."""
    found = [(f.start, f.end) for f in engine.find(text) if f.label == label]
    start = text.index(value)
    assert found == [(start, start + len(value))]
