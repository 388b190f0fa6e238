"""End-to-end runs of ``spacy-deid redact`` on text inputs, including bad inputs and failures."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from spacy_deid.cli import main

TH_NOTE = "ผู้ป่วยเลขประจำตัวประชาชน 1-1017-00208-36-1 โทร 081-234-5678 นัดวันที่ 12 มกราคม 2567"
EN_NOTE = "Patient phone 415-555-0132, email jane.roe@example.com, seen on 2024-01-05."
SENTINEL = "081-234-5678"


def read_audit(out: Path) -> list:
    return [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]


@Language.component("test_fail_on_marker")
def fail_on_marker(doc):
    if "FAILME" in doc.text:
        raise RuntimeError("deliberate failure")
    return doc


@pytest.fixture(scope="module")
def failing_pipeline(tmp_path_factory) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns")
    nlp.add_pipe("test_fail_on_marker")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["deid_patterns"]})
    path = tmp_path_factory.mktemp("pipe") / "failing"
    nlp.to_disk(path)
    return path


def test_folder_with_good_and_bad_files(tmp_path: Path, capsys):
    src = tmp_path / "in"
    (src / "ward").mkdir(parents=True)
    (src / "ward" / "th.txt").write_text(TH_NOTE, encoding="utf-8")
    (src / "tis.txt").write_bytes(TH_NOTE.encode("tis-620"))
    (src / "en.txt").write_text(EN_NOTE)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01" * 10)
    (src / "report.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "out"
    code = main(["redact", str(src), str(tmp_path / "missing.txt"), "--out", str(out),
                 "--pipeline", "rules"])
    assert code == 1
    records = {r["input"]: r for r in read_audit(out)}
    assert {k for k, r in records.items() if r["status"] == "ok"} == {"ward/th.txt", "tis.txt", "en.txt"}
    assert records["empty.txt"]["error"] == "the file is empty"
    assert "binary" in records["binary.txt"]["error"]
    assert "unsupported" in records["report.docx"]["error"]
    assert records["missing.txt"]["error"] == "the file does not exist"
    for name in ("ward/th.txt", "tis.txt", "en.txt"):
        text = (out / name).read_text(encoding="utf-8")
        assert SENTINEL not in text and "415-555-0132" not in text
        assert records[name]["items"], name
        assert all(set(i) >= {"start", "end", "label", "source", "score", "operator"}
                   for i in records[name]["items"])
    assert "[ID]" in (out / "tis.txt").read_text(encoding="utf-8")
    for bad in ("empty.txt", "binary.txt", "report.docx", "missing.txt"):
        assert not (out / bad).exists()
    audit_text = (out / "audit.jsonl").read_text()
    assert SENTINEL not in audit_text and "jane.roe" not in audit_text
    assert SENTINEL not in capsys.readouterr().err


def test_failing_component_fails_only_its_document(tmp_path: Path, failing_pipeline: Path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        (src / f"ok{i}.txt").write_text(EN_NOTE)
    (src / "bad.txt").write_text(EN_NOTE + " FAILME")
    out = tmp_path / "out"
    code = main(["redact", str(src), "--out", str(out), "--pipeline", str(failing_pipeline),
                 "--batch-size", "4"])
    assert code == 1
    records = {r["input"]: r for r in read_audit(out)}
    assert records["bad.txt"]["status"] == "failed"
    assert "test_fail_on_marker" in records["bad.txt"]["error"]
    assert not (out / "bad.txt").exists()
    assert all(records[f"ok{i}.txt"]["status"] == "ok" for i in range(5))
    assert all((out / f"ok{i}.txt").exists() for i in range(5))


def test_stdin_to_stdout(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EN_NOTE.encode())))
    assert main(["redact", "-", "--pipeline", "rules"]) == 0
    out = capsys.readouterr().out
    assert "415-555-0132" not in out and "Patient phone" in out


def test_hash_names_keep_names_out_of_outputs_and_audit(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SPACY_DEID_KEY", "test-key")
    src = tmp_path / "in" / "สมชาย ใจดี"
    src.mkdir(parents=True)
    (src / "jane_roe_labs.txt").write_text(EN_NOTE)
    out = tmp_path / "out"
    assert main(["redact", str(tmp_path / "in"), "--out", str(out), "--pipeline", "rules",
                 "--hash-names"]) == 0
    written = [p for p in out.rglob("*.txt")]
    assert len(written) == 1
    assert "สมชาย" not in str(written[0]) and "jane_roe" not in str(written[0])
    audit = (out / "audit.jsonl").read_text()
    assert "สมชาย" not in audit and "jane_roe" not in audit


def test_hash_names_without_key_is_a_usage_error(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SPACY_DEID_KEY", raising=False)
    (tmp_path / "in").mkdir()
    assert main(["redact", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--hash-names"]) == 2
    assert not (tmp_path / "o").exists()


def test_unknown_pipeline_is_a_clear_error(tmp_path: Path, capsys):
    (tmp_path / "a.txt").write_text(EN_NOTE)
    code = main(["redact", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"),
                 "--pipeline", str(tmp_path / "no_such_pipeline")])
    assert code == 2
    assert "neither a folder nor an installed package" in capsys.readouterr().err


def test_module_entry_point(tmp_path: Path):
    (tmp_path / "a.txt").write_text(EN_NOTE)
    result = subprocess.run(
        [sys.executable, "-m", "spacy_deid", "redact", str(tmp_path / "a.txt"), "--out",
         str(tmp_path / "o"), "--pipeline", "rules"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert "415-555-0132" not in (tmp_path / "o" / "a.txt").read_text()
    assert "1 documents: 1 de-identified" in result.stderr


def test_operator_needing_a_key_fails_closed_with_a_clear_error(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SPACY_DEID_KEY", raising=False)
    (tmp_path / "a.txt").write_text(EN_NOTE)
    out = tmp_path / "o"
    code = main(["redact", str(tmp_path / "a.txt"), "--out", str(out), "--pipeline", "rules",
                 "--operator", "DATE=date_shift"])
    assert code == 1
    (record,) = read_audit(out)
    assert record["status"] == "failed" and "SPACY_DEID_KEY" in record["error"]
    assert not (out / "a.txt").exists()


def test_operator_override_keeps_the_default_for_other_labels(tmp_path: Path):
    (tmp_path / "a.txt").write_text(EN_NOTE)
    out = tmp_path / "o"
    assert main(["redact", str(tmp_path / "a.txt"), "--out", str(out), "--pipeline", "rules",
                 "--operator", "PHONE=mask"]) == 0
    text = (out / "a.txt").read_text()
    assert "[EMAIL]" in text and "415-555-0132" not in text and "[PHONE]" not in text


def test_operator_for_one_id_kind_in_any_case(tmp_path: Path):
    """``--operator id/national_id=mask`` is the anonymizer's ``ID/NATIONAL_ID`` (the kind was
    lower-cased, so the anonymizer refused it); the phone keeps the pipeline's tag."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TH_NOTE, encoding="utf-8")
    (src / "b.txt").write_text("SSN 123-45-6789, call 415-555-0132", encoding="utf-8")
    out = tmp_path / "o"
    assert main(["redact", str(src), "--out", str(out), "--pipeline", "rules",
                 "--operator", "id/national_id=mask", "--operator", "Id/Ssn=mask"]) == 0
    thai = (out / "a.txt").read_text(encoding="utf-8")
    assert "เลขประจำตัวประชาชน *****************" in thai and "โทร [PHONE]" in thai
    assert (out / "b.txt").read_text(encoding="utf-8") == "SSN ***********, call [PHONE]"
    operators = {item["kind"] or item["label"]: item["operator"] for record in read_audit(out)
                 for item in record["items"]}
    assert operators["NATIONAL_ID"] == operators["SSN"] == "mask" and operators["PHONE"] == "tag"


def test_shipped_default_pipelines_redact_the_samples(tmp_path: Path):
    samples = Path(__file__).parents[2] / "assets" / "samples"
    out = tmp_path / "out"
    code = main(["redact", str(samples / "discharge_th.txt"), str(samples / "opd_note_en.txt"),
                 "--out", str(out)])
    assert code == 0
    thai = (out / "discharge_th.txt").read_text(encoding="utf-8")
    english = (out / "opd_note_en.txt").read_text(encoding="utf-8")
    for value in ("089-765-4321", "65-004321", "ทองประเสริฐ"):
        assert value not in thai
    for value in ("(217) 555-0198", "Margaret O'Connell", "m.oconnell61"):
        assert value not in english
    assert "[PERSON]" in thai and "[PERSON]" in english
    assert "Paracetamol 500 mg" in thai and "Metformin 500 mg" in english


def test_component_error_inside_ner_pipeline_fails_only_its_document(tmp_path: Path):
    """spaCy's ner cannot take an error handler: its errors raise and the batch is retried."""
    nlp = spacy.load(Path(__file__).parents[2] / "spacy_deid" / "models" / "en_deid_cnn")
    nlp.add_pipe("test_fail_on_marker", before="ner")
    pipeline = tmp_path / "pipe"
    nlp.to_disk(pipeline)
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text(EN_NOTE)
    (src / "bad.txt").write_text(EN_NOTE + " FAILME")
    out = tmp_path / "out"
    assert main(["redact", str(src), "--out", str(out), "--pipeline", str(pipeline)]) == 1
    records = {r["input"]: r for r in read_audit(out)}
    assert records["ok.txt"]["status"] == "ok" and records["bad.txt"]["status"] == "failed"
    assert not (out / "bad.txt").exists()


def test_operator_override_reaches_a_loaded_pipeline(tmp_path: Path):
    samples = Path(__file__).parents[2] / "assets" / "samples"
    out = tmp_path / "out"
    assert main(["redact", str(samples / "opd_note_en.txt"), "--out", str(out),
                 "--operator", "PHONE=mask", "--label-scheme", "jsl"]) == 0
    text = (out / "opd_note_en.txt").read_text()
    assert "(217) 555-0198" not in text and "[PHONE]" not in text and "**************" in text
    assert "[NAME]" in text and "[PERSON]" not in text
