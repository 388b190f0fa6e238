"""The offline driver of PyThaiNLP's bundled ThaiNER CRF."""
import json
from pathlib import Path

import pytest

from spacy_deid.workflow.benchmarks.thainer_crf import (
    ORCHID_TO_LST20,
    ThaiNerCrf,
    bio_to_spans,
    crf_to_ours,
    model_path,
    native_gold,
    token_micro_f1,
)


@pytest.fixture(scope="module")
def crf():
    return ThaiNerCrf(features="training", tokenizer="newmm")


def test_pos_mapping_covers_orchid_and_hits_model_tags():
    import pycrfsuite
    import pythainlp

    orchid = json.loads(
        (Path(pythainlp.__file__).parent / "corpus" / "pos_orchid_perceptron.json").read_text()
    )["classes"]
    assert set(orchid) <= set(ORCHID_TO_LST20)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path()))
    model_pos = {a.split(":", 1)[1] for a, _ in tagger.info().state_features if a.startswith("postag:")}
    from pythainlp.tag.blackboard import TO_UD  # the blackboard/LST20 tag set

    assert set(ORCHID_TO_LST20.values()) <= set(TO_UD) - {""}
    assert model_pos - {"XX"} <= set(ORCHID_TO_LST20.values())


def test_bio_to_spans_joins_inside_and_splits_on_new_begin():
    tokens = [(0, 3, "นาย"), (3, 8, "สมชาย"), (8, 9, " "), (9, 13, "ใจดี"), (13, 14, " "), (14, 18, "กทม.")]
    tags = ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "B-LOCATION"]
    assert bio_to_spans(tokens, tags) == [(0, 13, "PERSON"), (14, 18, "LOCATION")]
    assert bio_to_spans(tokens[:2], ["I-DATE", "B-DATE"]) == [(0, 3, "DATE"), (3, 8, "DATE")]


def test_crf_finds_a_thai_name_and_mapping_trims_the_title(crf):
    text = "ผู้ป่วยชื่อ นายสมชาย ใจดี อาศัยอยู่ที่จังหวัดเชียงใหม่"
    native = crf.entities(text)
    assert ("PERSON" in {t for _, _, t in native}), native
    ours = crf_to_ours(text, native)
    persons = [text[s:e] for s, e, label in ours if label == "PERSON"]
    assert persons and all(not p.startswith("นาย") for p in persons)
    assert all(text[s:e] == text[s:e].strip() for s, e, _ in ours)


def test_pythainlp_features_variant_runs():
    spans = ThaiNerCrf(features="pythainlp", tokenizer="mm").entities("วันที่ 15 มีนาคม 2567")
    assert all(0 <= s < e for s, e, _ in spans)
    with pytest.raises(ValueError):
        ThaiNerCrf(features="bogus")


def test_native_gold_and_token_f1(crf):
    line = "\ufeffพบ[PERSON]นายสมชาย ใจดี[/PERSON]ที่[FACILITY]ตลาดสด[/FACILITY] [AGO]5 ปี[/AGO]"
    text, spans = native_gold(line)
    assert text == "พบนายสมชาย ใจดีที่ตลาดสด 5 ปี"
    assert [(text[s:e], t) for s, e, t in spans] == [("นายสมชาย ใจดี", "PERSON"), ("ตลาดสด", "LOCATION")]
    scores = token_micro_f1(crf, [line])
    assert scores["support"] > 0 and 0.0 <= scores["f"] <= 1.0
