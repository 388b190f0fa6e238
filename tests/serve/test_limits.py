"""BodyLimit on raw ASGI messages: declared and streamed sizes, slow bodies, the replayed body."""
import anyio
import pytest

from spacy_deid.serve.limits import BodyLimit


async def _echo(scope, receive, send):
    message = await receive()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": message["body"]})


def _run(middleware, messages, headers=(), delay=0.0):
    sent = []

    async def receive():
        if delay:
            await anyio.sleep(delay)
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/redact", "headers": list(headers)}
    anyio.run(middleware, scope, receive, send)
    return sent


def test_declared_size_over_the_limit_is_refused_before_reading():
    messages = [{"type": "http.request", "body": b"never read", "more_body": False}]
    sent = _run(BodyLimit(_echo, 10, 5), messages, [(b"content-length", b"11")])
    assert sent[0]["status"] == 413 and len(messages) == 1
    assert (b"connection", b"close") in sent[0]["headers"]


def test_streamed_body_growing_past_the_limit():
    chunks = [{"type": "http.request", "body": b"x" * 6, "more_body": True} for _ in range(3)]
    sent = _run(BodyLimit(_echo, 10, 5), chunks)
    assert sent[0]["status"] == 413


def test_body_within_the_limit_is_replayed_whole():
    chunks = [{"type": "http.request", "body": b"ab", "more_body": True},
              {"type": "http.request", "body": b"cd", "more_body": False}]
    sent = _run(BodyLimit(_echo, 10, 5), chunks, [(b"content-length", b"4")])
    assert sent[0]["status"] == 200 and sent[1]["body"] == b"abcd"


def test_slow_body_gets_408():
    chunks = [{"type": "http.request", "body": b"a", "more_body": True} for _ in range(50)]
    sent = _run(BodyLimit(_echo, 1000, 0.2), chunks, delay=0.05)
    assert sent[0]["status"] == 408


@pytest.mark.parametrize("value", [b"abc", b"-"])
def test_invalid_content_length(value):
    sent = _run(BodyLimit(_echo, 10, 5), [], [(b"content-length", value)])
    assert sent[0]["status"] == 400
