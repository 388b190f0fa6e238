"""Peak memory and time of ``spacy-deid redact`` on very large text files.

``python -m spacy_deid.workflow.benchmarks.large_text OUT.json [--mb 50 10] [--pipeline default]``
writes generated notes (English and Thai, a phone, an e-mail and a date per line, one file
per size, plus one single 2-million-character line) to a temporary folder, runs the real
command on each in a child process and takes the child's peak resident memory from
``wait4``'s ``ru_maxrss`` (this parent imports nothing heavy, so the fork adds little).
``--keep`` keeps the rows of an existing OUT.json that this run does not measure again
(each row says when and at which commit it was measured); ``--note`` adds a line to the
Markdown (e.g. that the machine was shared).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LINE_EN = "Seen {d:02d}/03/2024, phone 081-234-{n:04d}, mail pt{n}@example.com; BP 120/80, no fever.\n"
LINE_TH = "ผู้ป่วยมาตรวจวันที่ {d} มีนาคม 2567 โทร 081-234-{n:04d} อีเมล pt{n}@example.com ความดันปกติ\n"


def write_notes(path: Path, megabytes: float, thai: bool) -> int:
    """A text file of about ``megabytes`` MB of note lines; returns its character count."""
    template = LINE_TH if thai else LINE_EN
    target, size, chars, n = int(megabytes * 1_000_000), 0, 0, 0
    with path.open("w", encoding="utf-8") as handle:
        while size < target:
            line = template.format(d=1 + n % 28, n=n % 10_000)
            handle.write(line)
            size += len(line.encode("utf-8"))
            chars += len(line)
            n += 1
    return chars


def measure(path: Path, out: Path, pipeline: str) -> dict:
    """Run the CLI on ``path``: seconds, peak RSS (MiB), exit code."""
    command = [sys.executable, "-m", "spacy_deid", "redact", str(path), "--out", str(out),
               "--pipeline", pipeline]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 1), "peak_rss_mib": round(usage.ru_maxrss / 1024),
            "exit_code": os.waitstatus_to_exitcode(status)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, nargs="+", default=[50.0, 10.0])
    parser.add_argument("--pipeline", default="default")
    parser.add_argument("--no-line", action="store_true", help="skip the 2-million-character line")
    parser.add_argument("--keep", action="store_true", help="keep OUT's rows of other cases")
    parser.add_argument("--note", default="", help="a sentence for the Markdown")
    args = parser.parse_args(argv)
    rows = []
    stamp = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": _commit(),
             "pipeline": args.pipeline}
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for mb in args.mb:
            for thai in (False, True):
                path = Path(tmp) / f"notes_{'th' if thai else 'en'}_{mb:g}mb.txt"
                cases.append((path, write_notes(path, mb, thai), f"{'Thai' if thai else 'English'} notes, {mb:g} MB"))
        if not args.no_line:
            line = Path(tmp) / "one_line.txt"
            line.write_text(("word " * 199 + "081-234-5678 ") * 2_000)
            cases.append((line, len(line.read_text()), "one 2-million-character line"))
        for path, chars, name in cases:
            result = measure(path, Path(tmp) / f"out_{path.stem}", args.pipeline)
            result.update(case=name, chars=chars, bytes=path.stat().st_size,
                          chars_per_s=round(chars / result["seconds"]), **stamp)
            rows.append(result)
            print(json.dumps(result), flush=True)
            path.unlink()
    if args.keep and args.out.exists():
        earlier = json.loads(args.out.read_text())
        names = {row["case"] for row in rows}
        for row in earlier["results"]:
            row.setdefault("date", earlier["date"])
        rows = [row for row in earlier["results"] if row["case"] not in names] + rows
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores", "python": platform.python_version(),
              "date": stamp["date"], "pipeline": args.pipeline, "results": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    lines = ["# Large text files: time and peak memory of `spacy-deid redact`", "",
             (f"{report['date']}, {report['machine']}, Python {report['python']}, "
             f"`--pipeline {args.pipeline}`; made by `python -m spacy_deid.workflow.benchmarks.large_text "
             f"{_command(argv)}`. Documents longer than "
             "100,000 characters are processed in windows (2,000 characters of overlap): the "
             "pipeline's memory is bounded by the window; what grows with the file is the text "
             "itself, its output and the spans and audit items found in it."), ""]
    if args.note:
        lines += [args.note, ""]
    lines += ["| input | characters | seconds | chars/s | peak RSS (MiB) | exit | measured |",
              "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['case']} | {r['chars']:,} | {r['seconds']} | {r['chars_per_s']:,} | "
              f"{r['peak_rss_mib']:,} | {r['exit_code']} | {r.get('date', '')}"
              f"{' at ' + r['commit'] if r.get('commit') else ''} |" for r in rows]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")


def _command(argv: list[str] | None) -> str:
    """The arguments of this run, without the ``--note`` text."""
    words = list(argv if argv is not None else sys.argv[1:])
    if "--note" in words:
        at = words.index("--note")
        del words[at : at + 2]
    return " ".join(words)


def _commit() -> str:
    """The checked-out commit of the package measured ('' outside a git checkout)."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=False, cwd=Path(__file__).parent)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


if __name__ == "__main__":
    main()
