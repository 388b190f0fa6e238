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


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_decode_honours_byte_order_marks(codec):
    data = THAI.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(codec) + data
    assert decode_text(data) == THAI


def test_utf16_without_bom_needs_the_encoding_option():
    data = THAI.encode("utf-16-le")
    with pytest.raises(InputError, match="binary"):
        decode_text(data)
    with pytest.raises(InputError):
        decode_text(data, "utf-8")


def test_links_inside_folders(tmp_path: Path):
    src, elsewhere = tmp_path / "in", tmp_path / "elsewhere"
    (src / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (src / "note.txt").write_text("x")
    (elsewhere / "secret.txt").write_text("x")
    (src / "inside_link.txt").symlink_to(src / "note.txt")
    (src / "outside_link.txt").symlink_to(elsewhere / "secret.txt")
    (src / "folder_link").symlink_to(elsewhere, target_is_directory=True)
    found = {str(i.relative): i.skipped for i in collect_inputs([str(src)])}
    assert found["note.txt"] is None and found["inside_link.txt"] is None
    assert "outside" in found["outside_link.txt"]
    assert "folder" in found["folder_link"]
    followed = {str(i.relative): i.skipped for i in collect_inputs([str(src)], follow_links=True)}
    assert followed["outside_link.txt"] is None and followed["folder_link/secret.txt"] is None


def test_folder_link_loops_are_walked_once(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "n.txt").write_text("x")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    found = [str(i.relative) for i in collect_inputs([str(tmp_path)], follow_links=True)]
    assert found == ["a/n.txt"]


@pytest.mark.parametrize(
    "name,suffix",
    [("report.John_Smith_3100501234567", ""), ("ใจดี.สมชาย", ""), ("scan.PNG", ".png"),
     ("note.txt", ".txt"), ("letter.pdf", ".pdf")],
)
def test_hashed_names_keep_only_a_known_suffix(name, suffix):
    hashed = hashed_relative(PurePosixPath("ward 7") / name, b"k")
    assert hashed.suffix == suffix and len(hashed.parts) == 2
    assert not any(part in str(hashed) for part in ("John", "3100501234567", "สมชาย", "ward"))
