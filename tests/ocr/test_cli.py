"""spacy-deid redact on images and PDFs (rules pipeline: patterns + anonymizer)."""
import json

import numpy as np
import pypdfium2 as pdfium
import spacy
from PIL import Image
from spacy.language import Language

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


def records_of(out):
    return {r["input"]: r for r in map(json.loads, (out / "audit.jsonl").read_text().splitlines())}


def test_a_pdf_without_pages_after_an_encrypted_one_says_so(tmp_path, text_layer_pdf, pdfs):
    (tmp_path / "locked.pdf").write_bytes(text_layer_pdf(encrypt=True))
    (tmp_path / "nopages.pdf").write_bytes(pdfs.build(["<< /Type /Catalog /Pages 2 0 R >>",
                                                       "<< /Type /Pages /Kids [] /Count 0 >>"]))
    out = tmp_path / "out"
    main(["redact", str(tmp_path / "locked.pdf"), str(tmp_path / "nopages.pdf"), "--out", str(out),
          "--pipeline", "rules", "--lang", "en"])
    records = records_of(out)
    assert "encrypted" in records["locked.pdf"]["error"]
    assert records["nopages.pdf"]["error"] == "the PDF has no pages"


def test_a_pdf_whose_text_layer_hides_the_page_is_ocred_and_redacted(en_page, tmp_path, pdfs):
    """An image of a name and a phone under invisible and white harmless text, and a line of
    real text: the .txt and the output pixels are redacted, the audit counts and places the
    hidden text without holding it."""
    (tmp_path / "leak.pdf").write_bytes(pdfs.leak("invisible-white-visible", en_page))
    out = tmp_path / "out"
    code = main(["redact", str(tmp_path / "leak.pdf"), "--out", str(out), "--pipeline", "rules",
                 "--lang", "en"])
    assert code == 0
    record = records_of(out)["leak.pdf"]
    (page,) = record["pages"]
    assert page["source"] == "ocr" and page["hidden_chars"] > 0 and page["hidden_boxes"]
    assert {i["label"] for i in record["items"]} >= {"PERSON", "PHONE"}
    audit = (out / "audit.jsonl").read_text()
    text = (out / "leak.pdf.txt").read_text()
    assert "[PERSON]" in text and "[PHONE]" in text and "Diagnosis: influenza" in text
    for secret in ("Smith", "081-234-5678", "Lorem", "ipsum"):
        assert secret not in text and secret not in audit
    pdf = pdfium.PdfDocument((out / "leak.pdf").read_bytes())
    gray = np.asarray(pdf[0].render(scale=300 / 72).to_pil().convert("L"))
    pdf.close()
    gray = gray[: en_page.ink.shape[0], : en_page.ink.shape[1]]  # the image is at the top
    for i in en_page.phi():
        assert gray[en_page.ink & (en_page.labels == i + 1)].max() < 60


def test_a_document_over_its_time_limit_fails_and_writes_nothing(en_page, tmp_path):
    from pathlib import PurePosixPath
    from types import SimpleNamespace

    from spacy_deid.cli.images import redact_file

    path = tmp_path / "scan.png"
    en_page.image.save(path)
    item = SimpleNamespace(path=path, relative=PurePosixPath("scan.png"))
    options = SimpleNamespace(ocr={"max_seconds": 1e-9}, lang="en", hash_key=None,
                              group_map={}, group_by="document")
    record, files = redact_file(item, path.read_bytes(), None, options)
    assert record == {"status": "failed",
                      "error": "the document took longer than the time limit (max_seconds=1e-09)"}
    assert files == []


def test_a_document_out_of_time_while_drawing_fails_and_writes_nothing(en_page, tmp_path,
                                                                       monkeypatch):
    from pathlib import PurePosixPath
    from types import SimpleNamespace

    import spacy_deid.cli.images as images
    from spacy_deid.ocr.limits import Deadline
    from spacy_deid.pipelines import load_pipeline

    now = [0.0]
    real = images.iter_redacted

    def late(*args, **kwargs):  # the time runs out once the page is read and de-identified
        now[0] = 1e9
        yield from real(*args, **kwargs)

    monkeypatch.setattr(images, "Deadline", lambda seconds: Deadline(seconds, lambda: now[0]))
    monkeypatch.setattr(images, "iter_redacted", late)
    path = tmp_path / "scan.png"
    en_page.image.save(path)
    item = SimpleNamespace(path=path, relative=PurePosixPath("scan.png"))
    options = SimpleNamespace(ocr={}, lang="en", hash_key=None, group_map={}, group_by="document")
    redactor = SimpleNamespace(nlp_for=lambda lang: load_pipeline("rules", lang, None))
    record, files = images.redact_file(item, path.read_bytes(), redactor, options)
    assert record["status"] == "failed" and "time limit" in record["error"] and files == []


@Language.component("test_raise_on_smith")
def raise_on_smith(doc):
    if "Smith" in doc.text:
        raise RuntimeError("deliberate failure")
    return doc


def test_a_component_error_fails_the_pdf_and_writes_nothing(tmp_path, text_layer_pdf):
    # the component is not a source of the anonymizer: nlp(doc) handed the Doc on and the PDF
    # came out "ok", redacted from what the patterns alone had found
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns")
    nlp.add_pipe("test_raise_on_smith")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["deid_patterns"]})
    nlp.to_disk(tmp_path / "pipe")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "note.pdf").write_bytes(text_layer_pdf())
    out = tmp_path / "out"
    code = main(["redact", str(tmp_path / "in"), "--out", str(out), "--pipeline", str(tmp_path / "pipe"),
                 "--lang", "en"])
    assert code == 1
    [record] = map(json.loads, (out / "audit.jsonl").read_text().splitlines())
    assert record["status"] == "failed" and "test_raise_on_smith" in record["error"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["audit.jsonl"]
