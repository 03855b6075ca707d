import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { findCanaries, makeCanaries } from "../../../src/stages/behavior/canaries.js";
import { base32Decode, decodedViews, dechunk, untar } from "../../../src/stages/behavior/sinkhole/decode.js";
import { dnsChannels } from "../../../src/stages/behavior/sinkhole/dns-exfil.js";
import { isDeclaredHost, normalHost } from "../../../src/skill/hosts.js";

const { canaries } = makeCanaries();
const secret = canaries.find((c) => c.label === "AWS_SECRET_ACCESS_KEY")!;
const found = (views: string[]) => [...new Set(views.flatMap((v) => findCanaries(v, [secret])))];

/** A one-file ustar archive, as tar(1) writes it. */
function tar(name: string, content: Buffer): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write("0000644\0", 100);
  h.write(`${content.length.toString(8).padStart(11, "0")}\0`, 124);
  h.write("0", 156);
  h.write("ustar\0", 257);
  const body = Buffer.concat([content, Buffer.alloc((512 - (content.length % 512)) % 512)]);
  return Buffer.concat([h, body, Buffer.alloc(1024)]);
}

describe("sinkhole decoding: a canary is found through the layers exfiltration adds", () => {
  const http = (body: Buffer, extra = "") => Buffer.concat([Buffer.from(`POST /u HTTP/1.1\r\nHost: x.invalid\r\n${extra}\r\n`), body]);

  it.each([
    ["raw", Buffer.from(`k=${secret.value}`)],
    ["URL-encoded", Buffer.from(`k=${encodeURIComponent(`${secret.value}/+=`).replace(/%2F/g, "%2f")}`)],
    ["base64 in JSON", Buffer.from(JSON.stringify({ blob: Buffer.from(`[default]\nkey = ${secret.value}\n`).toString("base64") }))],
    ["hex, upper case", Buffer.from(Buffer.from(secret.value).toString("hex").toUpperCase())],
    ["gzip", gzipSync(Buffer.from(`secret=${secret.value}`))],
    ["tar.gz", gzipSync(tar(".aws/credentials", Buffer.from(`aws_secret_access_key = ${secret.value}\n`)))],
    ["base64 of gzip", Buffer.from(gzipSync(Buffer.from(secret.value)).toString("base64"))],
  ])("%s inside an HTTP body", (_name, body) => {
    expect(found(decodedViews(http(body)))).toEqual([secret]);
  });

  it("a chunked body is joined before decoding", () => {
    const gz = gzipSync(Buffer.from(secret.value));
    const chunked = Buffer.concat([Buffer.from(`5\r\n`), gz.subarray(0, 5), Buffer.from(`\r\n${(gz.length - 5).toString(16)}\r\n`), gz.subarray(5), Buffer.from("\r\n0\r\n\r\n")]);
    expect(dechunk(chunked)).toEqual(gz);
    expect(found(decodedViews(http(chunked, "Transfer-Encoding: chunked\r\n")))).toEqual([secret]);
  });

  it("a decompression bomb stops at the bound instead of filling memory", () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const views = decodedViews(bomb, { maxDepth: 4, maxInflate: 1024 * 1024, maxTotal: 4 * 1024 * 1024, maxRuns: 64, maxTarEntries: 256 });
    expect(views.reduce((n, v) => n + v.length, 0)).toBeLessThan(8 * 1024 * 1024);
  });

  it("untar returns regular files only, base32 decodes case-insensitively", () => {
    expect(untar(tar("a.txt", Buffer.from("hello")), 10).map(String)).toEqual(["hello"]);
    expect(base32Decode("NBSWY3DP")?.toString()).toBe("hello");
    expect(base32Decode("nbswy3dp")?.toString()).toBe("hello");
    expect(base32Decode("not base32!")).toBeUndefined();
  });
});

describe("DNS label channels", () => {
  const hex = Buffer.from(secret.value).toString("hex");
  const chunks = (s: string, n: number) => s.match(new RegExp(`.{1,${n}}`, "g"))!;

  it("hex split over numbered queries under a fixed zone", () => {
    const names = chunks(hex, 30).flatMap((c, i) => [`${i}.${c}.t.exfil.invalid`, `${i}.${c}.t.exfil.invalid`]);
    const ch = dnsChannels(names);
    expect(ch.map((c) => c.domain)).toEqual(["exfil.invalid"]);
    expect(found(ch[0]!.views)).toEqual([secret]);
  });

  it("base32 labels in one name, and base64url labels across names", () => {
    const b32 = Buffer.from(secret.value).toString("hex"); // hex is also checked; base32 below
    expect(found(dnsChannels([`${chunks(b32, 40).join(".")}.x.exfil.invalid`])[0]!.views)).toEqual([secret]);
    const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let bits = "";
    for (const b of Buffer.from(secret.value)) bits += b.toString(2).padStart(8, "0");
    const enc = chunks(bits, 5).map((c) => B32[parseInt(c.padEnd(5, "0"), 2)]).join("").toLowerCase();
    expect(found(dnsChannels([`${chunks(enc, 50).join(".")}.c2.invalid`])[0]!.views)).toEqual([secret]);
    const b64 = Buffer.from(secret.value).toString("base64url");
    expect(found(dnsChannels(chunks(b64, 20).map((c) => `${c}.q.exfil.invalid`))[0]!.views)).toEqual([secret]);
  });

  it("ordinary names carry nothing", () => {
    expect(found(dnsChannels(["api.github.com", "registry.npmjs.org", "pypi.org"]).flatMap((c) => c.views))).toEqual([]);
  });
});

describe("declared hosts", () => {
  it.each([
    ["api.github.com", ["github.com"], true],
    ["api.github.com", ["*.github.com"], true],
    ["api.github.com", ["https://API.github.com:443/v3"], true],
    ["github.com", ["api.github.com"], false],
    ["evil.github.com", ["api.github.com"], false],
    ["github.com.evil.invalid", ["github.com"], false],
    ["exfil.invalid", [], false],
    ["anything.invalid", ["*"], false],
  ] as const)("%s against %j: %s", (host, declared, want) => {
    expect(isDeclaredHost(host, declared)).toBe(want);
  });

  it("normalises URLs, ports, case and brackets", () => {
    expect(normalHost("HTTPS://user@Api.Example.invalid:8443/x?y")).toBe("api.example.invalid");
    expect(normalHost("[::1]:80")).toBe("::1");
  });
});
