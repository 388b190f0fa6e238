"""How time and peak memory grow with document length and with batch size.

Each point runs in a fresh (spawned) process so that its peak resident memory is its
own: the process builds the system, warms it up on a short text, records its resident
memory, then processes the measured input once. Documents longer than spaCy's default
``max_length`` are allowed deliberately (``System.set_max_length``).
"""
from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Dict, List, Optional, Sequence, Tuple

SystemSpec = Tuple[str, str, str]  # ("ours", spec, lang) or ("peer", name, lang)


def build(spec: SystemSpec, batch_size: Optional[int] = None):
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


def _point(spec: SystemSpec, texts: List[str], batch_size: Optional[int]) -> Dict[str, float]:
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


def measure(spec: SystemSpec, texts: List[str], batch_size: Optional[int] = None) -> Dict[str, float]:
    """One point, in a fresh spawned process."""
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(_point, spec, texts, batch_size).result()


def long_text(texts: Sequence[str], n_chars: int) -> str:
    """A document of exactly ``n_chars`` characters made of the set's texts, repeated."""
    if not any(texts):
        raise ValueError("no text to build a long document from")
    parts: List[str] = []
    size = 0
    while size < n_chars:
        for t in texts:
            parts.append(t)
            size += len(t) + 1
            if size >= n_chars:
                break
    return "\n".join(parts)[:n_chars]


def by_length(specs: Sequence[SystemSpec], texts: Sequence[str], lengths: Sequence[int]) -> List[Dict]:
    """Time and peak memory of one document of each length, for each system."""
    rows = []
    for n_chars in lengths:
        doc = long_text(texts, n_chars)
        for spec in specs:
            rows.append({"system": f"{spec[0]}:{spec[1]}", "lang": spec[2], "n_chars": n_chars,
                         **measure(spec, [doc])})
    return rows


def by_batch_size(spec: SystemSpec, texts: List[str], sizes: Sequence[int]) -> List[Dict]:
    """Time and peak memory of ``nlp.pipe`` over ``texts`` for each batch size (ours)."""
    return [
        {"system": f"{spec[0]}:{spec[1]}", "lang": spec[2], "batch_size": size,
         "n_docs": len(texts), **measure(spec, texts, size)}
        for size in sizes
    ]
