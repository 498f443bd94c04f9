"""An HTTP proxy in front of the WordPress peer that breaks chosen requests.

The failures a connector must sort into "retry" and "maybe done" (an answer
lost after WordPress saved the post, a gateway's 502, a reset, an answer
slower than the timeout) cannot be had from a healthy site, and mocking them
would only test our guess of how httpx reports them. This proxy makes them
happen on real sockets while WordPress does the real work.

It speaks just enough HTTP/1.1 to be exact about where one request ends:
Content-Length and chunked bodies, keep-alive towards the client (whose
connections it counts, so a test can see they are reused) and one connection
per request towards the peer, which closes its connections anyway.

    with FaultProxy(peer.url, slow_seconds=3) as proxy:
        proxy.next(Fault.DROP_ANSWER, method="POST", path_contains="/posts")
        ...  # talk to proxy.url
        assert proxy.forwarded == 3

With ``tls=`` (a server-side :class:`ssl.SSLContext`) it is an https front of
the peer, for the certificate checks.

For long runs it also breaks requests at random, from a seed so a failing run
can be repeated, and counts what it did; and it can play a site that was
stopped and started again (connections refused, then accepted again on the
same address):

    with FaultProxy(peer.url, slow_seconds=2, down_seconds=1) as proxy:
        proxy.randomly(0.2, seed=7)  # a fifth of the requests fail, any way
        ...
        proxy.calm()
        print(proxy.injected)  # Counter({Fault.STATUS_503: 4, Fault.RESET: 3, ...})
"""

from __future__ import annotations

import contextlib
import errno
import random
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from types import TracebackType
from urllib.parse import unquote, urlsplit

_POLL = 0.2  # how often blocked threads look whether the proxy is closing
_SEND_TIMEOUT = 60.0  # a single-process PHP server may be busy with someone else
_HOP_BY_HOP = {b"connection", b"keep-alive", b"proxy-connection", b"transfer-encoding",
               b"te", b"trailer", b"upgrade", b"content-length"}
_NO_BODY_STATUSES = {204, 304}


class Fault(Enum):
    PASS = "pass"  # forward as usual (useful to let the first matching request through)
    DROP_ANSWER = "drop answer"  # forward, read the whole answer, close without a byte
    STATUS_502 = "502"  # answer 502 Bad Gateway; WordPress never sees the request
    RESET = "reset"  # abort the client's connection with RST; nothing forwarded
    SLOW = "slow"  # forward, then hold the answer for ``slow_seconds``
    NOT_FOUND = "404"  # answer an HTML 404 page, as a site without pretty links does
    STATUS_503 = "503"  # answer 503 Service Unavailable (maintenance, overload); not forwarded
    # The site stops: this request's connection closes unanswered and unforwarded,
    # every open connection is closed and new ones are refused for ``down_seconds``;
    # then the site is back on the same address.
    SITE_DOWN = "site down"


#: What :meth:`FaultProxy.randomly` picks from unless told otherwise: the ways a
#: real site and the network between fail (not a misconfigured site's 404).
RANDOM_FAULTS = (Fault.DROP_ANSWER, Fault.STATUS_502, Fault.STATUS_503, Fault.RESET,
                 Fault.SLOW, Fault.SITE_DOWN)


@dataclass
class _Rule:
    fault: Fault
    method: str | None
    path_contains: str | None
    times: int | None  # None: every matching request, until cleared

    def matches(self, method: str, target: str) -> bool:
        return ((self.method is None or self.method == method)
                and (self.path_contains is None or self.path_contains in target))


@dataclass(frozen=True)
class Seen:
    """One request the proxy received and what it did with it."""

    method: str
    target: str  # percent-decoded, so "/posts" is found in ?rest_route=%2Fwp%2Fv2%2Fposts
    fault: Fault


@dataclass
class _Random:
    """Random faults: each matching request fails with ``probability``."""

    probability: float
    rng: random.Random
    faults: tuple[Fault, ...]
    method: str | None
    path_contains: str | None

    def pick(self, method: str, target: str) -> Fault | None:
        if ((self.method is not None and self.method != method)
                or (self.path_contains is not None and self.path_contains not in target)):
            return None
        if self.rng.random() >= self.probability:
            return None
        return self.rng.choice(self.faults)


class _Closing(Exception):
    """The proxy is shutting down: the connection's thread ends."""


class _Reader:
    """Buffered reading from a socket by lines and exact sizes."""

    def __init__(self, sock: socket.socket, stop: threading.Event) -> None:
        self.sock, self.stop, self.buffer = sock, stop, b""

    def _more(self) -> bool:
        while True:
            if self.stop.is_set():
                raise _Closing
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                return False
            self.buffer += chunk
            return True

    def line(self) -> bytes:
        """One line with its CRLF; b"" when the peer closed first."""
        while b"\r\n" not in self.buffer:
            if not self._more():
                line, self.buffer = self.buffer, b""
                return line
        line, _, self.buffer = self.buffer.partition(b"\r\n")
        return line + b"\r\n"

    def exact(self, size: int) -> bytes:
        while len(self.buffer) < size:
            if not self._more():
                raise ConnectionError("closed in the middle of a body")
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def rest(self) -> bytes:
        while self._more():
            pass
        data, self.buffer = self.buffer, b""
        return data


@dataclass
class _Message:
    start: bytes  # the request or status line, without CRLF
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def header(self, name: bytes) -> bytes | None:
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    def wants_close(self) -> bool:
        value = self.header(b"connection")
        return value is not None and b"close" in value.lower()


def _read_head(reader: _Reader) -> tuple[bytes, list[tuple[bytes, bytes]]] | None:
    start = reader.line()
    while start == b"\r\n":  # tolerated between messages
        start = reader.line()
    if not start.endswith(b"\r\n"):
        return None  # closed (keep-alive connection ended)
    headers = []
    while (line := reader.line()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        headers.append((name.strip(), value.strip()))
    return start[:-2], headers


def _read_body(reader: _Reader, message: _Message, *, until_close: bool) -> bytes:
    encoding = message.header(b"transfer-encoding")
    if encoding is not None and b"chunked" in encoding.lower():
        return _read_chunked(reader)
    length = message.header(b"content-length")
    if length is not None:
        return reader.exact(int(length))
    return reader.rest() if until_close else b""


def _read_chunked(reader: _Reader) -> bytes:
    body = b""
    while True:
        size = int(reader.line().split(b";")[0].strip() or b"0", 16)
        if size == 0:
            while reader.line() not in (b"\r\n", b""):
                pass  # trailers
            return body
        body += reader.exact(size)
        reader.line()


def _read_request(reader: _Reader) -> _Message | None:
    head = _read_head(reader)
    if head is None:
        return None
    message = _Message(head[0], head[1], b"")
    message.body = _read_body(reader, message, until_close=False)
    return message


def _serialize(start: bytes, headers: list[tuple[bytes, bytes]], body: bytes) -> bytes:
    lines = [start] + [name + b": " + value for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class FaultProxy:
    """A context manager; ``url`` is where the client should connect."""

    def __init__(self, upstream: str, *, slow_seconds: float = 5.0,
                 down_seconds: float = 1.0, tls: ssl.SSLContext | None = None) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.slow_seconds = slow_seconds
        self.down_seconds = down_seconds
        self.tls = tls
        self.seen: list[Seen] = []
        self._rules: list[_Rule] = []
        self._random: _Random | None = None
        self._injected: Counter[Fault] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._forwarded = 0
        self._connections = 0
        self._refused = 0
        self._port = 0
        self._server: socket.socket | None = None
        # Down: None (up), inf (until up()) or the monotonic time it comes back.
        self._down_until: float | None = None
        self._listening = threading.Event()  # set while the server socket is open
        self._threads: list[threading.Thread] = []
        self._clients: set[socket.socket] = set()

    # ---------------------------------------------------------------- public

    @property
    def url(self) -> str:
        assert self._port, "use the proxy in a with block"
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self._port}"

    @property
    def forwarded(self) -> int:
        """Requests passed on to WordPress."""
        with self._lock:
            return self._forwarded

    @property
    def connections(self) -> int:
        """Client connections accepted so far."""
        with self._lock:
            return self._connections

    def next(self, fault: Fault, *, method: str | None = None,
             path_contains: str | None = None, times: int | None = 1) -> None:
        """Apply ``fault`` to the next ``times`` matching requests (None: all).
        Rules are tried in the order they were added."""
        with self._lock:
            self._rules.append(_Rule(fault, method.upper() if method else None,
                                     path_contains, times))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def randomly(self, probability: float, *, seed: int | str | None = None,
                 faults: Sequence[Fault] = RANDOM_FAULTS, method: str | None = None,
                 path_contains: str | None = None) -> None:
        """From now on each matching request that no :meth:`next` rule takes
        fails with ``probability``, in one of ``faults`` picked at random from
        ``seed``; 0 stops it."""
        with self._lock:
            self._random = None if probability <= 0 else _Random(
                probability, random.Random(seed), tuple(faults),
                method.upper() if method else None, path_contains)

    def calm(self) -> None:
        """No more faults of any kind, and the site up again."""
        with self._lock:
            self._rules.clear()
            self._random = None
        self.up()

    @property
    def injected(self) -> Counter[Fault]:
        """How many requests got each fault (PASS not counted); a SITE_DOWN is
        counted once, for the request that stopped the site."""
        with self._lock:
            return Counter(self._injected)

    @property
    def refused(self) -> int:
        """Connections and requests the proxy turned away while the site was
        down; those the system refused while nothing listened are not seen."""
        with self._lock:
            return self._refused

    @property
    def is_down(self) -> bool:
        with self._lock:
            return self._is_down()

    def down(self, seconds: float | None = None) -> None:
        """Stop the site: open connections close, new ones are refused, for
        ``seconds`` or until :meth:`up`."""
        with self._lock:
            self._down_until = (float("inf") if seconds is None
                                else time.monotonic() + seconds)
            clients = list(self._clients)
        for client in clients:
            _shut(client)
        deadline = time.monotonic() + 5
        while self._listening.is_set() and time.monotonic() < deadline and self.is_down:
            time.sleep(0.01)

    def up(self) -> None:
        """Start the site again on the same address; returns once it accepts."""
        with self._lock:
            self._down_until = None
        deadline = time.monotonic() + 5
        while (not self._listening.is_set() and not self._stop.is_set()
               and time.monotonic() < deadline):
            time.sleep(0.01)

    def requests(self, method: str | None = None, path_contains: str = "") -> list[Seen]:
        with self._lock:
            return [seen for seen in self.seen
                    if (method is None or seen.method == method)
                    and path_contains in seen.target]

    def __enter__(self) -> FaultProxy:
        self._server = self._listen()
        self._start(self._accept_loop, "fault-proxy-accept")
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=10)
        server, self._server = self._server, None
        if server is not None:
            server.close()

    # ---------------------------------------------------------------- threads

    def _start(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _is_down(self) -> bool:
        """Under the lock; a timed stop that is over ends here."""
        if self._down_until is not None and time.monotonic() >= self._down_until:
            self._down_until = None
        return self._down_until is not None

    def _listen(self) -> socket.socket:
        """The listening socket, on the port the proxy had before when it is
        started again (a restarted site keeps its address)."""
        for _ in range(50):
            server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                server.bind(("127.0.0.1", self._port))
            except OSError as exc:
                server.close()
                if exc.errno != errno.EADDRINUSE:
                    raise
                time.sleep(0.1)
                continue
            server.listen(16)
            server.settimeout(_POLL / 4)
            self._port = server.getsockname()[1]
            self._listening.set()
            return server
        raise OSError(errno.EADDRINUSE, f"port {self._port} stays taken")

    def _accept_loop(self) -> None:
        """Only this thread opens and closes the listening socket while the
        proxy runs, so stopping the site never races an ``accept``."""
        while not self._stop.is_set():
            if self.is_down:
                if self._server is not None:
                    self._server.close()
                    self._server = None
                    self._listening.clear()
                self._stop.wait(0.02)
                continue
            if self._server is None:
                self._server = self._listen()
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.is_down:  # came in the moment before the socket closed
                with self._lock:
                    self._refused += 1
                client.close()
                continue
            client.settimeout(_POLL)
            with self._lock:
                self._connections += 1
                self._clients.add(client)
            self._start(self._serve, "fault-proxy-client", client)

    def _serve(self, client: socket.socket) -> None:
        raw = client
        try:
            if self.tls is not None:
                client.settimeout(_SEND_TIMEOUT)
                client = self.tls.wrap_socket(client, server_side=True)
                client.settimeout(_POLL)
            reader = _Reader(client, self._stop)
            while (request := _read_request(reader)) is not None:
                if not self._answer(client, request):
                    break
        except (_Closing, OSError):  # ssl.SSLError too: a client refusing our certificate
            pass
        finally:
            with self._lock:
                self._clients.discard(raw)
            client.close()

    def _take_fault(self, method: str, target: str) -> Fault:
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, target):
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            self._rules.remove(rule)
                    fault = rule.fault
                    break
            else:
                fault = Fault.PASS
                if self._random is not None:
                    fault = self._random.pick(method, target) or Fault.PASS
            if fault is not Fault.PASS:
                self._injected[fault] += 1
            self.seen.append(Seen(method, target, fault))
            return fault

    def _answer(self, client: socket.socket, request: _Message) -> bool:
        """Handle one request; False when the client's connection must end."""
        method, target = [*request.start.split(b" "), b"", b""][:2]
        if self.is_down:  # a request that came just as the site stopped
            with self._lock:
                self._refused += 1
            return False
        fault = self._take_fault(method.decode("latin-1"), unquote(target.decode("latin-1")))
        if fault is Fault.SITE_DOWN:
            self.down(self.down_seconds)
            return False
        if fault is Fault.RESET:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        if fault is Fault.STATUS_502:
            _send_all(client, _page(502, "Bad Gateway", request.wants_close()))
            return not request.wants_close()
        if fault is Fault.NOT_FOUND:
            _send_all(client, _page(404, "Not Found", request.wants_close()))
            return not request.wants_close()
        if fault is Fault.STATUS_503:
            _send_all(client, _page(503, "Service Unavailable", request.wants_close(),
                                    [(b"Retry-After", b"1")]))
            return not request.wants_close()
        answer = self._forward(request, method == b"HEAD")
        if fault is Fault.DROP_ANSWER:
            client.shutdown(socket.SHUT_RDWR)
            return False
        if fault is Fault.SLOW and self._stop.wait(self.slow_seconds):
            return False
        _send_all(client, answer)
        return not request.wants_close()

    def _forward(self, request: _Message, head_only: bool) -> bytes:
        """Send the request to WordPress on a new connection; its whole answer,
        framed with Content-Length so the client's connection can stay open."""
        headers = [(name, value) for name, value in request.headers
                   if name.lower() not in _HOP_BY_HOP and name.lower() != b"host"]
        headers += [(b"Host", f"{self.upstream_host}:{self.upstream_port}".encode()),
                    (b"Content-Length", str(len(request.body)).encode()),
                    (b"Connection", b"close")]
        with self._lock:
            self._forwarded += 1
        with socket.create_connection((self.upstream_host, self.upstream_port),
                                      timeout=_SEND_TIMEOUT) as upstream:
            upstream.sendall(_serialize(request.start, headers, request.body))
            upstream.settimeout(_POLL)
            reader = _Reader(upstream, self._stop)
            while True:
                head = _read_head(reader)
                if head is None:
                    raise ConnectionError("WordPress closed without answering")
                response = _Message(head[0], head[1], b"")
                status = int(response.start.split(b" ")[1])
                if status >= 200:
                    break  # skips "100 Continue"
            if not head_only and status not in _NO_BODY_STATUSES:
                response.body = _read_body(reader, response, until_close=True)
        kept = [(name, value) for name, value in response.headers
                if name.lower() not in _HOP_BY_HOP]
        length = response.header(b"content-length") if head_only else None
        size = length if length is not None else str(len(response.body)).encode()
        if request.wants_close():
            kept.append((b"Connection", b"close"))
        if status not in _NO_BODY_STATUSES:
            kept.append((b"Content-Length", size))
        return _serialize(response.start, kept, response.body)


def _send_all(sock: socket.socket, data: bytes) -> None:
    sock.settimeout(_SEND_TIMEOUT)
    try:
        sock.sendall(data)
    finally:
        sock.settimeout(_POLL)


def _shut(sock: socket.socket) -> None:
    """End a connection from another thread: its reader sees the end at once."""
    with contextlib.suppress(OSError):  # closed already
        sock.shutdown(socket.SHUT_RDWR)


def _page(status: int, reason: str, close: bool,
          extra: list[tuple[bytes, bytes]] | None = None) -> bytes:
    body = f"<html><body><h1>{status} {reason}</h1></body></html>".encode()
    headers = [(b"Content-Type", b"text/html; charset=UTF-8"),
               (b"Content-Length", str(len(body)).encode()), *(extra or [])]
    if close:
        headers.append((b"Connection", b"close"))
    return _serialize(f"HTTP/1.1 {status} {reason}".encode(), headers, body)
