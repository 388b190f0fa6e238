"""Thin Tesseract runner: one page image in, Tesseract's ``image_to_data`` table out.

The image goes to Tesseract on stdin (no temporary file with patient data on disk) and
``OMP_THREAD_LIMIT=1`` is set for the Tesseract process only (per-page speed on few cores,
without limiting the threads of this process). The binary is the one pytesseract is
configured with (``pytesseract.pytesseract.tesseract_cmd``).
"""
from __future__ import annotations

import io
import os
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported by the caller
    from PIL import Image

Data = dict[str, list[int | float | str]]
_INT_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                "left", "top", "width", "height")


class OCREngineError(RuntimeError):
    """Tesseract is missing, failed or timed out (message never contains page text)."""


class TesseractEngine:
    def __init__(
        self,
        languages: str = "tha+eng",
        psm: int = 3,
        timeout: float = 120.0,
        tesseract_cmd: str | None = None,
    ) -> None:
        self.languages = languages
        self.psm = psm
        self.timeout = timeout
        self._cmd = tesseract_cmd

    @property
    def cmd(self) -> str:
        if self._cmd:
            return self._cmd
        import pytesseract

        return pytesseract.pytesseract.tesseract_cmd

    def image_to_data(self, image: Image.Image, dpi: int, timeout: float | None = None) -> Data:
        """Run Tesseract on a PIL image; columns as in ``pytesseract.image_to_data`` (DICT).
        ``timeout`` (seconds) overrides the engine's own for this page."""
        timeout = self.timeout if timeout is None else timeout
        buf = io.BytesIO()
        image.save(buf, format="BMP")  # uncompressed: cheapest to write and to read
        args = [self.cmd, "stdin", "stdout", "-l", self.languages, "--psm", str(self.psm),
                "--dpi", str(int(dpi)), "tsv"]
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            proc = subprocess.run(args, input=buf.getvalue(), capture_output=True, env=env,
                                  timeout=timeout or None)
        except FileNotFoundError as err:
            raise OCREngineError(f"Tesseract not found ({self.cmd!r}); install tesseract-ocr") from err
        except subprocess.TimeoutExpired as err:
            raise OCREngineError(f"Tesseract timed out after {timeout:g} s") from err
        if proc.returncode != 0:
            # Tesseract's stderr names missing language data etc.; it never echoes page text.
            msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise OCREngineError(f"Tesseract failed (exit {proc.returncode}): {' | '.join(msg)}")
        return parse_tsv(proc.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> Data:
    """Tesseract TSV → dict of columns (ints for geometry, float conf, str text)."""
    lines = tsv.split("\n")
    header = lines[0].split("\t")
    data: Data = {name: [] for name in header}
    for line in lines[1:]:
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) < len(header):  # text column absent on structural rows
            cells += [""] * (len(header) - len(cells))
        for name, cell in zip(header, cells):
            if name in _INT_COLUMNS:
                data[name].append(int(cell))
            elif name == "conf":
                data[name].append(float(cell))
            else:
                data[name].append(cell)
    return data
