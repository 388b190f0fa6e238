"""``spacy-deid serve`` as a real uvicorn process on 127.0.0.1: start, readiness, requests,
logs without request content, shutdown on SIGTERM. The rules pipeline keeps start-up short
(the shipped pipelines are tested through the ASGI client)."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

SENTINEL = "Zorbulon Quixtaffer"
SENTINEL_PHONE = "081-777-4242"
TOKEN = "process-token-0123456789abcdef"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url, body=None, headers=None, method=None):
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    (folder / "token").write_text(TOKEN)
    port = _free_port()
    out, err = (folder / "stdout").open("wb"), (folder / "stderr").open("wb")
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "spacy_deid", "serve", "--port", str(port), "--pipeline", "rules",
         "--token-file", str(folder / "token"), "--max-body-bytes", "100000"],
        stdout=out, stderr=err, env=env, cwd=folder)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    statuses = set()
    while True:
        assert process.poll() is None, (folder / "stderr").read_text()
        try:
            status, _, _ = _request(base + "/healthz")
            statuses.add(status)
            if status == 200:
                break
        except (urllib.error.URLError, ConnectionError):
            pass
        assert time.monotonic() < deadline, "the server did not become ready"
        time.sleep(0.1)
    yield {"base": base, "process": process, "folder": folder, "port": port, "statuses": statuses}
    if process.poll() is None:
        process.kill()
        process.wait()


def test_requests_on_a_real_server(server):
    base, auth = server["base"], {"authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    note = {"text": f"Patient {SENTINEL} phone {SENTINEL_PHONE}", "lang": "en"}
    status, headers, body = _request(base + "/v1/redact", note, auth)
    assert status == 200
    assert SENTINEL_PHONE not in body.decode() and "[PHONE]" in json.loads(body)["text"]
    assert headers["cache-control"] == "no-store" and "server" not in headers
    # missing and wrong token
    assert _request(base + "/v1/redact", note, {"content-type": "application/json"})[0] == 401
    assert _request(base + "/v1/redact", note, {**auth, "authorization": "Bearer nope-nope-nope-nope"})[0] == 401
    # non-JSON, a binary upload, a huge body, a query string and a path holding PHI
    assert _request(base + "/v1/redact", f"{SENTINEL} not json".encode(), auth)[0] == 422
    boundary = "b0undary"
    upload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{SENTINEL}.bin\"\r\n\r\n"
              ).encode() + b"\x00\x01\xff" + SENTINEL.encode() + f"\r\n--{boundary}--\r\n".encode()
    status, _, body = _request(base + "/v1/redact/file", upload,
                               {**auth, "content-type": f"multipart/form-data; boundary={boundary}"})
    assert status == 415 and SENTINEL not in body.decode()
    status, _, body = _request(base + "/v1/redact", b"{" + b" " * 200_000 + b"}", auth)
    assert status == 413 and json.loads(body)["error"]["status"] == 413
    assert _request(base + f"/v1/redact?name={SENTINEL.replace(' ', '+')}", note, auth)[0] == 200
    assert _request(base + f"/patients/{SENTINEL.replace(' ', '%20')}", None, auth)[0] == 404


def test_shutdown_and_logs(server):
    process, folder = server["process"], server["folder"]
    test_requests_on_a_real_server(server)  # this test also holds when run alone
    process.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises the signal: exit by SIGTERM (or 0)
    assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    logs = (folder / "stdout").read_text() + (folder / "stderr").read_text()
    assert f"Uvicorn running on http://127.0.0.1:{server['port']}" in logs
    assert "POST /v1/redact 200" in logs and "POST /v1/redact 401" in logs
    assert "POST - 413" in logs  # refused before routing: no path is logged
    assert "GET - 404" in logs and "POST /v1/redact/file 415" in logs
    assert "Application shutdown complete" in logs and "Finished server process" in logs
    for secret in (SENTINEL, "Zorbulon", "Quixtaffer", SENTINEL_PHONE, "name=", TOKEN):
        assert secret not in logs, secret


def _read(path, mode="r"):
    try:
        with open(path, mode) as handle:
            return handle.read()
    except FileNotFoundError:  # the process is gone
        return b"" if "b" in mode else ""


def _children(pid):
    return [int(c) for task in os.listdir(f"/proc/{pid}/task")
            for c in _read(f"/proc/{pid}/task/{task}/children").split()]


def _workers(pid):
    return [c for c in _children(pid) if b"spawn_main" in _read(f"/proc/{c}/cmdline", "rb")]


def _engine_processes(pid):
    """The de-identification child processes below ``pid`` (one per worker)."""
    found, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            if b"spacy_deid.serve.process" in _read(f"/proc/{child}/cmdline", "rb"):
                found.append(child)
            else:
                todo.append(child)
    return found


def _alive(pid):
    return bool(_read(f"/proc/{pid}/cmdline", "rb"))  # a zombie has no command line


def test_two_workers_each_load_and_stop(tmp_path):
    port = _free_port()
    with (tmp_path / "log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "spacy_deid", "serve", "--port", str(port), "--pipeline", "rules",
             "--workers", "2"], stdout=log, stderr=log, env={**os.environ, "PYTHAINLP_OFFLINE": "1"})
        try:
            base, ready, deadline = f"http://127.0.0.1:{port}", 0, time.monotonic() + 120
            while ready < 40:  # consecutive 200s: both workers answer ready (connections are spread)
                assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "log").read_text()
                try:
                    ready = ready + 1 if _request(base + "/healthz")[0] == 200 else 0
                except (urllib.error.URLError, ConnectionError):
                    ready = 0
                    time.sleep(0.1)
            workers = _workers(process.pid)
            assert len(workers) == 2
            engines = _engine_processes(process.pid)
            assert len(engines) == 2  # a de-identification child per worker
            served = 0
            while served < 6:  # a worker may still be loading: it says 503, never a wrong text
                status, _, body = _request(base + "/v1/redact", {"text": f"call {SENTINEL_PHONE}"},
                                           {"content-type": "application/json"})
                assert status in (200, 503) and time.monotonic() < deadline
                if status == 200:
                    assert json.loads(body)["text"] == "call [PHONE]"
                    served += 1
                else:
                    time.sleep(0.1)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) in (0, -signal.SIGTERM)
            assert not any(_alive(pid) for pid in workers + engines)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert SENTINEL_PHONE not in (tmp_path / "log").read_text()


def test_a_request_over_its_time_frees_the_real_server(tmp_path):
    """408 for a request over --max-seconds; its child process is killed (no work left
    running), a new one loads, and the next request is served; nothing of it in the logs."""
    port = _free_port()
    note = f"Patient {SENTINEL} phone {SENTINEL_PHONE} seen 2024-01-05. "
    huge = {"texts": [note * 20_000] * 4, "lang": "en"}  # ~5 M characters: far over 1 s of work
    with (tmp_path / "log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "spacy_deid", "serve", "--port", str(port), "--pipeline", "rules",
             "--max-seconds", "1", "--max-chars", "6000000"], stdout=log, stderr=log,
            env={**os.environ, "PYTHAINLP_OFFLINE": "1"})
        base, json_headers = f"http://127.0.0.1:{port}", {"content-type": "application/json"}

        def wait_ready():
            deadline = time.monotonic() + 120
            while True:
                assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "log").read_text()
                try:
                    if _request(base + "/healthz")[0] == 200:
                        return
                except (urllib.error.URLError, ConnectionError):
                    pass
                time.sleep(0.1)

        try:
            wait_ready()
            (first,) = _engine_processes(process.pid)
            status, _, body = _request(base + "/v1/redact", json.dumps(huge).encode(), json_headers)
            assert status == 408 and SENTINEL_PHONE not in body.decode()
            assert not _alive(first)
            wait_ready()
            (second,) = _engine_processes(process.pid)
            assert second != first
            status, _, body = _request(base + "/v1/redact", {"text": "call 415-555-0132", "lang": "en"},
                                       json_headers)
            assert status == 200 and json.loads(body)["text"] == "call [PHONE]"
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) in (0, -signal.SIGTERM)
            assert not _alive(second)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    logs = (tmp_path / "log").read_text()
    assert "POST /v1/redact 408" in logs and "POST /v1/redact 200" in logs
    for secret in (SENTINEL, "Zorbulon", "Quixtaffer", SENTINEL_PHONE):
        assert secret not in logs, secret
