"""The synthetic corpus generator: spans align with the text, output is seeded."""
import json
import re

import pytest

from spacy_deid.labels import ID_KINDS, LABELS
from spacy_deid.text import THAI_DIGITS, TITLES, strip_title, to_arabic_digits
from spacy_deid.workflow.synth import generate
from spacy_deid.workflow.synth.__main__ import main
from spacy_deid.workflow.synth.negatives import DRUGS, ICD10
from spacy_deid.workflow.synth.pools import TH_WORD_NAMES

N = 300


@pytest.fixture(scope="module")
def corpus():
    return {
        (lang, split): list(generate(lang, split, N, seed=7))
        for lang in ("th", "en")
        for split in ("train", "dev", "test")
    }


def _spans(docs, label=None):
    for doc in docs:
        for start, end, lab, kind in doc["spans"]:
            if label is None or lab == label:
                yield doc["text"], start, end, lab, kind


def test_spans_align_and_are_valid(corpus):
    for (lang, split), docs in corpus.items():
        for doc in docs:
            text, spans = doc["text"], doc["spans"]
            assert spans == sorted(spans)
            previous_end = 0
            for start, end, label, kind in spans:
                value = text[start:end]
                assert value and value == value.strip()
                assert start >= previous_end, "overlapping spans"
                previous_end = end
                assert label in LABELS
                if label == "ID":
                    assert kind in ID_KINDS
                else:
                    assert kind is None
            assert doc["meta"]["lang"] == lang and doc["meta"]["split"] == split
            assert set(doc["meta"]) == {"lang", "doc_type", "split", "seed", "template"}


def test_person_spans_exclude_titles(corpus):
    n_titled = 0
    for docs in corpus.values():
        for text, start, end, _, _ in _spans(docs, "PERSON"):
            assert strip_title(text[start:end]) == text[start:end]
            before = text[max(0, start - 10) : start].rstrip()
            n_titled += any(before.endswith(t) for t in TITLES)
    assert n_titled > 500  # titles are there, just outside the spans


def test_every_label_in_every_language_and_split(corpus):
    for key, docs in corpus.items():
        assert {label for *_, label, _ in _spans(docs)} == set(LABELS), key


def test_id_kinds_of_training_data(corpus):
    for lang in ("th", "en"):
        kinds = {kind for *_, kind in _spans(corpus[lang, "train"], "ID")}
        assert {"NATIONAL_ID", "HOSPITAL_NUMBER", "PASSPORT", "BANK_ACCOUNT", "VEHICLE_PLATE", "STUDENT_ID",
                "MEDICAL_LICENSE"} <= kinds


def test_seeded_determinism():
    first = list(generate("th", "train", 40, seed=3))
    assert first == list(generate("th", "train", 40, seed=3))
    assert first != list(generate("th", "train", 40, seed=4))
    assert list(generate("en", "dev", 20, seed=3)) == list(generate("en", "dev", 20, seed=3))


def test_thai_realism_features(corpus):
    docs = corpus["th", "train"] + corpus["th", "dev"]
    texts = [d["text"] for d in docs]
    thai = re.compile("[\u0e01-\u0e4e]")
    glued = sum(
        1
        for text, start, end, _, _ in _spans(docs, "PERSON")
        if start and thai.match(text[start - 1]) and end < len(text) and thai.match(text[end])
    )
    assert glued > 50  # names glued to the words around them
    dates = [text[s:e] for text, s, e, _, _ in _spans(docs, "DATE")]
    assert any(re.search(r"25[6-7]\d", d) for d in dates)  # Buddhist-era years
    assert any(ch in THAI_DIGITS for t in texts for ch in t)
    persons = [text[s:e] for text, s, e, _, _ in _spans(docs, "PERSON")]
    assert any(re.search("[A-Za-z]{3}", p) for p in persons)  # English-script names
    assert any(p.split()[0] in TH_WORD_NAMES for p in persons)  # names that are common words
    assert any(text[:s].endswith("น้อง") for text, s, _, _, _ in _spans(docs, "PERSON"))  # nicknames


def _thai_id_valid(digits: str) -> bool:
    check = (11 - sum(int(c) * (13 - i) for i, c in enumerate(digits[:12])) % 11) % 10
    return check == int(digits[12])


def test_national_ids_with_valid_and_invalid_check_digits(corpus):
    ids = [
        re.sub(r"\D", "", to_arabic_digits(text[s:e]))
        for text, s, e, _, kind in _spans(corpus["th", "train"], "ID")
        if kind == "NATIONAL_ID"
    ]
    assert ids and all(len(i) == 13 for i in ids)
    valid = sum(map(_thai_id_valid, ids))
    assert 0 < valid < len(ids)


def test_hard_negatives_present_but_unlabelled(corpus):
    for lang in ("th", "en"):
        docs = corpus[lang, "train"]
        assert any(code in d["text"] for d in docs for code in ICD10)
        assert any(name in d["text"] for d in docs for name, _ in DRUGS)
        for text, start, end, _, _ in _spans(docs):
            value = text[start:end]
            assert not any(name in value for name, _ in DRUGS)
            assert not re.search(r"\d\d:\d\d", value)  # clock times are not dates




def test_cli_writes_jsonl(tmp_path):
    out = tmp_path / "synth" / "th_dev.jsonl"
    assert main(["--lang", "th", "--split", "dev", "--n", "5", "--seed", "2", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf8").splitlines()]
    assert rows == list(generate("th", "dev", 5, seed=2))


def test_unknown_split_is_rejected():
    with pytest.raises(ValueError, match="split"):
        next(generate("th", "validation", 1))


def test_every_template_renders():
    import random

    from spacy_deid.workflow.synth.corpus import LANGS, DocContext, render, template_splits
    from spacy_deid.workflow.synth.pools import pools

    for lang, (_, sections) in LANGS.items():
        for name, templates in sections.items():
            for template, split in zip(templates, template_splits(lang, name)):
                ctx = DocContext(lang, pools(split), random.Random(name))
                text, spans = render(template, ctx)
                assert "{" not in text and "}" not in text, (lang, name)
                for start, end, _, _ in spans:
                    assert text[start:end].strip() == text[start:end] != ""


def test_thai_digits_spare_latin_codes():
    from spacy_deid.workflow.synth.corpus import thai_digits

    assert thai_digits("HbA1c 7.2 % J18.9 วันที่12/03/2567 AB1234567") == "HbA1c ๗.๒ % J18.9 วันที่๑๒/๐๓/๒๕๖๗ AB1234567"


def test_same_output_in_another_process(tmp_path):
    """No dependence on Python's per-process hash seed (set order, hash())."""
    import os
    import subprocess
    import sys

    out = tmp_path / "th.jsonl"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "spacy_deid.workflow.synth", "--lang", "th", "--split", "test", "--n", "30", "--seed", "9",
         "--out", str(out)],
        check=True, env=env, capture_output=True,
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf8").splitlines()]
    assert rows == list(generate("th", "test", 30, seed=9))
