"""A few training steps of the real Thai and English configs on a tiny corpus (not the full training)."""
import json
from pathlib import Path

import pytest
import spacy
from spacy.cli.train import train

from spacy_deid.workflow.convert import convert

CONFIGS = Path(__file__).resolve().parents[2] / "configs"

RECORDS = {
    "th": [
        ("ผู้ป่วยชื่อ สมชาย ใจดี อายุ 45 ปี มาที่ โรงพยาบาลศิริราช", [("สมชาย ใจดี", "PERSON"),
         ("45 ปี", "AGE"), ("โรงพยาบาลศิริราช", "ORGANIZATION")]),
        ("นางสาว มาลี สุขใจ อยู่ จังหวัดขอนแก่น", [("มาลี สุขใจ", "PERSON"), ("จังหวัดขอนแก่น", "LOCATION")]),
    ],
    "en": [
        ("Patient John Smith, aged 45, seen at Mercy Hospital.", [("John Smith", "PERSON"),
         ("45", "AGE"), ("Mercy Hospital", "ORGANIZATION")]),
        ("Ms. Mary Jones lives in Boston.", [("Mary Jones", "PERSON"), ("Boston", "LOCATION")]),
    ],
}


def jsonl(path, lang):
    lines = []
    for text, ents in RECORDS[lang] * 5:
        spans = [[text.index(t), text.index(t) + len(t), label, None] for t, label in ents]
        lines.append(json.dumps({"text": text, "spans": spans}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_few_training_steps_save_a_loadable_ner(lang, tmp_path):
    jsonl(tmp_path / "data.jsonl", lang)
    convert(lang, [tmp_path / "data.jsonl"], tmp_path / "data.spacy")
    overrides = {
        "paths.train": str(tmp_path / "data.spacy"),
        "paths.dev": str(tmp_path / "data.spacy"),
        "training.max_steps": 6,
        "training.eval_frequency": 3,
    }
    train(CONFIGS / f"{lang}_ner_cnn.cfg", tmp_path / "out", overrides=overrides)
    nlp = spacy.load(tmp_path / "out" / "model-last")
    assert nlp.pipe_names == ["tok2vec", "ner"] and nlp.lang == lang
    assert {"PERSON", "AGE", "ORGANIZATION", "LOCATION"} <= set(nlp.get_pipe("ner").labels)
    doc = nlp(RECORDS[lang][0][0])
    assert doc.text == RECORDS[lang][0][0]
    meta = json.loads((tmp_path / "out" / "model-last" / "meta.json").read_text())
    assert meta["performance"]["ents_f"] is not None
