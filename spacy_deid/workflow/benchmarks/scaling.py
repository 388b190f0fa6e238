"""How time and peak memory grow with document length and with batch size.

Each point runs in a fresh (spawned) process so that its peak resident memory is its
own: the process builds the system, warms it up on a short text, records its resident
memory, resets the kernel's peak counter, then processes the measured input once. A point
that takes longer than its timeout is stopped and reported as such. Documents longer than
spaCy's default ``max_length`` are allowed deliberately (``System.set_max_length``).
"""
from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Sequence

SystemSpec = tuple[str, str, str]  # ("ours", spec, lang) or ("peer", name, lang)


def build(spec: SystemSpec, batch_size: int | None = None):
    """A System from a picklable spec."""
    kind, name, lang = spec
    if kind == "ours":
        from .systems import OurPipeline

        return OurPipeline(name, lang, batch_size=batch_size or 64)
    from .peers import build_peer

    return build_peer(name, lang)


def _status_mib(field: str) -> float:
    """A memory field of /proc/self/status in MiB: VmRSS (now) or VmHWM (peak).

    (``ru_maxrss`` is not used: Linux carries it over from the parent across exec.)
    """
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not found in /proc/self/status")


def _point(spec: SystemSpec, texts: list[str], batch_size: int | None) -> dict[str, float]:
    """Runs in the child: load, warm up, then time one pass over ``texts``."""
    system = build(spec, batch_size)
    longest = max(len(t) for t in texts)
    system.set_max_length(longest)
    system.process([texts[0][:500]])
    loaded = _status_mib("VmRSS")
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")  # reset the peak (VmHWM) to the current RSS: the peak is the work's
    start = time.perf_counter()
    system.process(texts)
    seconds = time.perf_counter() - start
    peak = _status_mib("VmHWM")
    return {
        "seconds": seconds,
        "chars_per_s": sum(len(t) for t in texts) / seconds,
        "rss_loaded_mib": loaded,
        "peak_rss_mib": peak,
        "peak_over_loaded_mib": peak - loaded,
    }


def _child(conn, spec: SystemSpec, texts: list[str], batch_size: int | None) -> None:
    try:
        conn.send(("ok", _point(spec, texts, batch_size)))
    except Exception as err:  # reported to the parent by type only (no document text)
        conn.send(("error", type(err).__name__))
    finally:
        conn.close()


def measure(
    spec: SystemSpec, texts: list[str], batch_size: int | None = None, timeout: float = 300.0
) -> dict[str, object]:
    """One point, in a fresh spawned process; stopped after ``timeout`` seconds.

    A stopped or failed point is returned as ``{"status": "timeout" | "error: <type>"}``.
    """
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, spec, texts, batch_size), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            return {"status": "timeout", "timeout_s": timeout}
        try:
            status, value = parent.recv()
        except EOFError:
            return {"status": f"error: process died (exit code {proc.exitcode})"}
        return {"status": "ok", **value} if status == "ok" else {"status": f"error: {value}"}
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(10)
        parent.close()


def long_text(texts: Sequence[str], n_chars: int) -> str:
    """A document of exactly ``n_chars`` characters made of the set's texts, repeated."""
    if not any(texts):
        raise ValueError("no text to build a long document from")
    parts: list[str] = []
    size = 0
    while size < n_chars:
        for t in texts:
            parts.append(t)
            size += len(t) + 1
            if size >= n_chars:
                break
    return "\n".join(parts)[:n_chars]


def _progress(row: dict[str, object]) -> None:
    what = f"{row.get('n_chars', '')} chars" if "n_chars" in row else f"batch {row['batch_size']}"
    took = f"{row['seconds']:.1f} s" if row["status"] == "ok" else row["status"]
    print(f"[benchmark]   {row['system']} ({row['lang']}) {what}: {took}", file=sys.stderr, flush=True)


def by_length(
    specs: Sequence[SystemSpec], texts: Sequence[str], lengths: Sequence[int], timeout: float = 300.0
) -> list[dict]:
    """Time and peak memory of one document of each length, for each system.

    A system that hits the timeout is not run on longer documents.
    """
    rows = []
    stopped = set()
    for n_chars in lengths:
        doc = long_text(texts, n_chars)
        for spec in specs:
            if spec in stopped:
                continue
            row = {"system": f"{spec[0]}:{spec[1]}", "lang": spec[2], "n_chars": n_chars,
                   **measure(spec, [doc], timeout=timeout)}
            _progress(row)
            rows.append(row)
            if row["status"] != "ok":
                stopped.add(spec)
    return rows


def by_batch_size(
    spec: SystemSpec, texts: list[str], sizes: Sequence[int], timeout: float = 300.0
) -> list[dict]:
    """Time and peak memory of ``nlp.pipe`` over ``texts`` for each batch size (ours)."""
    rows = []
    for size in sizes:
        row = {"system": f"{spec[0]}:{spec[1]}", "lang": spec[2], "batch_size": size,
               "n_docs": len(texts), **measure(spec, texts, size, timeout=timeout)}
        _progress(row)
        rows.append(row)
    return rows
