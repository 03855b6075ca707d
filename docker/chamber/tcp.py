"""TCP listeners: accept, record what is sent (bounded), answer HTTP with bait, greet like the service."""
import asyncio
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
                "truncated": self.truncated, "requests": self.requests, "data": base64.b64encode(bytes(self.data)).decode(), "start": self.start, "at": now()})


async def read_some(reader, timeout):
    try:
        return await asyncio.wait_for(reader.read(65536), timeout)
    except (asyncio.TimeoutError, ConnectionError, OSError):
        return b""


def parse_head(head):
    lines = head.split(b"\r\n")
    parts = lines[0].split(b" ")
    headers = {}
    for line in lines[1:64]:
        k, sep, v = line.partition(b":")
        if sep:
            headers[text(k, 64).strip().lower()] = text(v, 1024).strip()
    return text(parts[0], 16), text(parts[1] if len(parts) > 1 else b"", 4096), headers


async def http(conn, reader, writer, buf):
    """One request per connection (Connection: close): read head and body, answer with bait."""
    idle = LIM["idleMs"] / 1000
    while b"\r\n\r\n" not in buf and len(buf) < 65536:
        chunk = await read_some(reader, idle)
        if not chunk:
            break
        buf += chunk
        conn.add(chunk)
    head, _, body = buf.partition(b"\r\n\r\n")
    method, target, headers = parse_head(head)
    if headers.get("expect", "").lower() == "100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    want = int(headers["content-length"]) if headers.get("content-length", "").isdigit() else None
    chunked = "chunked" in headers.get("transfer-encoding", "").lower()
    got = len(body)
    while (want is not None and got < want) or (chunked and not bytes(conn.data).endswith(b"0\r\n\r\n")):
        chunk = await read_some(reader, idle)
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
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\nContent-Length: " + str(len(payload)).encode()
                 + b"\r\nConnection: close\r\n\r\n" + (payload if method != "HEAD" else b""))


async def line_service(conn, reader, writer, first):
    """SMTP/FTP-like: answer each line so a client goes on to send its payload."""
    idle, buf = LIM["idleMs"] / 1000, first
    while True:
        while b"\n" in buf:
            line, _, buf = buf.partition(b"\n")
            verb = line.strip().upper()[:4]
            if conn.port == 25:
                writer.write(b"354 go ahead\r\n" if verb == b"DATA" else b"221 bye\r\n" if verb == b"QUIT" else b"250 OK\r\n")
            else:
                writer.write(b"331 password\r\n" if verb == b"USER" else b"230 logged in\r\n" if verb == b"PASS" else b"200 OK\r\n")
        chunk = await read_some(reader, idle)
        if not chunk:
            return
        conn.add(chunk)
        buf += chunk


def handler(port, tls):
    async def handle(reader, writer):
        conn = Conn(port, tls)
        sni = None
        sslobj = writer.get_extra_info("ssl_object")
        if sslobj is not None:
            sni = getattr(sslobj, "netd_sni", None)
        try:
            if port in BANNERS:
                writer.write(BANNERS[port])
            first = await read_some(reader, LIM["idleMs"] / 1000)
            conn.add(first)
            if first.startswith(METHODS):
                await http(conn, reader, writer, bytearray(first))
            elif port in (21, 25):
                await line_service(conn, reader, writer, first)
            else:
                while first and conn.total < LIM["connDrainBytes"]:
                    first = await read_some(reader, LIM["idleMs"] / 1000)
                    conn.add(first)
            await writer.drain()
        except Exception as e:  # a broken client must not stop the sinkhole
            conn.requests.append({"error": str(e)[:200]})
        finally:
            conn.finish(sni)
            try:
                writer.close()
            except Exception:
                pass

    return handle
