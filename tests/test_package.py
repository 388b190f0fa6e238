"""Package-level checks: cheap import, extensions, label schemes, text helpers."""
import subprocess
import sys

import pytest
from spacy.tokens import Doc, Token

from spacy_deid import install_extensions
from spacy_deid.labels import LABELS, output_label
from spacy_deid.text import entity_key, strip_title, to_arabic_digits


def test_extensions_install_twice():
    install_extensions()
    install_extensions()
    assert Doc.has_extension("deid_text") and Token.has_extension("deid_bbox")


def test_our_entry_points_import_nothing_heavy():
    """Every spacy_* entry point of spacy-deid imports cheaply.

    ``spacy.blank()`` itself imports torch here because the required dependencies
    spacy-transformers and spacy-pythainlp import it from their own entry points, so
    the check loads only ours, in a fresh interpreter, then builds blank pipelines.
    """
    code = (
        "import sys, spacy\n"
        "from importlib.metadata import distribution\n"
        "eps = [e for e in distribution('spacy-deid').entry_points if e.group.startswith('spacy_')]\n"
        "assert eps, 'no spacy entry points registered'\n"
        "for ep in eps: ep.load()\n"
        "heavy = [m for m in ('torch', 'transformers', 'pytesseract', 'PIL', 'faker') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


@pytest.mark.parametrize(
    "label,kind,scheme,expected",
    [
        ("PERSON", None, "jsl", "NAME"),
        ("PHONE", None, "jsl", "CONTACT"),
        ("ID", "NATIONAL_ID", "thai_deid", "NATIONAL_ID"),
        ("ID", "HOSPITAL_NUMBER", "thai_deid", "HOSPITAL_IDS"),
        ("LOCATION", None, "thai_deid", "ADDRESS"),
        ("AGE", None, "thai_deid", "AGE"),
        ("PERSON", None, "ours", "PERSON"),
    ],
)
def test_output_label(label, kind, scheme, expected):
    assert label in LABELS
    assert output_label(label, kind, scheme) == expected


def test_unknown_scheme_is_clear():
    with pytest.raises(ValueError, match="Unknown label scheme"):
        output_label("PERSON", None, "nope")


@pytest.mark.parametrize(
    "text,key",
    [
        ("นายสมชาย ใจดี", "สมชายใจดี"),
        ("สมชาย  ใจดี", "สมชายใจดี"),
        ("Dr. John  Smith", "johnsmith"),
        ("HN ๖๔-๑๒๓๔๕", "hn64-12345"),
        ("ผศ.นพ.วิชัย", "วิชัย"),
    ],
)
def test_entity_key(text, key):
    assert entity_key(text) == key


def test_digits_keep_length():
    assert to_arabic_digits("๑๒๓๔") == "1234"
    assert strip_title("ด.ญ.กาญจนา") == "กาญจนา"
