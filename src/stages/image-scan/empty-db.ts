import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

/** An empty but valid Trivy vulnerability DB (bbolt, one "data-source" bucket; schema 2), gzip+base64, made with go.etcd.io/bbolt. */
export const EMPTY_VULN_DB = "H4sICPLIDWsAA3RyaXZ5LmRiAO3cMYrCQBQA0DjqNitsam222kor8Q4WNnsEUUsVVi30qHuH2NtpcKYwoI2ICu/B5IfwJ0z7Z36SZWeNGIv/VhHKm/zyedKM8SPGEOOi3+nu5od9BgAAALycWozX6v96JT9U8tP8r+H2tz0Y/TxmlQAAAMA9Uj2fP3UVAAAAwCOl8/1wMwsAAAB4Z6mPP8RO/vJa9gJ8nsb3aUzH63Fvtdz8TWbXXmHrAAAAAF5c+p9fHsv4VMxXv/sHAAAAAAAAAAAAAACe5wjFD+5sAIAAAA==";

/**
 * `trivy server` refuses to start without a vulnerability DB when it may not download one. Where
 * no real DB is present, its private cache gets this empty placeholder: the server then holds the
 * scan cache for the clients, and vulnerability scanning stays off (the clients do not ask for it).
 */
export function writeEmptyVulnDb(cacheDir: string, now = new Date()): void {
  mkdirSync(join(cacheDir, "db"), { recursive: true, mode: 0o700 });
  writeFileSync(join(cacheDir, "db", "trivy.db"), gunzipSync(Buffer.from(EMPTY_VULN_DB, "base64")));
  const at = now.toISOString();
  writeFileSync(join(cacheDir, "db", "metadata.json"), JSON.stringify({ Version: 2, NextUpdate: "2099-01-01T00:00:00Z", UpdatedAt: at, DownloadedAt: at }));
}
