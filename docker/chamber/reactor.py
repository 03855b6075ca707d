"""A small single-threaded reactor (selectors + generator tasks): asyncio's import alone costs
150-250 ms under gVisor, paid on every behaviour command. No threads, no helper processes.

A task is a generator that yields one request and is resumed with its result:
  ("recv", sock, timeout) -> bytes (b"" on EOF, timeout or error)
  ("send", sock, data)    -> None (gives up silently on error)
  ("handshake", sock, timeout) -> True/False (TLS server handshake)
  ("sleep", seconds)      -> None
"""
import heapq
import itertools
import selectors
import socket
import time

SEL = selectors.DefaultSelector()
_timers = []
_seq = itertools.count()


def at(delay, fn):
    heapq.heappush(_timers, (time.monotonic() + delay, next(_seq), fn))


def spawn(gen, value=None):
    """Runs a task until it blocks; errors end the task (a broken client must not stop the sinkhole)."""
    try:
        req = gen.send(value)
    except StopIteration:
        return
    except Exception:
        gen.close()
        return
    _do(gen, req)


def _do(gen, req):
    kind = req[0]
    if kind == "sleep":
        at(req[1], lambda: spawn(gen))
    elif kind == "recv":
        _recv(gen, req[1], time.monotonic() + req[2])
    elif kind == "send":
        _send(gen, req[1], memoryview(req[2]))
    elif kind == "handshake":
        _handshake(gen, req[1], time.monotonic() + req[2])


def _wait(gen, sock, events, deadline, retry, on_timeout):
    state = {"done": False}

    def ready(_mask):
        if state["done"]:
            return
        state["done"] = True
        SEL.unregister(sock)
        retry()

    def expire():
        if state["done"]:
            return
        state["done"] = True
        try:
            SEL.unregister(sock)
        except (KeyError, ValueError):
            pass
        on_timeout()

    SEL.register(sock, events, ready)
    if deadline is not None:
        at(max(0.0, deadline - time.monotonic()), expire)


def _recv(gen, sock, deadline):
    want_r, want_w = _wants()
    try:
        data = sock.recv(65536)
    except (BlockingIOError, want_r):
        return _wait(gen, sock, selectors.EVENT_READ, deadline, lambda: _recv(gen, sock, deadline), lambda: spawn(gen, b""))
    except want_w:
        return _wait(gen, sock, selectors.EVENT_WRITE, deadline, lambda: _recv(gen, sock, deadline), lambda: spawn(gen, b""))
    except OSError:
        data = b""
    spawn(gen, data)


def _send(gen, sock, view):
    want_r, want_w = _wants()
    while view:
        try:
            n = sock.send(view)
        except (BlockingIOError, want_w):
            return _wait(gen, sock, selectors.EVENT_WRITE, time.monotonic() + 5, lambda: _send(gen, sock, view), lambda: spawn(gen))
        except want_r:
            return _wait(gen, sock, selectors.EVENT_READ, time.monotonic() + 5, lambda: _send(gen, sock, view), lambda: spawn(gen))
        except OSError:
            break
        view = view[n:]
    spawn(gen)


def _handshake(gen, sock, deadline):
    want_r, want_w = _wants()
    try:
        sock.do_handshake()
    except want_r:
        return _wait(gen, sock, selectors.EVENT_READ, deadline, lambda: _handshake(gen, sock, deadline), lambda: spawn(gen, False))
    except want_w:
        return _wait(gen, sock, selectors.EVENT_WRITE, deadline, lambda: _handshake(gen, sock, deadline), lambda: spawn(gen, False))
    except OSError:
        return spawn(gen, False)
    spawn(gen, True)


_want = []


def _wants():
    """ssl's would-block errors once ssl is loaded (on the first TLS connection), else nothing to catch."""
    if not _want:
        import sys

        ssl = sys.modules.get("ssl")
        if ssl is None:
            return BlockingIOError, BlockingIOError  # classes: `except` refuses nested tuples
        _want[:] = [ssl.SSLWantReadError, ssl.SSLWantWriteError]
    return _want[0], _want[1]


def listen(family, kind, addr, on_ready):
    s = socket.socket(family, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind(addr)
    if kind == socket.SOCK_STREAM:
        s.listen(64)
    s.setblocking(False)
    SEL.register(s, selectors.EVENT_READ, lambda _m: on_ready(s))
    return s


def run_until(done):
    """Runs callbacks and timers until done() is true."""
    while not done():
        now = time.monotonic()
        while _timers and _timers[0][0] <= now:
            _guard(heapq.heappop(_timers)[2])
            if done():
                return
        timeout = max(0.0, _timers[0][0] - time.monotonic()) if _timers else 1.0
        for key, mask in SEL.select(min(timeout, 1.0)):
            _guard(key.data, mask)


def _guard(fn, *args):
    """A bug in one callback must not stop the init (the command would lose its monitor)."""
    try:
        fn(*args)
    except Exception as e:  # recorded, then the loop goes on
        from evidence import now, record

        record({"t": "init-error", "error": f"{type(e).__name__}: {e}"[:300], "at": now()})
