"""``spacy-deid spark``: a table into Parquet without the text column, a folder into the same
file tree as ``redact``; it reuses the test session (getOrCreate), so --master is not exercised."""
import json
import subprocess
import sys
from pathlib import Path

from spacy_deid.cli import main

NOTE = "Call 415-555-0132 or mail jane@example.com"


def test_table_to_parquet_without_the_text(spark, tmp_path: Path, capsys):
    src = tmp_path / "notes.json"
    src.write_text("\n".join(json.dumps({"id": i, "note": NOTE}) for i in range(3)) + "\n"
                   + json.dumps({"id": 3, "note": None}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["spark", str(src), "--out", str(out), "--format", "json", "--text-col", "note",
                 "--pipeline", "rules", "--lang", "en", "--partitions", "2"])
    assert code == 1  # the null note failed; the others went on
    rows = {r["id"]: r for r in spark.read.parquet(str(out)).collect()}
    assert "note" not in spark.read.parquet(str(out)).columns
    assert [rows[i]["deid_status"] for i in range(4)] == ["ok", "ok", "ok", "failed"]
    assert rows[0]["deid_text"] == "Call [PHONE] or mail [EMAIL]"
    assert "3 de-identified, 1 failed" in capsys.readouterr().err
    assert main(["spark", str(src), "--out", str(out), "--format", "json"]) == 2  # out exists


def test_operator_for_one_id_kind_in_any_case(spark, tmp_path: Path):
    """``--operator id/ssn=mask`` reaches the workers as ``ID/SSN`` (it was lower-cased and
    every row failed); the phone keeps the pipeline's tag."""
    src = tmp_path / "notes.json"
    src.write_text(json.dumps({"text": "SSN 123-45-6789, call 415-555-0132"}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["spark", str(src), "--out", str(out), "--format", "json", "--pipeline", "rules",
                 "--lang", "en", "--operator", "id/ssn=mask"]) == 0
    (row,) = spark.read.parquet(str(out)).collect()
    assert row["deid_text"] == "SSN ***********, call [PHONE]"
    assert [item["operator"] for item in json.loads(row["deid_items"])] == ["mask", "tag"]


def test_folder_to_file_tree_and_audit(spark, tmp_path: Path):
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "a" / "n1.txt").write_text(NOTE, encoding="utf-8")
    (src / "n2.txt").write_text("no phi here", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["spark", str(src), "--out", str(out), "--format", "binary", "--pipeline", "rules"]) == 0
    assert (out / "a" / "n1.txt").read_text(encoding="utf-8") == "Call [PHONE] or mail [EMAIL]"
    assert (out / "n2.txt").read_text(encoding="utf-8") == "no phi here"
    assert (out / "a" / "n1.txt").stat().st_mode & 0o777 == 0o600
    records = {r["input"]: r for r in map(json.loads, (out / "audit.jsonl").read_text().splitlines())}
    assert set(records) == {"a/n1.txt", "n2.txt"} and records["a/n1.txt"]["status"] == "ok"
    assert "415-555" not in (out / "audit.jsonl").read_text()


def test_the_parser_imports_no_spark():
    """``spacy-deid`` builds its parser, spark subcommand included, without pyspark or pandas."""
    code = ("import sys; from spacy_deid.cli import build_parser; build_parser(); "
            "sys.exit(1 if 'pyspark' in sys.modules or 'pandas' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_run_level_problems_stop_before_any_spark_work(tmp_path: Path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    assert main(["spark", str(src), "--out", str(src / "out"), "--format", "binary"]) == 2
    assert main(["spark", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert main(["spark", str(src), "--out", str(tmp_path / "o"), "--format", "binary",
                 "--operator", "PERSON"]) == 2
    assert not (src / "out").exists() and not (tmp_path / "o").exists()
    assert "--out may not be" in capsys.readouterr().err


def test_a_pipeline_that_cannot_load_stops_before_spark_starts(tmp_path: Path, capsys, monkeypatch):
    import spacy_deid.spark.session as session

    def no_session(*args, **kwargs):
        raise AssertionError("Spark was started")

    monkeypatch.setattr(session, "build_session", no_session)
    src = tmp_path / "notes.json"
    src.write_text(json.dumps({"text": NOTE}) + "\n", encoding="utf-8")
    for extra in (["--pipeline", str(tmp_path / "no_such_pipeline")],
                  ["--pipeline", "rules", "--lang", "en", "--operator", "PHONE=shred"]):
        assert main(["spark", str(src), "--out", str(tmp_path / "out"), "--format", "json", *extra]) == 2
        err = capsys.readouterr().err
        assert err.startswith("spacy-deid: the ") and "pipeline could not be loaded" in err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()
