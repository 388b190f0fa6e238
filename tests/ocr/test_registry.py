"""The reader is registered in spacy_misc, resolvable from config, and imports cheaply."""
import subprocess
import sys

import pytest
from spacy.util import registry
from thinc.api import ConfigValidationError


def test_entry_point_resolves_in_a_fresh_process_without_heavy_imports():
    code = (
        "import sys\n"
        "from spacy.util import registry\n"
        "make = registry.misc.get('spacy_deid.ocr_reader.v1')\n"
        "assert make.__module__ == 'spacy_deid.ocr.reader' and make.__name__ == 'OCRReader'\n"
        "print(','.join(m for m in ('PIL', 'pytesseract', 'pypdfium2') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == ""


def test_config_settings_are_validated():
    reader = registry.resolve(
        {"r": {"@misc": "spacy_deid.ocr_reader.v1", "psm": 6, "preprocess": ["grayscale", "deskew"]}}
    )["r"]
    assert reader.engine.psm == 6 and reader.preprocess == ("grayscale", "deskew")
    assert reader.nlp.lang == "th"  # no nlp given: a blank Thai tokenizer
    with pytest.raises(ConfigValidationError):
        registry.resolve({"r": {"@misc": "spacy_deid.ocr_reader.v1", "preprocess": ["sharpen"]}})
