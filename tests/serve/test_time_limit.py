"""The time limit is real: a request over it gets 408, its work is killed (the child process and
its process group are gone), a new child loads, and the next request is served; no PHI in logs."""
import os

import pytest
from fastapi.testclient import TestClient

from spacy_deid.serve.app import create_app
from spacy_deid.serve.process import EngineProcess
from spacy_deid.serve.settings import Limits, ServeSettings

from .conftest import SENTINEL_NAME, SENTINEL_PHONE, wait_ready

NOTE = f"Patient {SENTINEL_NAME} phone {SENTINEL_PHONE} seen 2024-01-05. "
# ~5 M characters: some 20 s of work for the rules pipeline on the development machine,
# far past the 1 s limit on any machine
HUGE = [NOTE * 20_000] * 4


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def engine_process():
    engine = EngineProcess({"*": "rules"}, langs=("en",))
    yield engine
    engine.close()


def test_a_request_over_its_time_is_stopped_and_the_next_one_is_served(engine_process, capfd, caplog):
    limits = Limits(max_seconds=1, max_chars=6_000_000)
    with TestClient(create_app(ServeSettings(limits=limits), engine_process)) as client:
        wait_ready(client)
        first = engine_process.pid
        assert group_alive(first)
        response = client.post("/v1/redact", json={"texts": HUGE, "lang": "en"})
        assert response.status_code == 408
        assert response.json()["error"]["message"] == "de-identification took longer than 1 s"
        assert SENTINEL_PHONE not in response.text
        # the work is gone at once: the child and its whole process group, not left running
        assert not group_alive(first) and not os.path.exists(f"/proc/{first}")
        assert engine_process.restarts == 1
        while_loading = client.post("/v1/redact", json={"text": "call 415-555-0132", "lang": "en"})
        assert while_loading.status_code in (200, 503)  # 503 until the new child has loaded
        wait_ready(client)
        assert engine_process.pid != first
        after = client.post("/v1/redact", json={"text": "call 415-555-0132", "lang": "en"})
        assert after.status_code == 200 and after.json()["text"] == "call [PHONE]"
        assert engine_process.restarts == 1  # nothing else ran over
    logs = capfd.readouterr()
    for secret in (SENTINEL_NAME, SENTINEL_PHONE, "Quixtaffer"):
        assert secret not in logs.out + logs.err and secret not in caplog.text

