"""OCR test pages take their fake PHI from the synthetic corpus' generator."""
from __future__ import annotations

import re

import pytest

from spacy_deid.workflow import ocr_pages
from spacy_deid.workflow.synth.pools import split_of


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("kind", ocr_pages.KINDS)
def test_pages_are_seeded_and_draw_test_split_values(kind, lang):
    lines = ocr_pages.document(kind, lang, seed=3)
    assert lines == ocr_pages.document(kind, lang, seed=3)
    assert lines != ocr_pages.document(kind, lang, seed=4)
    phi = [text for line in lines for text, label in line if label]
    assert phi and all(text.strip() for text in phi)
    numbers = [text for text in phi if re.fullmatch(r"[0-9 ./-]+", text)]
    assert all(split_of(text) == "test" for text in numbers)


def test_english_pages_have_no_thai_letters():
    for seed in range(20):
        for kind in ocr_pages.KINDS:
            text = "".join(t for line in ocr_pages.document(kind, "en", seed=seed) for t, _ in line)
            assert not re.search("[\u0e00-\u0e7f]", text)
