"""Fixtures of the service tests: the shipped default pipelines loaded once per session in a
child process, an app on them (ASGI test client), and small documents (a text-layer PDF, a
rendered scan)."""
import io
import time

import pytest
import spacy
from fastapi.testclient import TestClient
from spacy.language import Language

from spacy_deid.serve.app import create_app
from spacy_deid.serve.process import EngineProcess
from spacy_deid.serve.settings import Limits, ServeSettings

SENTINEL_NAME = "Zorbulon Quixtaffer"  # must never reach a log
SENTINEL_PHONE = "081-777-4242"
TOKEN = "test-token-0123456789abcdef"


@Language.component("test_serve_fail_on_marker")
def fail_on_marker(doc):
    if "FAILME" in doc.text:
        raise RuntimeError(f"deliberate failure on {doc.text}")  # the message quotes the text
    return doc


@pytest.fixture(scope="session")
def engine():
    """The shipped default pipelines (th, en), loaded once in a child process, as the service
    runs them (every request and answer crosses the process boundary)."""
    engine = EngineProcess({"*": "default"})
    engine.load()
    assert engine.state == "ready", engine.error
    yield engine
    engine.close()


def wait_ready(client: TestClient, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while client.get("/healthz").status_code != 200:
        assert time.monotonic() < deadline, "the app did not become ready"
        time.sleep(0.05)


@pytest.fixture(scope="session")
def client(engine):
    """An app on the default pipelines, without a token."""
    with TestClient(create_app(ServeSettings(), engine)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN


@pytest.fixture(scope="session")
def token_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("token") / "token"
    path.write_text(TOKEN + "\n")
    return path


@pytest.fixture(scope="session")
def small_client(engine, token_file):
    """An app with a token and small limits."""
    limits = Limits(max_body_bytes=50_000, max_chars=2_000, max_texts=3, max_pages=2, max_seconds=60)
    app = create_app(ServeSettings(token_file=str(token_file), limits=limits), engine)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def failing_pipeline(tmp_path_factory):
    """A pipeline whose middle component raises on documents holding FAILME."""
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns")
    nlp.add_pipe("test_serve_fail_on_marker")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["deid_patterns"]})
    path = tmp_path_factory.mktemp("pipe") / "failing"
    nlp.to_disk(path)
    return path


def text_layer_pdf(lines) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica, black, visible)."""
    ops = " ".join(f"({line}) Tj 0 -24 Td" for line in lines)
    content = f"BT /F1 16 Tf 20 150 Td {ops} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 180] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    return text_layer_pdf(["Patient: Mr. John Smith", f"Phone: {SENTINEL_PHONE}", "Chief complaint: cough"])


@pytest.fixture(scope="session")
def png_bytes() -> bytes:
    """A rendered English scan with a name and a phone number."""
    from spacy_deid.workflow import ocr_pages as render

    page = render.render([[("Patient: Mr. ", None), ("John Smith", "PERSON")],
                          [("Phone: ", None), (SENTINEL_PHONE, "PHONE")]],
                         font="DejaVuSans.ttf", size_mm=(120, 35), font_pt=14, margin_mm=8)
    out = io.BytesIO()
    page.image.save(out, format="PNG")
    return out.getvalue()
