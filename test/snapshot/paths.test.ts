import { describe, expect, it } from "vitest";
import { SnapshotError, type SnapshotErrorCode } from "../../src/snapshot/error.js";
import { assertSafeRelativePath, caseFold, compareUtf8, decodeName, printable } from "../../src/snapshot/paths.js";

describe("assertSafeRelativePath", () => {
  const refused: { path: string; wantCode: SnapshotErrorCode }[] = [
    { path: "", wantCode: "PATH_TRAVERSAL" },
    { path: "/etc/passwd", wantCode: "PATH_TRAVERSAL" },
    { path: "C:/Windows/win.ini", wantCode: "PATH_TRAVERSAL" },
    { path: "c:evil", wantCode: "PATH_TRAVERSAL" },
    { path: "..", wantCode: "PATH_TRAVERSAL" },
    { path: "../outside.md", wantCode: "PATH_TRAVERSAL" },
    { path: "scripts/../../outside.md", wantCode: "PATH_TRAVERSAL" },
    { path: "./SKILL.md", wantCode: "PATH_TRAVERSAL" },
    { path: "a//b", wantCode: "PATH_TRAVERSAL" },
    { path: "a/", wantCode: "PATH_TRAVERSAL" },
    { path: "a\\..\\b", wantCode: "PATH_TRAVERSAL" },
    { path: "nul\u0000byte", wantCode: "CONTROL_CHAR_NAME" },
    { path: "line\nbreak.md", wantCode: "CONTROL_CHAR_NAME" },
    { path: "esc\u001b[31m.md", wantCode: "CONTROL_CHAR_NAME" },
    { path: "c1\u009b.md", wantCode: "CONTROL_CHAR_NAME" },
    { path: "doc\u202efdp.sh", wantCode: "CONTROL_CHAR_NAME" },
    { path: "cafe\u0301.md", wantCode: "NON_NFC_NAME" },
  ];
  it.each(refused)("refuses $path with $wantCode", ({ path, wantCode }) => {
    let err: unknown;
    try {
      assertSafeRelativePath(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as SnapshotError).code).toBe(wantCode);
    expect((err as SnapshotError).message).not.toMatch(/[\u0000-\u001f\u009b\u202e]/);
  });

  it.each(["SKILL.md", "scripts/run.sh", "café.md", "references/日本語.md", ".hidden", "a..b.md", "...md"])("accepts %s", (path) => {
    expect(() => assertSafeRelativePath(path)).not.toThrow();
  });
});

describe("name helpers", () => {
  it("compareUtf8 orders by UTF-8 bytes", () => {
    expect(compareUtf8("\uFF61", "\u{1F600}")).toBeLessThan(0);
    expect("\uFF61" < "\u{1F600}").toBe(false); // UTF-16 order disagrees
    expect(compareUtf8("a", "a")).toBe(0);
    expect(compareUtf8("B", "a")).toBeLessThan(0);
  });

  it("compareUtf8 agrees with a byte comparison on random names (its no-copy path included)", () => {
    const alphabet = ["a", "B", "/", "-", ".", "\u00e9", "\u0800", "\uE000", "\uFF61", "\uFFFF", "\u{1F600}", "\u{10000}"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const name = () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
    for (let i = 0; i < 5000; i++) {
      const [a, b] = [name(), name()];
      expect(Math.sign(compareUtf8(a, b)), `${a} ${b}`).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
    }
  });

  it("caseFold makes names equal that case-insensitive file systems confuse", () => {
    expect(caseFold("README.md")).toBe(caseFold("readme.MD"));
    expect(caseFold("STRASSE.md")).toBe(caseFold("straße.md"));
    expect(caseFold("\u212Aelvin.md")).toBe(caseFold("kelvin.md"));
    expect(caseFold("a.md")).not.toBe(caseFold("b.md"));
  });

  it("decodeName refuses bytes that are not strict UTF-8 and names them in hex", () => {
    expect(decodeName(Buffer.from("ok.md"), "")).toBe("ok.md");
    expect(() => decodeName(Buffer.from([0x61, 0xc3, 0x28]), "refs")).toThrow(/not valid UTF-8 in refs: 61c328/);
    expect(() => decodeName(Buffer.from([0xed, 0xa0, 0x80]), "")).toThrow(SnapshotError); // lone surrogate
  });

  it("printable escapes what could rewrite or hide in a terminal", () => {
    expect(printable("a\nb\u001b[2J\u007f\u202e")).toBe("a\\nb\\u001b[2J\\u007f\\u202e");
    expect(printable("café/日本")).toBe("café/日本");
  });
});
