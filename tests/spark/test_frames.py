"""redact_text and redact_files on a local[2] SparkSession: the same outputs as
``spacy-deid redact``, rows failing alone, group-consistent date shifts, no key in plans or logs."""
import json
import logging
import re
import shutil
from pathlib import Path

import pytest

from spacy_deid.cli import main
from spacy_deid.pipelines import load_pipeline
from spacy_deid.spark import redact_files, redact_text
from spacy_deid.spark.session import KEY_ENV

SAMPLES = Path(__file__).parents[2] / "assets" / "samples"
NOTES = {
    "en_short.txt": "Patient phone 415-555-0132, email jane.roe@example.com, seen on 2024-01-05.",
    "th_short.txt": "นายสมชาย ใจดี อายุ 45 ปี HN 64-12345 โทร 081-234-5678",
    "mixed.txt": "Dr. John Smith โทร 089-111-2222 visit 12/03/2024",
    "opd_en.txt": (SAMPLES / "opd_note_en.txt").read_text(encoding="utf-8"),
    "line_chat_th.txt": (SAMPLES / "line_chat_th.txt").read_text(encoding="utf-8"),
}


def read_audit(out: Path) -> dict:
    return {r["input"]: r for r in map(json.loads, (out / "audit.jsonl").read_text().splitlines())}


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory) -> tuple[Path, Path, dict]:
    """``spacy-deid redact`` once on the notes, a text sample, a PNG scan and an unsupported file
    (one run, so the default pipelines are loaded once on the driver)."""
    base = tmp_path_factory.mktemp("cli")
    notes, files = base / "notes", base / "files"
    (files / "sub").mkdir(parents=True)
    notes.mkdir()
    for name, text in NOTES.items():
        (notes / name).write_text(text, encoding="utf-8")
    shutil.copy(SAMPLES / "opd_note_en.txt", files / "opd_note_en.txt")
    shutil.copy(SAMPLES / "scan_en.png", files / "sub" / "scan_en.png")
    (files / "notes.docx").write_bytes(b"PK\x03\x04 not supported")
    out = base / "out"
    assert main(["redact", str(notes), str(files), "--out", str(out)]) == 1  # the .docx fails
    return files, out, read_audit(out)


def test_text_rows_match_the_cli(spark, cli_run):
    _, out, audit = cli_run
    df = spark.createDataFrame(list(NOTES.items()), "name string, text string").coalesce(1)
    rows = {r["name"]: r for r in redact_text(df).collect()}
    for name in NOTES:
        row = rows[name]
        assert row["deid_status"] == "ok" and row["deid_error"] is None, name
        assert row["deid_text"] == (out / name).read_text(encoding="utf-8"), name
        assert json.loads(row["deid_items"]) == audit[name]["items"], name
        assert row["deid_lang"] == audit[name]["lang"], name
    assert "415-555-0132" not in rows["en_short.txt"]["deid_text"]
    assert "[PERSON]" in rows["th_short.txt"]["deid_text"]


def test_a_failing_row_fails_alone(spark):
    texts = ["Call 415-555-0132", None, "Seen 12/03/2024 at the clinic", "mail jane@example.com"]
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id int, text string").repartition(2)
    # date_shift reads a key from a variable no worker has: the anonymizer raises for the dated row
    out = redact_text(df, pipeline="rules", lang="en", operators={"DATE": "date_shift"},
                      anonymizer={"key_env": "SPACY_DEID_TEST_UNSET_KEY"})
    rows = {r["id"]: r for r in out.collect()}
    assert [rows[i]["deid_status"] for i in range(4)] == ["ok", "failed", "failed", "ok"]
    assert rows[0]["deid_text"] == "Call [PHONE]" and rows[3]["deid_text"] == "mail [EMAIL]"
    assert rows[1]["deid_error"] == "the text is null"
    assert "MissingKeyError" in rows[2]["deid_error"] and "12/03" not in rows[2]["deid_error"]
    for i in (1, 2):
        assert rows[i]["deid_text"] is None and rows[i]["deid_items"] is None


def test_date_shifts_are_consistent_per_group_across_partitions(spark, spark_key, monkeypatch):
    rows = [(i, f"p{i % 2}", f"Note {i}: admitted 12/03/2024, seen again 15/03/2024") for i in range(12)]
    df = spark.createDataFrame(rows, "id int, patient string, text string").repartition(4, "id")
    assert df.rdd.getNumPartitions() == 4
    out = redact_text(df, pipeline="rules", lang="en", operators={"DATE": "date_shift"},
                      group_col="patient").collect()
    by_group: dict[str, set] = {}
    for row in out:
        assert row["deid_status"] == "ok", row["deid_error"]
        by_group.setdefault(row["patient"], set()).add(row["deid_text"].split(": ", 1)[1])
    assert all(len(shifted) == 1 for shifted in by_group.values()), by_group
    assert by_group["p0"] != by_group["p1"]
    # the same shift as the pipeline on one process with the same key and group (runs agree)
    monkeypatch.setenv(KEY_ENV, spark_key)
    nlp = load_pipeline("rules", "en", {"operators": {"DATE": {"operator": "date_shift"}}})
    doc = nlp.make_doc(rows[0][2])
    doc._.deid_group = "p0"
    assert by_group["p0"] == {nlp(doc)._.deid_text.split(": ", 1)[1]}
    assert "12/03/2024" not in next(iter(by_group["p0"]))


def test_the_key_is_in_no_plan_and_no_log(spark, spark_key, capfd, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    df = spark.createDataFrame([("mail jane@example.com or 415-555-0132",)], "text string")
    out = redact_text(df, pipeline="rules", lang="en", operators={"EMAIL": "hash", "PHONE": "hash"})
    out.explain(True)
    plan = out._jdf.queryExecution().toString()
    [row] = out.collect()
    captured = capfd.readouterr()
    assert "MapInPandas" in captured.out  # explain printed the plan
    for text in (captured.out, captured.err, plan, caplog.text, str(out.schema)):
        assert spark_key not in text
        assert "jane@example.com" not in text.replace("mail jane@example.com or 415-555-0132", "")
    assert row["deid_status"] == "ok"
    assert re.fullmatch(r"mail \[EMAIL:[0-9a-f]{8}\] or \[PHONE:[0-9a-f]{8}\]", row["deid_text"])
    # the workers used the key from their environment: the driver, given it, agrees
    monkeypatch.setenv(KEY_ENV, spark_key)
    nlp = load_pipeline("rules", "en", {"operators": {"EMAIL": {"operator": "hash"},
                                                      "PHONE": {"operator": "hash"}}})
    assert row["deid_text"] == nlp("mail jane@example.com or 415-555-0132")._.deid_text


def test_binary_files_match_the_cli(spark, cli_run):
    src, out, audit = cli_run
    df = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(str(src))
    redacted = redact_files(df.coalesce(1), root=str(src))
    assert "content" not in redacted.columns and "path" in redacted.columns
    rows = {r["path"].rsplit("/files/", 1)[1]: r for r in redacted.collect()}
    assert set(rows) == {"opd_note_en.txt", "sub/scan_en.png", "notes.docx"}
    for name in ("opd_note_en.txt", "sub/scan_en.png"):
        row, record = rows[name], audit[name]
        assert row["deid_status"] == "ok", (name, row["deid_error"])
        files = {f["path"]: bytes(f["content"]) for f in row["deid_files"]}
        assert sorted(files) == sorted(record["outputs"]), name
        for rel, data in files.items():
            assert data == (out / rel).read_bytes(), rel
        ours = json.loads(row["deid_audit"])
        for key in ("status", "lang", "chars", "items", "outputs", "kind", "pages"):
            assert ours.get(key) == record.get(key), (name, key)
    assert rows["opd_note_en.txt"]["deid_content"] == (out / "opd_note_en.txt").read_bytes()
    png = rows["sub/scan_en.png"]
    assert png["deid_content"] == (out / "sub" / "scan_en.png").read_bytes()
    assert png["deid_text"] == (out / "sub" / "scan_en.png.txt").read_text(encoding="utf-8")
    assert json.loads(png["deid_audit"])["items"], "the scan has PHI"
    bad = rows["notes.docx"]
    assert bad["deid_status"] == "failed" and bad["deid_content"] is None and bad["deid_files"] is None
    assert audit["notes.docx"]["error"] == bad["deid_error"]


def test_a_pipeline_that_cannot_load_fails_on_the_driver_before_any_job(spark, tmp_path):
    from spacy_deid.cli.redact import PipelineLoadError

    df = spark.createDataFrame([("Call 415-555-0132",)], "text string")
    files = spark.createDataFrame([("file:/a.txt", b"Call 415-555-0132")], "path string, content binary")
    jobs = spark.sparkContext.statusTracker().getJobIdsForGroup()
    with pytest.raises(PipelineLoadError, match="the en pipeline could not be loaded"):
        redact_text(df, lang="en", pipeline=str(tmp_path / "missing"))
    with pytest.raises(PipelineLoadError, match="the th pipeline could not be loaded"):
        redact_text(df, pipeline={"th": "rules", "en": "rules"}, operators={"PHONE": "shred"})
    with pytest.raises(PipelineLoadError):
        redact_files(files, pipeline=str(tmp_path / "missing"))
    assert spark.sparkContext.statusTracker().getJobIdsForGroup() == jobs  # no job ran
    # without the check the job runs, and every row fails closed on the workers
    (row,) = redact_text(df, lang="en", pipeline=str(tmp_path / "missing"), check=False).collect()
    assert row["deid_status"] == "failed" and "could not be loaded" in row["deid_error"]
    assert row["deid_text"] is None
