"""The deid_patterns component: scores, context, alignment, config, serialization, scoring."""
import subprocess
import sys

import pytest
import spacy
from spacy.tokens import Span
from spacy.training import Example
from thinc.api import ConfigValidationError

from spacy_deid.patterns import PatternEngine, recognizer_names


@pytest.fixture()
def th():
    nlp = spacy.blank("th")
    nlp.add_pipe("deid_patterns")
    return nlp


@pytest.fixture()
def en():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns")
    return nlp


def found(doc, key="deid_patterns"):
    group = doc.spans[key]
    return [
        (s.text, s.label_, s.kb_id_, score, name)
        for s, score, name in zip(group, group.attrs["scores"], group.attrs["recognizers"])
    ]


def test_checksum_raises_score(engine):
    text_valid = "เลขประจำตัวประชาชน 1234567890121"
    text_invalid = "เลขประจำตัวประชาชน 1234567890123"
    (valid,) = [f for f in engine.find(text_valid) if f.kind == "NATIONAL_ID"]
    (invalid,) = [f for f in engine.find(text_invalid) if f.kind == "NATIONAL_ID"]
    assert valid.score > invalid.score > 0


def test_invalid_checksum_needs_context(engine):
    assert engine.find("ผลตรวจ 1234567890123 หน่วย") == []
    (f,) = engine.find("บัตรประชาชน 1234567890123 หน่วย")
    assert (f.label, f.kind, f.recognizer) == ("ID", "NATIONAL_ID", "thai_national_id")


def test_context_after_the_value_counts(engine):
    (f,) = engine.find("1234567890123 (บัตรประชาชน)")
    assert f.kind == "NATIONAL_ID" and f.score == 0.6


def test_latin_context_words_need_word_boundaries(engine):
    # "acid" contains "id" and "lipid" ends in it: neither is ID context.
    assert engine.find("uric acid 1234567890123") == []
    assert engine.find("lipid 1234567890123") == []
    assert engine.find("ID 1234567890123")


def test_valid_checksum_without_context(engine):
    (f,) = engine.find("ผลตรวจ 1234567890121 หน่วย")
    assert f.kind == "NATIONAL_ID" and f.score == 0.9


def test_context_window_is_configurable():
    text = "passport" + " " * 30 + "AA1234567"
    assert PatternEngine(["passport"], context_window=40).find(text)
    assert PatternEngine(["passport"], context_window=10).find(text) == []


def test_thai_digits_keep_offsets(th):
    doc = th("โทร ๐๘๑-๒๓๔-๕๖๗๘ HN ๖๔-๑๒๓๔๕")
    assert [(t, label) for t, label, *_ in found(doc)] == [
        ("๐๘๑-๒๓๔-๕๖๗๘", "PHONE"),
        ("๖๔-๑๒๓๔๕", "ID"),
    ]


def test_glued_thai_text(th):
    doc = th("ผู้ป่วยชายไทยอายุ45ปีHN6412345เลขประจำตัวประชาชน1234567890121โทร0812345678")
    assert [(t, label, kind) for t, label, kind, *_ in found(doc)] == [
        ("45ปี", "AGE", ""),
        ("6412345", "ID", "HOSPITAL_NUMBER"),
        ("1234567890121", "ID", "NATIONAL_ID"),
        ("0812345678", "PHONE", ""),
    ]


def test_alignment_expands_partly_covered_tokens(th, en):
    # The English tokenizer keeps "HN:6412345" as one token: the span covers it whole.
    doc = en("HN:6412345 seen")
    (span,) = doc.spans["deid_patterns"]
    assert (span.start, span.end, span.text) == (0, 1, "HN:6412345")
    # newmm splits "ว.12345" into "ว" + ".12345": both tokens are covered.
    doc = th("แพทย์ ว.12345")
    (span,) = doc.spans["deid_patterns"]
    assert span.text == "ว.12345" and span.kb_id_ == "MEDICAL_LICENSE"


def test_spans_have_kind_scores_and_recognizers(en):
    doc = en("Passport no. AA1234567, email a@b.com, 45-year-old, seen 12 Jan 2024.")
    assert found(doc) == [
        ("AA1234567", "ID", "PASSPORT", 0.95, "passport"),
        ("a@b.com", "EMAIL", "", 0.95, "email"),
        ("45-year-old", "AGE", "", 0.9, "english_age"),
        ("12 Jan 2024", "DATE", "", 0.9, "english_date"),
    ]


def test_same_token_extent_keeps_higher_score(th):
    # "พร้อมเพย์ 0812345678": bank account (0.85+0.1) and mobile (0.85) on the same tokens.
    doc = th("พร้อมเพย์ 0812345678")
    assert [(t, label, name) for t, label, _, _, name in found(doc)] == [
        ("0812345678", "ID", "bank_account")
    ]


def test_recognizer_subset_and_min_score():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns", config={"recognizers": ["email"], "min_score": 0.5})
    doc = nlp("a@b.com 081-234-5678")
    assert [s.text for s in doc.spans["deid_patterns"]] == ["a@b.com"]
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns", config={"min_score": 0.96})
    assert len(nlp("a@b.com, +66 81 234 5678").spans["deid_patterns"]) == 0


def test_unknown_recognizer_lists_valid_names():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError) as err:
        nlp.add_pipe("deid_patterns", config={"recognizers": ["email", "nope"]})
    assert "nope" in str(err.value) and "thai_national_id" in str(err.value)
    with pytest.raises(ValueError, match="No recognizer enabled"):
        spacy.blank("en").add_pipe("deid_patterns", config={"recognizers": []})


@pytest.mark.parametrize(
    "config",
    [{"min_score": "high"}, {"context_window": "wide"}, {"recognizers": "email"}, {"bogus": 1}],
)
def test_config_validation(config):
    with pytest.raises(ConfigValidationError):
        spacy.blank("en").add_pipe("deid_patterns", config=config)


def test_out_of_range_settings():
    with pytest.raises(ValueError):
        spacy.blank("en").add_pipe("deid_patterns", config={"min_score": 1.5})
    with pytest.raises(ValueError):
        spacy.blank("en").add_pipe("deid_patterns", config={"context_window": -1})


def test_serialization_round_trip(tmp_path):
    nlp = spacy.blank("th")
    nlp.add_pipe(
        "deid_patterns",
        config={"spans_key": "rules", "recognizers": ["email", "thai_mobile"], "min_score": 0.3},
    )
    text = "โทร 0812345678 a@b.com HN 64-12345"
    expected = found(nlp(text), "rules")
    nlp.to_disk(tmp_path / "pipe")
    assert not any((tmp_path / "pipe" / "deid_patterns").iterdir())  # settings: config.cfg only
    loaded = spacy.load(tmp_path / "pipe")
    assert found(loaded(text), "rules") == expected
    assert len(expected) == 2
    pipe = loaded.get_pipe("deid_patterns")
    assert pipe.from_bytes(pipe.to_bytes()) is pipe
    fresh = spacy.blank("th").add_pipe("deid_patterns")
    assert fresh.from_disk(tmp_path / "pipe" / "deid_patterns") is fresh
    # the pipeline config is the one source of truth: overrides given at load time win
    override = {"components": {"deid_patterns": {"recognizers": ["email"]}}}
    restricted = spacy.load(tmp_path / "pipe", config=override)
    assert [label for _, label, *_ in found(restricted(text), "rules")] == ["EMAIL"]


def test_pipe_keeps_order_with_small_batches(en):
    texts = [f"call 02-123-45{i:02d}" for i in range(7)] + ["", " ", "no PHI here"]
    docs = list(en.pipe(texts, batch_size=2))
    assert [d.text for d in docs] == texts
    assert [[s.text for s in d.spans["deid_patterns"]] for d in docs] == [
        [t[5:]] for t in texts[:7]
    ] + [[], [], []]


def test_empty_doc(th):
    doc = th("")
    assert len(doc.spans["deid_patterns"]) == 0
    assert doc.spans["deid_patterns"].attrs == {"scores": [], "recognizers": []}


def test_initialize_and_evaluate(en):
    en.initialize()
    pred = en.make_doc("Call 081-234-5678 or mail a@b.com on 12 Jan 2024")
    ref = en.make_doc(pred.text)
    ref.ents = [
        Span(ref, 1, 6, "PHONE"),  # "081-234-5678" (5 tokens)
        Span(ref, 8, 9, "EMAIL"),
    ]
    scores = en.evaluate([Example(pred, ref)])
    assert scores["spans_deid_patterns_p"] == pytest.approx(2 / 3)
    assert scores["spans_deid_patterns_r"] == 1.0
    assert set(scores["spans_deid_patterns_per_type"]) == {"PHONE", "EMAIL", "DATE"}
    # Unlabelled: a gold span with another label still counts as found.
    ref.ents = [Span(ref, 1, 6, "ID"), Span(ref, 8, 9, "EMAIL")]
    scores = en.evaluate([Example(pred, ref)])
    assert scores["spans_deid_patterns_r"] == 0.5
    assert scores["spans_deid_patterns_unlabeled_r"] == 1.0
    assert scores["spans_deid_patterns_unlabeled_p"] == pytest.approx(2 / 3)
    assert scores["spans_deid_patterns_phi_char_recall"] == 1.0
    assert en.get_pipe_meta("deid_patterns").default_score_weights["spans_deid_patterns_f"] == 0.5


def test_entry_point_in_fresh_process():
    code = (
        "import spacy\n"
        "nlp = spacy.blank('th')\n"
        "nlp.add_pipe('deid_patterns')\n"
        "doc = nlp('เลขประจำตัวประชาชน 1234567890121')\n"
        "print(doc.spans['deid_patterns'][0].kb_id_)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    ).stdout.splitlines()
    assert out[0] == "NATIONAL_ID"
    # Modules the component's import adds beyond spaCy's own (thinc already imports torch).
    heavy = ("torch", "transformers", "pytesseract", "PIL", "faker", "pythainlp")
    check = subprocess.run(
        [sys.executable, "-c", "import sys, spacy; before = set(sys.modules); "
         "import spacy_deid.patterns.component; new = set(sys.modules) - before; "
         f"print([m for m in new if m.split('.')[0] in {heavy!r}])"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    assert check.stdout.strip() == "[]"


def test_every_recognizer_is_exercised(engine):
    """Each table row has at least one finding in this file's or the tables' texts."""
    from pathlib import Path

    texts = "\n".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))
    hits = {f.recognizer for f in engine.find(texts.replace("«", "").replace("»", ""))}
    assert set(recognizer_names()) - hits == set()


def test_errors_reach_the_error_handler(en):
    pipe = en.get_pipe("deid_patterns")
    calls = []

    def boom(text):
        raise RuntimeError("offsets only")

    pipe.engine.find = boom
    with pytest.raises(RuntimeError):
        en("a@b.com")
    pipe.set_error_handler(lambda name, proc, docs, e: calls.append((name, len(docs))))
    docs = list(en.pipe(["a@b.com", "c@d.com"], batch_size=2))
    assert calls == [("deid_patterns", 1), ("deid_patterns", 1)]
    assert all("deid_patterns" not in d.spans for d in docs)


def test_pickle_round_trip(en):
    """Components are pickled for nlp.pipe(n_process>1) under spawn."""
    import pickle

    text = "call 081-234-5678, a@b.com"
    expected = found(en(text))
    clone = pickle.loads(pickle.dumps(en))
    assert found(clone(text)) == expected and len(expected) == 2
