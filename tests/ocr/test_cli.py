"""spacy-deid redact on images and PDFs (rules pipeline: patterns + anonymizer)."""
import json

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from spacy_deid.cli import main


def unreadable_page(en_page):
    arr = np.asarray(en_page.image).copy()
    arr[20:500, 40:1380] = np.random.default_rng(1).integers(0, 140, size=(480, 1340, 1))
    return Image.fromarray(arr)


def test_redact_folder_of_images_and_pdfs(en_page, tmp_path, text_layer_pdf):
    src = tmp_path / "in"
    (src / "ward").mkdir(parents=True)
    en_page.image.save(src / "ward" / "scan.png")
    en_page.image.convert("RGB").save(src / "photo.jpg", quality=95)
    pages = [en_page.image.copy(), en_page.image.copy()]
    pages[0].save(src / "two.pdf", format="PDF", save_all=True, append_images=pages[1:],
                  resolution=300.0)
    (src / "empty.png").write_bytes(b"")
    (src / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (src / "locked.pdf").write_bytes(text_layer_pdf(encrypt=True))
    unreadable_page(en_page).save(src / "unreadable.png")
    out = tmp_path / "out"
    code = main(["redact", str(src), "--out", str(out), "--pipeline", "rules", "--lang", "en"])
    assert code == 1
    records = {r["input"]: r for r in map(json.loads, (out / "audit.jsonl").read_text().splitlines())}
    assert {k for k, r in records.items() if r["status"] == "ok"} == {
        "ward/scan.png", "photo.jpg", "two.pdf"}
    assert records["empty.png"]["error"] == "the file is empty"
    assert records["broken.jpg"]["error"] == "the image is corrupt or truncated"
    assert "encrypted" in records["locked.pdf"]["error"]
    assert records["unreadable.png"]["error"].startswith("OCR failed (page 0: ")
    assert not (out / "unreadable.png").exists() and not (out / "unreadable.png.txt").exists()
    # outputs at the input's relative path; the phone number (a pattern) is hidden
    assert records["photo.jpg"]["outputs"] == ["photo.jpg.png", "photo.jpg.txt"]
    assert "[PHONE]" in (out / "ward" / "scan.png.txt").read_text()
    assert "PHONE" in {i["label"] for i in records["two.pdf"]["items"]}
    phone = next(i for i in en_page.phi() if en_page.segments[i][1] == "PHONE")
    ink = en_page.ink & (en_page.labels == phone + 1)
    assert np.asarray(Image.open(out / "ward" / "scan.png").convert("L"))[ink].max() == 0
    pdf = pdfium.PdfDocument((out / "two.pdf").read_bytes())
    assert len(pdf) == 2 and pdf[1].get_textpage().get_text_range() == ""
    pdf.close()
    assert records["two.pdf"]["pages"][1]["status"] == "ok"


def test_failed_pages_can_be_blacked_out(en_page, tmp_path):
    src = tmp_path / "unreadable.png"
    unreadable_page(en_page).save(src)
    out = tmp_path / "out"
    code = main(["redact", str(src), "--out", str(out), "--pipeline", "rules", "--lang", "en",
                 "--failed-pages", "blackout"])
    assert code == 0
    record = json.loads((out / "audit.jsonl").read_text())
    assert record["status"] == "ok" and record["blacked_out_pages"] == [0]
    assert Image.open(out / "unreadable.png").convert("L").getextrema() == (0, 0)
    assert not (out / "unreadable.png.txt").exists()


def test_shipped_sample_scans_are_redacted(tmp_path):
    """The Thai and English sample scans in assets/samples go through the CLI."""
    from pathlib import Path

    samples = Path(__file__).resolve().parents[2] / "assets" / "samples"
    out = tmp_path / "out"
    code = main(["redact", str(samples / "scan_th.png"), str(samples / "scan_en.png"),
                 "--out", str(out), "--pipeline", "rules"])
    assert code == 0
    records = {r["input"]: r for r in map(json.loads, (out / "audit.jsonl").read_text().splitlines())}
    assert records["scan_th.png"]["lang"] == "th" and records["scan_en.png"]["lang"] == "en"
    assert {"ID", "DATE"} <= {i["label"] for i in records["scan_th.png"]["items"]}
    assert {"PHONE", "EMAIL", "DATE"} <= {i["label"] for i in records["scan_en.png"]["items"]}
    text = (out / "scan_en.png.txt").read_text()
    assert "@" not in text and "[EMAIL]" in text
    for name in ("scan_th.png", "scan_en.png"):
        before = np.asarray(Image.open(samples / name).convert("L"))
        after = np.asarray(Image.open(out / name).convert("L"))
        assert after.shape == before.shape and (after == 0).sum() > (before == 0).sum() + 5000
