"""Property-based fuzzing of the pattern engine and of the leads its shared scans use."""
import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from spacy_deid.labels import ID_KINDS, LABELS
from spacy_deid.normalize import normalize
from spacy_deid.patterns import PatternEngine
from spacy_deid.patterns.leads import literal_leads
from spacy_deid.text import to_arabic_digits

from ..fuzz import fuzz, texts
from .test_engine import reference_find

ENGINES = {
    "default": PatternEngine(),
    "narrow": PatternEngine(context_window=3, min_score=0.5),
}


@pytest.mark.parametrize("name", sorted(ENGINES))
@fuzz(150)
@given(text=texts())
def test_findings_are_well_formed(name, text):
    findings = ENGINES[name].find(text)
    assert findings == sorted(findings, key=lambda f: (f.start, -f.end))
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.label in LABELS and (f.kind == "" or f.kind in ID_KINDS)
        assert ENGINES[name].min_score <= f.score <= 1.0
    for i, outer in enumerate(findings):
        for inner in findings[i + 1 :]:
            nested = outer.start <= inner.start and inner.end <= outer.end
            assert not (nested and inner.label == outer.label), (outer, inner)


@pytest.mark.parametrize("name", sorted(ENGINES))
@fuzz(150)
@given(text=texts(runs=False))
@example(text="０81-234-5678")  # a full-width lead: [0-9] missed it, \d did not
@example(text="٠٨١-٢٣٤-٥٦٧٨")  # Arabic-Indic digits, which NFKC keeps
def test_shared_scans_find_what_rows_alone_find(name, text):
    """On the view the rows run on (normalised, Arabic digits), the shared scans find
    what each row finds alone with ``finditer``, and ``find`` maps those findings back."""
    engine = ENGINES[name]
    norm = normalize(text)
    view = to_arabic_digits(norm.text)
    alone = reference_find(engine, view)
    assert engine.find_in_view(view) == alone
    assert engine.find(text) == [f._replace(start=a, end=b) for f in alone for a, b in [norm.span(f.start, f.end)]]


# Small regexes of the constructs leads.py reads (and some it must refuse).
_ALPHABET = "abAB0ก"
_ATOMS = st.one_of(
    st.sampled_from(list(_ALPHABET)),
    st.sampled_from(["[ab]", "[a-c]", "[ก-ข]", "[^a]", r"\d", ".", r"\.", "(?=a)", "(?<!b)", "^", "$"]),
)


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, min_size=2, max_size=3).map("".join),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
        st.tuples(inner, st.sampled_from(["?", "??", "{1}", "{2}", "{1,3}", "+", "*", "{0,2}", "?+", "++"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"
        ),
        inner.map(lambda x: f"({x})"),
        inner.map(lambda x: f"(?>{x})"),
        inner.map(lambda x: f"(?i:{x})"),
    )


REGEXES = st.tuples(st.sampled_from(["", "(?i)", "(?s)", "(?m)"]), st.recursive(_ATOMS, _compound, max_leaves=8)).map(
    "".join
)


@fuzz(400)
@given(pattern=REGEXES, text=st.text(st.sampled_from(_ALPHABET + "ขc\n"), max_size=8))
def test_every_match_starts_with_a_lead(pattern, text):
    try:
        regex = re.compile(pattern)
    except re.error:  # e.g. a lookbehind that is not fixed-width
        assume(False)
    leads = literal_leads(pattern)
    if leads is None:
        return
    for pos in range(len(text) + 1):
        if regex.match(text, pos):
            assert any(text.startswith(lead, pos) for lead in leads), (pos, sorted(leads))


def test_a_global_ignore_case_flag_gives_no_leads():
    # found by test_every_match_starts_with_a_lead: the leads were {"a"}, yet "A" matches
    assert literal_leads("(?i)a") is None
    assert literal_leads("(?s)ab") == frozenset({"ab"})
