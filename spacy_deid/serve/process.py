"""The service's de-identification in a child process, so that the time limit is real.

Each service worker runs its :class:`~.engine.Engine` in one child process (``python -m
spacy_deid.serve.process``, in a session of its own) and talks to it over a socket pair. A
call waits for its answer up to the request's time limit; past it, the child and every
process it started (Tesseract) are killed as one process group, the request gets 408 and a
new child loads the pipelines (``/healthz`` says ``loading`` and requests get 503 until it is
ready). Calls run one at a time, as in the engine. Nothing of a request reaches a log: the
child logs an unexpected error by its type only.
"""
from __future__ import annotations

import contextlib
import logging
import logging.config
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from ..pipelines import LANGS
from .engine import Engine, RequestFailed
from .logs import ERRORS, LOG_CONFIG

_STOPPING = "the service is stopping"


class EngineProcess:
    """An :class:`Engine` in a child process, restarted when a call runs over its time."""

    def __init__(self, pipelines: dict[str, str], langs: Sequence[str] = LANGS) -> None:
        self.pipelines, self.langs = dict(pipelines), tuple(langs)
        self.state = "loading"  # then "ready" or "failed"; "loading" again while restarting
        self.error: str | None = None
        self.restarts = 0
        self._lock = threading.Lock()  # one call at a time
        self._child: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._closing = False

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    @property
    def pid(self) -> int | None:
        """The child's process id (None while none is ready)."""
        return self._child.pid if self._child is not None else None

    def load(self) -> None:
        """Start a child and wait until it has loaded the pipelines (``state`` tells the outcome)."""
        child, conn = _spawn()
        try:
            conn.send(("load", self.pipelines, self.langs))
            _, state, error = conn.recv()
        except (EOFError, OSError):
            state, error = "failed", "the de-identification process stopped while loading"
        if state == "ready" and not self._closing:
            self._child, self._conn = child, conn
        else:
            _stop(child, conn)
        self.error, self.state = (error, state) if not self._closing else (_STOPPING, "failed")

    def run(self, name: str, args: tuple[Any, ...], seconds: float) -> Any:
        """``Engine.<name>(*args)`` in the child, waited for ``seconds`` at most (queueing
        included): past them the child is killed and restarted and the call gets 408."""
        deadline = time.monotonic() + seconds
        if not self._lock.acquire(timeout=seconds):
            raise RequestFailed(408, f"de-identification took longer than {seconds:g} s")
        try:
            conn = self._conn
            if self.state != "ready" or conn is None:
                raise RequestFailed(503, "the pipelines are still loading" if self.state == "loading"
                                    else "the pipelines could not be loaded")
            try:
                conn.send((name, args))
                answered = conn.poll(max(0.0, deadline - time.monotonic()))
                reply = conn.recv() if answered else None
            except (EOFError, OSError):  # the child died (out of memory, killed from outside)
                self._restart()
                raise RequestFailed(500, "the de-identification process stopped") from None
            if reply is None:
                self._restart()
                raise RequestFailed(408, f"de-identification took longer than {seconds:g} s")
        finally:
            self._lock.release()
        if reply[0] == "failed":
            raise RequestFailed(reply[1], reply[2])
        return reply[1]

    def close(self) -> None:
        """Stop the child at shutdown (a call still waiting for it gets 500)."""
        self._closing = True
        child, conn, self._child, self._conn = self._child, self._conn, None, None
        self.error, self.state = _STOPPING, "failed"
        if child is not None and conn is not None:
            _stop(child, conn)

    def _restart(self) -> None:
        """Kill the child (its whole process group) now; load a new one in the background."""
        if self._child is not None and self._conn is not None:
            _stop(self._child, self._conn)
        self._child = self._conn = None
        if self._closing:
            return
        self.state, self.restarts = "loading", self.restarts + 1
        threading.Thread(target=self.load, name="spacy-deid-reload", daemon=True).start()


def _spawn() -> tuple[subprocess.Popen[bytes], Connection]:
    """A child process in a new session (its own process group), joined by a socket pair."""
    ours, theirs = socket.socketpair()
    try:
        child = subprocess.Popen([sys.executable, "-m", "spacy_deid.serve.process", str(theirs.fileno())],
                                 pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, start_new_session=True)
    finally:
        theirs.close()
    return child, Connection(ours.detach())


def _stop(child: subprocess.Popen[bytes], conn: Connection) -> None:
    """Kill the child and whatever it started (its process group), and reap it."""
    with contextlib.suppress(ProcessLookupError):  # gone already
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    conn.close()


def serve_calls(conn: Connection) -> int:
    """The child's loop: load the engine, then answer calls until the socket closes."""
    try:
        _, pipelines, langs = conn.recv()
    except EOFError:
        return 0
    engine = Engine(pipelines, langs)
    engine.load()
    conn.send(("state", engine.state, engine.error))
    if not engine.ready:
        return 1
    while True:
        try:
            name, args = conn.recv()
        except EOFError:
            return 0
        try:
            reply: tuple[Any, ...] = ("ok", engine.run(name, args, 0.0))
        except RequestFailed as error:
            reply = ("failed", error.status, error.message)
        except Exception as error:  # fail closed, logged by type only
            ERRORS.error("unhandled %s in the de-identification process", type(error).__name__)
            reply = ("failed", 500, "internal error")
        conn.send(reply)


def main(argv: list[str]) -> int:
    logging.config.dictConfig(LOG_CONFIG)
    try:
        return serve_calls(Connection(int(argv[0])))
    except Exception as error:  # a traceback could quote a document
        ERRORS.error("the de-identification process failed: %s", type(error).__name__)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
