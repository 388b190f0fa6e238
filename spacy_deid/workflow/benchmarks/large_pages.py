"""Peak memory and time of documents with very large pages, through ``spacy-deid redact``.

    python -m spacy_deid.workflow.benchmarks.large_pages --label after          # this checkout
    python -m spacy_deid.workflow.benchmarks.large_pages --label before --code-root /tmp/old

Cases: blank PDFs of 4 and 12 pages of 1800 x 1800 pt (56 Mpx each at 300 dpi; a few hundred
bytes) and a TIFF of 12 blank 7500 x 7500 frames. Each case runs once in a fresh Python
process (``--code-root`` puts another copy of the package first on its path, e.g. an older
commit unpacked with ``git archive``), which reports its own peak resident memory and that of
its largest child (Tesseract). Results are merged by label into ``OUT/large_documents.json``
and rendered as ``OUT/large_documents.md``.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .report import machine_info

PAGE_PT = 1800  # 1800 pt at 300 dpi = 7500 px: 56.25 Mpx a page
FRAME_PX = 7500
CASES = {"pdf-4-pages": ("pdf", 4), "pdf-12-pages": ("pdf", 12), "tiff-12-frames": ("tiff", 12)}
CHILD = """
import json, os, resource, shutil, sys, time
import pytesseract
import spacy_deid
from spacy_deid.cli import main
log = sys.argv[2] + ".tesseract-rss"
wrapper = sys.argv[2] + ".tesseract"
with open(wrapper, "w") as f:  # GNU time reports the peak of Tesseract alone, per run
    f.write(f'#!/bin/sh\\nexec /usr/bin/time -a -o {log} -f %M {shutil.which("tesseract")} "$@"\\n')
os.chmod(wrapper, 0o755)
pytesseract.pytesseract.tesseract_cmd = wrapper
start = time.perf_counter()
code = main(["redact", sys.argv[1], "--out", sys.argv[2], "--pipeline", "rules", "--lang", "en",
             "--no-progress"])
seconds = time.perf_counter() - start
with open(sys.argv[2] + "/audit.jsonl", encoding="utf-8") as f:
    record = json.loads(f.readline())
runs = open(log).read().split() if os.path.exists(log) else []
print(json.dumps({"package": spacy_deid.__file__, "exit": code, "seconds": round(seconds, 2),
                  "status": record["status"], "error": record.get("error"),
                  "python_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "tesseract_runs": len(runs),
                  "tesseract_peak_mib": max(map(int, runs), default=0) // 1024}))
"""


def blank_pdf(pages: int, size_pt: int = PAGE_PT) -> bytes:
    """A PDF of ``pages`` empty pages of ``size_pt`` x ``size_pt`` points."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    bodies = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>"]
    bodies += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size_pt} {size_pt}] >>"] * pages
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj {body} endobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer << /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def blank_tiff(frames: int, size_px: int = FRAME_PX) -> bytes:
    """A multi-frame TIFF of blank 1-bit frames (CCITT group 4)."""
    from PIL import Image

    pages = [Image.new("1", (size_px, size_px), 1) for _ in range(frames)]
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], compression="group4")
    return buf.getvalue()


def run_case(kind: str, pages: int, code_root: Path | None) -> dict[str, object]:
    """Write the input, run ``spacy-deid redact`` on it in a fresh process, return its report."""
    data = blank_pdf(pages) if kind == "pdf" else blank_tiff(pages)
    env = dict(os.environ)
    if code_root is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code_root), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"large.{'pdf' if kind == 'pdf' else 'tif'}"
        path.write_bytes(data)
        proc = subprocess.run([sys.executable, "-c", CHILD, str(path), str(Path(tmp) / "out")],
                              capture_output=True, text=True, env=env, cwd=tmp)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"the run failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return {"input_bytes": len(data), **json.loads(proc.stdout.strip().splitlines()[-1])}


def render_md(results: dict[str, object]) -> str:
    """The Markdown table of every label's cases."""
    lines = ["# Large documents: peak memory and time", "",
             "Written by `python -m spacy_deid.workflow.benchmarks.large_pages` (see its docstring). Each case "
             "is one `spacy-deid redact --pipeline rules --lang en` run in a fresh process; peak "
             "resident memory of that Python process, and the largest of its Tesseract runs (each "
             "measured alone by GNU time). Times are wall-clock on a machine shared with other "
             "work (2 cores): most of it is Tesseract reading each blank 56-Mpx page.", "",
             "| label | case | input bytes | status | seconds | Python peak MiB | Tesseract peak MiB "
             "| error |", "|---|---|---|---|---|---|---|---|"]
    for label, run in results.items():
        for case, r in run["cases"].items():
            lines.append(f"| {label} | {case} | {r['input_bytes']} | {r['status']} | {r['seconds']} "
                         f"| {r['python_peak_mib']} | {r['tesseract_peak_mib']} | {r['error'] or ''} |")
    lines += [""]
    for label, run in results.items():
        m = run["machine"]
        lines.append(f"- **{label}**: {m['date_utc']}, commit {run['commit']}, {m['cpu']}, "
                     f"{m['cores']} cores, {m['memory_gib']} GiB, load {m['load_average']}, "
                     f"Python {m['python']}" + (f"; {run['note']}" if run.get("note") else ""))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", required=True, help="e.g. before / after")
    parser.add_argument("--out", type=Path, default=Path("benchmarks"))
    parser.add_argument("--code-root", type=Path, help="import spacy_deid from here instead")
    parser.add_argument("--commit", default="", help="the commit measured (for the report)")
    parser.add_argument("--note", default="")
    parser.add_argument("--cases", nargs="*", choices=sorted(CASES), default=sorted(CASES))
    args = parser.parse_args(argv)
    path = args.out / "large_documents.json"
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    cases = {}
    for name in args.cases:
        cases[name] = run_case(*CASES[name], args.code_root)
        print(name, json.dumps(cases[name]), flush=True)
    results[args.label] = {"commit": args.commit, "note": args.note, "machine": machine_info(),
                           "cases": cases}
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "large_documents.md").write_text(render_md(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
