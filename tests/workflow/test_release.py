"""Evaluation on JSONL gold, meta.json attribution, and shipping (size limit, metrics copy)."""
import json

import pytest
import spacy

from spacy_deid.workflow.evaluate import markdown, score_pipeline
from spacy_deid.workflow.meta import write_meta
from spacy_deid.workflow.ship import ship_pipeline


def ruler_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": "PERSON", "pattern": "John Smith"}, {"label": "LOCATION", "pattern": "Boston"}]
    )
    return nlp


RECORDS = [
    {"text": "Mr. John Smith lives in Boston.", "spans": [[4, 14, "PERSON", None], [24, 30, "LOCATION", None]]},
    {"text": "Mary Jones was seen today.", "spans": [[0, 10, "PERSON", None]]},
]


def test_score_pipeline_gives_entity_scores_and_the_deid_view():
    result = score_pipeline(ruler_nlp(), RECORDS, key=None)
    assert result["docs"] == 2
    assert result["ents_p"] == 1.0 and result["ents_r"] == pytest.approx(2 / 3)
    assert result["leaked_count"] == 1 and result["gold_entities"] == 3
    assert result["phi_char_recall"] == pytest.approx(15 / 24)  # "MaryJones" (9) missed of 24
    assert result["over_redaction"] == 0.0
    table = markdown({"toy": {"ner": result}}, "en")
    assert "| toy | ner | 0.625 | 0.333 (1/3) | 0.000 |" in table
    assert "| toy | ner | PERSON | 1.000 | 0.500 | 0.667 | 2 | 1 |" in table


def test_score_pipeline_scores_pattern_families_alone():
    nlp = ruler_nlp()

    @spacy.Language.component("toy_families")
    def toy_families(doc):
        from spacy_deid.spans import make_group

        doc.spans["deid_patterns"] = make_group(
            doc, "deid_patterns", list(doc.ents), [1.0] * len(doc.ents),
            recognizers=["names" if e.label_ == "PERSON" else "places" for e in doc.ents],
        )
        return doc

    nlp.add_pipe("toy_families")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["deid_patterns"]})
    result = score_pipeline(nlp, RECORDS, key="deid", families="deid_patterns", output=True)
    fams = result["patterns_per_family"]
    assert set(fams) == {"names", "places"}
    assert fams["places"]["leaked_count"] == 2 and fams["names"]["leaked_count"] == 2


def test_meta_carries_licence_and_thainer_attribution(tmp_path):
    nlp = spacy.blank("th")
    nlp.to_disk(tmp_path / "p")
    meta = write_meta(tmp_path / "p", "th")
    assert meta["name"] == "deid_cnn" and "CC BY 3.0" in meta["license"]
    saved = json.loads((tmp_path / "p" / "meta.json").read_text(encoding="utf-8"))
    assert any("Wannaphong Phatthiyaphaibun / PyThaiNLP" in s.get("attribution", "") for s in saved["sources"])
    assert "CC BY-SA 3.0" in meta["license"] and "Thai-NNER" in meta["description"]
    assert any(s["license"] == "CC BY-SA 3.0" and "VISTEC" in s["attribution"] for s in saved["sources"])
    with pytest.raises(ValueError, match="not 'en'"):
        write_meta(tmp_path / "p", "en")


def test_english_meta_names_the_carried_en_core_web_md(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "p")
    meta = write_meta(tmp_path / "p", "en")
    assert "deid_pretrained_ner" in meta["description"]
    assert any("en_core_web_md" in s["name"] and s["license"] == "MIT" for s in meta["sources"])


def test_transformer_meta_keeps_the_thainer_attribution_and_names_the_encoder(tmp_path):
    nlp = spacy.blank("th")
    nlp.to_disk(tmp_path / "p")
    meta = write_meta(tmp_path / "p", "th", model="trf")
    assert meta["name"] == "deid_trf" and "CC BY 3.0" in meta["license"]
    assert "transformer" in meta["description"] and "{model}" not in meta["description"]
    names = [source["name"] for source in meta["sources"]]
    assert names[0] == "ThaiNER 1.5" and any("e5" in name for name in names)
    # trained on the Thai-NNER sample training file too: its share-alike licence is named
    assert any("Thai-NNER" in name for name in names) and "CC BY-SA 3.0" in meta["license"]
    with pytest.raises(ValueError, match="model must be"):
        write_meta(tmp_path / "p", "th", model="bert")


def test_english_transformer_meta_names_every_training_corpus(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "p")
    meta = write_meta(tmp_path / "p", "en", model="trf")
    names = [source["name"] for source in meta["sources"]]
    assert names[0] == "ThaiNER 1.5" and any("Thai-NNER" in name for name in names)
    assert any("e5" in name for name in names) and not any("en_core_web_md" in n for n in names)
    assert "CC BY-SA 3.0" in meta["license"] and "deid_pretrained_ner" not in meta["description"]


def test_ship_pipeline_replaces_and_refuses_oversize(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "p")
    dest = tmp_path / "models" / "en_x"
    dest.mkdir(parents=True)
    (dest / "stale.txt").write_text("old")
    ship_pipeline(tmp_path / "p", dest)
    assert (dest / "config.cfg").is_file() and not (dest / "stale.txt").exists()
    with pytest.raises(ValueError, match="over the"):
        ship_pipeline(tmp_path / "p", dest, max_mb=0.000001)
    with pytest.raises(ValueError, match="not a saved spaCy pipeline"):
        ship_pipeline(tmp_path / "models", dest)
