"""TCP listeners: accept, record what is sent (bounded), answer HTTP with bait, greet like the service.

Handlers are reactor tasks (reactor.py): `yield ("recv", sock, timeout)` / `yield ("send", sock, data)`.
"""
import base64

import bait
from evidence import LIM, now, record, state, text

BANNERS = {21: b"220 FTP server ready\r\n", 22: b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", 25: b"220 mail.local ESMTP\r\n"}
METHODS = (b"GET ", b"POST ", b"PUT ", b"HEAD ", b"PATCH ", b"DELETE ", b"OPTIONS ", b"CONNECT ")


class Conn:
    """What one connection sent: the first bytes kept (bounded per connection and in total)."""

    def __init__(self, port, tls):
        state["conns"] += 1
        self.id, self.port, self.tls = state["conns"], port, tls
        self.data, self.total, self.truncated, self.requests = bytearray(), 0, False, []
        self.start = now()

    def add(self, chunk):
        self.total += len(chunk)
        room = min(LIM["connBytes"] - len(self.data), LIM["payloadBytes"] - state["payload"])
        if room > 0:
            self.data += chunk[:room]
            state["payload"] += min(room, len(chunk))
        if len(chunk) > max(room, 0):
            self.truncated = True

    def finish(self, sni):
        record({"t": "conn", "id": self.id, "port": self.port, "tls": self.tls, "sni": sni, "bytes": self.total,
                "truncated": self.truncated, "requests": self.requests, "data": base64.b64encode(bytes(self.data)).decode(),
                "start": self.start, "at": now()})


def parse_head(head):
    lines = head.split(b"\r\n")
    parts = lines[0].split(b" ")
    headers = {}
    for line in lines[1:64]:
        k, sep, v = line.partition(b":")
        if sep:
            headers[text(k, 64).strip().lower()] = text(v, 1024).strip()
    return text(parts[0], 16), text(parts[1] if len(parts) > 1 else b"", 4096), headers


def http(conn, sock, buf):
    """One request per connection (Connection: close): read head and body, answer with bait."""
    idle = LIM["idleMs"] / 1000
    while b"\r\n\r\n" not in buf and len(buf) < 65536:
        chunk = yield ("recv", sock, idle)
        if not chunk:
            break
        buf += chunk
        conn.add(chunk)
    head, _, body = bytes(buf).partition(b"\r\n\r\n")
    method, target, headers = parse_head(head)
    if headers.get("expect", "").lower() == "100-continue":
        yield ("send", sock, b"HTTP/1.1 100 Continue\r\n\r\n")
    want = int(headers["content-length"]) if headers.get("content-length", "").isdigit() else None
    chunked = "chunked" in headers.get("transfer-encoding", "").lower()
    got = len(body)
    while (want is not None and got < want) or (chunked and not bytes(conn.data).endswith(b"0\r\n\r\n")):
        chunk = yield ("recv", sock, idle)
        if not chunk:
            break
        got += len(chunk)
        conn.add(chunk)
        if chunked and chunk.endswith(b"0\r\n\r\n"):
            break
    kind = bait.kind_for(method, target, headers)
    payload, ctype, n = bait.program(kind)
    keep = ("host", "user-agent", "content-type", "content-encoding", "transfer-encoding", "accept", "content-length", "authorization")
    conn.requests.append({"method": method, "target": target, "headers": {k: headers[k] for k in keep if k in headers},
                          "bodyBytes": got, "served": kind, **({"download": n} if n else {})})
    yield ("send", sock, b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\nContent-Length: " + str(len(payload)).encode()
           + b"\r\nConnection: close\r\n\r\n" + (payload if method != "HEAD" else b""))


def line_service(conn, sock, first):
    """SMTP/FTP-like: answer each line so a client goes on to send its payload."""
    idle, buf = LIM["idleMs"] / 1000, first
    while True:
        while b"\n" in buf:
            line, _, buf = buf.partition(b"\n")
            verb = line.strip().upper()[:4]
            if conn.port == 25:
                reply = b"354 go ahead\r\n" if verb == b"DATA" else b"221 bye\r\n" if verb == b"QUIT" else b"250 OK\r\n"
            else:
                reply = b"331 password\r\n" if verb == b"USER" else b"230 logged in\r\n" if verb == b"PASS" else b"200 OK\r\n"
            yield ("send", sock, reply)
        chunk = yield ("recv", sock, idle)
        if not chunk:
            return
        conn.add(chunk)
        buf += chunk


def handle(sock, port, secure):
    """One accepted connection, start to finish (a reactor task)."""
    conn = Conn(port, secure)
    idle = LIM["idleMs"] / 1000
    try:
        if secure:
            import tls  # lazily: runs without TLS never load ssl

            sock = tls.wrap(sock)
            if not (yield ("handshake", sock, 5)):
                conn.requests.append({"error": "TLS handshake failed"})
                return
        if port in BANNERS:
            yield ("send", sock, BANNERS[port])
        first = yield ("recv", sock, idle)
        conn.add(first)
        if first.startswith(METHODS):
            yield from http(conn, sock, bytearray(first))
        elif port in (21, 25):
            yield from line_service(conn, sock, first)
        else:
            while first and conn.total < LIM["connDrainBytes"]:
                first = yield ("recv", sock, idle)
                conn.add(first)
    finally:
        conn.finish(getattr(sock, "netd_sni", None))
        try:
            sock.close()
        except OSError:
            pass
