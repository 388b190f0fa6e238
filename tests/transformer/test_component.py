"""deid_transformer_ner with tiny local checkpoints: alignment, windows, batching,
serialization, presets and fail-closed behaviour."""
import json
import shutil
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from thinc.api import ConfigValidationError

from spacy_deid.transformer.model import ModelLoadError


def make_nlp(lang, model_dir, **config):
    nlp = spacy.blank(lang)
    nlp.add_pipe("deid_transformer_ner", config={"model": str(model_dir), **config})
    nlp.initialize()
    return nlp


def found(doc, key="deid_trf"):
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans[key]]


def test_factory_is_an_entry_point():
    """Registered under spacy_factories, so spacy.load() finds it without an import."""
    eps = {e.name: e.value for e in entry_points(group="spacy_factories")}
    assert eps["deid_transformer_ner"] == "spacy_deid.transformer.component:make_deid_transformer_ner"
    assert spacy.blank("th").add_pipe("deid_transformer_ner").spans_key == "deid_trf"


def test_thai_alignment_joins_subwords(oracle_dir):
    nlp = make_nlp("th", oracle_dir)
    doc = nlp("ผู้ป่วยชื่อสมชาย ใจดี อายุ 45 ปี")
    # sub-words "สม" + "ชาย" and the next word "▁ใจดี" (all I- tags, no B-) form one span
    assert found(doc) == [("สมชาย ใจดี", "PERSON", "")]
    assert doc.spans["deid_trf"].attrs["scores"][0] > 0.99


def test_english_alignment_trims_metaspace(oracle_dir):
    nlp = make_nlp("en", oracle_dir, threshold=0.6)
    doc = nlp("Patient John Smith was seen in Boston")
    # "▁John" has offsets that include the preceding space: the span starts at "John"
    assert found(doc) == [("John Smith", "PERSON", "")]
    assert [t.text for t in doc.spans["deid_trf"][0]] == ["John", "Smith"]


def test_threshold_lets_uncertain_pieces_in(oracle_dir):
    nlp = make_nlp("en", oracle_dir, threshold=0.4)
    doc = nlp("Patient John Smith was seen in Boston")
    assert found(doc) == [("John Smith", "PERSON", ""), ("Boston", "LOCATION", "")]
    assert doc.spans["deid_trf"].attrs["scores"][1] == pytest.approx(0.5, abs=0.01)


def test_phone_in_thai_text(oracle_dir):
    doc = make_nlp("th", oracle_dir)("โทร 081-234-5678 ครับ")
    assert [(s.label_, s.start_char, s.end_char) for s in doc.spans["deid_trf"]] == [
        ("PHONE", 4, 16)
    ]


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad"])
def test_model_reads_the_normalised_view(oracle_dir, invisible):
    """An invisible character inside a name or full-width digits do not hide PHI from the
    model: it reads spacy_deid.normalize's view, spans land on the original characters."""
    nlp = make_nlp("en", oracle_dir, threshold=0.6)
    text = f"Patient Jo{invisible}hn Smith was seen in Boston"
    assert found(nlp(text)) == [(f"Jo{invisible}hn Smith", "PERSON", "")]
    doc = make_nlp("th", oracle_dir)("โทร ０８１-２３４-５６７８ ครับ")
    assert [(s.label_, s.start_char, s.end_char) for s in doc.spans["deid_trf"]] == [
        ("PHONE", 4, 16)
    ]


def test_i2b2_preset_maps_labels(i2b2_dir):
    nlp = make_nlp("en", i2b2_dir)
    assert nlp.get_pipe("deid_transformer_ner").labels == (
        "AGE", "DATE", "EMAIL", "ID", "LOCATION", "ORGANIZATION", "PERSON", "PHONE", "PROFESSION", "URL"
    )
    doc = nlp("Patient John Smith was seen in Boston")
    assert found(doc) == [("John Smith", "PERSON", "")]
    nlp = make_nlp("en", i2b2_dir, label_preset="i2b2", label_map={"PATIENT": "ID/OTHER_ID"})
    assert found(nlp("Patient John Smith was seen")) == [("John Smith", "ID", "OTHER_ID")]


def test_unmapped_model_labels_fail(i2b2_dir):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_transformer_ner", config={"model": str(i2b2_dir), "label_preset": "thai_deid"})
    with pytest.raises(ValueError, match="not mapped"):
        nlp.initialize()


def long_thai_text(n_names: int):
    """Thai sentences with a name, separated by 0-2 name-free sentences."""
    parts, names, pos = [], [], 0
    for i in range(n_names):
        for part in ["มาตรวจที่โรงพยาบาลวันนี้"] * (i % 3) + ["ผู้ป่วยชื่อสมชาย ใจดี อายุ 45 ปี"]:
            parts.append(part)
            if "สมชาย" in part:
                start = pos + part.index("สมชาย")
                names.append((start, start + len("สมชาย ใจดี")))
            pos += len(part) + 1
    return " ".join(parts), names


@pytest.mark.parametrize("window,stride", [(0, 0), (7, 5), (5, 1), (22, 22)])
def test_long_thai_document_loses_nothing(oracle_dir, window, stride):
    nlp = make_nlp("th", oracle_dir, window=window, stride=stride)
    pipe = nlp.get_pipe("deid_transformer_ner")
    lengths = []
    predict = pipe.classifier.predict
    pipe.classifier.predict = lambda batch: lengths.extend(len(w) + 2 for w in batch) or predict(batch)
    text, names = long_thai_text(40)
    doc = nlp(text)
    n_pieces = len(pipe.classifier.encode(text)[0])
    assert n_pieces > 20 * pipe.classifier.max_length  # far beyond the model's limit
    assert max(lengths) <= pipe.classifier.max_length == 24
    assert [(s.start_char, s.end_char) for s in doc.spans["deid_trf"]] == names
    assert all(s.label_ == "PERSON" for s in doc.spans["deid_trf"])


def test_window_too_large_is_an_error(oracle_dir):
    nlp = spacy.blank("th")
    nlp.add_pipe("deid_transformer_ner", config={"model": str(oracle_dir), "window": 100})
    with pytest.raises(ValueError, match="does not fit"):
        nlp.initialize()


def test_pipe_batches_documents(oracle_dir):
    nlp = make_nlp("th", oracle_dir, batch_size=8)
    pipe = nlp.get_pipe("deid_transformer_ner")
    calls = []
    predict = pipe.classifier.predict
    pipe.classifier.predict = lambda batch: calls.append(len(batch)) or predict(batch)
    texts = ["ผู้ป่วยชื่อสมชาย ใจดี อายุ 45 ปี", "Patient John Smith was seen", "ไม่มีชื่อ"] * 4
    docs = list(nlp.pipe(texts, batch_size=12))
    assert calls == [8, 4]
    single = [found(nlp(t)) for t in texts]
    assert [found(d) for d in docs] == single


def test_empty_doc(oracle_dir):
    doc = make_nlp("th", oracle_dir)("")
    assert list(doc.spans["deid_trf"]) == [] and doc.spans["deid_trf"].attrs["scores"] == []


def test_disk_round_trip_is_self_contained(oracle_dir, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(oracle_dir, source)
    nlp = make_nlp("th", source)
    text = "ผู้ป่วยชื่อสมชาย ใจดี อายุ 45 ปี โทร 081-234-5678"
    expected = found(nlp(text))
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(source)  # the saved pipeline must not need the original folder
    assert (tmp_path / "pipeline" / "deid_transformer_ner" / "model" / "config.json").is_file()
    assert sorted(f.name for f in (tmp_path / "pipeline" / "deid_transformer_ner").iterdir()) == ["model"]
    loaded = spacy.load(tmp_path / "pipeline")
    assert found(loaded(text)) == expected
    assert loaded.get_pipe("deid_transformer_ner").labels == (
        "DATE", "EMAIL", "ID", "LOCATION", "PERSON", "PHONE"
    )
    # an earlier version saved the settings too: they are not read, the config's stay
    (tmp_path / "pipeline" / "deid_transformer_ner" / "cfg").write_text(json.dumps({"threshold": 0.99}))
    again = spacy.load(tmp_path / "pipeline")
    assert found(again(text)) == expected and again.get_pipe("deid_transformer_ner").cfg["threshold"] == 0.5


def test_float16_folder_stays_float16(oracle_dir, tmp_path):
    """A checkpoint stored in float16 computes in float32 and is saved in float16 again."""
    import json

    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    half = tmp_path / "half"
    AutoModelForTokenClassification.from_pretrained(oracle_dir).to(torch.float16).save_pretrained(half)
    AutoTokenizer.from_pretrained(oracle_dir).save_pretrained(half)
    text = "ผู้ป่วยชื่อสมชาย ใจดี อายุ 45 ปี โทร 081-234-5678"
    nlp = make_nlp("th", half)
    assert found(nlp(text)) == found(make_nlp("th", oracle_dir)(text))
    model = nlp.get_pipe("deid_transformer_ner").classifier.model
    assert next(model.parameters()).dtype == torch.float32
    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "deid_transformer_ner" / "model"
    assert json.loads((saved / "config.json").read_text())["torch_dtype"] == "float16"
    weights = next(saved.glob("*.safetensors")).stat().st_size
    assert weights < 0.6 * next(Path(oracle_dir).glob("*.safetensors")).stat().st_size
    assert found(spacy.load(tmp_path / "pipeline")(text)) == found(nlp(text))


def test_bytes_round_trip(oracle_dir):
    nlp = make_nlp("th", oracle_dir)
    text = "Patient John Smith was seen"
    other = spacy.blank("th")
    other.add_pipe("deid_transformer_ner")
    other.get_pipe("deid_transformer_ner").from_bytes(nlp.get_pipe("deid_transformer_ner").to_bytes())
    assert found(other(text)) == found(nlp(text))


def test_dynamic_int8_keeps_results(oracle_dir, tmp_path):
    nlp = make_nlp("th", oracle_dir, quantize="dynamic_int8")
    text = "ผู้ป่วยชื่อสมชาย ใจดี อายุ 45 ปี"
    assert found(nlp(text)) == [("สมชาย ใจดี", "PERSON", "")]
    nlp.to_disk(tmp_path / "q")  # saves the float checkpoint
    assert found(spacy.load(tmp_path / "q")(text)) == found(nlp(text))


def test_config_is_validated():
    nlp = spacy.blank("en")
    with pytest.raises(ConfigValidationError):
        nlp.add_pipe("deid_transformer_ner", config={"quantize": "int4"})
    with pytest.raises(ValueError, match="threshold"):
        nlp.add_pipe("deid_transformer_ner", config={"threshold": 0.0})


# ----- fail closed --------------------------------------------------------------
def test_no_model_configured():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_transformer_ner")
    with pytest.raises(ValueError, match="model = /path"):
        nlp.initialize()


def test_missing_model_path(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_transformer_ner", config={"model": str(tmp_path / "nope")})
    with pytest.raises(ModelLoadError, match=r"config\.json missing"):
        nlp.initialize()


def test_uninitialized_component_refuses_to_run():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_transformer_ner")
    with pytest.raises(RuntimeError, match="no model loaded"):
        nlp("Patient John Smith")


def test_corrupt_weights(oracle_dir, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(oracle_dir, broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_transformer_ner", config={"model": str(broken)})
    with pytest.raises(ModelLoadError, match="Could not load"):
        nlp.initialize()


def test_saved_pipeline_with_missing_model_fails(oracle_dir, tmp_path):
    make_nlp("en", oracle_dir).to_disk(tmp_path / "p")
    shutil.rmtree(tmp_path / "p" / "deid_transformer_ner" / "model")
    with pytest.raises(ModelLoadError):
        spacy.load(tmp_path / "p")


def test_inference_error_propagates(oracle_dir, caplog):
    nlp = make_nlp("en", oracle_dir)
    pipe = nlp.get_pipe("deid_transformer_ner")

    def boom(*args, **kwargs):
        raise RuntimeError("forward failed")

    pipe.classifier.model.forward = boom
    with pytest.raises(RuntimeError, match="forward failed"):
        nlp("Patient Zanzibarella Quux was seen")
    assert "Zanzibarella" not in caplog.text


def test_score_against_gold_ents(oracle_dir):
    from spacy.training import Example

    nlp = make_nlp("en", oracle_dir)
    text = "Patient John Smith was seen"
    gold = nlp.make_doc(text)
    gold.ents = [gold.char_span(8, 18, label="PERSON")]
    scores = nlp.evaluate([Example(nlp.make_doc(text), gold)])
    assert scores["spans_deid_trf_f"] == 1.0


def test_docs_config_block_is_valid():
    from pathlib import Path

    from thinc.api import Config

    page = (Path(__file__).parents[2] / "docs" / "transformer.md").read_text(encoding="utf8")
    block = page.split("```ini")[1].split("```")[0]
    cfg = spacy.blank("th").config.copy()
    cfg["nlp"]["pipeline"] = ["deid_transformer_ner"]
    cfg = cfg.merge(Config().from_str('[paths]\ntrf_model = "/models/x"\n[components]\n' + block))
    pipe = spacy.util.load_model_from_config(cfg).get_pipe("deid_transformer_ner")
    assert (pipe.cfg["model"], pipe.cfg["window"], pipe.cfg["label_preset"]) == ("/models/x", 126, "ours")
