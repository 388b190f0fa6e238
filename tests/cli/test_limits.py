"""Per-document limits of ``spacy-deid redact`` and the memory of one long text document."""
import importlib
import io
import json
import tracemalloc
from pathlib import Path, PurePosixPath
from typing import ClassVar

import pytest
from spacy.language import Language

from spacy_deid.cli import main
from spacy_deid.cli.inputs import Input
from spacy_deid.cli.outputs import OutputDir, audit_line
from spacy_deid.cli.redact import RedactOptions, Redactor, Run
from spacy_deid.workflow.benchmarks.large_text import LINE_EN

redact_module = importlib.import_module("spacy_deid.cli.redact")  # the package exports a function of that name

NOTE = "Patient phone 415-555-0132, email jane.roe@example.com, seen on 2024-01-05.\n"


def audit(out: Path) -> dict:
    return {r["input"]: r for r in map(json.loads, (out / "audit.jsonl").read_text().splitlines())}


def test_a_text_over_max_text_bytes_fails_without_being_read(tmp_path: Path, monkeypatch, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "small.txt").write_text(NOTE)
    (src / "big.txt").write_text(NOTE * 40)  # 3,080 bytes
    reads = []
    real_open = Path.open

    class Spy:
        def __init__(self, handle):
            self.handle = handle

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def read(self, size=-1):
            reads.append(size)
            return self.handle.read(size)

    def spy(self, *args, **kwargs):
        handle = real_open(self, *args, **kwargs)
        return Spy(handle) if self.name == "big.txt" else handle

    monkeypatch.setattr(Path, "open", spy)
    out = tmp_path / "out"
    assert main(["redact", str(src), "--out", str(out), "--pipeline", "rules",
                 "--max-text-bytes", "1000"]) == 1
    records = audit(out)
    assert records["small.txt"]["status"] == "ok"
    big = records["big.txt"]
    assert big["status"] == "failed" and reads == []  # refused from its size, never read
    assert big["error"] == "the file is larger than the text size limit (1,000 bytes, see --max-text-bytes)"
    assert not (out / "big.txt").exists()
    assert "big.txt" not in capsys.readouterr().err
    # the limit is not a setting of the outputs: raising it redoes only the failed document
    assert main(["redact", str(src), "--out", str(out), "--pipeline", "rules"]) == 0
    lines = [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]
    assert [(r["input"], r["status"]) for r in lines] == [
        ("big.txt", "failed"), ("small.txt", "ok"), ("big.txt", "ok")]


def test_stdin_over_max_text_bytes_fails(monkeypatch, capsys, caplog):
    class Stdin:
        buffer = io.BytesIO(NOTE.encode() * 40)

    monkeypatch.setattr("sys.stdin", Stdin)
    assert main(["redact", "-", "--pipeline", "rules", "--max-text-bytes", "1000"]) == 1
    assert capsys.readouterr().out == "" and "larger than the text size limit" in caplog.text
    assert Stdin.buffer.tell() == 1001  # read up to the limit, not to the end


@pytest.mark.parametrize("option,value", [
    ("--max-text-bytes", "0"), ("--max-text-bytes", "2GB"), ("--max-document-pixels", "-5"),
    ("--max-document-pixels", "1e9"), ("--max-seconds", "0"), ("--max-seconds", "inf"),
    ("--max-seconds", "nan"), ("--max-seconds", "soon"),
])
def test_bad_limits_stop_the_run_with_one_line(tmp_path: Path, option: str, value: str, capsys):
    (tmp_path / "a.txt").write_text(NOTE)
    with pytest.raises(SystemExit) as stop:
        main(["redact", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), option, value])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.count("\n") == 1 and option in err, err
    assert not (tmp_path / "out").exists()


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (width, height), 255).save(buf, format="PNG")
    return buf.getvalue()


def test_ocr_limits_reach_the_reader(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.png").write_bytes(_png(300, 200))  # 60,000 pixels
    out = tmp_path / "out"
    assert main(["redact", str(src), "--out", str(out), "--pipeline", "rules",
                 "--max-document-pixels", "50000", "--max-seconds", "12.5"]) == 1
    record = audit(out)["page.png"]
    assert record["status"] == "failed" and "max_document_pixels=50000" in record["error"]
    from spacy_deid.cli.images import _READERS

    assert any(r.limits.max_document_pixels == 50000 and r.max_seconds == 12.5
               for r in _READERS.values())


def test_output_path_computed_once_per_document(tmp_path: Path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (src / name).write_text(NOTE)
    calls = []
    real = redact_module.output_relative
    monkeypatch.setattr(redact_module, "output_relative",
                        lambda item, options: calls.append(item.relative) or real(item, options))
    assert main(["redact", str(src), "--out", str(tmp_path / "out"), "--pipeline", "rules"]) == 0
    assert sorted(map(str, calls)) == ["a.txt", "b.txt", "c.txt"]


def test_a_good_pdf_is_loaded_once(monkeypatch):
    from PIL import Image
    from pypdfium2 import raw

    from spacy_deid.ocr.errors import OCRInputError
    from spacy_deid.ocr.pdf import open_pdf

    buf = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buf, format="PDF")
    loads = []
    real = raw.FPDF_LoadMemDocument64
    monkeypatch.setattr(raw, "FPDF_LoadMemDocument64", lambda *a: loads.append(1) or real(*a))
    pdf = open_pdf(buf.getvalue())
    assert len(pdf) == 1 and len(loads) == 1
    pdf.close()
    with pytest.raises(OCRInputError, match="damaged"):
        open_pdf(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")


def test_audit_line_is_json_dumps_in_pieces():
    record = {"input": "ก.txt", "items": [{"start": i, "label": "PHONE", "score": 0.5 + i / 7}
                                           for i in range(3000)],
              "outputs": ["ก.txt"], "empty": [], "one": [{"a": None}], "nested": {"k": [1, 2]}}
    whole = (json.dumps(record, ensure_ascii=False) + "\n").encode()
    pieces = list(audit_line(record, piece_size=4096))
    assert b"".join(pieces) == whole and len(pieces) > 10
    assert max(map(len, pieces)) < 4096 + 200
    assert b"".join(audit_line({})) == b"{}\n"


def _peak_of_one_document(folder: Path, lines: int) -> tuple[int, int]:
    """Traced peak memory of a run on one text of ``lines`` note lines (3 items a line), in
    windows of 20,000 characters; and its item count."""
    folder.mkdir()
    text = "".join(LINE_EN.format(d=1 + n % 28, n=n) for n in range(lines))
    (folder / "notes.txt").write_text(text)
    options = RedactOptions(out=folder / "out", pipelines={"*": "rules"}, lang="en",
                            window_chars=20_000)
    redactor = Redactor(options)
    redactor.load(("en",))
    redactor.pipe("en", [(text[:20_500], 0, None)])  # warm-up: lazy imports and caches
    with OutputDir(folder / "out") as out:
        run = Run(options, redactor, out, {}, None)
        tracemalloc.start()
        try:
            run.process([Input(folder / "notes.txt", PurePosixPath("notes.txt"))])
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    record = audit(folder / "out")["notes.txt"]
    assert record["status"] == "ok"
    return peak, len(record["items"])


def test_memory_of_a_long_document_per_item(tmp_path: Path):
    """Memory beyond the windows grows only by what each found item needs: its span, its
    audit item and its share of the output (a fresh label string and score per span, the
    audit line as one string and its bytes, and reading with ``read(limit)`` once took
    far more). Measured as the slope between two sizes, so the windows' Docs cancel out."""
    small, small_items = _peak_of_one_document(tmp_path / "small", 1_000)
    large, large_items = _peak_of_one_document(tmp_path / "large", 5_000)
    assert large_items - small_items == 12_000
    per_item = (large - small) / (large_items - small_items)
    assert per_item < 400, f"{per_item:.0f} bytes a found item"  # 912 before, 129 after


class _GreedyBatches:
    """A component that batches by its own size, as deid_pretrained_ner does (256 Docs)."""

    seen: ClassVar[list[int]] = []

    def __call__(self, doc):
        return doc

    def pipe(self, stream, *, batch_size: int = 128):
        from spacy.util import minibatch

        for batch in minibatch(stream, size=256):
            self.seen.append(len(batch))
            yield from batch


def test_windows_are_held_one_batch_at_a_time_whatever_components_batch():
    """find_spans once fed every window to one nlp.pipe call: such a component then held
    hundreds of 100,000-character windows as Docs at once (50 MB of notes: over 16 GB)."""
    from spacy_deid.cli.windows import find_spans
    from spacy_deid.pipelines import rules_pipeline

    nlp = rules_pipeline("en")
    nlp.add_pipe("test_greedy_batches", first=True)
    text = "".join(LINE_EN.format(d=1 + n % 28, n=n) for n in range(600))
    anonymizer = redact_module._anonymizer(nlp)
    _GreedyBatches.seen.clear()
    spans = find_spans(nlp, anonymizer, text, None, size=5_000, overlap=500, batch_size=2)
    assert len(spans) == 1_800 and len(_GreedyBatches.seen) >= 5
    assert max(_GreedyBatches.seen) <= 2



Language.factory("test_greedy_batches")(lambda nlp, name: _GreedyBatches())
