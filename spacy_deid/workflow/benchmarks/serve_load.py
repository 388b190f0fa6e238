"""Load on ``spacy-deid serve`` over loopback: requests/s and p50/p95 latency for short notes.

``python -m spacy_deid.workflow.benchmarks.serve_load OUT.json [--workers 1 2] [--concurrency 1 8 32]
[--requests 120]`` starts the real command on 127.0.0.1 (a free port) for each worker count, waits
until every worker answers ``/healthz`` (then reads from /proc the resident memory of each
worker and of its de-identification child process, where the pipelines live),
and sends ``--requests`` ``POST /v1/redact`` requests of short Thai and English notes (in turn) at
each concurrency, one keep-alive connection per client thread. Bounded: a fixed number of
requests, a timeout on each, nothing but 127.0.0.1 is contacted, and the server is stopped at the
end. Writes OUT.json and a Markdown table beside it (``.md``).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

NOTES = [
    {"text": "ผู้ป่วย นายสมชาย ใจดี อายุ 45 ปี HN 64-12345 โทร 081-234-5678 นัดวันที่ 12 มกราคม 2567"},
    {"text": "Seen Mr John Smith (DOB 05/01/1961) today, phone 415-555-0132, follow up in 2 weeks."},
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def _children(pid: int) -> list[int]:
    """uvicorn's worker processes (multiprocessing spawn children; not its resource tracker)."""
    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
    except OSError:
        return []


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _memory(pid: int) -> list[list[float]]:
    """Per worker of the server ``pid``: the resident MiB of the worker and of its child."""
    workers = _children(pid) or [pid]
    out = []
    for worker in workers:
        children = [int(c) for task in Path(f"/proc/{worker}/task").iterdir()
                    for c in (task / "children").read_text().split()]
        engines = [c for c in children if b"spacy_deid.serve.process" in Path(f"/proc/{c}/cmdline").read_bytes()]
        out.append([_rss_mib(worker), sum(_rss_mib(c) for c in engines)])
    return out


def start(workers: int, pipeline: str, timeout: float = 600) -> tuple[subprocess.Popen, int, float]:
    """The server, its port and the seconds until all workers were ready."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "spacy_deid", "serve", "--port", str(port), "--workers", str(workers),
         "--pipeline", pipeline], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHAINLP_OFFLINE": "1"})
    started = time.monotonic()
    ready = 0
    while ready < 20 * workers:  # consecutive 200s: every worker has loaded (the kernel spreads connections)
        if process.poll() is not None or time.monotonic() - started > timeout:
            process.kill()
            raise RuntimeError("the server did not become ready")
        try:
            ready = ready + 1 if _get(port, "/healthz") == 200 else 0
        except OSError:
            ready = 0
            time.sleep(0.2)
    return process, port, round(time.monotonic() - started, 1)


def load(port: int, concurrency: int, requests: int) -> dict[str, Any]:
    """Send ``requests`` requests from ``concurrency`` threads; latencies and throughput."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    counter = iter(range(requests))
    bodies = [json.dumps(note).encode("utf-8") for note in NOTES]

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            while True:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                sent = time.perf_counter()
                connection.request("POST", "/v1/redact", bodies[index % len(bodies)],
                                   {"content-type": "application/json"})
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - sent
                with lock:
                    latencies.append(elapsed)
                    failures[0] += response.status != 200
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    ordered = sorted(latencies)
    return {"concurrency": concurrency, "requests": len(latencies), "failed": failures[0],
            "requests_per_s": round(len(latencies) / seconds, 1),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1)}


def run(workers: int, concurrencies: list[int], requests: int, pipeline: str) -> dict[str, Any]:
    process, port, ready_s = start(workers, pipeline)
    try:
        rss = _memory(process.pid)
        load(port, 1, 10)  # warm-up, not counted
        rows = [load(port, c, requests) for c in concurrencies]
        rss_after = _memory(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
    return {"workers": workers, "ready_s": ready_s, "worker_rss_mib_ready": rss,
            "worker_rss_mib_after": rss_after, "levels": rows}


def markdown(result: dict[str, Any]) -> str:
    lines = [f"# spacy-deid serve under load (loopback, {result['pipeline']} pipelines)", "",
             f"Measured {result['date']} at {result['commit']} on {result['machine']}; {result['note']}", "",
             "| workers | concurrency | requests | failed | requests/s | p50 ms | p95 ms |",
             "|---|---|---|---|---|---|---|"]
    for run_ in result["runs"]:
        for row in run_["levels"]:
            lines.append(f"| {run_['workers']} | {row['concurrency']} | {row['requests']} | {row['failed']} "
                         f"| {row['requests_per_s']} | {row['p50_ms']} | {row['p95_ms']} |")
    lines += ["", "| workers | ready after (s) | resident memory per worker: service process + its "
              "de-identification child, ready → after (MiB) |", "|---|---|---|"]
    for run_ in result["runs"]:
        memory = ", ".join(f"{a[0]} + {a[1]} → {b[0]} + {b[1]}"
                           for a, b in zip(run_["worker_rss_mib_ready"], run_["worker_rss_mib_after"]))
        lines.append(f"| {run_['workers']} | {run_['ready_s']} | {memory} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--requests", type=int, default=120, help="per concurrency level")
    parser.add_argument("--pipeline", default="default")
    parser.add_argument("--note", default="", help="a line for the Markdown (e.g. the machine was shared)")
    args = parser.parse_args(argv)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    result = {"date": time.strftime("%Y-%m-%d"), "commit": commit or "?", "pipeline": args.pipeline,
              "machine": f"{platform.machine()}, {os.cpu_count()} cores", "note": args.note,
              "notes": [n["text"] for n in NOTES],
              "runs": [run(w, args.concurrency, args.requests, args.pipeline) for w in args.workers]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result), end="")


if __name__ == "__main__":
    main()
