"""``spacy-deid redact --patterns/--deny/--allow``: found, audited, part of the settings, bad files."""
import json
from pathlib import Path

import pytest

from spacy_deid.cli import main

NOTE_EN = "Seen by Jane Doe in ward code WD-1234; call 02-419-7000 or 02-419-7001."
NOTE_TH = "พี่แพรวาไปตลาด ติดต่อโรงพยาบาลศิริราช โทร 02-419-7000 หรือ 081-234-5678"
WARD = {"label": "ID", "kind": "HOSPITAL_NUMBER", "regex": r"(?<![A-Z0-9])WD-\d{4}(?![0-9])"}


def audit(out: Path) -> list:
    return [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]


@pytest.fixture()
def files(tmp_path: Path) -> dict:
    src = tmp_path / "in"
    src.mkdir()
    (src / "en.txt").write_text(NOTE_EN, encoding="utf-8")
    (src / "th.txt").write_text(NOTE_TH, encoding="utf-8")
    (tmp_path / "site.jsonl").write_text(json.dumps(WARD) + "\n", encoding="utf-8")
    (tmp_path / "staff.txt").write_text("# label: PERSON\nJane Doe\nแพรวา\n", encoding="utf-8")
    (tmp_path / "own.txt").write_text("02-419-7000\nโรงพยาบาลศิริราช\n", encoding="utf-8")
    return {"src": src, "tmp": tmp_path}


def run(files: dict, out: str, *extra: str) -> int:
    tmp = files["tmp"]
    return main(["redact", str(files["src"]), "--out", str(tmp / out), "--pipeline", "rules", *extra])


def test_custom_recognizer_deny_and_allow_in_outputs_and_audit(files):
    tmp = files["tmp"]
    lists = ["--patterns", str(tmp / "site.jsonl"), "--deny", str(tmp / "staff.txt"),
             "--allow", str(tmp / "own.txt")]
    assert run(files, "out", *lists) == 0
    out = tmp / "out"
    assert (out / "en.txt").read_text() == "Seen by [PERSON] in ward code [ID]; call 02-419-7000 or [PHONE]."
    assert (out / "th.txt").read_text() == "พี่[PERSON]ไปตลาด ติดต่อโรงพยาบาลศิริราช โทร 02-419-7000 หรือ [PHONE]"
    records = {r["input"]: r for r in audit(out)}
    ward = [i for i in records["en.txt"]["items"] if i["label"] == "ID"]
    assert [(i["kind"], i["source"]) for i in ward] == [("HOSPITAL_NUMBER", "deid_patterns")]
    raw = (out / "audit.jsonl").read_text()
    assert "WD-1234" not in raw and "Jane" not in raw and "แพรวา" not in raw
    # without the lists the same run gives other outputs: and the settings differ, so a re-run
    # into the same folder with other lists redoes the documents instead of resuming
    assert run(files, "out") == 0
    assert (out / "en.txt").read_text() != "Seen by [PERSON] in ward code [ID]; call 02-419-7000 or [PHONE]."
    first, second = audit(out)[:2], audit(out)[2:]
    assert {r["settings"] for r in first}.isdisjoint({r["settings"] for r in second})
    assert {r["status"] for r in second} == {"ok"}


@pytest.mark.parametrize("option, content, message", [
    ("--patterns", '{"label": "ID", "regex": "WD-(\\\\d"}\n', "line 1: regex does not compile"),
    ("--patterns", '{"label": "NAME", "regex": "x"}\n', "line 1: unknown or missing label"),
    ("--patterns", '{"label": "ID", "regex": "x", "validator": "nope"}\n', "line 1: unknown validator"),
    ("--deny", "Jane Doe\n", "line 1: no label"),
    ("--allow", "# ours\nx\n", "line 2: an entry needs"),
])
def test_bad_file_is_a_run_level_error(files, capsys, option, content, message):
    bad = files["tmp"] / "bad.txt"
    bad.write_text(content, encoding="utf-8")
    assert run(files, "out", option, str(bad)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{option} {bad}: {message}" in err
    assert "Jane" not in err and not (files["tmp"] / "out").exists()


def test_missing_file_and_duplicate_names(files, capsys):
    assert run(files, "out", "--patterns", str(files["tmp"] / "none.jsonl")) == 2
    assert "the file cannot be read" in capsys.readouterr().err
    assert run(files, "out", "--patterns", str(files["tmp"] / "site.jsonl"),
               "--patterns", str(files["tmp"] / "site.jsonl")) == 0  # unnamed rows are numbered
    named = files["tmp"] / "named.jsonl"
    named.write_text(json.dumps({**WARD, "name": "ward"}) + "\n", encoding="utf-8")
    assert run(files, "out2", "--patterns", str(named), "--patterns", str(named)) == 2
    assert "name is already taken" in capsys.readouterr().err
    assert not (files["tmp"] / "out2").exists()
