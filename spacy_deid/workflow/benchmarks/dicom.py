"""DICOM measurement: ``python -m spacy_deid.workflow.benchmarks.dicom --out benchmarks/dicom.md``.

Builds DICOM files with pydicom (CT/MR/CR/RGB, 8/12/16-bit, 256-1024 px, one or several
frames, burned-in text drawn with DejaVu and Garuda fonts, PHI in the header, sequences and
private tags), runs the CLI's DICOM handler on them (shipped default pipelines) in both
burned-in modes, and reports header tags left with PHI, burned-in PHI values hidden (all of
their ink under boxes), non-PHI text hidden, files with a pixel changed outside the boxes, and
seconds per image. Never imported by the runtime.
"""
from __future__ import annotations

import argparse
import io
import time
from pathlib import Path, PurePosixPath

import numpy as np
import pydicom
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

FONTS = {"en": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "en-bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
         "th": "/usr/share/fonts/truetype/tlwg/Garuda.ttf"}
PEOPLE = [("SOMCHAI", "JAIDEE", "สมชาย ใจดี"), ("MALEE", "SRISUK", "มาลี ศรีสุข"),
          ("JOHN", "CARTER", "จอห์น คาร์เตอร์"), ("NARONG", "WONGSA", "ณรงค์ วงศา")]
CASES = [  # modality, bits, size, frames, rgb, font
    ("CT", 16, 512, 1, False, "en-bold"), ("MR", 12, 256, 1, False, "en"),
    ("CR", 16, 1024, 1, False, "en"), ("CR", 8, 768, 1, False, "th"),
    ("OT", 8, 640, 1, True, "en"), ("MR", 16, 384, 3, False, "en-bold"),
]


def _case(index: int, modality: str, bits: int, size: int, frames: int, rgb: bool, font: str):
    """A dataset and its text lines as (text, is_phi, mask)."""
    given, family, thai = PEOPLE[index % len(PEOPLE)]
    pid, acc = f"HN{640000 + 37 * index}", f"A{900100 + index}"
    birth = f"19{50 + index % 40:02d}{1 + index % 12:02d}{10 + index % 18:02d}"
    study = f"2024{1 + index % 12:02d}{5 + index % 20:02d}"
    px = max(11, size // 30)
    name = thai if font == "th" else f"{family}^{given}"
    dob = f"{birth[6:]}/{birth[4:6]}/{birth[:4]}"
    lines = [(name, True), (pid, True), (dob, True), (f"{study[:4]}-{study[4:6]}-{study[6:]}", True),
             ("ST. LUKE HOSPITAL" if index % 2 else "Siriraj", True), ("kVp 120", False),
             ("PORTABLE", False)]
    masks, canvas_all = [], Image.new("L", (size, size), 0)
    step = int(px * 1.6)
    for row, (text, phi) in enumerate(lines):
        canvas = Image.new("L", (size, size), 0)
        x = size // 40 if row < 5 else size // 2
        y = size // 40 + step * (row if row < 5 else row + 9)
        ImageDraw.Draw(canvas).text((x, y), text, fill=255,
                                    font=ImageFont.truetype(FONTS[font], px))
        mask = np.asarray(canvas) > 127
        masks.append((text, phi, mask))
        canvas_all.paste(255, mask=canvas)
    ink = np.asarray(canvas_all) > 127
    top = (1 << (12 if bits == 12 else bits)) - 1
    rng = np.random.default_rng(index)
    yy, xx = np.mgrid[0:size, 0:size] / size
    arrays = []
    for f in range(frames):
        img = 0.1 + 0.05 * rng.random((size, size))
        img[((xx - 0.5) / 0.3) ** 2 + ((yy - 0.6) / (0.3 + 0.02 * f)) ** 2 < 1] += 0.4
        img = np.clip(img, 0, 0.8) * top
        img[ink] = top
        if rgb:
            img = np.stack([img, img * 0.85, img * 0.7], axis=-1)
        arrays.append(img.round().astype(np.uint8 if bits == 8 else np.uint16))
    pixels = np.stack(arrays) if frames > 1 else arrays[0]
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    for attr in ("SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID"):
        setattr(ds, attr, generate_uid())
    ds.Modality, ds.PatientName, ds.PatientID = modality, name if font != "th" else f"{family}^{given}", pid
    if font == "th":
        ds.PatientName = f"{family}^{given}={thai.split()[1]}^{thai.split()[0]}"
        ds.SpecificCharacterSet = "ISO_IR 192"
    ds.PatientBirthDate, ds.StudyDate, ds.AccessionNumber = birth, study, acc
    ds.InstitutionName = "St. Luke Hospital" if index % 2 else "Siriraj"
    ds.ReferringPhysicianName, ds.ImageComments = "HOUSE^GREGORY", f"for {given} {family}"
    ds.add_new(0x00091010, "LO", "PRIVATE")
    ds.add_new(0x00091011, "LO", f"{given} {family}")
    ds.SamplesPerPixel, ds.PhotometricInterpretation = (3, "RGB") if rgb else (1, "MONOCHROME2")
    if rgb:
        ds.PlanarConfiguration = 0
    ds.Rows = ds.Columns = size
    ds.BitsAllocated, ds.BitsStored = (8 if bits == 8 else 16), bits
    ds.HighBit, ds.PixelRepresentation = bits - 1, 0
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.PixelData = pixels.tobytes()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    phi = [given, family, pid, acc, birth, study, "Luke Hospital" if index % 2 else "Siriraj"]
    return ds, masks, phi


def _bytes(ds: Dataset) -> bytes:
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def measure(modes: tuple[str, ...] = ("detected", "all-text"), repeats: int = 2) -> list[dict]:
    from spacy_deid.cli.dicom import redact_dicom
    from spacy_deid.cli.inputs import Input
    from spacy_deid.cli.redact import RedactOptions, Redactor

    rows = []
    for mode in modes:
        options = RedactOptions(out=Path("unused"), dicom={"burned_in": mode})
        redactor = Redactor(options)
        redactor.load(("th", "en"))
        stats = {"mode": mode, "files": 0, "frames": 0, "header_leaks": 0, "phi": 0,
                 "phi_hidden": 0, "other": 0, "other_hidden": 0, "changed_outside": 0,
                 "failed": 0, "seconds": []}
        for rep in range(repeats):
            for index, case in enumerate(CASES):
                ds, masks, phi = _case(index + rep * len(CASES), *case)
                data = _bytes(ds)
                start = time.perf_counter()
                record, files = redact_dicom(Input(None, PurePosixPath("x.dcm")), data,
                                             redactor, options, rel=PurePosixPath("x.dcm"))
                stats["seconds"].append(time.perf_counter() - start)
                stats["files"] += 1
                if record["status"] != "ok":
                    stats["failed"] += 1
                    continue
                out = files[0][1]
                stats["header_leaks"] += sum(v.encode() in out for v in phi)
                before = pydicom.dcmread(io.BytesIO(data)).pixel_array
                after = pydicom.dcmread(io.BytesIO(out)).pixel_array
                per_frame = record["pixels"]["per_frame"]
                pairs = zip(before, after) if len(per_frame) > 1 else [(before, after)]
                for frame, (b, a) in zip(per_frame, pairs):
                    stats["frames"] += 1
                    inside = np.zeros(b.shape[:2], bool)
                    for x0, y0, x1, y1 in frame["boxes"]:
                        inside[y0:y1, x0:x1] = True
                    if not np.array_equal(b[~inside], a[~inside]):
                        stats["changed_outside"] += 1
                    for text, is_phi, mask in masks:
                        hidden = bool((mask & ~inside).sum() == 0)
                        key = "phi" if is_phi else "other"
                        stats[key] += 1
                        stats[key + "_hidden"] += hidden
                        if is_phi and not hidden:
                            stats.setdefault("missed", []).append(f"{case[:3]} {text}")
        rows.append(stats)
    return rows


def report(rows: list[dict]) -> str:
    lines = [("| mode | files (frames) | header values left | burned-in PHI values hidden | "
              "non-PHI text hidden | frames changed outside boxes | failed | s / image median (max) |"),
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        secs = sorted(r["seconds"])
        lines.append(
            f"| {r['mode']} | {r['files']} ({r['frames']}) | {r['header_leaks']} | "
            f"{r['phi_hidden']}/{r['phi']} ({r['phi_hidden'] / max(1, r['phi']):.1%}) | "
            f"{r['other_hidden']}/{r['other']} | {r['changed_outside']} | {r['failed']} | "
            f"{secs[len(secs) // 2]:.2f} ({secs[-1]:.2f}) |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the table here (markdown)")
    parser.add_argument("--repeats", type=int, default=2, help="files per case (new PHI each)")
    args = parser.parse_args(argv)
    table = report(measure(repeats=args.repeats))
    print(table)
    if args.out:
        args.out.write_text(table)


if __name__ == "__main__":
    main()
