import type { Finding } from "../findings.types.js";

/** Archives are flagged, never extracted: their content cannot be analysed or signed file by file. */
export function detectArchive(path: string, head: Buffer): Finding | undefined {
  const kind = archiveKind(head);
  if (!kind) return undefined;
  if (kind === "zip" && isEncryptedZip(head)) {
    return {
      ruleId: "snapshot.encrypted-archive",
      stage: "snapshot",
      severity: "high",
      category: "password-protected-archive",
      confidence: "high",
      message: `password-protected zip archive: its contents cannot be inspected (a common way to smuggle payloads past scanners)`,
      file: path,
      fix: "Ship the files unpacked in the skill folder instead of an encrypted archive.",
    };
  }
  return {
    ruleId: "snapshot.archive",
    stage: "snapshot",
    severity: "medium",
    category: "archive",
    confidence: "high",
    message: `${kind} archive: skillsign does not extract archives, so its contents are not analysed`,
    file: path,
    fix: "Ship the files unpacked in the skill folder so they can be scanned and signed one by one.",
  };
}

function archiveKind(head: Buffer): string | undefined {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return "zip";
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.length >= 262 && head.subarray(257, 262).toString("latin1") === "ustar") return "tar";
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))) return "7z";
  if (head.length >= 4 && head.subarray(0, 4).toString("latin1") === "Rar!") return "rar";
  if (head.length >= 3 && head.subarray(0, 3).toString("latin1") === "BZh") return "bzip2";
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return "xz";
  return undefined;
}

/** Bit 0 of the zip local header's general-purpose flags marks an encrypted entry. */
function isEncryptedZip(head: Buffer): boolean {
  return head.length >= 8 && (head.readUInt16LE(6) & 0x1) === 1;
}
