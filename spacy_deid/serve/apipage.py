"""A plain HTML page of the OpenAPI description (``GET /docs``), served by the app itself:
FastAPI's own pages load Swagger UI or ReDoc from a CDN, which the service never does."""
from __future__ import annotations

import json
from html import escape
from typing import Any


def api_page(spec: dict[str, Any]) -> str:
    """The endpoints of ``spec`` with their summaries and request/response schemas."""
    rows = []
    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {})
            request = "".join(f"<p>Request body: <code>{escape(kind)}</code></p>"
                              f"<pre>{escape(json.dumps(info.get('schema', {}), indent=2))}</pre>"
                              for kind, info in body.items())
            responses = ", ".join(escape(code) for code in operation.get("responses", {}))
            rows.append(f"<section><h2><code>{escape(method.upper())} {escape(path)}</code></h2>"
                        f"<p>{escape(operation.get('summary', ''))}</p>{request}"
                        f"<p>Responses: {responses}</p></section>")
    schemas = escape(json.dumps(spec.get("components", {}).get("schemas", {}), indent=2))
    title = escape(spec.get("info", {}).get("title", "API"))
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} API</title>"
            "<link rel=\"stylesheet\" href=\"/static/review.css\"></head><body class=\"apidoc\">"
            f"<h1>{title} {escape(spec.get('info', {}).get('version', ''))}</h1>"
            f"<p>{escape(spec.get('info', {}).get('description', ''))}</p>"
            "<p>Machine-readable: <a href=\"/openapi.json\">/openapi.json</a>. Review page: "
            "<a href=\"/\">/</a>.</p>" + "".join(rows)
            + f"<section><h2>Schemas</h2><pre>{schemas}</pre></section></body></html>")
