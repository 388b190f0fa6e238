"""Reading a DICOM file's bytes into a dataset, with the checks done before any pixel is
decoded: not DICOM, truncated or damaged, pixel data that cannot be decoded here, too many
pixels. Messages name the problem only, never a value or a path."""
from __future__ import annotations

import io
from dataclasses import dataclass

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.uid import UID

PREAMBLE = 128
MAGIC = b"DICM"
NATIVE_LE = ("1.2.840.10008.1.2", "1.2.840.10008.1.2.1")  # implicit, explicit VR little endian
_OTHER_PIXELS = (0x7FE00008, 0x7FE00009)  # Float / Double Float Pixel Data


class DicomInputError(Exception):
    """A DICOM file that cannot be de-identified; the message holds no content or name."""


def has_preamble(head: bytes) -> bool:
    """Whether ``head`` (the file's first 132 bytes) is a DICOM Part 10 preamble + ``DICM``."""
    return len(head) >= PREAMBLE + 4 and head[PREAMBLE : PREAMBLE + 4] == MAGIC


@dataclass(frozen=True)
class PixelInfo:
    """What the pixel data module says, checked."""

    rows: int
    columns: int
    frames: int
    samples: int
    bits_allocated: int
    bits_stored: int
    signed: bool
    photometric: str
    transfer_syntax: str

    @property
    def pixels(self) -> int:
        return self.rows * self.columns * self.frames

    @property
    def native(self) -> bool:
        return not UID(self.transfer_syntax).is_compressed


def read_dataset(data: bytes) -> Dataset:
    """The dataset of a DICOM Part 10 file (preamble, ``DICM``, file meta); raises
    :class:`DicomInputError`."""
    if not data:
        raise DicomInputError("the file is empty")
    if not has_preamble(data[: PREAMBLE + 4]):
        raise DicomInputError("not a DICOM file (no DICM preamble)")
    try:
        ds = dcmread(io.BytesIO(data))
        for _ in ds.iterall():  # parse every element now: a truncated file fails here
            pass
    except Exception:  # any parse error: the file is damaged (fail closed)
        raise DicomInputError("the DICOM file is truncated or damaged") from None
    if "TransferSyntaxUID" not in ds.file_meta:
        raise DicomInputError("the DICOM file meta has no transfer syntax")
    return ds


def pixel_info(ds: Dataset, max_pixels: int) -> PixelInfo | None:
    """The checked pixel description, None when the dataset has no pixel data; raises
    :class:`DicomInputError` for pixel data this module cannot redact."""
    if any(tag in ds for tag in _OTHER_PIXELS):
        raise DicomInputError("float pixel data is not supported")
    if "PixelData" not in ds:
        return None
    try:
        info = PixelInfo(
            int(ds.Rows), int(ds.Columns), int(ds.get("NumberOfFrames") or 1),
            int(ds.get("SamplesPerPixel") or 1), int(ds.BitsAllocated),
            int(ds.get("BitsStored") or ds.BitsAllocated), bool(ds.get("PixelRepresentation")),
            str(ds.get("PhotometricInterpretation") or ""), str(ds.file_meta.TransferSyntaxUID))
    except (AttributeError, TypeError, ValueError):
        raise DicomInputError("the pixel data module is incomplete (rows, columns, bits)") from None
    if min(info.rows, info.columns, info.frames) < 1 or info.samples not in (1, 3):
        raise DicomInputError("the pixel data module describes no image")
    if info.bits_allocated not in (8, 16, 32) or not 1 <= info.bits_stored <= info.bits_allocated:
        raise DicomInputError(f"{info.bits_allocated}-bit pixel data is not supported")
    if info.pixels > max_pixels:
        raise DicomInputError(f"the image has more pixels than the document limit "
                              f"({max_pixels:,}, see --max-document-pixels)")
    if info.native:
        expected = info.pixels * info.samples * info.bits_allocated // 8
        if len(ds.PixelData) < expected:
            raise DicomInputError("the pixel data is shorter than the image it describes "
                                  "(truncated file)")
    else:
        from pydicom.pixels import get_decoder

        try:
            available = get_decoder(info.transfer_syntax).is_available
        except (NotImplementedError, ValueError):
            available = False
        if not available:
            raise DicomInputError(f"no decoder here for the pixel data's compression "
                                  f"({UID(info.transfer_syntax).name})")
    return info
