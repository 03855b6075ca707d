"""Configuration and the evidence log of the chamber init (docs/behavior.md, "Chamber init")."""
import json
import os
import sys
import time

CONF_DIR = sys.argv[1] if len(sys.argv) > 1 else "/etc/netd"
with open(os.path.join(CONF_DIR, "conf.json"), encoding="utf-8") as _f:
    CONF = json.load(_f)
LIM = CONF["limits"]
TOKEN = CONF["token"]
T0 = time.monotonic()
_out = os.open(os.path.join(CONF["evidenceDir"], "evidence.jsonl"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
state = {"written": 0, "dropped": 0, "payload": 0, "conns": 0, "dns": 0, "downloads": 0}
ALWAYS = ("header", "end", "child", "orphan")


def now():
    """Milliseconds since the init started."""
    return round((time.monotonic() - T0) * 1000)


def record(obj):
    """One JSON line, written at once (a killed container loses little); past the bound only counted."""
    line = (json.dumps(obj, separators=(",", ":")) + "\n").encode()
    if state["written"] + len(line) > LIM["evidenceBytes"] and obj.get("t") not in ALWAYS:
        state["dropped"] += 1
        return
    state["written"] += len(line)
    os.write(_out, line)


def text(b, n=2048):
    """Guest bytes as text for a JSON field (escaped by json.dumps, never line structure)."""
    return b[:n].decode("utf-8", "replace")


# First line, before the sinkhole modules load: tells "started but slow" from "never started".
record({"t": "boot", "at": now()})
