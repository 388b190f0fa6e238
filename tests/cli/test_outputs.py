"""The output folder: never writing through links, whole files only, locking, permissions."""
import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from spacy_deid.cli import main
from spacy_deid.cli import outputs as outputs_module
from spacy_deid.cli.outputs import FolderBusy, OutputDir, OutputError

NOTE = "Patient phone 415-555-0132, email jane.roe@example.com."


def redact(src: Path, out: Path, *extra: str) -> int:
    return main(["redact", str(src), "--out", str(out), "--pipeline", "rules", *extra])


def audit(out: Path) -> list:
    return [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]


def leftovers(out: Path) -> list:
    return [p for p in out.rglob("*") if p.name.endswith(".part")]


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "ward").mkdir(parents=True)
    (folder / "a.txt").write_text(NOTE)
    (folder / "ward" / "b.txt").write_text(NOTE)
    return folder


@pytest.mark.parametrize("where", ["same", "inside", "parent"])
def test_out_may_not_overlap_an_input(src: Path, where: str, capsys):
    out = {"same": src, "inside": src / "ward", "parent": src.parent}[where]
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    assert redact(src, out) == 2
    assert "may not be, contain or lie inside an input" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in src.rglob("*") if p.is_file()} == before
    assert not (src / "audit.jsonl").exists() and not (src.parent / "audit.jsonl").exists()


def test_out_naming_a_file_is_a_usage_error(src: Path, tmp_path: Path, capsys):
    (tmp_path / "file").write_text("x")
    assert redact(src, tmp_path / "file") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "names a file" in err


def test_missing_key_file_is_a_usage_error(src: Path, tmp_path: Path, capsys):
    assert redact(src, tmp_path / "o", "--key-file", str(tmp_path / "nope")) == 2
    assert "--key-file" in capsys.readouterr().err and not (tmp_path / "o").exists()


def test_unknown_operator_stops_before_any_output(src: Path, tmp_path: Path, capsys):
    assert redact(src, tmp_path / "o", "--operator", "PHONE=shred") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "PHONE" in err
    assert not (tmp_path / "o").exists()


def test_broken_pipeline_folder_stops_before_any_output(src: Path, tmp_path: Path, capsys):
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp]\nlang = \n[components\n")
    code = main(["redact", str(src), "--out", str(tmp_path / "o"), "--pipeline", str(broken)])
    assert code == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_planted_links_are_never_followed(src: Path, tmp_path: Path):
    out, victim = tmp_path / "out", tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("precious")
    out.mkdir()
    (out / "a.txt").symlink_to(victim / "keep.txt")  # the output's own name
    (out / ".a.txt.part").symlink_to(victim / "keep.txt")  # an old temporary name
    (out / "ward").symlink_to(victim, target_is_directory=True)  # a folder on the way
    assert redact(src, out) == 1
    assert (victim / "keep.txt").read_text() == "precious"
    assert sorted(p.name for p in victim.iterdir()) == ["keep.txt"]
    assert (out / "a.txt").is_file() and not (out / "a.txt").is_symlink()
    records = {r["input"]: r for r in audit(out)}
    assert records["a.txt"]["status"] == "ok"
    assert records["ward/b.txt"]["status"] == "failed"
    assert "link" in records["ward/b.txt"]["error"]


def test_audit_link_stops_the_run(src: Path, tmp_path: Path, capsys):
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    victim.write_text("precious")
    out.mkdir()
    (out / "audit.jsonl").symlink_to(victim)
    assert redact(src, out) == 2
    assert victim.read_text() == "precious"
    assert "link" in capsys.readouterr().err
    assert not (out / "a.txt").exists()


def test_outputs_are_private_by_default(src: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert redact(src, out) == 0
    assert stat.S_IMODE((out / "audit.jsonl").stat().st_mode) == 0o600
    assert stat.S_IMODE((out / "a.txt").stat().st_mode) == 0o600
    assert stat.S_IMODE((out / "ward").stat().st_mode) == 0o700
    out2 = tmp_path / "out2"
    assert redact(src, out2, "--file-mode", "640") == 0
    assert stat.S_IMODE((out2 / "a.txt").stat().st_mode) == 0o640
    assert stat.S_IMODE((out2 / "ward").stat().st_mode) == 0o750


def test_a_locked_folder_refuses_a_second_run(src: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    with OutputDir(out):
        assert redact(src, out) == 2
        with pytest.raises(FolderBusy):
            OutputDir(out).__enter__()
    assert "another spacy-deid run" in capsys.readouterr().err
    assert redact(src, out) == 0  # the lock goes with its holder


WAITING_COMPONENT = """
import time
from pathlib import Path
from spacy.language import Language

@Language.component("test_wait_for_release")
def wait_for_release(doc):
    flag = Path(__file__).parent / "release"
    for _ in range(600):
        if flag.exists():
            return doc
        time.sleep(0.1)
    raise RuntimeError("never released")
"""


def test_two_real_processes_at_once(src: Path, tmp_path: Path):
    """A run holding the folder (stalled inside its pipeline) makes a second run exit 2."""
    import fcntl

    import spacy

    (tmp_path / "waiting.py").write_text(WAITING_COMPONENT)
    sys.path.insert(0, str(tmp_path))
    try:
        import waiting  # noqa: F401  (registers the component for the pipeline below)
    finally:
        sys.path.remove(str(tmp_path))
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns")
    nlp.add_pipe("test_wait_for_release")
    nlp.add_pipe("deid_anonymizer")
    nlp.to_disk(tmp_path / "pipe")
    out = tmp_path / "out"
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import waiting; "
            "from spacy_deid.cli import main; sys.exit(main(sys.argv[2:]))")
    command = [sys.executable, "-c", code, str(tmp_path), "redact", str(src), "--out", str(out),
               "--pipeline", str(tmp_path / "pipe"), "--lang", "en"]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    for _ in range(600):  # until the first run holds the lock
        if (out / ".spacy-deid.lock").exists():
            with open(out / ".spacy-deid.lock") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(handle, fcntl.LOCK_UN)
                except BlockingIOError:
                    break
        assert first.poll() is None, first.stderr.read()
        __import__("time").sleep(0.1)
    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert second.returncode == 2 and "another spacy-deid run" in second.stderr
    (tmp_path / "release").write_text("")
    assert first.wait(timeout=300) == 0, first.stderr.read()
    records = audit(out)
    assert sorted(r["input"] for r in records) == ["a.txt", "ward/b.txt"]


def test_full_disk_fails_the_document_and_leaves_no_part(src: Path, tmp_path: Path, monkeypatch):
    real = outputs_module._write_all
    calls = []

    def full(fd: int, data: bytes) -> None:
        calls.append(len(data))
        if len(calls) == 1:  # the first output file: a few bytes, then the disk is full
            os.write(fd, data[:5])
            raise OSError(errno.ENOSPC, "No space left on device: 'a_secret_name.txt'")
        real(fd, data)

    monkeypatch.setattr(outputs_module, "_write_all", full)
    out = tmp_path / "out"
    assert redact(src, out) == 1
    records = {r["input"]: r for r in audit(out)}
    assert records["a.txt"]["status"] == "failed"
    assert records["a.txt"]["error"] == "no space left on the output device"
    assert records["ward/b.txt"]["status"] == "ok"
    assert not (out / "a.txt").exists() and not leftovers(out)


def test_a_full_disk_never_tears_the_audit(tmp_path: Path, monkeypatch):
    with OutputDir(tmp_path / "out") as out:
        out.append_audit({"input": "first"})

        def torn(fd: int, data: bytes) -> None:
            os.write(fd, data[:3])
            raise OSError(errno.ENOSPC, "full")

        monkeypatch.setattr(outputs_module, "_write_all", torn)
        with pytest.raises(OutputError, match="no space left"):
            out.append_audit({"input": "second"})
    assert audit(tmp_path / "out") == [{"input": "first"}]


def test_a_torn_last_line_is_cut_on_the_next_run(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "audit.jsonl").write_text('{"input": "a"}\n{"input": "b", "sta')
    with OutputDir(out) as folder:
        assert list(folder.audit_lines()) == [{"input": "a"}]
        folder.append_audit({"input": "c"})
    assert audit(out) == [{"input": "a"}, {"input": "c"}]


def test_write_refuses_paths_leaving_the_folder(tmp_path: Path):
    with OutputDir(tmp_path / "out") as out:
        for rel in ("../x.txt", "/etc/x.txt"):
            with pytest.raises(OutputError):
                out.write(PurePosixPath(rel), b"x")
    assert not (tmp_path / "x.txt").exists()


def test_too_long_output_name_fails_alone_without_naming_it(tmp_path: Path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    long_name = "Somchai_Jaidee_" + "x" * (255 - len("Somchai_Jaidee_") - 4) + ".txt"
    (src / long_name).write_text(NOTE)
    (src / "ok.txt").write_text(NOTE)
    with OutputDir(tmp_path / "out") as out:
        with pytest.raises(OutputError, match="too long") as info:
            out.write(PurePosixPath(long_name + ".txt"), b"x")
        assert "Somchai" not in str(info.value)
