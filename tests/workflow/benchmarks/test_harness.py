"""The benchmark harness end to end at small size: it runs, tables have all columns.

Speeds are recorded but never asserted.
"""
import json

import pytest

from spacy_deid.workflow.benchmarks.__main__ import main
from spacy_deid.workflow.benchmarks.data import EvalSet, thainer_dev_set
from spacy_deid.workflow.benchmarks.report import QUALITY_COLUMNS, render
from spacy_deid.workflow.benchmarks.runner import score
from spacy_deid.workflow.benchmarks.scaling import _point, long_text, measure

TH_TEXT = "ผู้ป่วย นายสมชาย ใจดี โทร 081-234-5678 อีเมล somchai@example.com"
EN_TEXT = "Patient John Smith, phone 212-555-0199, email john@example.com."


def _record(text, *items):
    spans = []
    for value, label in items:
        start = text.index(value)
        spans.append([start, start + len(value), label, None])
    return json.dumps({"text": text, "spans": spans}, ensure_ascii=False)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("bench")
    th = _record(TH_TEXT, ("สมชาย ใจดี", "PERSON"), ("081-234-5678", "PHONE"), ("somchai@example.com", "EMAIL"))
    en = _record(EN_TEXT, ("John Smith", "PERSON"), ("212-555-0199", "PHONE"), ("john@example.com", "EMAIL"))
    (d / "th.jsonl").write_text("\n".join([th] * 4) + "\n", encoding="utf-8")
    (d / "en.jsonl").write_text("\n".join([en] * 4) + "\n", encoding="utf-8")
    lines = [
        "ตามที่[PERSON]นางประนอม ทองจันทร์[/PERSON] ป่วยที่[LOCATION]จังหวัดสุพรรณบุรี[/LOCATION]",
        "[DATE]12 มีนาคม 2567[/DATE] โทร [PHONE]02-123-4567[/PHONE]",
    ] + [f"[PERSON]นายสมชาย ใจดี[/PERSON] มาตรวจเมื่อ[DATE]{i} มีนาคม 2567[/DATE]" for i in range(1, 41)]
    (d / "thainer.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def test_score_counts_unlabeled_spans_for_coverage_only():
    s = EvalSet("x", "en", "dev", "mem", ["John Smith is here"], [[(0, 10, "PERSON")]])
    result = score(s, [[(0, 4, None), (5, 10, "PERSON")]])
    assert result["phi_char_recall"] == 1.0
    assert result["ents_p"] == 0.0 and set(result["ents_per_type"]) == {"PERSON"}


def test_thainer_dev_set_uses_the_one_mapping(data_dir):
    s = thainer_dev_set(data_dir / "thainer.txt", percent=100)
    assert len(s.texts) == 42
    first = {(s.texts[0][a:b], label) for a, b, label in s.golds[0]}
    assert ("ประนอม ทองจันทร์", "PERSON") in first  # title trimmed by the mapping


def test_benchmark_cli_small(data_dir, tmp_path):
    out = tmp_path / "out"
    main([
        "--out", str(out),
        "--set", f"th-small=th:dev:{data_dir / 'th.jsonl'}",
        "--set", f"en-small=en:dev:{data_dir / 'en.jsonl'}",
        "--thainer", str(data_dir / "thainer.txt"),
        "--ours", "th=rules", "--ours", "en=rules",
        "--peers", "pythainlp",
        "--repeats", "2", "--warmup-docs", "1", "--n-process", "2", "--mp-chars", "500",
        "--lengths", "", "--batch-sizes", "",
    ])
    report = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert report["machine"]["cores"] and report["machine"]["date_utc"]
    th = report["sets"]["th-small"]["results"]
    assert set(th) == {"spacy_deid:rules", "pythainlp-thainer-crf"}
    assert set(report["sets"]["en-small"]["results"]) == {"spacy_deid:rules"}
    ours = th["spacy_deid:rules"]
    for _, key in QUALITY_COLUMNS:
        assert 0.0 <= ours["quality"][key] <= 1.0
    assert ours["quality"]["phi_char_recall"] > 0  # the patterns catch phone and email
    assert set(ours["speed"]) >= {"chars_per_s", "docs_per_s", "ratio_vs", "seconds"}
    assert "pythainlp-thainer-crf" in ours["speed"]["ratio_vs"]
    assert len(ours["speed"]["seconds"]) == 2
    modes = report["multiprocess"]["th"]["results"]["spacy_deid:rules"]
    assert set(modes) == {"n_process=1", "n_process=2"} and modes["n_process=2"]["chars_per_s"] > 0
    assert "thainer-dev" in report["sets"]
    assert len(report["crf_fidelity"]["variants"]) == 4
    assert "scaling" not in report

    # Scaling rows measured in this process (the CLI runs each in a fresh process).
    doc = long_text([TH_TEXT], 300)
    point = _point(("ours", "rules", "th"), [doc], None)
    assert point["peak_rss_mib"] >= point["rss_loaded_mib"] > 0 and point["seconds"] > 0
    report["scaling"] = {
        "note": "n",
        "by_length": [{"system": "ours:rules", "lang": "th", "n_chars": 300, **point}],
        "by_batch_size": [{"system": "ours:rules", "lang": "th", "batch_size": 2, "n_docs": 1, **point}],
    }
    report["scaling"]["by_length"].append(
        {"system": "peer:presidio", "lang": "th", "n_chars": 300, "status": "timeout", "timeout_s": 9.0})
    (out / "results.md").write_text(render(report), encoding="utf-8")

    md = (out / "results.md").read_text(encoding="utf-8")
    header = next(line for line in md.splitlines() if line.startswith("| system | PHI-char recall"))
    for column, _ in QUALITY_COLUMNS:
        assert f"| {column} |" in header
    for column in ("chars/s", "docs/s", "speed ours/peer"):
        assert column in header
    for section in ("## th-small (th, dev split)", "## en-small (en, dev split)", "Entity P/R/F per label",
                    "## `nlp.pipe(n_process=...)` (th)", "how faithful", "By document length", "By `nlp.pipe` batch size"):
        assert section in md
    assert "| peer:presidio | th | 300 | stopped after 9 s |" in md


def test_long_text_has_exact_length():
    assert len(long_text(["abc", "de"], 10)) == 10
    with pytest.raises(ValueError):
        long_text([""], 5)


def test_measure_runs_in_a_fresh_process():
    point = measure(("peer", "pythainlp", "th"), [long_text([TH_TEXT], 2000)])
    assert point["status"] == "ok" and point["chars_per_s"] > 0
    assert point["peak_rss_mib"] >= point["rss_loaded_mib"] > 0


def test_measure_stops_at_timeout():
    assert measure(("peer", "pythainlp", "th"), [TH_TEXT], timeout=0.01) == {
        "status": "timeout", "timeout_s": 0.01}
