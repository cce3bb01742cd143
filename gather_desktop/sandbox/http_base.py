"""A small stdlib HTTP/1.1 base shared by the sandbox's emulators.

Each emulator (Gather, and later Salesforce and HubSpot) is an *app*: a route table plus
`respond()` and `error()`. This module does everything they have in common, so each
emulator only writes its own rules:

- keep-alive HTTP/1.1 with Nagle off and every response sent in ONE write, because a
  stdlib handler that writes headers and body separately stalls ~40 ms per response
  (Nagle + delayed ACK) and would make the emulator the bottleneck of any benchmark;
- request bodies read by Content-Length, and drained even when too large, so the
  connection stays usable and the client sees the app's error rather than a reset;
- request counts by "METHOD /path/{template}" for `GET /_sandbox/stats`, which tests use
  to check how many calls a sync made;
- no exception reaches the client as a traceback or kills the server: a bug answers 500
  in the app's own error format;
- a start/url/stop lifecycle on a daemon thread, bound to port 0 by default so parallel
  tests never collide.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import ssl
import sys
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

STATS_PATH = "/_sandbox/stats"

# Bodies over an app's limit are still read (and thrown away) up to this size, so the client
# gets the app's "too large" answer instead of a connection reset; beyond it we hang up.
_DRAIN_LIMIT = 64 * 1024 * 1024
_DRAIN_CHUNK = 64 * 1024

_log = logging.getLogger(__name__)


class BodyTooLarge(Exception):
    """Raised when a route reads a body that was over the app's `max_body_bytes`."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body is larger than the limit of {limit} bytes.")
        self.limit = limit


@dataclass(frozen=True)
class Response:
    """A complete answer; the handler writes it in one piece."""

    status: int
    body: bytes
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)


def json_response(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Response:
    """A compact JSON response (compact because benchmarks push thousands a second)."""
    body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    return Response(status, body, headers=headers or {})


RouteHandler = Callable[["Request"], Response]


@dataclass(frozen=True)
class Route:
    """One method + path template, e.g. ("POST", "/models/{model}/records")."""

    method: str
    template: str
    handler: RouteHandler
    pattern: re.Pattern[str]


class RouteTable:
    """Maps a method and a path to a route; `{name}` in a template matches one path segment."""

    def __init__(self) -> None:
        self._routes: list[Route] = []

    def add(self, method: str, template: str, handler: RouteHandler) -> None:
        parts = re.split(r"(\{\w+\})", template)
        regex = "".join(
            f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part) for part in parts
        )
        self._routes.append(Route(method, template, handler, re.compile(regex)))

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route and its URL-decoded path parameters, or None."""
        for route in self._routes:
            if route.method == method:
                found = route.pattern.fullmatch(path)
                if found:
                    return route, {name: unquote(value) for name, value in found.groupdict().items()}
        return None

    def methods_for(self, path: str) -> list[str]:
        """The methods some route accepts on this path (to tell 405 from 404)."""
        return sorted({route.method for route in self._routes if route.pattern.fullmatch(path)})


@dataclass(frozen=True)
class Request:
    """What a route handler sees. The body was read up front; `body` raises if it was too large."""

    method: str
    path: str
    route: Route
    params: dict[str, str]
    query: dict[str, list[str]]
    headers: Message
    raw_body: bytes | None
    body_limit: int

    @property
    def body(self) -> bytes:
        if self.raw_body is None:
            raise BodyTooLarge(self.body_limit)
        return self.raw_body


class EmulatorApp(Protocol):
    """What an emulator provides to the base."""

    routes: RouteTable
    max_body_bytes: int

    def respond(self, request: Request) -> Response:
        """Answer a request whose route matched (auth, faults and the route itself)."""

    def error(self, status: int, code: str, message: str) -> Response:
        """An error in the emulator's own wire format (used for 404, 405, 500, protocol errors)."""


class RequestStats:
    """Thread-safe request counts by "METHOD /path/{template}"."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def count(self, key: str) -> None:
        with self._lock:
            self._counts[key] += 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"requests": dict(self._counts), "total": sum(self._counts.values())}


class _ProtocolError(Exception):
    """A request the base cannot frame (bad Content-Length, chunked body); the connection is closed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class EmulatorHTTPServer(ThreadingHTTPServer):
    """A thread per connection; it also tracks open connections so `stop()` can close idle keep-alives."""

    daemon_threads = True
    request_queue_size = 128  # benchmarks open many connections at once

    def __init__(self, address: tuple[str, int], app: EmulatorApp) -> None:
        self.app = app
        self.stats = RequestStats()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, EmulatorRequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Hang up on every open connection, so no handler thread outlives the server."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-request, or failing the TLS handshake (plain HTTP sent to
        an HTTPS port, an untrusted certificate), is normal; anything else is a bug."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError, ssl.SSLError)):
            _log.exception("The connection from %s failed.", client_address)


class EmulatorRequestHandler(BaseHTTPRequestHandler):
    """Routes every method to the app and writes each response in one write."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 120  # an idle keep-alive connection frees its thread after this many seconds
    server: EmulatorHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a benchmark makes tens of thousands of requests."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol errors (bad request line, unsupported method...) in the app's format, not HTML."""
        self.close_connection = True
        status = HTTPStatus(code)
        code_name = status.phrase.lower().replace(" ", "_").replace("-", "_")
        self._send(self.server.app.error(code, code_name, message or status.description))

    def _dispatch(self) -> None:
        path = urlsplit(self.path)
        try:
            body = self._read_body()
        except _ProtocolError as problem:
            self.send_error(problem.status, str(problem))
            return
        if self.command == "GET" and path.path == STATS_PATH:
            self._send(json_response(200, self.server.stats.snapshot()))
            return
        app = self.server.app
        try:
            response = self._respond(app, path.path, path.query, body)
        except Exception:
            _log.exception("The sandbox failed on %s %s.", self.command, self.path)
            response = app.error(500, "internal_error", "The sandbox hit a bug while answering this request.")
        self._send(response)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch

    def _respond(self, app: EmulatorApp, path: str, query: str, body: bytes | None) -> Response:
        found = app.routes.match(self.command, path)
        if found is None:
            self.server.stats.count(f"{self.command} (no route)")
            allowed = app.routes.methods_for(path)
            if allowed:
                message = f"{path} accepts {' or '.join(allowed)}, not {self.command}."
                return app.error(405, "method_not_allowed", message)
            return app.error(404, "not_found", f"There is nothing at {self.command} {path}.")
        route, params = found
        self.server.stats.count(f"{self.command} {route.template}")
        request = Request(
            method=self.command,
            path=path,
            route=route,
            params=params,
            query=parse_qs(query, keep_blank_values=True),
            headers=self.headers,
            raw_body=body,
            body_limit=app.max_body_bytes,
        )
        return app.respond(request)

    def _read_body(self) -> bytes | None:
        """The body, or None when it was over the app's limit (and was drained or the connection is closing)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise _ProtocolError(411, "Send the body with a Content-Length header; chunked bodies are not supported.")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0:
            raise _ProtocolError(400, "The Content-Length header is not a whole number of bytes.")
        if length <= self.server.app.max_body_bytes:
            return self.rfile.read(length)
        if length > _DRAIN_LIMIT:
            self.close_connection = True
            return None
        while length > 0:
            chunk = self.rfile.read(min(length, _DRAIN_CHUNK))
            if not chunk:
                break
            length -= len(chunk)
        return None

    def _send(self, response: Response) -> None:
        status = HTTPStatus(response.status)
        lines = [
            f"{self.protocol_version} {status.value} {status.phrase}",
            f"Date: {self.date_time_string()}",
            f"Content-Type: {response.content_type}",
            f"Content-Length: {len(response.body)}",
            *(f"{name}: {value}" for name, value in response.headers.items()),
        ]
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.wfile.write(head + response.body)


class BackgroundServer:
    """Serves an app on a daemon thread: `start()` returns once listening; `stop()` hangs up on everyone."""

    def __init__(self, app: EmulatorApp, host: str = "127.0.0.1", port: int = 0,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self._app = app
        self._address = (host, port)
        self._ssl_context = ssl_context
        self._server: EmulatorHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._server is not None:
            raise RuntimeError("This server is already running.")
        self._server = EmulatorHTTPServer(self._address, self._app)  # binds and listens here
        if self._ssl_context is not None:
            # Wrapped before the first accept; the handshake happens on the first read, on the
            # connection's own thread, so a slow client never holds up accepting others.
            self._server.socket = self._ssl_context.wrap_socket(
                self._server.socket, server_side=True, do_handshake_on_connect=False)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},  # how long stop() may wait
            name=f"sandbox-{type(self._app).__name__}",
            daemon=True,
        )
        self._thread.start()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("The server is not running; call start() first.")
        host, port = self._server.server_address[:2]
        scheme = "https" if self._ssl_context is not None else "http"
        return f"{scheme}://{host}:{port}"

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None
