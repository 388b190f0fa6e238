"""Fine-tuning a pipeline's ner from reviewed documents mixed with original training data."""
import json
import random

import pytest
import spacy
from spacy.training import Example

from spacy_deid.workflow import review

NAMES = ["Zorbulon Quixtaffer", "Mirelda Okonkwo", "Tavish Brumby", "Quenby Haskett"]
CUES = ["Seen by {} today.", "{} called about the results.", "Patient {} was discharged.",
        "Refer to {} for follow up."]


def _record(template, name):
    text = template.format(name)
    start = text.index(name)
    return {"text": text, "spans": [[start, start + len(name), "PERSON", None]]}


@pytest.fixture()
def pipeline():
    """A small English pipeline: an ner that has learnt only filler text, then the anonymizer."""
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    ner.add_label("PERSON")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["ents"]})
    filler = [Example.from_dict(nlp.make_doc(t), {"entities": []})
              for t in ("The results were normal.", "Follow up in two weeks.", "No fever today.")]
    nlp.initialize(lambda: filler)
    return nlp


def test_reviews_teach_the_ner_and_the_report_compares(pipeline, tmp_path):
    rng = random.Random(1)
    reviews = [_record(rng.choice(CUES), name) for name in NAMES[:3] for _ in range(6)]
    original = [{"text": "No fever today.", "spans": []}, {"text": "The results were normal.", "spans": []}]
    dev = {"dev": [_record(cue, NAMES[3]) for cue in CUES] + [_record(CUES[0], NAMES[0])]}
    before = review.dev_scores(pipeline, dev)
    trained = review.finetune(pipeline, reviews, original, mix=1.0, epochs=12, seed=0)
    after = review.dev_scores(pipeline, dev)
    assert trained["reviews"] == 18 and trained["original"] == 2 and len(trained["ner_loss"]) == 12
    assert before["dev"]["phi_char_recall"] == 0.0
    assert after["dev"]["phi_char_recall"] > 0.5 and after["dev"]["leaked_count"] < before["dev"]["leaked_count"]
    lines = review.table(before, after).splitlines()
    assert lines[2].startswith("| dev | 0.00% → ")


def test_command_writes_pipeline_and_report(pipeline, tmp_path):
    start = tmp_path / "start"
    pipeline.to_disk(start)
    reviews, original, dev = tmp_path / "reviews.jsonl", tmp_path / "original.jsonl", tmp_path / "dev.jsonl"
    page_export = [{"text": "Seen by Tavish Brumby today.", "lang": "en", "meta": {"reviewed": True},
                    "spans": [{"start": 8, "end": 21, "label": "PERSON", "kind": None}]},
                   {"text": "ผู้ป่วย สมชาย", "lang": "th", "spans": []}]  # another language: left out
    reviews.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in page_export))
    original.write_text(json.dumps({"text": "No fever today.", "spans": []}) + "\n")
    dev.write_text(json.dumps(_record(CUES[1], NAMES[1])) + "\n")
    review.main(["en", str(start), str(tmp_path / "out"), "--reviews", str(reviews), "--original",
                 str(original), "--dev", f"dev={dev}", "--epochs", "1"])
    report = json.loads((tmp_path / "out" / "review_report.json").read_text())
    assert report["trained"]["reviews"] == 1 and report["trained"]["original"] == 1
    assert set(report["before"]["dev"]) == set(report["after"]["dev"]) >= {"phi_char_recall", "over_redaction"}
    assert spacy.load(tmp_path / "out").pipe_names == ["ner", "deid_anonymizer"]


def test_no_reviews_is_an_error(pipeline):
    with pytest.raises(ValueError, match="no reviewed"):
        review.finetune(pipeline, [], [{"text": "x", "spans": []}])
