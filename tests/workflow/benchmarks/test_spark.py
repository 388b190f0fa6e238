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


def test_markdown_shows_the_memory_of_every_python_worker():
    memory = {"rss_mib": 600.0, "pss_mib": 500.0, "peak_rss_mib": 650.0}
    run = {"master": "local[2]", "cores": 2, "partitions": 8, "session_start_s": 1, "warmup_job_s": 2,
           "run_s": 3, "ok": 10, "docs_per_s": 3.3, "load_average_before": 0.2, "load_average_after": 1.9,
           "memory": {"python_workers": [memory, {**memory, "rss_mib": 610.0, "pipelines": True},
                                        {**memory, "rss_mib": 50.0, "pipelines": False}], "daemons": [memory],
                      "jvm": [memory], "driver": memory}}
    single = {"docs_per_s": 5, "run_s": 2, "load_s": 1, "memory": memory, "load_average_before": 0.1,
              "load_average_after": 1.0}
    page = markdown({"n": 10, "mean_chars": 200, "pipeline": "default", "commit": "abc", "date": "d",
                     "machine": "m", "one_process": single, "spark": [run, run], "command": "python -m x --n 10",
                     "overhead_ms_per_doc": 100.0, "speedup_2_over_1": 1.0,
                     "rounds": [{"one": single, "1": run, "2": run}]})
    assert "| `local[2]` | Python worker 2 (both pipelines loaded) | 610.0 | 500.0 | 650.0 |" in page
    assert "| `local[2]` | Python worker 3 (no pipeline: it converted createDataFrame's rows) | 50.0 |" in page
    assert "| one process | the process (both pipelines) | 600.0 | 500.0 | 650.0 |" in page
    assert "one process 0.1 → 1.0; local[1] 0.2 → 1.9" in page
    assert "Command: `python -m x --n 10`." in page
