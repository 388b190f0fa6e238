"""The access log holds method, route template, status and time only; exceptions are logged by
type and answered with a generic JSON 500."""
import logging

import anyio
from fastapi import FastAPI
from fastapi.testclient import TestClient

from spacy_deid.serve.logs import AccessLog, ScrubbedErrors

SECRET = "Zorbulon Quixtaffer 081-777-4242"


def _app():
    api = FastAPI()

    @api.get("/v1/items/{item}")
    async def item(item: str) -> dict:
        return {"ok": True}

    @api.post("/v1/boom")
    async def boom() -> dict:
        raise ValueError(f"failed on {SECRET}")

    return ScrubbedErrors(AccessLog(api))


def test_access_log_has_route_templates_not_paths_or_queries(caplog):
    caplog.set_level(logging.INFO, logger="spacy_deid.serve.access")
    with TestClient(_app()) as client:
        assert client.get(f"/v1/items/{SECRET}", params={"q": SECRET}).status_code == 200
        assert client.get(f"/no/{SECRET}").status_code == 404
    lines = [r.getMessage() for r in caplog.records if r.name == "spacy_deid.serve.access"]
    assert lines[0].startswith("GET /v1/items/{item} 200 ")
    assert lines[1].startswith("GET - 404 ")
    assert "Zorbulon" not in caplog.text and "Quixtaffer" not in caplog.text


def test_exceptions_are_scrubbed(caplog):
    caplog.set_level(logging.INFO)
    with TestClient(_app(), raise_server_exceptions=False) as client:
        response = client.post("/v1/boom", content=SECRET)
    assert response.status_code == 500
    assert "Zorbulon" not in response.text
    assert "unhandled ValueError in /v1/boom" in caplog.text
    assert "Zorbulon" not in caplog.text and "Traceback" not in caplog.text


def test_error_before_any_response_gets_json_500(caplog):
    async def broken(scope, receive, send):
        raise KeyError(SECRET)

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    anyio.run(ScrubbedErrors(broken), {"type": "http", "path": "/"}, receive, send)
    assert sent[0]["status"] == 500 and b"internal error" in sent[1]["body"]
    assert "Zorbulon" not in caplog.text
