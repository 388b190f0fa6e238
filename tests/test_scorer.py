"""spacy_deid.deid_scorer.v1 (spacy_deid/scorer.py): every component's score(), nlp.evaluate and
``python -m spacy evaluate`` report labeled, unlabeled and per-label P/R/F and the
de-identification view."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from spacy.training import Example
from spacy.util import registry

from spacy_deid.metrics import DeidScorer
from spacy_deid.pipelines import MODELS_DIR
from spacy_deid.scorer import deid_score, make_deid_scorer
from spacy_deid.spans import make_group

FACTORIES = {  # factory -> the span group it writes
    "deid_patterns": "deid_patterns",
    "deid_anonymizer": "deid",
    "deid_transformer_ner": "deid_trf",
    "deid_pretrained_ner": "deid_pretrained",
    "deid_normalized_ner": "deid_normalized_ner",
}
METRICS = ("p", "r", "f", "per_type", "unlabeled_p", "unlabeled_r", "unlabeled_f",
           "phi_char_recall", "leaked_entities", "over_redaction")
TEXT = "Call 415-555-0132 or mail ann@example.com today, Ann Lee said"
GOLD = [(5, 17, "PHONE"), (26, 41, "EMAIL"), (49, 56, "PERSON")]


def example(nlp, pred_spans, key="deid_patterns", text=TEXT, gold=GOLD):
    pred = nlp.make_doc(text)
    pred.spans[key] = make_group(
        pred, key, [pred.char_span(s, e, label) for s, e, label in pred_spans], [1.0] * len(pred_spans)
    )
    ref = nlp.make_doc(text)
    ref.ents = [ref.char_span(s, e, label) for s, e, label in gold]
    return Example(pred, ref)


def test_registered_and_resolvable():
    scorer = registry.resolve({"s": {"@scorers": "spacy_deid.deid_scorer.v1", "gold_key": "phi"}})["s"]
    assert scorer.keywords == {"gold_key": "phi", "leak_threshold": 0.5, "output": False}
    assert registry.scorers.get("spacy_deid.deid_scorer.v1") is make_deid_scorer


def test_every_component_scores_with_it_and_weighs_alike():
    nlp = spacy.blank("en")
    for factory, key in FACTORIES.items():
        config = {"sources": ["deid_patterns"]} if factory == "deid_anonymizer" else {}
        pipe = nlp.add_pipe(factory, config=config)
        assert nlp.config["components"][factory]["scorer"]["@scorers"] == "spacy_deid.deid_scorer.v1"
        assert pipe.scorer is not None
        weights = nlp.get_pipe_meta(factory).default_score_weights
        assert list(weights) == [f"spans_{key}_{m}" for m in
                                 ("f", "p", "r", "per_type", "unlabeled_f", "unlabeled_p",
                                  "unlabeled_r", "phi_char_recall", "leaked_entities", "over_redaction")]
        assert weights[f"spans_{key}_f"] == weights[f"spans_{key}_phi_char_recall"] == 0.5
    # the anonymizer takes the de-identification view from what its text hides
    assert nlp.get_pipe("deid_anonymizer").scorer.keywords["output"] is True


def test_scores_labeled_unlabeled_per_label_and_the_deid_view():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns")
    # the phone right, the e-mail with a wrong label, the name missed, one false alarm ("today")
    eg = example(nlp, [(5, 17, "PHONE"), (26, 41, "URL"), (42, 47, "DATE")])
    scores = nlp.get_pipe("deid_patterns").score([eg])
    assert set(scores) == {f"spans_deid_patterns_{m}" for m in METRICS}
    assert scores["spans_deid_patterns_p"] == pytest.approx(1 / 3)
    assert scores["spans_deid_patterns_r"] == pytest.approx(1 / 3)
    assert scores["spans_deid_patterns_unlabeled_p"] == pytest.approx(2 / 3)
    assert scores["spans_deid_patterns_unlabeled_r"] == pytest.approx(2 / 3)
    per_type = scores["spans_deid_patterns_per_type"]
    assert per_type["PHONE"]["f"] == 1.0 and per_type["PERSON"]["r"] == 0.0
    assert per_type["PERSON"]["support"] == 1 and per_type["PERSON"]["leaked"] == 1
    phi = 12 + 15 + 6  # non-whitespace characters of the gold PHI
    assert scores["spans_deid_patterns_phi_char_recall"] == pytest.approx(27 / phi)
    assert scores["spans_deid_patterns_leaked_entities"] == pytest.approx(1 / 3)
    others = sum(1 for i, ch in enumerate(TEXT) if not ch.isspace()) - phi
    assert scores["spans_deid_patterns_over_redaction"] == pytest.approx(5 / others)
    # the same numbers as spacy_deid.metrics.DeidScorer, whose logic it reuses
    plain = DeidScorer()
    plain.add(TEXT, GOLD, [(5, 17, "PHONE"), (26, 41, "URL"), (42, 47, "DATE")])
    result = plain.result()
    assert scores["spans_deid_patterns_f"] == result["ents_f"]
    assert scores["spans_deid_patterns_over_redaction"] == result["over_redaction"]


def test_predictions_never_come_from_doc_ents():
    """A component's score reads its own span group only: a Doc without it found nothing,
    whatever doc.ents holds (the transformer's getter used to fall back to doc.ents)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_transformer_ner")
    eg = example(nlp, [])
    del eg.predicted.spans["deid_patterns"]
    eg.predicted.ents = [eg.predicted.char_span(s, e, label) for s, e, label in GOLD]
    scores = nlp.get_pipe("deid_transformer_ner").score([eg])
    assert scores["spans_deid_trf_r"] == 0.0 and scores["spans_deid_trf_phi_char_recall"] == 0.0
    assert scores["spans_deid_trf_leaked_entities"] == 1.0


def test_gold_from_a_span_group_and_examples_without_gold():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns", config={"scorer": {"@scorers": "spacy_deid.deid_scorer.v1", "gold_key": "phi"}})
    eg = example(nlp, [(5, 17, "PHONE")], gold=[])
    pipe = nlp.get_pipe("deid_patterns")
    assert all(v is None for v in pipe.score([eg]).values())  # no reference has spans["phi"]
    ref = eg.reference
    ref.spans["phi"] = [ref.char_span(5, 17, "PHONE"), ref.char_span(5, 17, "ID")]  # overlaps allowed
    scores = pipe.score([eg])
    assert scores["spans_deid_patterns_p"] == 1.0 and scores["spans_deid_patterns_r"] == 0.5
    assert scores["spans_deid_patterns_phi_char_recall"] == 1.0


def test_the_anonymizer_view_is_what_its_text_hides():
    """With ``output`` the characters left in clear by edge trimming count as leaked PHI."""
    nlp = spacy.blank("en")
    eg = example(nlp, [(0, 5, "PERSON")], key="deid", text="(Ann) came", gold=[(0, 5, "PERSON")])
    eg.predicted._.deid_items = [{"start": 1, "end": 4, "label": "PERSON"}]
    spans = deid_score([eg], spans_key="deid")
    hidden = deid_score([eg], spans_key="deid", output=True)
    assert spans["spans_deid_f"] == hidden["spans_deid_f"] == 1.0
    assert spans["spans_deid_phi_char_recall"] == 1.0
    assert hidden["spans_deid_phi_char_recall"] == pytest.approx(3 / 5)


def test_nlp_evaluate_on_a_shipped_pipeline():
    """The shipped pipelines take the default scorer (their config.cfg has none) and evaluate."""
    nlp = spacy.load(MODELS_DIR / "en_deid_cnn")
    ref = nlp.make_doc(TEXT)
    ref.ents = [ref.char_span(s, e, label) for s, e, label in GOLD]
    scores = nlp.evaluate([Example(nlp.make_doc(TEXT), ref)])
    for key in ("deid_patterns", "deid", "deid_pretrained", "deid_normalized_ner"):
        assert {f"spans_{key}_{m}" for m in METRICS} <= set(scores)
    assert scores["spans_deid_phi_char_recall"] == 1.0 and scores["spans_deid_r"] == 1.0


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A rules pipeline on disk and a DocBin of two gold documents (PHI in doc.ents)."""
    root = tmp_path_factory.mktemp("evaluate")
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns")
    nlp.add_pipe("deid_anonymizer")
    nlp.to_disk(root / "pipeline")
    docs = []
    for text, gold in [(TEXT, GOLD), ("Seen on 12 Jan 2024 by Dr Lee", [(8, 19, "DATE"), (26, 29, "PERSON")])]:
        doc = nlp.make_doc(text)
        doc.ents = [doc.char_span(s, e, label) for s, e, label in gold]
        docs.append(doc)
    DocBin(docs=docs).to_disk(root / "dev.spacy")
    return root


def spacy_evaluate(tiny: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "evaluate", str(tiny / "pipeline"), str(tiny / "dev.spacy"), *args],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_spacy_evaluate_shows_the_deid_metrics(tiny):
    out = tiny / "scores.json"
    spacy_evaluate(tiny, "--per-component", "--output", str(out))
    scores = json.loads(out.read_text())
    assert {f"spans_deid_{m}" for m in METRICS} <= set(scores["deid_anonymizer"])
    assert {f"spans_deid_patterns_{m}" for m in METRICS} <= set(scores["deid_patterns"])
    anonymizer = scores["deid_anonymizer"]
    # phone, e-mail, date and "Dr Lee" found; "Ann Lee" (no ner in this pipeline) leaked
    assert anonymizer["spans_deid_leaked_entities"] == pytest.approx(1 / 5)
    assert anonymizer["spans_deid_r"] == pytest.approx(4 / 5) and anonymizer["spans_deid_p"] == 1.0
    assert anonymizer["spans_deid_phi_char_recall"] == pytest.approx(39 / 45)
    assert anonymizer["spans_deid_over_redaction"] == 0.0
    assert anonymizer["spans_deid_per_type"]["PERSON"] == {
        "p": 1.0, "r": 0.5, "f": pytest.approx(2 / 3), "support": 2, "leaked": 1}


def test_spacy_evaluate_table_with_the_spans_key(tiny):
    table = spacy_evaluate(tiny, "--spans-key", "deid").stdout
    assert "SPAN P" in table and "SPAN F" in table and "PERSON" in table
