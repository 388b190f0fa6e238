"""Frames of a DICOM file one at a time, their windowed 8-bit views for OCR, and redaction
in the original pixel values (bit depth, signedness and photometric kept; compressed pixel
data is written back uncompressed, Explicit VR Little Endian).

Only the boxes change: every other pixel keeps its decoded value. Bits above Bits Stored are
not kept (pydicom masks them when decoding; they are no part of the image and can hold a
retired embedded overlay).
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import PYDICOM_IMPLEMENTATION_UID, UID, ExplicitVRLittleEndian

from .reader import NATIVE_LE, PixelInfo

if TYPE_CHECKING:
    from PIL import Image

Box = tuple[int, int, int, int]
_LOSSY = {f"1.2.840.10008.1.2.4.{n}" for n in (50, 51, 81, 91, 93, 203, 205, 100, 101, 102,
                                              103, 104, 105, 106, 107, 108)}
_TABLES = (0x7FE00001, 0x7FE00002, 0x7FE00003)  # extended offset table (+ lengths), encapsulated


def iter_frames(data: bytes) -> Iterator[np.ndarray]:
    """The decoded frames of the file's bytes, one at a time (colour as RGB)."""
    from pydicom.pixels import iter_pixels

    yield from iter_pixels(io.BytesIO(data), as_rgb=True)


def view8(frame: np.ndarray, ds: Dataset, info: PixelInfo) -> Image.Image:
    """The frame as an 8-bit grey image for OCR: modality and VOI LUT (window) applied when
    the header has them, stretched to 0-255, MONOCHROME1 inverted; then made dark text on a
    light ground (inverted when mostly dark), which Tesseract reads best."""
    from PIL import Image

    if info.samples == 3 or info.photometric == "PALETTE COLOR":
        if info.photometric == "PALETTE COLOR":
            from pydicom.pixels import apply_color_lut

            frame = apply_color_lut(frame, ds)
        rgb = _stretch(frame.astype(np.float32))
        grey = np.asarray(Image.fromarray(rgb, "RGB").convert("L"))
    else:
        values = frame.astype(np.float32)
        if "WindowCenter" in ds or "VOILUTSequence" in ds:
            try:
                from pydicom.pixels import apply_modality_lut, apply_voi_lut

                values = apply_voi_lut(apply_modality_lut(frame, ds), ds).astype(np.float32)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError):  # bad window
                values = frame.astype(np.float32)
        grey = _stretch(values)
        if info.photometric == "MONOCHROME1":
            grey = 255 - grey
    if grey.mean() < 128:
        grey = 255 - grey
    return Image.fromarray(np.ascontiguousarray(grey), "L")


def _stretch(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if high <= low:
        return np.zeros(values.shape, np.uint8)
    return ((values - low) * (255.0 / (high - low))).round().astype(np.uint8)


def fill_value(info: PixelInfo) -> int:
    """The value a redaction box gets: black as displayed (the lowest stored value; the
    highest for MONOCHROME1; 0 in colour and palette images)."""
    if info.samples == 3 or info.photometric == "PALETTE COLOR":
        return 0
    if info.photometric == "MONOCHROME1":
        return (1 << (info.bits_stored - 1)) - 1 if info.signed else (1 << info.bits_stored) - 1
    return -(1 << (info.bits_stored - 1)) if info.signed else 0


def redact(frame: np.ndarray, boxes: list[Box], value: int) -> np.ndarray:
    """``frame`` (writable copy) with every box set to ``value``; boxes are clipped."""
    out = np.array(frame, copy=True)
    rows, cols = out.shape[:2]
    for x0, y0, x1, y1 in boxes:
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(cols, x1), min(rows, y1)
        if x1 > x0 and y1 > y0:
            out[y0:y1, x0:x1] = value
    return out


def frame_bytes(frame: np.ndarray, info: PixelInfo) -> bytes:
    """A frame as native little-endian pixel data (colour interleaved, planar configuration 0)."""
    dtype = np.dtype(f"<{'i' if info.signed else 'u'}{info.bits_allocated // 8}")
    return np.ascontiguousarray(frame, dtype=dtype).tobytes()


def output_syntax(info: PixelInfo) -> str:
    """Implicit or explicit VR little endian as read; anything else becomes explicit."""
    return info.transfer_syntax if info.transfer_syntax in NATIVE_LE else ExplicitVRLittleEndian


def set_pixels(ds: Dataset, info: PixelInfo, pixel_data: bytearray) -> None:
    """Put the redacted native pixel data in ``ds`` and describe it (colour: RGB, planar 0)."""
    for tag in _TABLES:
        if tag in ds:
            del ds[tag]
    if len(pixel_data) % 2:
        pixel_data.append(0)
    ds["PixelData"] = DataElement(0x7FE00010, "OB" if info.bits_allocated == 8 else "OW",
                                  bytes(pixel_data))
    if info.samples == 3:
        ds.PhotometricInterpretation = "RGB"
        ds.PlanarConfiguration = 0
    if info.transfer_syntax in _LOSSY and "LossyImageCompression" not in ds:
        ds.LossyImageCompression = "01"  # decoded values kept, but they were lossy already


def drop_pixels(ds: Dataset) -> None:
    """Remove the pixel data (header-only de-identification)."""
    for tag in (0x7FE00010, *_TABLES, 0x7FE00008, 0x7FE00009):
        if tag in ds:
            del ds[tag]


def new_file_meta(ds: Dataset, syntax: str) -> FileMetaDataset:
    """A fresh file meta group: nothing of the input's (source AE title, private info)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID(ds.get("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7"))
    meta.MediaStorageSOPInstanceUID = UID(ds.get("SOPInstanceUID") or "2.25.0")
    meta.TransferSyntaxUID = UID(syntax)
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    meta.ImplementationVersionName = "SPACY_DEID"
    return meta


def dicom_bytes(ds: Dataset, syntax: str) -> bytes:
    """The dataset as a Part 10 file: a zero preamble, ``DICM``, a fresh file meta."""
    ds.file_meta = new_file_meta(ds, syntax)
    ds.preamble = b"\0" * 128
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True,
               implicit_vr=syntax == "1.2.840.10008.1.2", little_endian=True)
    return out.getvalue()
