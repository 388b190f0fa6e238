"""Load on ``spacy-deid serve`` over loopback: requests/s and p50/p95 latency for short notes.

``python -m spacy_deid.workflow.benchmarks.serve_load OUT.json [--workers 1 2] [--concurrency 1 8 32]
[--requests 120]`` starts the real command on 127.0.0.1 (a free port) for each worker count, waits
until every worker answers ``/healthz`` (then reads from /proc the memory of each worker and of
its de-identification child process, where the pipelines live: resident (RSS), proportional
(PSS: shared pages split among the processes sharing them) and the child's peak RSS; again after
the load), and sends ``--requests`` ``POST /v1/redact`` requests of short Thai and English notes (in turn) at
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
import shlex
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


def _children(pid: int) -> list[int]:
    """uvicorn's worker processes (multiprocessing spawn children; not its resource tracker)."""
    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
    except OSError:
        return []


def _status_mib(pid: int, field: str) -> float:
    """A ``/proc/PID/status`` field (``VmRSS``, ``VmHWM``: the peak RSS) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _pss_mib(pid: int) -> float:
    """The proportional set size: private pages plus a share of each page shared with others."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _process_memory(pid: int) -> dict[str, float]:
    return {"rss_mib": _status_mib(pid, "VmRSS"), "pss_mib": _pss_mib(pid), "peak_rss_mib": _status_mib(pid, "VmHWM")}


def _engines(worker: int) -> list[int]:
    """The worker's de-identification child processes (``python -m spacy_deid.serve.process``)."""
    children = [int(c) for task in Path(f"/proc/{worker}/task").iterdir()
                for c in (task / "children").read_text().split()]
    return [c for c in children if b"spacy_deid.serve.process" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _memory(pid: int) -> list[dict[str, Any]]:
    """Per worker of the server ``pid``: the memory of the worker (the service process), of its
    de-identification child, and their sum (RSS, PSS: MiB). With one worker, uvicorn serves in
    ``pid`` itself."""
    workers = _children(pid) or [pid]  # one worker: uvicorn serves in pid
    out: list[dict[str, Any]] = []
    for worker in workers:
        engines = _engines(worker)
        if len(engines) != 1:
            raise RuntimeError(f"worker {worker} has {len(engines)} de-identification processes, not 1")
        service, child = _process_memory(worker), _process_memory(engines[0])
        out.append({"service": service, "child": child,
                    "total_rss_mib": round(service["rss_mib"] + child["rss_mib"], 1),
                    "total_pss_mib": round(service["pss_mib"] + child["pss_mib"], 1)})
    return out


def _owner(port: int, client_port: int, pids: list[int]) -> int | None:
    """Which of ``pids`` holds the server side of the loopback connection from ``client_port``."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and int(fields[2].split(":")[1], 16) == client_port:
            inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        try:
            if any(os.readlink(link) in inodes for link in Path(f"/proc/{pid}/fd").iterdir()):
                return pid
        except OSError:
            continue
    return None


def _workers(pid: int, count: int) -> list[int]:
    """The processes that serve requests: ``pid`` itself with one worker, else its spawned workers."""
    return [pid] if count == 1 else _children(pid)


def start(workers: int, pipeline: str, timeout: float = 600) -> tuple[subprocess.Popen, int, float]:
    """The server, its port and the seconds until every worker was ready: each of them (found
    by which process holds the accepted socket) has answered ``/healthz`` with 200."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "spacy_deid", "serve", "--port", str(port), "--workers", str(workers),
         "--pipeline", pipeline], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHAINLP_OFFLINE": "1"})
    started = time.monotonic()
    ready: set[int] = set()
    while True:
        if process.poll() is not None or time.monotonic() - started > timeout:
            process.kill()
            raise RuntimeError("the server did not become ready")
        pids = _workers(process.pid, workers)
        if len(pids) == workers and ready >= set(pids):
            return process, port, round(time.monotonic() - started, 1)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
            owner = _owner(port, connection.sock.getsockname()[1], pids)
            if owner is not None:
                (ready.add if status == 200 else ready.discard)(owner)
            if status != 200:
                time.sleep(0.2)
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()


def load(port: int, concurrency: int, requests: int, pids: list[int]) -> dict[str, Any]:
    """Send ``requests`` requests from ``concurrency`` threads; latencies and throughput, the
    status of each failed request and how many requests each worker (of ``pids``) served."""
    latencies: list[float] = []
    failed: dict[str, int] = {}
    served: dict[int, int] = dict.fromkeys(pids, 0)
    lock = threading.Lock()
    counter = iter(range(requests))
    bodies = [json.dumps(note).encode("utf-8") for note in NOTES]

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        owner: int | None = None
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
                if owner is None:  # the connection is kept alive: one worker serves all its requests
                    owner = _owner(port, connection.sock.getsockname()[1], pids)
                with lock:
                    latencies.append(elapsed)
                    if response.status != 200:
                        failed[str(response.status)] = failed.get(str(response.status), 0) + 1
                    if owner is not None:
                        served[owner] += 1
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
    return {"concurrency": concurrency, "requests": len(latencies), "failed": sum(failed.values()),
            "failed_by_status": failed, "served_per_worker": list(served.values()),
            "requests_per_s": round(len(latencies) / seconds, 1),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1)}


def run(workers: int, concurrencies: list[int], requests: int, pipeline: str) -> dict[str, Any]:
    load_before = round(os.getloadavg()[0], 2)
    process, port, ready_s = start(workers, pipeline)
    try:
        memory = _memory(process.pid)
        pids = _workers(process.pid, workers)
        for _ in range(4):  # warm-up, not counted: each worker's first calls
            load(port, 4, 20, pids)
        rows = [load(port, c, requests, pids) for c in concurrencies]
        memory_after = _memory(process.pid)
        supervisor = _process_memory(process.pid) if workers > 1 else None
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
    return {"workers": workers, "ready_s": ready_s, "memory_ready": memory, "memory_after": memory_after,
            "supervisor": supervisor, "load_average_before": load_before,
            "load_average_after": round(os.getloadavg()[0], 2), "levels": rows}


def markdown(result: dict[str, Any]) -> str:
    lines = [f"# spacy-deid serve under load (loopback, {result['pipeline']} pipelines)", "",
             f"Measured {result['date']} at {result['commit']} on {result['machine']}: "
             f"`{result['command']}`. {result['note']}", "",
             "Short notes, Thai and English in turn (one request each):", ""]
    lines += [f"- `{note}`" for note in result["notes"]]
    lines += ["", "| workers | concurrency | requests | failed | requests/s | p50 ms | p95 ms | served per worker |",
              "|---|---|---|---|---|---|---|---|"]
    for run_ in result["runs"]:
        for row in run_["levels"]:
            lines.append(f"| {run_['workers']} | {row['concurrency']} | {row['requests']} | {row['failed']} "
                         f"| {row['requests_per_s']} | {row['p50_ms']} | {row['p95_ms']} "
                         f"| {' / '.join(map(str, row['served_per_worker']))} |")
    lines += ["", "Memory per worker (MiB), after loading → after the load: the service process (uvicorn's "
              "worker) and its de-identification child (`spacy_deid.serve.process`, which holds the "
              "pipelines); RSS resident, PSS proportional (pages shared between processes counted "
              "once in all), peak = the child's highest RSS.", "",
              "| workers | worker | ready after (s) | service RSS / PSS | child RSS / PSS | child peak RSS "
              "| worker + child RSS | worker + child PSS | load average before → after |",
              "|---|---|---|---|---|---|---|---|---|"]
    for run_ in result["runs"]:
        for index, (a, b) in enumerate(zip(run_["memory_ready"], run_["memory_after"]), start=1):
            lines.append(
                f"| {run_['workers']} | {index} | {run_['ready_s']} "
                f"| {a['service']['rss_mib']} / {a['service']['pss_mib']} → "
                f"{b['service']['rss_mib']} / {b['service']['pss_mib']} "
                f"| {a['child']['rss_mib']} / {a['child']['pss_mib']} → {b['child']['rss_mib']} / {b['child']['pss_mib']} "
                f"| {b['child']['peak_rss_mib']} | {a['total_rss_mib']} → {b['total_rss_mib']} "
                f"| {a['total_pss_mib']} → {b['total_pss_mib']} "
                f"| {run_['load_average_before']} → {run_['load_average_after']} |")
    supervisors = [r for r in result["runs"] if r.get("supervisor")]
    if supervisors:
        lines += [""] + [f"With {r['workers']} workers, uvicorn's supervisor process adds "
                         f"{r['supervisor']['rss_mib']} MiB RSS / {r['supervisor']['pss_mib']} MiB PSS." for r in supervisors]
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
    command = "python -m spacy_deid.workflow.benchmarks.serve_load " + shlex.join(
        sys.argv[1:] if argv is None else argv)
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": commit or "?",
              "pipeline": args.pipeline, "command": command,
              "machine": f"{platform.machine()}, {os.cpu_count()} cores", "note": args.note,
              "notes": [n["text"] for n in NOTES],
              "runs": [run(w, args.concurrency, args.requests, args.pipeline) for w in args.workers]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result), end="")


if __name__ == "__main__":
    main()
