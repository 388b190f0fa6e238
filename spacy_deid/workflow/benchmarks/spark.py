"""Documents per second of ``redact_text`` on Spark (local[1], local[2]) against one process.

``python -m spacy_deid.workflow.benchmarks.spark [--n 10000] [--rounds 2] [--pipeline default]
[--json benchmarks/spark.json] [--md benchmarks/spark.md]``; ``... --n 50 --pyspark-memory 1g 3g``
checks what ``spark.executor.pyspark.memory`` does to a worker that loads the pipelines.

Each run is a fresh Python process, and the runs are interleaved (one process, local[1],
local[2], then again, ``--rounds`` times), so that a change in the shared machine's load
falls on every configuration alike; the table shows each configuration's fastest round and
the JSON keeps every round.

The notes are the hand-written dev documents (Thai and English, never trained on) cut into
pieces of consecutive lines of up to ~300 characters, repeated to ``--n``; ``lang`` is
``auto``, so each worker loads both default pipelines. Measured:

- one process: :class:`spacy_deid.cli.redact.Redactor` (what ``spacy-deid redact`` runs,
  ``nlp.pipe`` in batches) on all notes, after loading both pipelines and one note of each
  language (load time apart), on one thread: Spark gives each Python worker
  ``OMP_NUM_THREADS`` = its cores, so a first run with torch's default threads compared unequal
  (43 docs/s against 105 on ``local[1]`` on the shared machine);
- per Spark master: the session start, a warm-up job of a few rows per core (Python workers
  start and load their pipelines: the fixed overhead of a job), then the timed job over all
  notes (``redact_text(df).write.format("noop")``, every output computed) with warm workers.

Spark's per-document overhead is the warm local[1] time minus the one-process time over the
same notes (Arrow batches, the JVM <-> Python copy, the extra columns).

Memory, read from /proc after the timed job (Spark keeps its Python workers for reuse): each
Python worker's resident (RSS), proportional (PSS: pages shared with the ``pyspark.daemon`` that
forked it counted in part) and peak resident (VmHWM) MiB, with the JVM's and the driver's RSS;
for the one-process run, that process's.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[3]
SETS = [ROOT / "assets" / "dev" / "handwritten" / f"{name}.jsonl" for name in ("th", "en", "mixed")]


def notes(n: int, max_chars: int = 300) -> list[str]:
    """``n`` short notes cut from the hand-written dev documents, repeated as needed."""
    pieces: list[str] = []
    for path in SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            current = ""
            for text_line in json.loads(line)["text"].splitlines():
                if current and len(current) + len(text_line) > max_chars:
                    pieces.append(current)
                    current = ""
                current += text_line + "\n"
            if current.strip():
                pieces.append(current)
    pieces = [p for p in pieces if len(p.strip()) >= 20]
    return [pieces[i % len(pieces)] for i in range(n)]


def warmup_notes(texts: list[str], cores: int) -> list[str]:
    """A Thai and an English note for each partition of ``createDataFrame`` (its rows are
    split into ``cores`` slices in order), so that every worker loads both pipelines."""
    from spacy_deid.text import is_thai

    thai = next(t for t in texts if is_thai(t))
    english = next(t for t in texts if not is_thai(t))
    return [thai, english, thai, english] * cores


def _status_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _memory(pid: int) -> dict[str, float]:
    """RSS, PSS and peak RSS (VmHWM) of ``pid``, MiB."""
    pss = next((int(line.split()[1]) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
                if line.startswith("Pss:")), 0)
    return {"rss_mib": _status_mib(pid, "VmRSS"), "pss_mib": round(pss / 1024, 1),
            "peak_rss_mib": _status_mib(pid, "VmHWM")}


def _descendants(pid: int) -> dict[int, int]:
    """Every process below ``pid``: its parent's id."""
    out: dict[int, int] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        children = []
        try:
            tasks = list(Path(f"/proc/{parent}/task").iterdir())
        except OSError:
            continue
        for task in tasks:  # the JVM's threads come and go
            try:
                children += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
        for child in children:
            out[child] = parent
            todo.append(child)
    return out


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _has_torch(pid: int) -> bool:
    """Whether the process has loaded torch (a worker that ran ``redact_text``, not one that only
    converted rows for ``createDataFrame``)."""
    try:
        return "libtorch" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def spark_memory() -> dict[str, Any]:
    """This driver's JVM and Python workers (forked by ``pyspark.daemon``, so they carry its
    command line; the daemon itself is the one whose parent is the JVM)."""
    below = _descendants(os.getpid())
    daemons = {pid for pid in below if b"pyspark.daemon" in _cmdline(pid)}
    workers = sorted(pid for pid in daemons if below[pid] in daemons)
    jvms = [pid for pid in below if _cmdline(pid).startswith(b"java") or b"/java\0" in _cmdline(pid)]
    return {"python_workers": [{**_memory(pid), "pipelines": _has_torch(pid)} for pid in workers],
            "daemons": [_memory(pid) for pid in sorted(daemons - set(workers))],
            "jvm": [_memory(pid) for pid in jvms], "driver": _memory(os.getpid())}


def one_process(texts: list[str], pipeline: str) -> dict[str, Any]:
    """The CLI's engine in this process: load both pipelines, then every note in batches."""
    import torch

    from spacy_deid.cli.redact import RedactOptions, Redactor

    torch.set_num_threads(1)  # as on a Spark worker, which gets OMP_NUM_THREADS = its cores
    redactor = Redactor(RedactOptions(out=None, pipelines={"*": pipeline}))
    start = time.perf_counter()
    redactor.load(("th", "en"))
    for lang, text in zip(("th", "en"), warmup_notes(texts, 1)):  # first-call costs, as Spark's warm-up
        redactor.pipe(lang, [(text, 0, None)])
    loaded = time.perf_counter()
    batches: dict[str, list[tuple[str, int, str | None]]] = {}
    for index, text in enumerate(texts):
        batches.setdefault(redactor.language(text), []).append((text, index, None))
    ok = sum(len(redactor.pipe(lang, batch)) for lang, batch in batches.items())
    done = time.perf_counter()
    return {"load_s": round(loaded - start, 2), "run_s": round(done - loaded, 2), "ok": ok,
            "docs_per_s": round(len(texts) / (done - loaded), 1), "memory": _memory(os.getpid())}


def on_spark(texts: list[str], pipeline: str, master: str, cores: int) -> dict[str, Any]:
    """Session start, a warm-up job (workers start and load), then all notes."""
    from spacy_deid.spark import build_session, redact_text

    start = time.perf_counter()
    spark = build_session(master, conf={"spark.sql.shuffle.partitions": str(cores),
                                        "spark.default.parallelism": str(cores)})
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter()
    warm = spark.createDataFrame([(t,) for t in warmup_notes(texts, cores)], "text string")
    # the driver's pipeline check (both pipelines loaded once on the driver) is part of it
    redact_text(warm, pipeline=pipeline).write.format("noop").mode("overwrite").save()
    warmed = time.perf_counter()
    partitions = cores * 4
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id long, text string")
    df = df.repartition(partitions).cache()
    df.count()  # the input is in the JVM before the clock starts
    begun = time.perf_counter()
    out = redact_text(df, pipeline=pipeline, check=False)  # checked in the warm-up
    out.write.format("noop").mode("overwrite").save()
    done = time.perf_counter()
    memory = spark_memory()  # the workers stay for reuse until the session stops
    ok = out.filter(out.deid_status == "ok").count()  # computed again: not timed
    spark.stop()
    return {"master": master, "cores": cores, "partitions": partitions,
            "session_start_s": round(started - start, 2), "warmup_job_s": round(warmed - started, 2),
            "run_s": round(done - begun, 2), "ok": ok, "docs_per_s": round(len(texts) / (done - begun), 1),
            "memory": memory}


def pyspark_memory_check(texts: list[str], pipeline: str, limit: str) -> dict[str, Any]:
    """A few notes through ``redact_text`` on ``local[1]`` with ``spark.executor.pyspark.memory =
    limit`` (PySpark turns it into an address-space limit, ``RLIMIT_AS``, on each Python worker):
    whether the job ran, and the workers' address space (VmSize) and RSS."""
    from spacy_deid.spark import build_session, redact_text

    spark = build_session("local[1]", conf={"spark.executor.pyspark.memory": limit})
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.createDataFrame([(t,) for t in warmup_notes(texts, 1)], "text string")
    try:
        statuses = sorted({row.deid_status for row in redact_text(df, pipeline=pipeline, check=False)
                           .select("deid_status").collect()})
        outcome = "ran: statuses " + ", ".join(statuses)
    except Exception as error:  # the job fails in the worker: its type only (no text in the output)
        outcome = f"failed: {type(error).__name__}"
    below = _descendants(os.getpid())
    daemons = {pid for pid in below if b"pyspark.daemon" in _cmdline(pid)}
    workers = [{"vm_size_mib": _status_mib(pid, "VmSize"), "rss_mib": _status_mib(pid, "VmRSS"),
                "pipelines": _has_torch(pid)} for pid in sorted(daemons) if below[pid] in daemons]
    spark.stop()
    return {"pyspark_memory": limit, "outcome": outcome, "python_workers": workers}


def markdown(result: dict[str, Any]) -> str:
    """The results as a Markdown page."""
    single = result["one_process"]
    lines = [
        "# Spark: documents per second (`python -m spacy_deid.workflow.benchmarks.spark`)", "",
        f"{result['n']} short notes (hand-written dev documents cut to ≤ ~300 characters, mean "
        f"{result['mean_chars']} characters, Thai and English, `lang=auto`), pipeline "
        f"`{result['pipeline']}`, commit {result['commit']}, {result['date']}, {result['machine']}.",
        "", "| run | cores | docs/s | time for all notes | fixed costs |", "|---|---|---|---|---|",
        f"| one process (`Redactor`, `nlp.pipe`; the CLI's engine) | 1 | {single['docs_per_s']} | "
        f"{single['run_s']} s | pipelines load {single['load_s']} s |",
    ]
    for run in result["spark"]:
        lines.append(f"| Spark `{run['master']}`, {run['partitions']} partitions | {run['cores']} | "
                     f"{run['docs_per_s']} | {run['run_s']} s | session {run['session_start_s']} s, "
                     f"warm-up job (driver check, workers start, pipelines load) {run['warmup_job_s']} s |")
    lines += ["", f"Spark overhead per document (warm local[1] vs one process): "
              f"{result['overhead_ms_per_doc']} ms; local[2] / local[1] speed-up: {result['speedup_2_over_1']}x.",
              ""]
    if result.get("rounds"):
        lines += ["Every round (docs/s, each run a fresh process, interleaved): " + "; ".join(
            f"round {i}: one process {r['one']['docs_per_s']}, local[1] {r['1']['docs_per_s']}, "
            f"local[2] {r['2']['docs_per_s']}" for i, r in enumerate(result["rounds"], start=1)) + ".", ""]
        loads = [f"{name} {r[kind]['load_average_before']} → {r[kind]['load_average_after']}"
                 for r in result["rounds"] for kind, name in (("one", "one process"), ("1", "local[1]"),
                                                              ("2", "local[2]"))
                 if "load_average_before" in r[kind]]
        if loads:
            lines += ["Load average (1 min) before → after each run, in order: " + "; ".join(loads) + ".", ""]
    memory_rows = _memory_rows(result)
    if memory_rows:
        lines += ["Memory (MiB, read from /proc after the timed job, fastest round): RSS resident, PSS "
                  "proportional (pages a worker shares with the `pyspark.daemon` that forked it counted "
                  "in part), peak = highest RSS (VmHWM).", "",
                  "| run | process | RSS | PSS | peak RSS |", "|---|---|---|---|---|", *memory_rows, ""]
    if result.get("command"):
        lines += [f"Command: `{result['command']}`.", ""]
    lines += [result.get("note", ""), ""]
    return "\n".join(lines)


def _memory_rows(result: dict[str, Any]) -> list[str]:
    rows = []

    def row(run: str, name: str, m: dict[str, float]) -> str:
        return f"| {run} | {name} | {m['rss_mib']} | {m['pss_mib']} | {m['peak_rss_mib']} |"

    if result["one_process"].get("memory"):
        rows.append(row("one process", "the process (both pipelines)", result["one_process"]["memory"]))
    for run in result["spark"]:
        memory = run.get("memory")
        if not memory:
            continue
        for index, worker in enumerate(memory["python_workers"], start=1):
            what = ("both pipelines loaded" if worker.get("pipelines", True)
                    else "no pipeline: it converted createDataFrame's rows")
            rows.append(row(f"`{run['master']}`", f"Python worker {index} ({what})", worker))
        for daemon in memory["daemons"]:
            rows.append(row(f"`{run['master']}`", "pyspark.daemon (forks the workers)", daemon))
        for jvm in memory["jvm"]:
            rows.append(row(f"`{run['master']}`", "JVM (driver and executor)", jvm))
        rows.append(row(f"`{run['master']}`", "Python driver (its pipeline check loads both)", memory["driver"]))
    return rows


def _fresh(args: argparse.Namespace, kind: str) -> dict[str, Any]:
    """One run (``one``, ``1`` or ``2`` cores of Spark) in a new Python process."""
    before = round(os.getloadavg()[0], 2)
    done = subprocess.run([sys.executable, "-m", "spacy_deid.workflow.benchmarks.spark", "--n", str(args.n),
                           "--pipeline", args.pipeline, "--only", kind], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "load_average_before": before,
            "load_average_after": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--pipeline", default="default")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "spark.json")
    parser.add_argument("--md", type=Path, default=ROOT / "benchmarks" / "spark.md")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--note", default="", help="a line for the Markdown (e.g. a shared machine)")
    parser.add_argument("--only", choices=("one", "1", "2"), help=argparse.SUPPRESS)  # one run, as JSON
    parser.add_argument("--pyspark-memory", metavar="LIMIT", nargs="+",
                        help="instead of the benchmark: run a few notes on local[1] with "
                             "spark.executor.pyspark.memory = each LIMIT (e.g. 1g 3g) and print the outcome")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per process, Spark's workers included
    texts = notes(args.n)
    if args.pyspark_memory:
        if len(args.pyspark_memory) == 1:
            print(json.dumps(pyspark_memory_check(texts, args.pipeline, args.pyspark_memory[0])))
            return 0
        for limit in args.pyspark_memory:  # each in a fresh process: the setting is read at JVM start
            done = subprocess.run([sys.executable, "-m", "spacy_deid.workflow.benchmarks.spark", "--n",
                                   str(args.n), "--pipeline", args.pipeline, "--pyspark-memory", limit],
                                  cwd=ROOT, capture_output=True, text=True, check=True)
            print(done.stdout.strip().splitlines()[-1].strip())
        return 0
    if args.only:
        cores = int(args.only) if args.only != "one" else 0
        run = on_spark(texts, args.pipeline, f"local[{cores}]", cores) if cores else one_process(texts, args.pipeline)
        print(json.dumps(run))
        return 0
    load_before = round(os.getloadavg()[0], 2)
    rounds = [{kind: _fresh(args, kind) for kind in ("one", "1", "2")} for _ in range(args.rounds)]
    single = max((r["one"] for r in rounds), key=lambda run: run["docs_per_s"])
    runs = [max((r[cores] for r in rounds), key=lambda run: run["docs_per_s"]) for cores in ("1", "2")]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip()
    result = {
        "n": args.n, "pipeline": args.pipeline, "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "commit": commit, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}, "
                   f"load average {load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end",
        "command": "python -m spacy_deid.workflow.benchmarks.spark " + shlex.join(
            sys.argv[1:] if argv is None else argv),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"), "one_process": single, "spark": runs,
        "rounds": rounds,
        "overhead_ms_per_doc": round(1000 * (runs[0]["run_s"] - single["run_s"]) / args.n, 2),
        "speedup_2_over_1": round(runs[1]["docs_per_s"] / runs[0]["docs_per_s"], 2),
        "note": args.note,
    }
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    args.md.write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
