"""TLS termination with the run's CA: a leaf certificate minted in-process for each SNI name.

The host made the CA and one leaf key (conf dir, root-only); here each name gets a certificate
for that key (der.py). Python's ssl loads certificates from files only: they go to the root-only
evidence directory.
"""
import json
import os
import ssl

from evidence import CONF, now, record, text

_cache = {}
_ca = {}
LEAF_DIR = os.path.join(CONF["evidenceDir"], "tls")


def _b64int(s):
    import base64

    return int.from_bytes(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)), "big")


def _load_ca():
    import base64  # lazily: runs without TLS do not pay for these imports

    if not _ca:
        with open(os.path.join(CONF["confDir"], "ca.json"), encoding="utf-8") as f:
            ca = json.load(f)
        _ca["key"] = {k: _b64int(ca["jwk"][k]) for k in ("n", "p", "q", "dp", "dq", "qi")}
        _ca["issuer"] = base64.b64decode(ca["subjectDer"])
        _ca["spki"] = base64.b64decode(ca["leafSpkiDer"])
        _ca["validity"] = (ca["notBefore"], ca["notAfter"])
        os.makedirs(LEAF_DIR, mode=0o700, exist_ok=True)
    return _ca


def _mint(host):
    import ipaddress

    import der

    ca = _load_ca()
    try:
        ip = ipaddress.ip_address(host).packed
    except ValueError:
        ip = None
    cert = der.leaf_cert(host, ip, ca["issuer"], ca["spki"], ca["key"], *ca["validity"])
    path = os.path.join(LEAF_DIR, f"{len(_cache)}.pem")
    with open(path, "w", encoding="ascii") as f:
        f.write(ssl.DER_cert_to_PEM_cert(cert))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.set_alpn_protocols(["http/1.1"])
    ctx.load_cert_chain(path, os.path.join(CONF["confDir"], "leaf.key"))
    return ctx


def context_for(host):
    key = host.lower().rstrip(".")[:253] or "127.0.0.1"
    if key not in _cache:
        _cache[key] = _mint(key)
    return _cache[key]


def _sni(sslobj, host, _ctx):
    if host:
        try:
            sslobj.netd_sni = host[:253]  # read back by the connection handler (tcp.py)
        except AttributeError:
            pass
        record({"t": "sni", "name": text(host.encode(), 253), "at": now()})
    try:
        sslobj.context = context_for(host or "127.0.0.1")
    except Exception as e:  # a name we cannot mint for: the handshake fails, the name is recorded
        record({"t": "tls-error", "name": text((host or "").encode(), 253), "error": str(e)[:200]})
    return None


_server = []


def wrap(sock):
    """The accepted socket as a TLS server socket; the SNI callback picks the certificate."""
    if not _server:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.set_alpn_protocols(["http/1.1"])
        ctx.sni_callback = _sni
        _server.append(ctx)
    return _server[0].wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
