"""A minimal LSP client for the tests: the real ``layerlint server`` subprocess, JSON-RPC with
Content-Length framing over its stdin/stdout, every wait bounded by a timeout."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0  # seconds for any one answer (a first check imports layerlint's catalogues)


class LspError(AssertionError):
    pass


class Client:
    def __init__(self, cwd: Path, env: dict[str, str] | None = None) -> None:
        environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "layerlint", "server"], cwd=cwd, env=environment,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []  # the server's requests, in order
        # method -> the result to answer the server's request with, from its params (else null)
        self.answers: dict[str, Callable[[Any], Any]] = {}
        self.next_id = 0
        self.error_text = ""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # --- framing -------------------------------------------------------------------------------

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body.decode("utf-8")))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _next(self, deadline: float) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LspError("timed out waiting for the server")
        try:
            message = self.messages.get(timeout=remaining)
        except queue.Empty:
            raise LspError("timed out waiting for the server") from None
        if message is None:
            raise LspError(f"the server closed its output: {self.stderr()}")
        if "id" in message and "method" in message:  # a request from the server
            self.requests.append(message)
            answer = self.answers.get(message["method"])
            self.send({"id": message["id"],
                       "result": answer(message.get("params")) if answer else None})
        return message

    # --- requests and notifications -------------------------------------------------------------

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._next(deadline)
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    raise LspError(f"{method}: {message['error']}")
                return message.get("result")
            if "method" in message and "id" not in message:
                self.notifications.append(message)

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def wait_diagnostics(self, uri: str, timeout: float = TIMEOUT,
                         after: int = 0) -> dict[str, Any]:
        """The first publishDiagnostics for ``uri`` among the notifications from index
        ``after`` on (waiting for one if there is none yet)."""
        deadline = time.monotonic() + timeout
        index = after
        while True:
            while index < len(self.notifications):
                message = self.notifications[index]
                index += 1
                if (message["method"] == "textDocument/publishDiagnostics"
                        and message["params"]["uri"] == uri):
                    return message["params"]
            message = self._next(deadline)
            if "method" in message and "id" not in message:
                self.notifications.append(message)

    def published(self, uri: str) -> list[dict[str, Any]]:
        return [m["params"] for m in self.notifications
                if m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri]

    def drain(self, seconds: float) -> None:
        """Collect what the server sends for ``seconds`` (to see that nothing more comes)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                message = self._next(deadline)
            except LspError:
                return
            if "method" in message and "id" not in message:
                self.notifications.append(message)

    def stderr(self) -> str:
        """The end of the server's standard error, once it has exited."""
        if self.process.poll() is None or self.process.stderr is None:
            return ""
        if self.process.stderr.closed:
            return self.error_text
        self.error_text = self.process.stderr.read().decode("utf-8", "replace")[-2000:]
        return self.error_text

    def close(self) -> int | None:
        """shutdown, exit, and the exit code (the process is killed if it does not exit)."""
        try:
            if self.process.poll() is None:
                self.request("shutdown", None, timeout=20)
                self.notify("exit", None)
            return self.process.wait(timeout=20)
        except (LspError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=20)
            return None
        finally:
            self.stderr()
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                if stream is not None:
                    stream.close()


def initialize(client: Client, root: Path, workspace: dict[str, Any] | None = None,
               **options: Any) -> dict[str, Any]:
    """``workspace``: the client's workspace capabilities (none by default)."""
    result = client.request("initialize", {
        "processId": os.getpid(), "rootUri": root.as_uri(),
        "capabilities": {
            "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]},
                             "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
                                 "valueSet": ["quickfix", "source.fixAll"]}}},
                             "publishDiagnostics": {"relatedInformation": True,
                                                    "codeDescriptionSupport": True},
                             "synchronization": {"didSave": True}},
            "notebookDocument": {"synchronization": {}},
            **({"workspace": workspace} if workspace is not None else {}),
        },
        "initializationOptions": options,
        "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
    })
    client.notify("initialized", {})
    return result
