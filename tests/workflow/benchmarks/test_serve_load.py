"""The serve load benchmark's readouts and report (the timed runs themselves are the benchmark)."""
import os
import socket

from spacy_deid.workflow.benchmarks.serve_load import _owner, _process_memory, markdown


def test_memory_of_a_process_has_rss_pss_and_peak():
    memory = _process_memory(os.getpid())
    assert set(memory) == {"rss_mib", "pss_mib", "peak_rss_mib"}
    assert 0 < memory["pss_mib"] <= memory["rss_mib"] <= memory["peak_rss_mib"]


def test_owner_is_the_process_holding_the_accepted_socket():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as client:
            accepted, _ = server.accept()
            with accepted:
                client_port = client.getsockname()[1]
                assert _owner(port, client_port, [os.getppid(), os.getpid()]) == os.getpid()
                assert _owner(port, client_port + 1 if client_port < 65535 else 1, [os.getpid()]) is None


def test_markdown_shows_every_level_and_the_child_memory():
    memory = {"rss_mib": 300.0, "pss_mib": 200.0, "peak_rss_mib": 310.0}
    child = {"rss_mib": 700.0, "pss_mib": 600.0, "peak_rss_mib": 720.0}
    worker = {"service": memory, "child": child, "total_rss_mib": 1000.0, "total_pss_mib": 800.0}
    level = {"concurrency": 8, "requests": 100, "failed": 0, "failed_by_status": {}, "served_per_worker": [60, 40],
             "requests_per_s": 50.0, "p50_ms": 150.0, "p95_ms": 200.0}
    page = markdown({"pipeline": "default", "date": "d", "commit": "abc", "machine": "m", "note": "n",
                     "command": "python -m spacy_deid.workflow.benchmarks.serve_load out.json",
                     "notes": ["a note"],
                     "runs": [{"workers": 2, "ready_s": 20.0, "memory_ready": [worker, worker],
                               "memory_after": [worker, worker], "load_average_before": 0.5,
                               "load_average_after": 1.5, "supervisor": memory, "levels": [level]}]})
    assert "| 2 | 8 | 100 | 0 | 50.0 | 150.0 | 200.0 | 60 / 40 |" in page
    assert "| 700.0 / 600.0 → 700.0 / 600.0 | 720.0 | 1000.0 → 1000.0 | 800.0 → 800.0 | 0.5 → 1.5 |" in page
    assert "`python -m spacy_deid.workflow.benchmarks.serve_load out.json`" in page
    assert "supervisor process adds 300.0 MiB RSS / 200.0 MiB PSS" in page
