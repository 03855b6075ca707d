#!/usr/bin/env python3
"""Writes the cross-check vectors in this folder from an implementation independent of skillsign's
TypeScript code (Python hashlib/json, and `cryptography` for Ed25519). Run: python3 generate.py
The TypeScript tests (test/signing/vectors.test.ts) recompute every value and must agree."""
import hashlib, json, struct, base64, os

HERE = os.path.dirname(os.path.abspath(__file__))

def sha(b): return hashlib.sha256(b).hexdigest()

def content_hash_stream(entries):
    ents = sorted(entries, key=lambda e: e["path"].encode("utf-8"))
    out = b"skillsign/content/v1\x00" + struct.pack(">Q", len(ents))
    for e in ents:
        p = e["path"].encode("utf-8")
        out += struct.pack(">I", len(p)) + p + bytes([1 if e["executable"] else 0]) + struct.pack(">Q", e["size"]) + bytes.fromhex(e["sha256"])
    return out

def canonical(v):
    # RFC 8785 equals sorted-key compact JSON for objects holding only strings, ints and lists
    # (all the permissions object contains); key order by UTF-16 code units = by code point for BMP ASCII keys.
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

def pae(t, body):
    tb = t.encode()
    return b"DSSEv1 " + str(len(tb)).encode() + b" " + tb + b" " + str(len(body)).encode() + b" " + body

files = {
    "SKILL.md": (b"---\nname: vector-skill\ndescription: Test vector.\n---\n# Vector\n", False),
    "scripts/run.sh": (b"#!/bin/sh\necho vector\n", True),
    "references/\uff21-fullwidth.md": (b"fullwidth A sorts after U+1F600 in UTF-16 but before it in UTF-8\n", False),
    "references/\U0001F600-emoji.md": (b"emoji\n", False),
    "assets/empty.txt": (b"", False),
}
entries = [{"path": p, "executable": x, "size": len(c), "sha256": sha(c)} for p, (c, x) in files.items()]
stream = content_hash_stream(entries)
content = {
    "description": "content hash: domain || u64be count || per entry sorted by UTF-8 path bytes: u32be len || path || exec byte || u64be size || sha256",
    "cases": [
        {"name": "five-files", "entries": entries,
         "sortedPaths": [e["path"] for e in sorted(entries, key=lambda e: e["path"].encode("utf-8"))],
         "framedHex": stream.hex(), "contentHash": sha(stream)},
        {"name": "empty", "entries": [], "sortedPaths": [], "framedHex": content_hash_stream([]).hex(), "contentHash": sha(content_hash_stream([]))},
    ],
}

perms = {
    "schemaVersion": 1,
    "allowedTools": ["Bash(git status:*)", "Read"],
    "bins": ["git", "jq"],
    "anyBins": [],
    "env": ["GITHUB_TOKEN"],
    "paths": [],
    "network": ["api.example.invalid"],
    "install": [{"kind": "brew", "package": "jq", "bins": ["jq"], "label": "Install jq"}],
}
frontmatter = {
    "name": "vector-skill",
    "description": "Test vector.",
    "allowed-tools": "Read Bash(git status:*) Read",
    "metadata": {"openclaw": {
        "requires": {"bins": ["jq", "git", "jq"], "env": ["GITHUB_TOKEN"], "network": ["API.example.invalid"]},
        "install": [{"kind": "brew", "formula": "jq", "bins": ["jq"], "label": "Install jq"}],
    }},
}
cj = canonical(perms)
permissions = {
    "description": "permissions hash = sha256(RFC 8785 canonical JSON of the normalised permissions object)",
    "frontmatter": frontmatter, "permissions": perms, "canonicalJson": cj, "permissionsHash": sha(cj.encode()),
}

statement_payload = json.dumps({"_type": "https://in-toto.io/Statement/v1", "subject": [{"name": "vector-skill", "digest": {"sha256": content["cases"][0]["contentHash"]}}]}, separators=(",", ":")).encode()
p = pae("application/vnd.in-toto+json", statement_payload)
pae_v = {
    "description": "DSSE v1 PAE: 'DSSEv1' SP len(type) SP type SP len(body) SP body, lengths as ASCII decimal byte counts",
    "cases": [
        {"payloadType": "application/vnd.in-toto+json", "payloadBase64": base64.b64encode(statement_payload).decode(), "paeHex": p.hex(), "paeSha256": sha(p)},
        {"payloadType": "", "payloadBase64": "", "paeHex": pae("", b"").hex(), "paeSha256": sha(pae("", b""))},
        {"payloadType": "http://example.com/HelloWorld", "payloadBase64": base64.b64encode(b"hello world").decode(), "paeHex": pae("http://example.com/HelloWorld", b"hello world").hex(), "paeSha256": sha(pae("http://example.com/HelloWorld", b"hello world"))},
    ],
}

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization
seed = bytes(range(32))  # fixed, public test seed: never use for real signing
sk = Ed25519PrivateKey.from_private_bytes(seed)
pub = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
sig = sk.sign(p)
signature = {
    "description": "Ed25519 (RFC 8032, deterministic) over the PAE of pae.json cases[0]; key id = sha256(raw public key)",
    "seedHex": seed.hex(), "publicKeyHex": pub.hex(), "publicKeyBase64": base64.b64encode(pub).decode(), "keyId": sha(pub),
    "messagePaeHex": p.hex(), "signatureHex": sig.hex(),
    "envelope": {"payloadType": "application/vnd.in-toto+json", "payload": base64.b64encode(statement_payload).decode(),
                 "signatures": [{"keyid": sha(pub), "sig": base64.b64encode(sig).decode()}]},
    "rfc8032Test1": {"seedHex": "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                     "publicKeyHex": "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                     "messageHex": "",
                     "signatureHex": "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
}

for name, obj in [("content-hash", content), ("permissions-hash", permissions), ("pae", pae_v), ("signature", signature)]:
    with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")
print("wrote vectors")
