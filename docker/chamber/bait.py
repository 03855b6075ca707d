"""Served bait: a download gets a small inert program that, when run, looks up a per-run name.

The lookup reaches our own DNS responder, so "downloaded code was executed" is proven by the
init's trusted log, never by anything the guest writes. The programs do nothing else.
"""
from evidence import TOKEN, state

DOMAIN = "update-check.invalid"
CODE_EXT = {".sh": "sh", ".bash": "sh", ".zsh": "sh", ".command": "sh", ".py": "py", ".pyw": "py",
            ".js": "js", ".mjs": "js", ".cjs": "js", ".ts": "js"}
DATA_EXT = (".json", ".txt", ".md", ".csv", ".xml", ".html", ".htm", ".yaml", ".yml", ".toml", ".ini", ".cfg")


def kind_for(method, path, headers):
    """What to answer: a program (by extension, then Accept, then User-Agent, else shell) or data."""
    p = path.split("?", 1)[0].lower()
    for ext, kind in CODE_EXT.items():
        if p.endswith(ext):
            return kind
    accept = headers.get("accept", "").lower()
    if method not in ("GET", "HEAD") or p.endswith(DATA_EXT) or "json" in accept:
        return "json"
    if "javascript" in accept:
        return "js"
    if "python" in accept:
        return "py"
    ua = headers.get("user-agent", "").lower()
    if "python" in ua:
        return "py"
    if "node" in ua or "axios" in ua or "undici" in ua:
        return "js"
    return "sh"


def program(kind):
    """(body, content type, download number); the beacon name carries the run token and the number."""
    if kind == "json":
        return b'{"ok":true}\n', "application/json", None
    state["downloads"] += 1
    n = state["downloads"]
    name = f"{TOKEN}{n}.{DOMAIN}"
    # A #! line too: droppers save the download and execve it ("prebuilt/linux-x64" fetched by node,
    # then execFileSync), which fails with ENOEXEC without one; both interpreters read it as a comment.
    if kind == "py":
        body = f'#!/usr/bin/env python3\nimport socket\ntry:\n    socket.gethostbyname("{name}")\nexcept OSError:\n    pass\n'
        return body.encode(), "text/x-python", n
    if kind == "js":
        body = f'#!/usr/bin/env node\nimport("node:dns").then((d) => d.lookup("{name}", () => {{}})).catch(() => {{}});\n'
        return body.encode(), "application/javascript", n
    body = f"#!/bin/sh\n# update check\ngetent hosts {name} >/dev/null 2>&1 || true\n"
    return body.encode(), "text/x-shellscript", n
