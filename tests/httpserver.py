"""A scripted HTTP server on 127.0.0.1 for tests, so no test ever touches the internet.

    with serve(prefix="/v3/covid-19") as server:
        server.route("/all", Reply.json({"cases": 1}))
        server.route("/countries/EG", Reply(status=500), Reply.json([...]))  # 500, then 200
        client = DiseaseShClient(server.base_url)
        ...
        assert server.count("/all") == 1

Each route holds a queue of replies: every request takes the next one and the last one
repeats. A route may also be a function of the `Request`, and its path a `*` pattern.
Every request is recorded (method, path, query, headers) so tests can count them.

`static_host(folder, "/blog")` serves a built site as a static host does (its 404.html
for any missing address), for the tests that check old addresses and links resolve.
"""

from __future__ import annotations

import fnmatch
import http.server
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """One scripted answer: status, body (bytes/str as is, anything else as JSON), delay."""

    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to stall before answering

    @classmethod
    def json(cls, data: Any, status: int = 200, **kwargs: Any) -> Reply:
        """A JSON reply of `data`."""
        return cls(status=status, body=json.dumps(data).encode("utf-8"), **kwargs)

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body).encode("utf-8")


@dataclass(frozen=True)
class Request:
    """One request the server received (`path` has the server prefix removed)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    target: str  # the raw request target (full path and query)


Handler = Callable[[Request], Reply]


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (timeout test) is expected, not an error


class LocalServer:
    """A real HTTP server on an ephemeral port of 127.0.0.1 whose routes tests script."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix.rstrip("/")
        self.requests: list[Request] = []
        self._routes: dict[str, list[Reply] | Handler] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = _HTTPServer(("127.0.0.1", 0), self._make_handler())
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()  # wakes stalled handlers
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT` followed by the prefix."""
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    # -- scripting ---------------------------------------------------------------------

    def route(self, path: str, *replies: Reply | Handler) -> None:
        """Answer `path` (prefix excluded, no query) with `replies` in turn, the last repeating.

        A single callable instead computes each reply from the `Request`. A `path` with `*`
        is a pattern (`/countries/*`), tried when no exact path matches.
        """
        if not replies:
            raise ValueError("a route needs at least one reply")
        with self._lock:
            if len(replies) == 1 and callable(replies[0]) and not isinstance(replies[0], Reply):
                self._routes[path] = replies[0]
            else:
                self._routes[path] = list(replies)  # type: ignore[arg-type]

    def json(self, path: str, data: Any, status: int = 200, **kwargs: Any) -> None:
        """Shorthand: answer `path` with `data` as JSON, always."""
        self.route(path, Reply.json(data, status=status, **kwargs))

    def count(self, path: str | None = None) -> int:
        """How many requests came (for `path` only, if given)."""
        with self._lock:
            return sum(1 for r in self.requests if path is None or r.path == path)

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        with self._lock:
            return [r.path for r in self.requests]

    def reset(self) -> None:
        """Forget the recorded requests (routes stay)."""
        with self._lock:
            self.requests.clear()

    # -- serving -----------------------------------------------------------------------

    def _reply_for(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            route = self._routes.get(request.path)
            if route is None:
                for pattern, candidate in self._routes.items():
                    if "*" in pattern and fnmatch.fnmatchcase(request.path, pattern):
                        route = candidate
                        break
            if route is None:
                return Reply.json({"message": f"no route for {request.path}"}, status=404)
            if callable(route):
                handler = route
            else:
                return route.pop(0) if len(route) > 1 else route[0]
        return handler(request)

    def _make_handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                path = parts.path
                if server.prefix and path.startswith(server.prefix + "/"):
                    path = path[len(server.prefix) :]
                request = Request(
                    method=self.command,
                    path=path,
                    query=parse_qs(parts.query, keep_blank_values=True),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    target=self.path,
                )
                reply = server._reply_for(request)
                if reply.delay and server._stop.wait(reply.delay):
                    return
                body = reply.payload()
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Type": "application/json; charset=utf-8"}
                    headers.update(reply.headers)
                    headers.setdefault("Content-Length", str(len(body)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting

        return _Handler


@contextmanager
def serve(prefix: str = "") -> Iterator[LocalServer]:
    """A started `LocalServer`, closed on exit."""
    server = LocalServer(prefix)
    server.start()
    try:
        yield server
    finally:
        server.close()


# -- a static host for a built site -----------------------------------------------------


class _HostHandler(http.server.SimpleHTTPRequestHandler):
    """A static host serving the site's folder under `prefix` ('/blog'), and its
    404.html (status 404) for any address that has no file, as Netlify, GitHub Pages,
    S3 and nginx's `error_page 404` do."""

    prefix = ""

    def log_message(self, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        bare = path.split("?", 1)[0].split("#", 1)[0]
        if not bare.startswith(self.prefix + "/"):
            return os.path.join(self.directory, "\0 not served")
        return super().translate_path(path[len(self.prefix) :])

    def send_head(self):  # noqa: ANN201 - as SimpleHTTPRequestHandler's
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            page = Path(self.directory, "404.html")
            body = page.read_bytes() if page.is_file() else b""
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


@contextmanager
def static_host(root: Path, prefix: str = "") -> Iterator[str]:
    """A real static file server on 127.0.0.1 for `root`, under `prefix`: its address."""
    handler = type("Handler", (_HostHandler,), {"prefix": prefix.rstrip("/")})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
