"""The Spark benchmark's inputs and report (the timed runs themselves are the benchmark)."""
from spacy_deid.text import is_thai
from spacy_deid.workflow.benchmarks.spark import markdown, notes, warmup_notes


def test_notes_are_short_pieces_of_both_languages():
    texts = notes(500)
    assert len(texts) == 500
    assert all(len(t.strip()) >= 20 for t in texts)
    assert all(len(t) <= 301 or t.count("\n") == 1 for t in texts)  # longer: one long line alone
    assert any(is_thai(t) for t in texts) and any(not is_thai(t) for t in texts)


def test_every_warmup_slice_has_both_languages():
    texts = notes(200)
    warm = warmup_notes(texts, 2)
    for start in (0, 4):  # createDataFrame cuts the rows into one slice per core, in order
        assert {is_thai(t) for t in warm[start:start + 4]} == {True, False}


def test_markdown_names_every_run():
    run = {"master": "local[1]", "cores": 1, "partitions": 4, "session_start_s": 1, "warmup_job_s": 2,
           "run_s": 3, "ok": 10, "docs_per_s": 3.3}
    page = markdown({"n": 10, "mean_chars": 200, "pipeline": "default", "commit": "abc", "date": "d",
                     "machine": "m", "one_process": {"docs_per_s": 5, "run_s": 2, "load_s": 1},
                     "spark": [run, {**run, "master": "local[2]", "cores": 2}],
                     "overhead_ms_per_doc": 100.0, "speedup_2_over_1": 1.0,
                     "rounds": [{"one": {"docs_per_s": 5}, "1": run, "2": {**run, "docs_per_s": 6.1}}] * 2})
    assert "local[1]" in page and "local[2]" in page and "| one process" in page
    assert "round 2: one process 5, local[1] 3.3, local[2] 6.1" in page
