"""Resumable runs: an append-only audit, documents done earlier skipped, kills at any moment."""
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spacy_deid.cli import main

NOTE = "Patient phone 415-555-0132, email jane.roe@example.com, id {i}."


def audit(out: Path) -> list:
    return [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]


def redact(src: Path, out: Path, *extra: str) -> int:
    return main(["redact", str(src), "--out", str(out), "--pipeline", "rules", *extra])


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"n{i}.txt").write_text(NOTE.format(i=i))
    return folder


def test_a_rerun_skips_what_is_done_and_keeps_the_audit(src: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert redact(src, out) == 0
    first = audit(out)
    assert len(first) == 6 and all(r["status"] == "ok" for r in first)
    assert redact(src, out) == 0
    assert audit(out) == first  # nothing appended, nothing truncated
    assert "6 already done" in capsys.readouterr().err


def test_a_changed_input_setting_or_output_is_done_again(src: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert redact(src, out) == 0
    (src / "n0.txt").write_text(NOTE.format(i="changed"))
    (out / "n1.txt").write_text("tampered")
    (out / "n2.txt").unlink()
    assert redact(src, out) == 0
    again = [r["input"] for r in audit(out)[6:]]
    assert sorted(again) == ["n0.txt", "n1.txt", "n2.txt"]
    assert "tampered" not in (out / "n1.txt").read_text() and (out / "n2.txt").exists()
    assert redact(src, out, "--operator", "PHONE=mask") == 0
    assert len(audit(out)) == 9 + 6  # other settings: everything again
    assert redact(src, out, "--operator", "PHONE=mask", "--no-resume") == 0
    assert len(audit(out)) == 15 + 6


def test_a_failed_document_is_retried(src: Path, tmp_path: Path):
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert redact(src, out) == 1
    (src / "empty.txt").write_text(NOTE.format(i=9))
    assert redact(src, out) == 0
    records = [r for r in audit(out) if r["input"] == "empty.txt"]
    assert [r["status"] for r in records] == ["failed", "ok"]


def test_records_carry_no_raw_values(src: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert redact(src, out) == 0
    text = (out / "audit.jsonl").read_text()
    assert "415-555-0132" not in text and "jane.roe" not in text


def test_killed_runs_leave_whole_files_and_resume_to_one_record_each(tmp_path: Path):
    """Kill real runs at random moments; every state left is whole, and re-runs finish the job."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(300):
        (src / f"n{i:03}.txt").write_text(NOTE.format(i=i) * 40)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "spacy_deid", "redact", str(src), "--out", str(out),
               "--pipeline", "rules", "--batch-size", "4"]
    rng = random.Random(7)
    for _ in range(4):
        run = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 6.0))
        run.send_signal(signal.SIGKILL)
        run.wait()
        check_whole(out, src)
    assert subprocess.run(command, capture_output=True).returncode == 0
    records = audit(out)
    assert sorted(r["input"] for r in records) == sorted(p.name for p in src.iterdir())
    assert all(r["status"] == "ok" for r in records)


def check_whole(out: Path, src: Path) -> None:
    """Valid JSONL to the last byte, and every output file (or left temporary) whole."""
    if not (out / "audit.jsonl").exists():
        return
    data = (out / "audit.jsonl").read_text()
    assert data == "" or data.endswith("\n")
    for line in data.splitlines():
        json.loads(line)
    parts = list(out.rglob("*.part"))
    assert len(parts) <= 1  # only between linking a finished file and renaming it
    for path in [*out.glob("n*.txt"), *parts]:
        assert path.read_text().count("Patient phone") == 40
