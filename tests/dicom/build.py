"""DICOM test files made with pydicom: a radiology-like image (noise and a bright body),
burned-in text drawn with PIL fonts, PHI in the header (also in sequences and private tags)."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

FONTS = {
    "en": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "th": "/usr/share/fonts/truetype/tlwg/Garuda-Bold.ttf",
}
if not Path(FONTS["th"]).exists():
    FONTS["th"] = "/usr/share/fonts/truetype/tlwg/Garuda.ttf"
SOP = {"CT": "1.2.840.10008.5.1.4.1.1.2", "MR": "1.2.840.10008.5.1.4.1.1.4",
       "CR": "1.2.840.10008.5.1.4.1.1.1", "OT": "1.2.840.10008.5.1.4.1.1.7"}
NAME = ("SOMCHAI", "JAIDEE")
PATIENT_ID = "HN6412345"
BIRTH = "19600312"
STUDY = "20240105"


def body(size: int, seed: int) -> np.ndarray:
    """A grey 0..1 picture: noise, an ellipse 'body' with 'bones'."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    img = 0.08 + 0.04 * rng.random((size, size))
    inside = ((x - 0.5) / 0.33) ** 2 + ((y - 0.55) / 0.38) ** 2 < 1
    img[inside] += 0.35 + 0.1 * np.sin(12 * x[inside])
    bone = ((x - 0.5) / 0.05) ** 2 + ((y - 0.55) / 0.3) ** 2 < 1
    img[bone] += 0.3
    return np.clip(img, 0, 0.8)


def text_mask(size: int, lines: list[tuple[str, str, tuple[int, int]]], px: int) -> np.ndarray:
    """Where the burned-in text is (True), drawn with the fonts at ``px`` pixels."""
    canvas = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(canvas)
    for text, lang, (x, y) in lines:
        draw.text((x, y), text, fill=255, font=ImageFont.truetype(FONTS[lang], px))
    return np.asarray(canvas) > 127


def default_lines(size: int) -> list[tuple[str, str, tuple[int, int]]]:
    m = size // 40
    step = size // 22
    return [
        (f"{NAME[1]}^{NAME[0]}", "en", (m, m)),
        (f"ID {PATIENT_ID}", "en", (m, m + step)),
        ("12/03/1960", "en", (m, m + 2 * step)),
        ("ST. MARY HOSPITAL", "en", (size // 2, m)),
        ("2024-01-05", "en", (size // 2, m + step)),
    ]


def make_dataset(modality: str = "CT", bits: int = 16, size: int = 512, frames: int = 1,
                 rgb: bool = False, lines: list | None = None, seed: int = 0,
                 text_px: int | None = None, signed: bool = False) -> tuple[Dataset, np.ndarray]:
    """A dataset and, per frame, the text mask (frames, rows, cols)."""
    lines = default_lines(size) if lines is None else lines
    mask = text_mask(size, lines, text_px or max(11, size // 32))
    top = (1 << (bits if bits <= 8 else (12 if bits == 12 else 16))) - 1
    stored = 12 if bits == 12 else bits
    arrays = []
    for f in range(frames):
        img = body(size, seed + f) * top
        img[mask] = top
        if rgb:
            img = np.stack([img, img * 0.9, img * 0.8], axis=-1)
        arrays.append(img.round().astype(np.uint8 if bits == 8 else np.uint16))
    pixels = np.stack(arrays) if frames > 1 else arrays[0]
    if modality == "CR" and not rgb:  # MONOCHROME1: low values display white
        pixels = (top - pixels.astype(np.int64)).astype(pixels.dtype)
    if signed:
        pixels = (pixels.astype(np.int32) - (1 << (stored - 1))).astype(np.int16)
    ds = Dataset()
    ds.SOPClassUID = SOP[modality]
    ds.SOPInstanceUID = generate_uid()
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.FrameOfReferenceUID = generate_uid()
    ds.Modality = modality
    ds.PatientName = f"{NAME[1]}^{NAME[0]}"
    ds.PatientID = PATIENT_ID
    ds.PatientBirthDate = BIRTH
    ds.PatientSex = "M"
    ds.PatientAge = "063Y"
    ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = STUDY
    ds.StudyTime = "101500"
    ds.AccessionNumber = "ACC778899"
    ds.InstitutionName = "St. Mary Hospital"
    ds.InstitutionAddress = "12 Rama IV Road, Bangkok"
    ds.ReferringPhysicianName = "WATSON^JOHN"
    ds.OperatorsName = "NURSE^ANNA"
    ds.StationName = "CT-ROOM-3"
    ds.StudyDescription = "CHEST for SOMCHAI"
    ds.ImageComments = "patient SOMCHAI JAIDEE HN6412345 called 081-234-5678"
    ds.PatientComments = "allergic"
    ds.OtherPatientIDs = "1101700208361"
    ds.StudyID = "S1234"
    ds.BodyPartExamined = "CHEST"
    ref = Dataset()
    ref.ReferencedSOPClassUID = SOP[modality]
    ref.ReferencedSOPInstanceUID = generate_uid()
    ds.ReferencedStudySequence = Sequence([ref])
    req = Dataset()
    req.RequestingPhysician = "HOUSE^GREGORY"
    req.RequestedProcedureID = "RP5566"
    ds.RequestAttributesSequence = Sequence([req])
    ds.add_new(0x00091010, "LO", "ACME PRIVATE")
    ds.add_new(0x00091011, "LO", "SOMCHAI JAIDEE")
    ds.add_new(0x60000010, "US", size)
    ds.add_new(0x60000011, "US", size)
    ds.add_new(0x60003000, "OW", b"\x00" * (size * size // 8))
    ds.SamplesPerPixel = 3 if rgb else 1
    ds.PhotometricInterpretation = "RGB" if rgb else (
        "MONOCHROME1" if modality == "CR" else "MONOCHROME2")
    if rgb:
        ds.PlanarConfiguration = 0
    ds.Rows = ds.Columns = size
    ds.BitsAllocated = 8 if bits == 8 else 16
    ds.BitsStored = stored
    ds.HighBit = stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    if frames > 1:
        ds.NumberOfFrames = frames
    if modality == "CT":
        ds.RescaleIntercept = -1024
        ds.RescaleSlope = 1
    ds.PixelData = pixels.tobytes()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.SourceApplicationEntityTitle = "STMARY_PACS"
    ds.preamble = b"\0" * 128
    masks = np.stack([mask] * frames)
    return ds, masks


def to_bytes(ds: Dataset) -> bytes:
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def write(path: Path, ds: Dataset) -> Path:
    path.write_bytes(to_bytes(ds))
    return path
