"""Input discovery, encoding detection and output naming."""
from pathlib import Path, PurePosixPath

import pytest

from spacy_deid.cli.inputs import InputError, collect_inputs, decode_text
from spacy_deid.cli.outputs import hashed_relative

THAI = "ผู้ป่วยชื่อสมชาย มารับการรักษา"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "tis-620", "cp874"])
def test_decode_detects_thai_encodings(encoding):
    assert decode_text(THAI.encode(encoding)) == THAI


def test_decode_with_explicit_encoding():
    assert decode_text(THAI.encode("cp874"), "cp874") == THAI
    with pytest.raises(InputError, match="cannot be decoded as utf-8"):
        decode_text(THAI.encode("cp874"), "utf-8")


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"  \n\t", "empty"),
        (b"abc\x00def", "binary"),
        ("Ünïcödé in latin-1 ÄÖÜ".encode("latin-1"), "encoding"),
    ],
)
def test_decode_rejects_bad_input(data, message):
    with pytest.raises(InputError, match=message):
        decode_text(data)


def test_collect_keeps_relative_paths_and_skips_hidden(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "note.txt").write_text("x")
    (tmp_path / "top.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    found = [str(i.relative) for i in collect_inputs([str(tmp_path)])]
    assert found == ["top.txt", "a/b/note.txt"] or sorted(found) == ["a/b/note.txt", "top.txt"]
    single = list(collect_inputs([str(tmp_path / "a" / "b" / "note.txt")]))
    assert single[0].relative == PurePosixPath("note.txt")
    missing = list(collect_inputs([str(tmp_path / "nope.txt")]))
    assert missing[0].path is not None and not missing[0].path.exists()


def test_hashed_names_hide_every_component():
    rel = PurePosixPath("สมชาย ใจดี/ผลเลือด.txt")
    hashed = hashed_relative(rel, b"secret")
    assert hashed.suffix == ".txt"
    assert "สมชาย" not in str(hashed) and "ผลเลือด" not in str(hashed)
    assert hashed == hashed_relative(rel, b"secret")
    assert hashed != hashed_relative(rel, b"other key")
    assert len(hashed.parts) == 2
