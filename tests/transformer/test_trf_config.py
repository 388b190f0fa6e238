"""The spacy-transformers route (configs/trf_th_ner.cfg) trains end to end at smoke scale."""
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.tokens import DocBin

CONFIG = Path(__file__).parents[2] / "configs" / "trf_th_ner.cfg"


def write_docbin(path: Path, records) -> None:
    nlp = spacy.blank("th")
    db = DocBin()
    for record in records:
        doc = nlp.make_doc(record["text"])
        doc.ents = [doc.char_span(s, e, label=label, alignment_mode="expand")
                    for s, e, label, _ in record["spans"]]
        db.add(doc)
    db.to_disk(path)


def test_smoke_train_transformer_ner(tiny_base, name_records, tmp_path):
    write_docbin(tmp_path / "train.spacy", name_records[:40])
    write_docbin(tmp_path / "dev.spacy", name_records[40:50])
    overrides = {
        "paths.train": str(tmp_path / "train.spacy"),
        "paths.dev": str(tmp_path / "dev.spacy"),
        "paths.encoder": str(tiny_base),
        "training.max_steps": 4,
        "training.eval_frequency": 2,
        "training.optimizer.learn_rate.warmup_steps": 1,
    }
    train(CONFIG, tmp_path / "out", overrides=overrides)
    nlp = spacy.load(tmp_path / "out" / "model-last")
    assert nlp.pipe_names == ["transformer", "ner"]
    assert "PERSON" in nlp.get_pipe("ner").labels
    doc = nlp("ผู้ป่วยชื่อสมชาย ใจดี อายุ 45 ปี")
    assert doc._.trf_data.align.lengths.shape[0] == len(doc)  # every token aligned
