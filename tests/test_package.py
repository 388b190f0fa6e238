"""Package-level checks: cheap import, extensions, label schemes, text helpers."""
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import Doc, Token
from spacy.util import load_config

from spacy_deid import install_extensions
from spacy_deid.labels import LABELS, output_label
from spacy_deid.pipelines import MODELS_DIR
from spacy_deid.text import entity_key, strip_title, to_arabic_digits


def test_extensions_install_twice():
    install_extensions()
    install_extensions()
    assert Doc.has_extension("deid_text") and Token.has_extension("deid_bbox")


SHIPPED_CONFIGS = sorted(MODELS_DIR.glob("*/config.cfg")) + sorted((Path(__file__).parents[1] / "configs").glob("*_assemble.cfg"))


@pytest.mark.parametrize("path", SHIPPED_CONFIGS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_pipelines_run_plain_spacy(path):
    """No callback changes a shipped pipeline after it is built (its models run thinc's own code)."""
    assert len(SHIPPED_CONFIGS) >= 4
    assert load_config(path, interpolate=False)["nlp"].get("after_pipeline_creation") is None


def test_our_entry_points_import_nothing_heavy():
    """Every spacy_* entry point of spacy-deid imports cheaply and never raises.

    In a fresh interpreter the heavy libraries are made unimportable; loading our entry points
    (the modules ``spacy.blank()`` imports) must still work. ``spacy.blank()`` itself cannot be
    used for the check: the required spacy-transformers and spacy-pythainlp import torch from
    their own entry points, and thinc imports it when it is installed.
    """
    code = (
        "import sys\n"
        "for name in ('torch', 'transformers', 'pytesseract', 'PIL', 'faker', 'pypdfium2'):\n"
        "    sys.modules[name] = None\n"
        "import spacy\n"
        "from importlib.metadata import distribution\n"
        "eps = [e for e in distribution('spacy-deid').entry_points if e.group.startswith('spacy_')]\n"
        "assert {e.name for e in eps} >= {'deid_patterns', 'deid_anonymizer'}, eps\n"
        "for ep in eps: ep.load()\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_factories_registered_without_import():
    code = (
        "import spacy\n"
        "nlp = spacy.blank('th')\n"
        "nlp.add_pipe('deid_patterns'); nlp.add_pipe('deid_anonymizer')\n"
        "import sys; print('spacy_deid.patterns.component' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "True"


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
        ("Mississippi", "mississippi"),
        ("Drew Barrymore", "drewbarrymore"),
        ("Khun Somchai", "somchai"),
        ("Miss Jane", "jane"),
    ],
)
def test_entity_key(text, key):
    assert entity_key(text) == key


def test_digits_keep_length():
    assert to_arabic_digits("๑๒๓๔") == "1234"
    assert strip_title("ด.ญ.กาญจนา") == "กาญจนา"


def test_default_and_fast_shipped_pipelines():
    """'default' is the transformer pipeline for Thai, 'fast' the CNN one; English has one."""
    from spacy_deid.pipelines import PipelineNotFound, load_pipeline

    assert "deid_transformer_ner" in load_pipeline("default", "th").pipe_names
    fast = load_pipeline("fast", "th")
    assert "ner" in fast.pipe_names and "deid_transformer_ner" not in fast.pipe_names
    assert load_pipeline("fast", "en").pipe_names == load_pipeline("default", "en").pipe_names
    with pytest.raises(PipelineNotFound, match="'fast'"):
        load_pipeline("quick", "th")
