"""Threshold curves: the detectors once, the anonymizer per threshold, scored on gold."""
from __future__ import annotations

import json

from spacy_deid.pipelines import rules_pipeline
from spacy_deid.workflow import thresholds

TEXT = "Call me at 081-234-5678 or mail john@example.com, born 12/03/1980."


def gold(text: str) -> list:
    spans = []
    for value, label in (("081-234-5678", "PHONE"), ("john@example.com", "EMAIL"), ("12/03/1980", "DATE")):
        start = text.index(value)
        spans.append({"start": start, "end": start + len(value), "label": label, "kind": ""})
    return spans


def test_curve_follows_the_threshold(tmp_path):
    data = tmp_path / "dev.jsonl"
    data.write_text(json.dumps({"text": TEXT, "spans": gold(TEXT)}) + "\n", encoding="utf8")
    nlp = rules_pipeline("en")
    result = thresholds.curves(nlp, {"dev": data}, ["deid_patterns/DATE"], grid=[0.0, 0.9])
    low, high = result["dev"]["deid_patterns/DATE"]
    assert result["dev"]["current"] == {k: low[k] for k in thresholds.VIEW}
    assert low["phi_char_recall"] == 1.0 and low["leaked_entities"] == 0.0
    # the date's pattern score (0.85) is under 0.9: the date is no longer hidden
    phi = sum(len(v) for v in ("081-234-5678", "john@example.com", "12/03/1980"))
    assert high["phi_char_recall"] == round((phi - len("12/03/1980")) / phi, 4)
    assert high["leaked_entities"] == round(1 / 3, 4)
    # the pipeline gets its own thresholds back
    assert nlp.get_pipe("deid_anonymizer").cfg["thresholds"] == {}


def test_main_writes_json_and_markdown(tmp_path):
    data = tmp_path / "dev.jsonl"
    data.write_text(json.dumps({"text": TEXT, "spans": gold(TEXT)}) + "\n", encoding="utf8")
    pipeline = tmp_path / "pipeline"
    rules_pipeline("en").to_disk(pipeline)
    out, md = tmp_path / "curves.json", tmp_path / "curves.md"
    thresholds.main([str(pipeline), "en", str(out), "--md", str(md), "--key", "deid_patterns/PHONE",
                     "--data", f"dev={data}", "--grid", "0", "0.99"])
    rows = json.loads(out.read_text())["dev"]["deid_patterns/PHONE"]
    assert [r["threshold"] for r in rows] == [0.0, 0.99]
    assert rows[0]["phi_char_recall"] > rows[1]["phi_char_recall"]
    assert "### deid_patterns/PHONE" in md.read_text()
