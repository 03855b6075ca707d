import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { integer, name, oid, seq, tlv, utcTime } from "./der.js";

/**
 * The run's sandbox CA and the one leaf key the chamber init certifies each SNI name for
 * (docker/chamber/tls.py). Made fresh for each behaviour run; the private parts go only into the
 * root-only chamber directory, which the guest user cannot read.
 */
export interface RunCa {
  certPem: string;
  /** For the guest's ca.json: the CA key as JWK, the subject and the leaf key's SPKI as DER. */
  guest: { jwk: Record<string, string>; subjectDer: string; leafSpkiDer: string; notBefore: string; notAfter: string };
  leafKeyPem: string;
}

/** A name a corporate TLS-inspection proxy could have: not a tell of the sandbox. */
const CA_NAME = "Dev Proxy Root CA";
const DAY = 86_400_000;

export function makeRunCa(now = new Date()): RunCa {
  const ca = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const leaf = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const notBefore = new Date(now.getTime() - DAY);
  const notAfter = new Date(now.getTime() + 30 * DAY);
  const subject = name(CA_NAME);
  const cert = selfSigned(ca.privateKey, ca.publicKey, subject, notBefore, notAfter);
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${cert.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n?$/, "\n")}-----END CERTIFICATE-----\n`,
    guest: {
      jwk: ca.privateKey.export({ format: "jwk" }) as Record<string, string>,
      subjectDer: subject.toString("base64"),
      leafSpkiDer: (leaf.publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64"),
      notBefore: utcTime(notBefore),
      notAfter: utcTime(notAfter),
    },
    leafKeyPem: leaf.privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  };
}

function selfSigned(key: KeyObject, pub: KeyObject, subject: Buffer, notBefore: Date, notAfter: Date): Buffer {
  const spki = pub.export({ type: "spki", format: "der" }) as Buffer;
  const alg = seq(oid("1.2.840.113549.1.1.11"), Buffer.from([0x05, 0x00]));
  const ski = createHash("sha1").update(spki).digest();
  const extensions = tlv(
    0xa3,
    seq(
      seq(oid("2.5.29.19"), Buffer.from([0x01, 0x01, 0xff]), tlv(0x04, seq(Buffer.from([0x01, 0x01, 0xff])))),
      seq(oid("2.5.29.15"), Buffer.from([0x01, 0x01, 0xff]), tlv(0x04, Buffer.from([0x03, 0x02, 0x01, 0x06]))),
      seq(oid("2.5.29.14"), tlv(0x04, tlv(0x04, ski))),
    ),
  );
  const serial = randomBytes(12);
  serial[0]! &= 0x7f;
  const validity = seq(tlv(0x17, Buffer.from(utcTime(notBefore))), tlv(0x17, Buffer.from(utcTime(notAfter))));
  const tbs = seq(tlv(0xa0, integer(Buffer.from([2]))), integer(serial), alg, subject, validity, subject, spki, extensions);
  return seq(tbs, alg, tlv(0x03, Buffer.concat([Buffer.from([0]), sign("sha256", tbs, key)])));
}
