"""The recognizer table itself: labels, kinds, validators and speed hints."""
import re
from functools import lru_cache
from pathlib import Path

import pytest

from spacy_deid.labels import ID_KINDS, LABELS
from spacy_deid.normalize import normalize
from spacy_deid.patterns import RECOGNIZERS
from spacy_deid.patterns.leads import literal_leads
from spacy_deid.patterns.validators import VALIDATORS
from spacy_deid.text import to_arabic_digits

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def corpus() -> str:
    """Every table text of these tests plus the shipped samples, as the engine sees them."""
    texts = [p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py")]
    texts += [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((ROOT / "assets" / "samples").glob("*.txt"))
    ]
    return to_arabic_digits(normalize("\n".join(texts).replace("«", "").replace("»", "")).text)


def test_rows_are_well_formed():
    names = [r.name for r in RECOGNIZERS]
    assert len(names) == len(set(names))
    for r in RECOGNIZERS:
        assert r.label in LABELS
        assert (r.kind in ID_KINDS) if r.label == "ID" else r.kind == ""
        assert r.validator is None or r.validator in VALIDATORS
        assert 0 < r.score <= 1 and (r.invalid_score is None or r.validator)
        assert not r.context_required or r.context
        assert r.starts, f"{r.name}: no speed hint"


@pytest.mark.parametrize("rec", RECOGNIZERS, ids=lambda r: r.name)
def test_speed_hint_covers_every_match(rec):
    """Without the hint, no match starts with a character outside ``starts``."""
    text = corpus()
    flags = re.IGNORECASE if rec.ignore_case else 0
    first = re.compile(f"[{rec.starts}]", flags)
    starts = {text[m.start()] for m in re.finditer(rec.pattern, text, flags) if m.end() > m.start()}
    assert starts, f"{rec.name} matches nothing in the test corpus"
    assert {ch for ch in starts if not first.fullmatch(ch)} == set()


@pytest.mark.parametrize("rec", [r for r in RECOGNIZERS if literal_leads(r.pattern)], ids=lambda r: r.name)
def test_leads_cover_every_match(rec):
    """Every match in the test corpus starts with one of the leads worked out for its row."""
    text = corpus()
    leads = literal_leads(rec.pattern)
    flags = re.IGNORECASE if rec.ignore_case else 0
    starts = [m.start() for m in re.finditer(rec.pattern, text, flags) if m.end() > m.start()]
    assert starts, f"{rec.name} matches nothing in the test corpus"
    assert all(any(text.startswith(lead, i) for lead in leads) for i in starts)
