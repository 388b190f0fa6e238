"""The evaluation report: de-id view, int8 variant and the threshold curve."""
import json

from spacy_deid.workflow.trf_report import main


def test_report_curve_and_int8(oracle_dir, tmp_path):
    records = [
        {"text": "Patient John Smith was seen in Boston",
         "spans": [[8, 18, "PERSON", None], [31, 37, "LOCATION", None]]},
        {"text": "ผู้ป่วยชื่อสมชาย ใจดี อายุ 45 ปี", "spans": [[11, 21, "PERSON", None]]},
    ]
    data = tmp_path / "dev.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    out = tmp_path / "report.json"
    main([str(oracle_dir), str(out), "--lang", "th", "--data", f"dev={data}", "--int8",
          "--md", str(tmp_path / "report.md")])
    result = json.loads(out.read_text())["dev"]
    curve = {p["threshold"]: p for p in result["fp32"]["curve"]}
    # "Boston" has entity probability 0.5: found at 0.4, missed at 0.6
    assert curve[0.4]["phi_char_recall"] == 1.0
    assert curve[0.6]["phi_char_recall"] == 18 / 24  # the two names, not "Boston" (non-space chars)
    recalls = [curve[t]["phi_char_recall"] for t in sorted(curve)]
    assert recalls == sorted(recalls, reverse=True)
    assert result["int8"]["phi_char_recall"] == result["fp32"]["phi_char_recall"]
    assert result["fp32"]["words_per_second"] > 0
    assert "| dev | int8 |" in (tmp_path / "report.md").read_text()
