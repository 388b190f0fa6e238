"""Component contract: config validation, serialization, key hygiene, pipe, scoring, fail closed."""
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from thinc.api import Config, ConfigValidationError

from spacy_deid.anonymizer.merge import MissingSourceError
from spacy_deid.spans import make_group

SENTINEL = "Zebulonqx Quagmire"
FULL_CONFIG = {
    "sources": ["deid_patterns", "deid_trf"],
    "thresholds": {"deid_trf": 0.5},
    "operators": {
        "DEFAULT": {"operator": "numbered_tag"},
        "DATE": {"operator": "date_shift"},
        "PERSON": {"operator": "surrogate"},
        "ID": {"operator": "hash", "length": 10},
    },
    "label_scheme": "jsl",
}


@pytest.mark.parametrize(
    "config,message",
    [
        ({"operators": {"PERSON": {"operator": "scramble"}}}, "unknown operator 'scramble'"),
        ({"operators": {"PERSON": {"operator": "mask", "colour": "x"}}}, "unknown parameter 'colour'"),
        ({"operators": {"PERSON": {"operator": "mask", "char": "ab"}}}, "one character"),
        ({"operators": {"PERSON": {"operator": "hash", "length": 2}}}, "4..64"),
        ({"operators": {"PERSON": {}}}, 'missing "operator"'),
        ({"operators": {"PERSONS": {"operator": "tag"}}}, "'PERSONS' is not a label"),
        ({"thresholds": {"deid_trf": 0.5}}, "not in `sources`"),
        ({"sources": []}, "non-empty"),
        ({"sources": ["deid"]}, "cannot also be a source"),
        ({"max_date_shift_days": 0}, "at least 1"),
    ],
)
def test_bad_config_is_a_clear_error(config, message):
    with pytest.raises(ValueError, match=message):
        spacy.blank("en").add_pipe("deid_anonymizer", config=config)


def test_bad_types_are_config_validation_errors():
    with pytest.raises(ConfigValidationError):
        spacy.blank("en").add_pipe("deid_anonymizer", config={"label_scheme": "hl7"})
    with pytest.raises(ConfigValidationError):
        spacy.blank("en").add_pipe("deid_anonymizer", config={"sources": "deid_patterns"})


def test_meta_and_config_round_trip():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config=FULL_CONFIG)
    meta = nlp.get_pipe_meta("deid_anonymizer")
    assert "doc._.deid_text" in meta.assigns and "doc.spans" in meta.requires
    rebuilt = spacy.util.load_model_from_config(spacy.util.load_config_from_str(nlp.config.to_str()))
    assert rebuilt.config["components"]["deid_anonymizer"] == nlp.config["components"]["deid_anonymizer"]


def _sources(doc: Doc) -> Doc:
    """Hand-made detector output (stands in for deid_patterns / deid_trf)."""
    text = doc.text
    found = []
    for sub, label, kind, source, score in [
        (SENTINEL, "PERSON", "", "deid_trf", 0.9),
        ("12 ม.ค. 67", "DATE", "", "deid_patterns", 1.0),
        ("1234567890121", "ID", "NATIONAL_ID", "deid_patterns", 1.0),
        ("081-234-5678", "PHONE", "", "deid_patterns", 1.0),
    ]:
        if sub in text:
            start = text.index(sub)
            found.append((doc.char_span(start, start + len(sub), label, kb_id=kind, alignment_mode="expand"), source, score))
    for key in ("deid_patterns", "deid_trf"):
        mine = [(s, sc) for s, src, sc in found if src == key]
        doc.spans[key] = make_group(doc, key, [s for s, _ in mine], [sc for _, sc in mine])
    return doc


TEXTS = [
    f"ผู้ป่วย {SENTINEL} มา 12 ม.ค. 67 เลข 1234567890121",
    "No PHI here.",
    f"Call 081-234-5678 for {SENTINEL}.",
    "",
    f"{SENTINEL} 1234567890121",
]


def _pipeline(lang="en"):
    nlp = spacy.blank(lang)
    nlp.add_pipe("deid_anonymizer", config=FULL_CONFIG)
    return nlp


def test_to_disk_round_trip_and_no_key_written(tmp_path, key_env):
    nlp = _pipeline()
    before = [nlp(_sources(nlp.make_doc(t))) for t in TEXTS]
    nlp.to_disk(tmp_path / "pipe")
    for path in (tmp_path / "pipe").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert key_env.encode() not in data and key_env.encode().hex().encode() not in data, path
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == ["deid_anonymizer"]
    assert loaded.get_pipe("deid_anonymizer").cfg == nlp.get_pipe("deid_anonymizer").cfg
    after = [loaded(_sources(loaded.make_doc(t))) for t in TEXTS]
    assert [d._.deid_text for d in after] == [d._.deid_text for d in before]
    assert [d._.deid_items for d in after] == [d._.deid_items for d in before]
    assert SENTINEL not in " ".join(d._.deid_text for d in after)
    assert "[NAME" not in before[0]._.deid_text  # PERSON went to a surrogate, not a tag
    # the component's own bytes round trip too
    pipe = loaded.get_pipe("deid_anonymizer")
    assert pipe.from_bytes(pipe.to_bytes()).cfg == pipe.cfg


def test_pipe_batches_match_single_calls(key_env):
    nlp = _pipeline()
    single = [nlp(_sources(nlp.make_doc(t)))._.deid_text for t in TEXTS]
    docs = [_sources(nlp.make_doc(t)) for t in TEXTS]
    batched = [(d._.deid_text, ctx) for d, ctx in nlp.pipe(((d, i) for i, d in enumerate(docs)), batch_size=2, as_tuples=True)]
    assert batched == [(t, i) for i, t in enumerate(single)]


def test_outputs_are_msgpack_safe(key_env):
    nlp = _pipeline()
    doc = nlp(_sources(nlp.make_doc(TEXTS[0])))
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert restored._.deid_text == doc._.deid_text and restored._.deid_items == doc._.deid_items
    assert [(s.start, s.end, s.label_, s.kb_id_) for s in restored.spans["deid"]] == [
        (s.start, s.end, s.label_, s.kb_id_) for s in doc.spans["deid"]
    ]
    bin_ = DocBin(store_user_data=True, docs=[doc])
    (again,) = DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    assert list(again._.deid_items) == doc._.deid_items  # DocBin gives tuples back
    assert again.spans["deid"].attrs == doc.spans["deid"].attrs


def test_same_output_in_another_process(key_env, tmp_path):
    """Keyed surrogates and hashes do not depend on the process (no hash randomisation);
    loading the pipeline does not import Faker (only rendering a surrogate does)."""
    nlp = _pipeline()
    here = nlp(_sources(nlp.make_doc(TEXTS[4])))._.deid_text
    nlp.to_disk(tmp_path / "pipe")
    code = (
        "import spacy, sys\n"
        "from spacy_deid.spans import make_group\n"
        f"nlp = spacy.load({str(tmp_path / 'pipe')!r})\n"
        "print('faker' in sys.modules)\n"
        f"doc = nlp.make_doc({TEXTS[4]!r})\n"
        f"doc.spans['deid_trf'] = make_group(doc, 'deid_trf', [doc.char_span(0, {len(SENTINEL)}, 'PERSON')], [0.9])\n"
        f"s = {len(SENTINEL) + 1}\n"
        "doc.spans['deid_patterns'] = make_group(doc, 'deid_patterns', [doc.char_span(s, s + 13, 'ID', kb_id='NATIONAL_ID')], [1.0])\n"
        "print(nlp(doc)._.deid_text)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["False", here]


def test_failure_resets_outputs_and_never_passes_clear_text():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["deid_patterns"]})
    doc = nlp.make_doc(f"Hello {SENTINEL}")
    doc._.deid_text, doc._.deid_items = doc.text, []  # stale values from elsewhere
    doc.spans["deid"] = []
    with pytest.raises(MissingSourceError) as err:
        nlp(doc)
    assert doc._.deid_text is None and doc._.deid_items is None and "deid" not in doc.spans
    assert SENTINEL.split()[0] not in str(err.value)
    # with a swallowing error handler the failing Doc comes out marked failed, never in clear
    errors = []
    nlp.set_error_handler(lambda name, proc, docs, e: errors.append(type(e).__name__))
    bad, good = nlp.make_doc(f"Hi {SENTINEL}"), _sources(nlp.make_doc("No PHI"))
    out = list(nlp.pipe([bad, good]))
    assert errors == ["MissingSourceError"] and out == [bad, good]
    assert bad._.deid_text is None and bad._.deid_failed == ("deid_anonymizer",)
    assert good._.deid_text == "No PHI" and good._.deid_failed == ()


def test_score_labeled_and_unlabeled(key_env):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["deid_patterns"]})
    pred = nlp.make_doc("Ann met Bob in Paris")
    pred.spans["deid_patterns"] = make_group(
        pred, "deid_patterns", [pred.char_span(0, 3, "PERSON"), pred.char_span(8, 11, "LOCATION")], [1.0, 1.0]
    )
    gold = nlp.make_doc("Ann met Bob in Paris")
    gold.ents = [gold.char_span(0, 3, "PERSON"), gold.char_span(8, 11, "PERSON"), gold.char_span(15, 20, "LOCATION")]
    nlp(pred)
    scores = nlp.get_pipe("deid_anonymizer").score([Example(pred, gold)])
    assert scores["spans_deid_p"] == pytest.approx(0.5) and scores["spans_deid_r"] == pytest.approx(1 / 3)
    assert scores["spans_deid_unlabeled_p"] == pytest.approx(1.0)
    assert scores["spans_deid_unlabeled_r"] == pytest.approx(2 / 3)
    assert scores["spans_deid_per_type"]["PERSON"]["p"] == pytest.approx(1.0)
    # the de-identification view: Ann and Bob hidden, Paris (5 of 11 PHI characters) leaked
    assert scores["spans_deid_phi_char_recall"] == pytest.approx(6 / 11)
    assert scores["spans_deid_leaked_entities"] == pytest.approx(1 / 3)
    assert scores["spans_deid_over_redaction"] == 0.0
    weights = nlp.config["training"]["score_weights"]
    assert set(weights) >= {"spans_deid_f", "spans_deid_unlabeled_f", "spans_deid_phi_char_recall"}


def test_docs_config_example_builds():
    page = (Path(__file__).parents[2] / "docs" / "anonymizer.md").read_text(encoding="utf8")
    block = page.split("```ini")[1].split("```")[0]
    cfg = spacy.blank("en").config.copy()
    cfg["nlp"]["pipeline"] = ["deid_anonymizer"]
    cfg = cfg.merge(Config().from_str("[components]\n" + block))
    nlp = spacy.util.load_model_from_config(cfg)
    assert nlp.get_pipe("deid_anonymizer").cfg["operators"]["ID/NATIONAL_ID"] == {"operator": "hash", "length": 12}


def test_full_pipeline_with_deid_patterns_round_trip(tmp_path, key_env):
    """deid_patterns + deid_anonymizer: to_disk -> spacy.load gives identical output."""
    nlp = spacy.blank("th")
    nlp.add_pipe("deid_patterns")
    nlp.add_pipe("deid_anonymizer", config={
        "operators": {"DEFAULT": {"operator": "surrogate"}, "DATE": {"operator": "date_shift"}},
    })
    texts = ["ผู้ป่วยโทร 081-234-5678 วันที่ 12 ม.ค. 67", "ไม่มีข้อมูล", "Call 081-234-5678 on 5 Jan 2024"]
    before = [(d._.deid_text, d._.deid_items) for d in nlp.pipe(texts, batch_size=2)]
    nlp.to_disk(tmp_path / "full")
    loaded = spacy.load(tmp_path / "full")
    assert loaded.pipe_names == ["deid_patterns", "deid_anonymizer"]
    after = [(d._.deid_text, d._.deid_items) for d in loaded.pipe(texts, batch_size=2)]
    assert after == before
    assert all("081-234-5678" not in text for text, _ in after)
    assert before[0][1] and before[1][1] == []


def test_config_overrides_at_load_time_win(tmp_path):
    """spacy.load(path, config=...) overrides reach the loaded anonymizer (e.g. CLI --operator)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns")
    nlp.add_pipe("deid_anonymizer")
    nlp.to_disk(tmp_path / "pipe")
    override = {"components": {"deid_anonymizer": {"label_scheme": "jsl"}}}
    loaded = spacy.load(tmp_path / "pipe", config=override)
    doc = loaded("call 415-555-0132 or jane@example.com")
    assert doc._.deid_text == "call [CONTACT] or [CONTACT]"
