"""The API through the ASGI test client, on the shipped default pipelines."""
import base64
import json
import threading
import time

import pytest
import spacy
from fastapi.testclient import TestClient
from spacy.tokens import DocBin

from spacy_deid.serve.app import create_app
from spacy_deid.serve.engine import Engine
from spacy_deid.serve.process import EngineProcess
from spacy_deid.serve.settings import ServeSettings

EN = "Patient John Smith, phone 415-555-0132, email jane.roe@example.com."
TH = "นายสมชาย ใจดี อายุ 45 ปี โทร 081-234-5678"


def test_redact_one_text(client):
    response = client.post("/v1/redact", json={"text": EN})
    assert response.status_code == 200
    body = response.json()
    assert body["lang"] == "en"
    assert "415-555-0132" not in body["text"] and "jane.roe@example.com" not in body["text"]
    assert "[PHONE]" in body["text"] and "[EMAIL]" in body["text"]
    labels = {item["label"] for item in body["items"]}
    assert {"PHONE", "EMAIL"} <= labels
    for item in body["items"]:
        assert set(item) == {"start", "end", "label", "kind", "source", "score", "operator"}
        assert 0 <= item["start"] < item["end"] <= len(EN)


def test_auto_language_and_batch(client):
    response = client.post("/v1/redact", json={"texts": [TH, EN]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["lang"] for r in results] == ["th", "en"]
    assert "081-234-5678" not in results[0]["text"] and "สมชาย" not in results[0]["text"]


def test_operators_and_label_scheme(client):
    response = client.post("/v1/redact", json={
        "text": EN, "lang": "en", "label_scheme": "jsl",
        "operators": {"PHONE": {"operator": "mask", "char": "#"}, "default": "numbered_tag"}})
    assert response.status_code == 200
    body = response.json()
    assert "############" in body["text"]
    assert "[CONTACT_1]" in body["text"]  # the email, numbered, in the JSL scheme
    phone = next(i for i in body["items"] if i["operator"] == "mask")
    assert phone["label"] == "CONTACT"
    # the pipeline's own settings are unchanged for the next request
    assert "[PHONE]" in client.post("/v1/redact", json={"text": EN}).json()["text"]


def test_operator_for_one_id_kind_in_any_case(client):
    """``id/national_id`` is the anonymizer's ``ID/NATIONAL_ID``, as in the CLI and on Spark."""
    note = "ผู้ป่วยเลขประจำตัวประชาชน 1-1017-00208-36-1 โทร 081-234-5678"
    body = client.post("/v1/redact", json={"text": note, "operators": {"id/national_id": "mask"}}).json()
    assert "1-1017" not in body["text"] and "*****************" in body["text"] and "[PHONE]" in body["text"]
    assert {i["kind"] or i["label"]: i["operator"] for i in body["items"]} == {
        "NATIONAL_ID": "mask", "PHONE": "tag"}
    upload = client.post("/v1/redact/file", files={"file": ("a.txt", note.encode("utf-8"))},
                         data={"operators": json.dumps({"Id/National_Id": "mask"})})
    assert upload.status_code == 200 and upload.json()["text"] == body["text"]


@pytest.mark.parametrize("body, where", [
    ({"text": 5}, ["body", "text"]),
    ({"texts": "not a list"}, ["body", "texts"]),
    ({"text": "x", "lang": "fr"}, ["body", "lang"]),
    ({"text": "x", "label_scheme": "nope"}, ["body", "label_scheme"]),
    ({"text": "x", "extra": 1}, ["body", "extra"]),
    ({"text": "x", "texts": ["y"]}, ["body"]),
    ({}, ["body"]),
])
def test_wrong_types_get_422_without_the_values(client, body, where):
    response = client.post("/v1/redact", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["status"] == 422
    assert error["details"][0]["loc"] == where
    assert "input" not in error["details"][0]


def test_unknown_operator_is_422(client):
    response = client.post("/v1/redact", json={"text": EN, "operators": {"PHONE": "shred"}})
    assert response.status_code == 422
    assert "unknown operator" in response.json()["error"]["message"]


def test_non_json_and_binary_bodies(client):
    for content, kind in ((b"{not json", "application/json"), (b"\x00\xff\x10binary", "application/json"),
                          (b"\x00\xff\x10binary", "application/octet-stream"), (b"text=1", None)):
        headers = {"content-type": kind} if kind else {}
        response = client.post("/v1/redact", content=content, headers=headers)
        assert response.status_code in (400, 422), kind  # unparseable, or not the fields asked for
        assert response.json()["error"]["status"] == response.status_code
        assert "binary" not in response.text


def test_security_headers_and_no_cors(client):
    response = client.post("/v1/redact", json={"text": EN}, headers={"origin": "https://evil.example"})
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "access-control-allow-origin" not in response.headers
    page = client.get("/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_cors_only_for_configured_origins(engine):
    app = create_app(ServeSettings(cors_origins=("http://ehr.local",)), engine)
    with TestClient(app) as test_client:
        allowed = test_client.options("/v1/redact", headers={
            "origin": "http://ehr.local", "access-control-request-method": "POST"})
        other = test_client.options("/v1/redact", headers={
            "origin": "http://other.local", "access-control-request-method": "POST"})
    assert allowed.headers.get("access-control-allow-origin") == "http://ehr.local"
    assert "access-control-allow-origin" not in other.headers


def test_token_required_when_configured(small_client, token):
    for headers in ({}, {"authorization": "Bearer wrong-token-0123456789"}, {"authorization": token},
                    {"authorization": f"Basic {token}"}):
        response = small_client.post("/v1/redact", json={"text": EN}, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert "text" not in response.json()
    ok = small_client.post("/v1/redact", json={"text": EN}, headers={"authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    # the page, its files, the readiness probe and the API description need no token
    for path in ("/healthz", "/openapi.json", "/docs"):
        assert small_client.get(path).status_code == 200, path


def test_size_limits(small_client, token):
    auth = {"authorization": f"Bearer {token}"}
    huge = small_client.post("/v1/redact", content=b"x" * 60_000, headers={**auth, "content-type": "application/json"})
    assert huge.status_code == 413
    assert "larger than the limit" in huge.json()["error"]["message"]
    many_chars = small_client.post("/v1/redact", json={"text": "a" * 2_001}, headers=auth)
    assert many_chars.status_code == 413
    many_texts = small_client.post("/v1/redact", json={"texts": ["a"] * 4}, headers=auth)
    assert many_texts.status_code == 413
    big_file = small_client.post("/v1/redact/file", files={"file": ("a.txt", b"a" * 60_000)}, headers=auth)
    assert big_file.status_code == 413


def test_page_limit(small_client, token, pdf_bytes):
    three_pages = pdf_bytes.replace(b"/Kids [3 0 R] /Count 1", b"/Kids [3 0 R 3 0 R 3 0 R] /Count 3")
    response = small_client.post("/v1/redact/file", files={"file": ("scan.pdf", three_pages)},
                                 headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 413
    assert "3 pages (limit 2)" in response.json()["error"]["message"]


def test_text_file_upload(client):
    note = "ผู้ป่วย นายสมชาย ใจดี โทร 081-234-5678".encode("cp874")  # a Thai code page
    response = client.post("/v1/redact/file", files={"file": ("สมชาย note.txt", note, "text/plain")},
                           data={"operators": json.dumps({"PHONE": "mask"})})
    assert response.status_code == 200
    body = response.json()
    assert body["record"]["status"] == "ok" and body["record"]["lang"] == "th"
    assert body["source_text"] == note.decode("cp874")
    assert "081-234-5678" not in body["text"] and "************" in body["text"]
    (output,) = body["files"]
    assert output["name"] == "document.txt"  # the upload's name (PHI) is not used
    assert base64.b64decode(output["data"]).decode("utf-8") == body["text"]
    assert "สมชาย" not in json.dumps(body["record"], ensure_ascii=False)


def test_pdf_upload(client, pdf_bytes):
    response = client.post("/v1/redact/file", files={"file": ("letter.pdf", pdf_bytes, "application/pdf")})
    assert response.status_code == 200
    body = response.json()
    assert body["record"]["kind"] == "pdf" and body["record"]["pages"][0]["source"] == "text_layer"
    assert "081-777-4242" not in body["text"] and "John Smith" not in body["text"]
    names = [f["name"] for f in body["files"]]
    assert names == ["document.pdf", "document.pdf.txt"]
    pdf = base64.b64decode(body["files"][0]["data"])
    assert pdf.startswith(b"%PDF") and b"081-777-4242" not in pdf


def test_image_upload(client, png_bytes):
    response = client.post("/v1/redact/file", files={"file": ("scan.png", png_bytes, "image/png")},
                           data={"lang": "en"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["record"]["kind"] == "image" and "081-777-4242" not in body["text"]
    assert [f["name"] for f in body["files"]] == ["document.png", "document.png.txt"]
    assert base64.b64decode(body["files"][0]["data"]).startswith(b"\x89PNG")


@pytest.mark.parametrize("name, data, status", [
    ("blob.bin", b"\x00\x01\x02", 415),
    ("note.txt", b"\x00\x01\x02binary", 422),
    ("note.txt", b"", 422),
    ("scan.png", b"\x89PNG\r\n\x1a\nbroken", 422),
    ("scan.pdf", b"%PDF-1.4 broken", 422),
])
def test_bad_uploads(client, name, data, status):
    response = client.post("/v1/redact/file", files={"file": (name, data)})
    assert response.status_code == status
    assert response.json()["error"]["status"] == status


def test_malformed_forms(client):
    assert client.post("/v1/redact/file", content=b"x", headers={"content-type": "text/plain"}).status_code == 400
    no_file = client.post("/v1/redact/file", data={"lang": "en"}, files={"other": ("a.txt", b"x")})
    assert no_file.status_code == 422
    bad_ops = client.post("/v1/redact/file", files={"file": ("a.txt", b"hello")}, data={"operators": "[1"})
    assert bad_ops.status_code == 422


def test_docbin_export(client):
    text = "Patient John Smith called 415-555-0132."
    docs = [{"text": text, "lang": "en", "spans": [{"start": 8, "end": 18, "label": "PERSON"},
                                                   {"start": 26, "end": 38, "label": "PHONE"}]}]
    response = client.post("/v1/export/docbin", json={"docs": docs})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    (doc,) = DocBin().from_bytes(response.content).get_docs(spacy.blank("en").vocab)
    assert [(e.text, e.label_) for e in doc.ents] == [("John Smith", "PERSON"), ("415-555-0132", "PHONE")]
    bad = client.post("/v1/export/docbin", json={"docs": [{**docs[0], "spans": [
        {"start": 0, "end": 4, "label": "NOT_A_LABEL"}]}]})
    assert bad.status_code == 422


def test_openapi_and_docs_page(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/redact", "/v1/redact/file", "/v1/export/docbin", "/healthz"} <= set(spec["paths"])
    page = client.get("/docs")
    assert page.status_code == 200 and "/v1/redact/file" in page.text
    assert "cdn" not in page.text.lower() and "<script" not in page.text


def test_not_found_is_json_and_unmatched(client):
    response = client.get("/v1/patients/John%20Smith?name=John")
    assert response.status_code == 404 and response.json()["error"]["message"] == "not found"


def test_healthz_ready_only_once_loaded(tmp_path):
    release = threading.Event()

    class SlowEngine(Engine):
        def load(self):
            release.wait(30)
            super().load()

    app = create_app(ServeSettings(pipelines={"*": "rules"}), SlowEngine({"*": "rules"}, langs=("en",)))
    with TestClient(app) as test_client:
        loading = test_client.get("/healthz")
        assert loading.status_code == 503 and loading.json()["status"] == "loading"
        assert test_client.post("/v1/redact", json={"text": "x"}).status_code == 503
        release.set()
        deadline = time.monotonic() + 30
        while test_client.get("/healthz").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert test_client.post("/v1/redact", json={"text": "call 415-555-0132"}).json()["text"] == "call [PHONE]"


def test_healthz_failed_load():
    engine = EngineProcess({"*": "/nonexistent/pipeline"}, langs=("en",))
    with TestClient(create_app(ServeSettings(), engine)) as test_client:
        deadline = time.monotonic() + 60  # the child process starts, then fails to load
        while test_client.get("/healthz").json()["status"] == "loading":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert test_client.get("/healthz").status_code == 503
        assert test_client.get("/healthz").json()["status"] == "failed"
        assert engine.pid is None and "could not be loaded" in engine.error
        response = test_client.post("/v1/redact", json={"text": "x"})
        assert response.status_code == 503 and "could not be loaded" in response.json()["error"]["message"]


def test_failing_pipeline_gets_500_without_text(failing_pipeline, caplog):
    engine = Engine({"*": str(failing_pipeline)}, langs=("en",))
    engine.load()
    with TestClient(create_app(ServeSettings(), engine)) as test_client:
        response = test_client.post("/v1/redact", json={"texts": ["call 415-555-0132", "FAILME Quixtaffer"],
                                                        "lang": "en"})
        assert response.status_code == 500
        assert "Quixtaffer" not in response.text and "415" not in response.text
        assert "text" not in response.json() and "results" not in response.json()
        assert "test_serve_fail_on_marker" in response.json()["error"]["message"]
        upload = test_client.post("/v1/redact/file", files={"file": ("a.txt", b"FAILME Quixtaffer")},
                                  data={"lang": "en"})
        assert upload.status_code == 500 and "Quixtaffer" not in upload.text
        assert test_client.post("/v1/redact", json={"text": "call 415-555-0132", "lang": "en"}).status_code == 200
    assert "Quixtaffer" not in caplog.text


def test_review_page_and_its_files(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert page.text.lower().startswith("<!doctype html>")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "http://" not in page.text and "https://" not in page.text  # nothing from elsewhere
    for name, kind in (("review.js", "javascript"), ("review.css", "css"), ("i18n.js", "javascript")):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and kind in response.headers["content-type"]
        assert "https://" not in response.text
    assert client.get("/static/..%2Fapp.py").status_code == 404
    assert client.get("/static/secret.txt").status_code == 404


def test_render_reviewed_spans(client):
    text = "Patient John Smith called 415-555-0132."
    spans = [{"start": 8, "end": 18, "label": "PERSON"}, {"start": 0, "end": 7, "label": "PROFESSION"}]
    response = client.post("/v1/render", json={"text": text, "lang": "en", "spans": spans,
                                               "operators": {"PERSON": "numbered_tag"}})
    assert response.status_code == 200
    assert response.json()["text"] == "[PROFESSION] [PERSON_1] called 415-555-0132."
    assert [i["source"] for i in response.json()["items"]] == ["review", "review"]
    for bad in ([{"start": 0, "end": 10, "label": "PERSON"}, {"start": 5, "end": 12, "label": "DATE"}],
                [{"start": 0, "end": 99, "label": "PERSON"}], [{"start": 0, "end": 3, "label": "NAME"}]):
        assert client.post("/v1/render", json={"text": text, "lang": "en", "spans": bad}).status_code == 422


def test_dicom_upload(client):
    """A DICOM file goes to the CLI's DICOM handler: header de-identified, the file back."""
    import io
    import sys
    from pathlib import Path

    import pydicom

    sys.path.insert(0, str(Path(__file__).parents[1] / "dicom"))
    from build import NAME, PATIENT_ID, make_dataset, to_bytes

    ds, _ = make_dataset("CT", bits=16, size=128)
    response = client.post("/v1/redact/file", files={"file": ("SOMCHAI.dcm", to_bytes(ds), "application/dicom")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["record"]["status"] == "ok"
    (output,) = body["files"]
    assert output["name"] == "document.dcm" and output["media_type"] == "application/dicom"
    data = base64.b64decode(output["data"])
    for value in (NAME[0], NAME[1], PATIENT_ID):
        assert value.encode() not in data and value not in response.text
    assert pydicom.dcmread(io.BytesIO(data)).PatientIdentityRemoved == "YES"
