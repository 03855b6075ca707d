import type { Store } from "../store/store.js";
import type { LoadedSigner } from "../workflow/signing-key.js";
import type { ServiceDb } from "./db/service-db.js";
import type { SubmissionQueue } from "./queue-port.js";
import type { ConfigKey } from "./settings/cipher.js";

/** What the routes work with; the CLI (serve.ts) or a test builds it. */
export interface ServiceContext {
  db: ServiceDb;
  store: Store;
  queue: SubmissionQueue;
  /** Reviewer approvals sign with it; without one, approve answers NOT_CONFIGURED. */
  signer?: LoadedSigner;
  /** SKILLSIGN_CONFIG_KEY; without it the settings routes answer CONFIG_KEY_MISSING. */
  configKey?: ConfigKey;
  /** Parent of upload temp dirs (default: the OS temp dir). */
  tmpDir?: string;
  /** SKILLSIGN_HOME for the snapshots approval takes. */
  home?: string;
  /** One line per request and per error, already redacted. */
  log: (line: string) => void;
}

export interface ServiceOptions {
  /** Requests per client (token, else IP) per minute. */
  rateLimitPerMinute?: number;
  /** Largest accepted upload body (compressed). */
  maxUploadBytes?: number;
  /** Set the Secure flag on the session cookie (behind TLS). */
  secureCookies?: boolean;
}
