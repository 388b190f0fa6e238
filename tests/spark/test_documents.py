"""binaryFile rows without Spark: relative paths and failures of one document."""
import json
from pathlib import PurePosixPath

from spacy_deid.spark.documents import redact_document, relative_path
from spacy_deid.spark.worker import Settings

RULES = Settings(pipelines={"*": "rules"})


def test_relative_path_below_the_root_or_the_name():
    assert relative_path("file:/data/in/a/b.txt", "/data/in") == PurePosixPath("a/b.txt")
    assert relative_path("file:///data/in/a/b.txt", "file:/data/in/") == PurePosixPath("a/b.txt")
    assert relative_path("hdfs://nn:8020/data/in/x.png", "hdfs://nn:8020/data/in") == PurePosixPath("x.png")
    assert relative_path("file:/elsewhere/b.txt", "/data/in") == PurePosixPath("b.txt")
    assert relative_path("file:/data/in/b.txt", None) == PurePosixPath("b.txt")


def test_text_file_is_redacted_and_audited():
    out = redact_document(RULES, PurePosixPath("n/a.txt"), b"Call 415-555-0132", None, 1000)
    assert out["deid_status"] == "ok" and out["deid_content"] == b"Call [PHONE]"
    assert out["deid_files"] == [{"path": "n/a.txt", "content": b"Call [PHONE]"}]
    audit = json.loads(out["deid_audit"])
    assert audit["input"] == "n/a.txt" and audit["lang"] == "en" and audit["outputs"] == ["n/a.txt"]
    assert "415-555" not in out["deid_audit"]


def test_bad_documents_fail_with_null_outputs():
    cases = {
        "big.txt": (b"Call 415-555-0132", 5, "larger than the text size limit"),
        "empty.txt": (b"  ", 1000, "empty"),
        "report.docx": (b"PK\x03\x04", 1000, "unsupported file type"),
        "scan.png": (b"not a png 415-555-0132", 1000, ""),
        "none.txt": (None, 1000, "no file content"),
    }
    for name, (data, limit, reason) in cases.items():
        out = redact_document(RULES, PurePosixPath(name), data, None, limit)
        assert out["deid_status"] == "failed", name
        assert out["deid_content"] is None and out["deid_files"] is None and out["deid_text"] is None
        assert reason in out["deid_error"], (name, out["deid_error"])
        assert "415-555" not in out["deid_error"] and "415-555" not in out["deid_audit"]
