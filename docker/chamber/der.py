"""Just enough DER and RSA (PKCS#1 v1.5, SHA-256) to mint a leaf certificate with the stdlib.

The base image has no Python crypto library (debootstrap cannot configure python3-cryptography),
and importing one would cost startup time: certificates are small fixed structures.
"""
import hashlib
import os


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        size = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        size = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + size + body


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def integer(v):
    raw = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big")
    return tlv(0x02, raw)


def oid(dotted):
    nums = [int(x) for x in dotted.split(".")]
    out = bytes([40 * nums[0] + nums[1]])
    for n in nums[2:]:
        chunk = [n & 0x7F]
        n >>= 7
        while n:
            chunk.append(0x80 | (n & 0x7F))
            n >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, out)


def name(cn):
    return seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0C, cn.encode()))))


def utc(t):
    return tlv(0x17, t.encode())


SHA256_RSA = seq(oid("1.2.840.113549.1.1.11"), b"\x05\x00")
DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def rsa_sign(key, data):
    """PKCS#1 v1.5 over SHA-256 with the CRT form of the private key (ints from the host's JWK)."""
    k = (key["n"].bit_length() + 7) // 8
    t = DIGEST_INFO + hashlib.sha256(data).digest()
    m = int.from_bytes(b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t, "big")
    m1, m2 = pow(m, key["dp"], key["p"]), pow(m, key["dq"], key["q"])
    s = m2 + ((key["qi"] * (m1 - m2)) % key["p"]) * key["q"]
    return s.to_bytes(k, "big")


def leaf_cert(host, is_ip, issuer_der, spki_der, ca_key, not_before, not_after):
    """A v3 server certificate for one host name (or IP), signed by the run's CA."""
    san = tlv(0x87, is_ip) if isinstance(is_ip, bytes) else tlv(0x82, host.encode())
    exts = tlv(0xA3, seq(
        seq(oid("2.5.29.17"), tlv(0x04, seq(san))),
        seq(oid("2.5.29.19"), b"\x01\x01\xff", tlv(0x04, seq())),
        seq(oid("2.5.29.37"), tlv(0x04, seq(oid("1.3.6.1.5.5.7.3.1")))),
    ))
    tbs = seq(tlv(0xA0, integer(2)), integer(int.from_bytes(os.urandom(8), "big") >> 1 | 1), SHA256_RSA, issuer_der,
              seq(utc(not_before), utc(not_after)), name(host[:64]), spki_der, exts)
    return seq(tbs, SHA256_RSA, tlv(0x03, b"\x00" + rsa_sign(ca_key, tbs)))
