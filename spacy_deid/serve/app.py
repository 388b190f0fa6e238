"""The ASGI app of ``spacy-deid serve``: the API, the review page and the OpenAPI page.

Layers, outermost first: exceptions scrubbed to their type (:mod:`.logs`), security headers
(:mod:`.headers`), the access log without content, CORS only when origins are configured, the
body size and time limits (:mod:`.limits`), then the FastAPI routes. The pipelines load in a
child process once the app starts (``GET /healthz`` answers 503 until they are loaded);
requests are de-identified there, one at a time, and a request over its time limit gets 408
and has its child killed and replaced (:mod:`.process`).
"""
from __future__ import annotations

import base64
import hmac
import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from pathlib import PurePosixPath
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.telemetry import TelemetryConfig
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..about import __version__
from .apipage import api_page
from .engine import Engine, RequestFailed
from .errors import error_body, validation_details
from .headers import SecurityHeaders
from .limits import BodyLimit
from .logs import AccessLog, ScrubbedErrors
from .multipart import FormError, parse_form
from .process import EngineProcess
from .schemas import BatchResult, ExportRequest, RedactRequest, RenderRequest, Result
from .settings import ServeSettings, read_token
from .static import STATIC, static_file

_TELEMETRY_OFF: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False,
                  "auto_configure": False}
_MEDIA = {"text/plain": ".txt", "text/csv": ".csv", "text/markdown": ".md", "image/png": ".png",
          "image/jpeg": ".jpg", "image/tiff": ".tif", "image/bmp": ".bmp", "image/webp": ".webp",
          "application/pdf": ".pdf", "application/dicom": ".dcm"}
_OUTPUT_MEDIA = {".png": "image/png", ".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8",
                 ".dcm": "application/dicom"}


def app_from_env() -> Any:
    """The app for a uvicorn worker process (settings from the environment)."""
    return create_app(ServeSettings.from_env())


def create_app(settings: ServeSettings, engine: Engine | EngineProcess | None = None) -> Any:
    """The service's ASGI app; ``engine`` (for tests; not stopped with the app) replaces the
    child process built from ``settings``."""
    process: EngineProcess | None = None
    if engine is None:
        engine = process = EngineProcess(settings.pipelines)
    token = read_token(settings.token_file) if settings.token_file else None
    limits = settings.limits

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if engine.state == "loading":
            threading.Thread(target=engine.load, name="spacy-deid-load", daemon=True).start()
        yield
        if process is not None:
            process.close()

    api = FastAPI(title="spacy-deid", version=__version__, lifespan=lifespan, docs_url=None,
                  redoc_url=None, telemetry=_TELEMETRY_OFF,
                  description="De-identification of Thai and English clinical text, images and PDFs. "
                              "Send `Authorization: Bearer <token>` when the service has a token file.")

    def authorize(request: Request) -> None:
        if token is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token):
            raise RequestFailed(401, "a valid bearer token is required")

    async def limited(name: str, *args: Any) -> Any:
        """``Engine.<name>(*args)``, within the time limit (408 past it)."""
        return await anyio.to_thread.run_sync(engine.run, name, args, limits.max_seconds)

    @api.exception_handler(RequestFailed)
    async def failed(request: Request, error: RequestFailed) -> Response:
        headers = {"www-authenticate": "Bearer"} if error.status == 401 else None
        return Response(error_body(error.status, error.message), error.status, headers,
                        media_type="application/json")

    @api.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        return Response(error_body(422, "the request body is not valid", validation_details(error.errors())),
                        422, media_type="application/json")

    @api.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = {400: "the request body could not be parsed", 404: "not found",
                   405: "method not allowed"}.get(error.status_code, "request failed")
        return Response(error_body(error.status_code, message), error.status_code, media_type="application/json")

    @api.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> Response:
        return Response(error_body(500, "internal error"), 500, media_type="application/json")

    @api.get("/", include_in_schema=False)
    async def page() -> Response:
        return static_file("index.html")

    @api.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in STATIC:
            raise RequestFailed(404, "not found")
        return static_file(name)

    @api.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(docs_html())

    @cache  # built on the first request, when every route is added (api.openapi() caches too)
    def docs_html() -> str:
        return api_page(api.openapi())

    @api.get("/healthz", summary="Readiness: 200 once the pipelines are loaded, else 503")
    async def healthz() -> JSONResponse:
        body: dict[str, Any] = {"status": engine.state, "langs": list(engine.langs), "version": __version__}
        return JSONResponse(body, 200 if engine.ready else 503)

    @api.post("/v1/redact", response_model=Result | BatchResult,
              summary="De-identify one text or a batch (all or nothing: one failure fails the request)")
    async def redact(request: Request, body: RedactRequest) -> dict[str, Any]:
        authorize(request)
        texts = [body.text] if body.text is not None else list(body.texts or [])
        if len(texts) > limits.max_texts:
            raise RequestFailed(413, f"a batch may hold at most {limits.max_texts} texts")
        if sum(len(text) for text in texts) > limits.max_chars:
            raise RequestFailed(413, f"the texts have more than {limits.max_chars:,} characters")
        results = await limited("redact_texts", texts, body.lang, body.overrides())
        return results[0] if body.text is not None else {"results": results}

    @api.post("/v1/render", response_model=Result,
              summary="Render a text with reviewed spans (the review page's result after edits)")
    async def render(request: Request, body: RenderRequest) -> dict[str, Any]:
        authorize(request)
        if len(body.text) > limits.max_chars:
            raise RequestFailed(413, f"the text has more than {limits.max_chars:,} characters")
        spans = [span.model_dump() for span in body.spans]
        return await limited("render", body.text, body.lang, spans, body.overrides())

    @api.post("/v1/redact/file", summary="De-identify an uploaded text file, image, PDF or DICOM file",
              openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {
                  "schema": {"type": "object", "required": ["file"], "properties": {
                      "file": {"type": "string", "format": "binary"},
                      "lang": {"type": "string", "enum": ["auto", "th", "en"]},
                      "operators": {"type": "string", "description": "JSON object, as in /v1/redact"},
                      "label_scheme": {"type": "string", "enum": ["ours", "jsl", "thai_deid"]}}}}}}})
    async def redact_file(request: Request) -> dict[str, Any]:
        authorize(request)
        try:
            form = parse_form(request.headers.get("content-type", ""), await request.body())
        except FormError as error:
            raise RequestFailed(400, str(error)) from None
        upload = form.get("file")
        if upload is None or upload.filename is None:
            raise RequestFailed(422, "the form needs a file field")
        suffix = _suffix(upload.filename, upload.content_type)
        lang, overrides = _file_settings(form)
        record, files = await limited("redact_file", suffix, upload.data, lang, overrides, limits)
        text, source = record.pop("text", None), record.pop("source_text", None)
        if text is None:
            text = next((data.decode("utf-8") for name, data in files if name.endswith(".txt")), None)
        response: dict[str, Any] = {"record": record, "text": text, "files": [
            {"name": name, "media_type": _OUTPUT_MEDIA.get(PurePosixPath(name).suffix, "application/octet-stream"),
             "data": base64.b64encode(data).decode("ascii")} for name, data in files]}
        if source is not None:
            response["source_text"] = source
        return response

    @api.post("/v1/export/docbin", summary="Reviewed documents as a .spacy DocBin (training data)",
              response_class=Response, responses={200: {"content": {"application/octet-stream": {}}}})
    async def export_docbin(request: Request, body: ExportRequest) -> Response:
        authorize(request)
        if sum(len(doc.text) for doc in body.docs) > limits.max_chars:
            raise RequestFailed(413, f"the documents have more than {limits.max_chars:,} characters")
        data, stats = await limited("export_docbin", body.docs)
        return Response(data, media_type="application/octet-stream", headers={
            "content-disposition": 'attachment; filename="reviewed.spacy"',
            "x-spacy-deid-docs": str(stats["docs"]), "x-spacy-deid-spans-expanded": str(stats["expanded"])})

    app: Any = BodyLimit(api, limits.max_body_bytes, limits.body_seconds)
    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app = CORSMiddleware(app, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                             allow_headers=["authorization", "content-type"])
    return ScrubbedErrors(SecurityHeaders(AccessLog(app)))


def _suffix(filename: str, content_type: str) -> str:
    """The upload's type: its file name's suffix, else its content type's."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix:
        return suffix
    return _MEDIA.get(content_type.split(";")[0].strip().lower(), "")


def _file_settings(form: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """``lang`` and the anonymizer overrides from the form's plain fields (422 when invalid)."""
    def field(name: str) -> str | None:
        part = form.get(name)
        return None if part is None else part.data.decode("utf-8", "replace").strip() or None

    try:
        operators = json.loads(field("operators") or "{}")
        request = RedactRequest.model_validate({"text": "", "lang": field("lang") or "auto",
                                                "operators": operators, "label_scheme": field("label_scheme")})
    except (ValueError, ValidationError):  # the message would quote the values: not sent
        raise RequestFailed(422, "the form's lang, operators (a JSON object) or label_scheme are "
                            "not valid") from None
    return request.lang, request.overrides()
