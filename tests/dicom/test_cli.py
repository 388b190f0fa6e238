"""``spacy-deid redact`` on DICOM files: real CLI runs on files made by build.py (CT/MR/CR,
8/12/16-bit, monochrome and RGB, multi-frame, Thai and English burned-in text)."""
import io
import json
from pathlib import Path

import numpy as np
import pydicom
import pytest
from build import BIRTH, NAME, PATIENT_ID, default_lines, make_dataset, text_mask, to_bytes, write
from pydicom.uid import RLELossless

from spacy_deid.cli import main

PHI_VALUES = [NAME[0], NAME[1], PATIENT_ID, BIRTH, "ACC778899", "Mary Hospital"]


def audit(out: Path) -> dict:
    return {r["input"]: r for r in map(json.loads, (out / "audit.jsonl").read_text().splitlines())}


def covered(record: dict, frame: int, mask: np.ndarray) -> float:
    """Share of the text's ink pixels inside the frame's redaction boxes."""
    inside = np.zeros(mask.shape, bool)
    for x0, y0, x1, y1 in record["pixels"]["per_frame"][frame]["boxes"]:
        inside[y0:y1, x0:x1] = True
    return (mask & inside).sum() / mask.sum()


def outside_identical(record: dict, before: np.ndarray, after: np.ndarray) -> bool:
    """Every pixel outside the boxes of its frame kept its value."""
    frames = record["pixels"]["per_frame"]
    pairs = zip(before, after) if len(frames) > 1 else [(before, after)]
    for frame, (b, a) in zip(frames, pairs):
        keep = np.ones(b.shape[:2], bool)
        for x0, y0, x1, y1 in frame["boxes"]:
            keep[y0:y1, x0:x1] = False
        if not np.array_equal(b[keep], a[keep]):
            return False
    return True


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    """One run, default mode, rules pipeline: CT 16-bit, MR 12-bit signed, RGB multi-frame,
    a suffix-less file in a folder, an RLE-compressed CR (MONOCHROME1), and a header-only SR."""
    src = tmp_path_factory.mktemp("in")
    (src / "study").mkdir()
    files = {
        "ct.dcm": make_dataset("CT", bits=16),
        "mr.dcm": make_dataset("MR", bits=12, size=384, signed=True),
        "us.dcm": make_dataset("OT", bits=8, size=320, rgb=True, frames=2),
        "study/IM0001": make_dataset("CT", bits=16, size=400, seed=3),
    }
    cr, cr_mask = make_dataset("CR", bits=16, size=448)
    cr.compress(RLELossless, encoding_plugin="pydicom")
    files["cr_rle.dcm"] = (cr, cr_mask)
    sr, _ = make_dataset("OT", bits=8, size=64)
    del sr.PixelData
    files["sr.dcm"] = (sr, None)
    for name, (ds, _) in files.items():
        write(src / name, ds)
    out = tmp_path_factory.mktemp("out")
    code = main(["redact", str(src), "--out", str(out), "--pipeline", "rules", "--lang", "en"])
    return src, out, files, audit(out), code


def test_outputs_at_the_same_relative_paths(default_run):
    _, out, files, records, code = default_run
    assert code == 0, {k: r.get("error") for k, r in records.items()}
    assert set(records) == set(files)
    for name in files:
        assert (out / name).is_file()
        assert records[name]["status"] == "ok" and records[name]["kind"] == "dicom"


def test_no_phi_left_in_headers_or_audit(default_run):
    _, out, files, _, _ = default_run
    text = (out / "audit.jsonl").read_text()
    for name in files:
        raw = (out / name).read_bytes()
        ds = pydicom.dcmread(io.BytesIO(raw))
        assert ds.PatientIdentityRemoved == "YES"
        for value in PHI_VALUES:
            assert value.encode() not in raw, (name, value)
            assert value not in text
        assert not any(e.tag.is_private for e in ds.iterall())


def test_header_matched_burned_in_values_hidden(default_run):
    _, _, files, records, _ = default_run
    labels = ("ID", "ST.")  # printed labels, no header value: not needed hidden
    for name in ("ct.dcm", "mr.dcm", "us.dcm", "study/IM0001", "cr_rle.dcm"):
        size = files[name][1].shape[-1]
        px = max(11, size // 32)
        for text, lang, xy in default_lines(size):
            mask = text_mask(size, [(text, lang, xy)], px)
            label = next((lab for lab in labels if text.startswith(lab + " ")), None)
            if label:
                mask &= ~text_mask(size, [(label, lang, xy)], px)
            for frame in range(len(records[name]["pixels"]["per_frame"])):
                assert covered(records[name], frame, mask) > 0.98, (name, text, frame)


def test_pixels_outside_boxes_identical_and_bit_depth_kept(default_run):
    src, out, _, records, _ = default_run
    for name in ("ct.dcm", "mr.dcm", "us.dcm", "study/IM0001", "cr_rle.dcm"):
        before = pydicom.dcmread(src / name)
        after = pydicom.dcmread(out / name)
        assert after.BitsStored == before.BitsStored and after.BitsAllocated == before.BitsAllocated
        assert after.PixelRepresentation == before.PixelRepresentation
        b, a = before.pixel_array, after.pixel_array
        assert a.dtype == b.dtype and a.shape == b.shape
        assert not np.array_equal(a, b)  # something was redacted
        assert outside_identical(records[name], b, a), name
    assert pydicom.dcmread(out / "cr_rle.dcm").file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
    assert pydicom.dcmread(out / "cr_rle.dcm").PhotometricInterpretation == "MONOCHROME1"


def test_header_only_when_no_pixel_data(default_run):
    _, out, _, records, _ = default_run
    assert records["sr.dcm"]["pixels"]["status"] == "none"
    assert "header-only" in records["sr.dcm"]["pixels"]["note"]
    assert "PixelData" not in pydicom.dcmread(out / "sr.dcm")


def test_all_text_hides_thai_and_english_burned_in_text(tmp_path):
    size = 480
    lines = [("นายสมชาย ใจดี", "th", (12, 12)), ("12/03/2503", "en", (12, 40)),
             ("Dr. Wanchai Sukjai", "en", (200, 12)), ("R  PORTABLE", "en", (12, 440))]
    ds, masks = make_dataset("CR", bits=8, size=size, lines=lines, text_px=18)
    ds.PatientName = "X^Y"
    write(tmp_path / "cr.dcm", ds)
    out = tmp_path / "out"
    assert main(["redact", str(tmp_path / "cr.dcm"), "--out", str(out), "--pipeline", "rules",
                 "--burned-in", "all-text"]) == 0
    record = audit(out)["cr.dcm"]
    assert record["burned_in"] == "all-text"
    assert covered(record, 0, masks[0]) > 0.98
    before, after = pydicom.dcmread(tmp_path / "cr.dcm"), pydicom.dcmread(out / "cr.dcm")
    assert outside_identical(record, before.pixel_array, after.pixel_array)
    assert after.DeidentificationMethodCodeSequence[-1].CodeValue == "113101"


def test_keyed_uids_and_date_shift_consistent_across_files(tmp_path):
    key = tmp_path / "key"
    key.write_text("a-secret-key-for-tests")
    a, _ = make_dataset("CT", bits=16, size=128, lines=[])
    b = pydicom.dcmread(io.BytesIO(to_bytes(a)))
    b.SOPInstanceUID = pydicom.uid.generate_uid()
    b.file_meta.MediaStorageSOPInstanceUID = b.SOPInstanceUID
    (tmp_path / "in").mkdir()
    write(tmp_path / "in" / "a.dcm", a)
    write(tmp_path / "in" / "b.dcm", b)
    runs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        assert main(["redact", str(tmp_path / "in"), "--out", str(out), "--pipeline", "rules",
                     "--lang", "en", "--key-file", str(key)]) == 0
        runs.append([pydicom.dcmread(out / f) for f in ("a.dcm", "b.dcm")])
    (a1, b1), (a2, _) = runs
    assert a1.StudyInstanceUID == b1.StudyInstanceUID == a2.StudyInstanceUID != a.StudyInstanceUID
    assert a1.SOPInstanceUID != b1.SOPInstanceUID and a1.SOPInstanceUID == a2.SOPInstanceUID
    assert a1.StudyDate == b1.StudyDate == a2.StudyDate != a.StudyDate
    assert audit(tmp_path / "out1")["a.dcm"]["header"]["key"] == "given"


def test_bad_dicom_fails_closed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    good, _ = make_dataset("CT", bits=16, size=96, lines=[])
    data = to_bytes(good)
    (src / "truncated.dcm").write_bytes(data[: len(data) - 5000])
    (src / "notdicom.dcm").write_bytes(b"hello, not DICOM" * 20)
    odd = pydicom.dcmread(io.BytesIO(data))
    odd.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.100"  # MPEG2: no decoder here
    odd.PixelData = pydicom.encaps.encapsulate([b"\xff\x0a" + b"\0" * 64])
    odd["PixelData"].VR = "OB"
    write(src / "jpegxl.dcm", odd)
    huge, _ = make_dataset("CT", bits=16, size=96, frames=3, lines=[])
    write(src / "multiframe.dcm", huge)
    out = tmp_path / "out"
    code = main(["redact", str(src), "--out", str(out), "--pipeline", "rules",
                 "--max-document-pixels", str(96 * 96 * 2)])
    assert code == 1
    records = audit(out)
    assert "truncated" in records["truncated.dcm"]["error"]
    assert "not a DICOM file" in records["notdicom.dcm"]["error"]
    assert "no decoder" in records["jpegxl.dcm"]["error"]
    assert "--max-document-pixels" in records["multiframe.dcm"]["error"]
    assert all(r["status"] == "failed" for r in records.values())
    assert not [p for p in out.rglob("*.dcm")]


def test_drop_pixels_gives_header_only_output(tmp_path):
    ds, _ = make_dataset("CT", bits=16, size=64, frames=3)
    write(tmp_path / "big.dcm", ds)
    out = tmp_path / "out"
    assert main(["redact", str(tmp_path / "big.dcm"), "--out", str(out), "--pipeline", "rules",
                 "--burned-in", "drop-pixels", "--max-document-pixels", "100"]) == 0
    record = audit(out)["big.dcm"]
    assert record["pixels"]["status"] == "removed"
    assert "PixelData" not in pydicom.dcmread(out / "big.dcm")
