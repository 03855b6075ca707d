"""DNS responder of the chamber: every A is 127.0.0.1, every AAAA ::1, each name recorded."""
from evidence import LIM, TOKEN, now, record, state, text


def dns_answer(q, proto):
    if len(q) < 12:
        return None
    i, labels = 12, []
    while i < len(q) and q[i] != 0 and len(labels) < 128:
        n = q[i]
        if n & 0xC0:
            return None
        labels.append(q[i + 1 : i + 1 + n])
        i += 1 + n
    if i + 5 > len(q):
        return None
    qtype = int.from_bytes(q[i + 1 : i + 3], "big")
    question = q[12 : i + 5]
    name = ".".join(text(l, 63) for l in labels)[:300]
    if state["dns"] < LIM["dnsRecords"]:
        state["dns"] += 1
        rec = {"t": "dns", "proto": proto, "name": name, "qtype": qtype, "at": now()}
        first = name.split(".", 1)[0].lower()
        if first.startswith(TOKEN):
            rec["beacon"] = first[len(TOKEN):]
        record(rec)
    else:
        state["dropped"] += 1
    rdata = {1: bytes([127, 0, 0, 1]), 28: bytes(15) + b"\x01"}.get(qtype)
    head = q[:2] + b"\x81\x80" + b"\x00\x01" + (b"\x00\x01" if rdata else b"\x00\x00") + b"\x00\x00\x00\x00"
    ans = b"\xc0\x0c" + qtype.to_bytes(2, "big") + b"\x00\x01" + (60).to_bytes(4, "big") + len(rdata).to_bytes(2, "big") + rdata if rdata else b""
    return head + question + ans


def udp_ready(sock):
    """Answers every datagram waiting on the DNS socket."""
    for _ in range(64):
        try:
            data, addr = sock.recvfrom(4096)
        except (BlockingIOError, OSError):
            return
        reply = dns_answer(data, "udp")
        if reply:
            try:
                sock.sendto(reply, addr)
            except OSError:
                pass


def tcp_task(sock):
    """DNS over TCP: length-prefixed queries until the client closes (a reactor task)."""
    buf = b""
    try:
        while True:
            chunk = yield ("recv", sock, 2)
            if not chunk:
                return
            buf += chunk
            while len(buf) >= 2 and len(buf) >= 2 + int.from_bytes(buf[:2], "big"):
                n = int.from_bytes(buf[:2], "big")
                reply = dns_answer(buf[2 : 2 + n], "tcp")
                buf = buf[2 + n :]
                if not reply:
                    return
                yield ("send", sock, len(reply).to_bytes(2, "big") + reply)
    finally:
        sock.close()
