import type { FastifyInstance } from "fastify";
import { UsageError } from "../errors.js";
import { openStore } from "../store/open.js";
import type { Store } from "../store/store.js";
import { configuredSigner } from "../workflow/signing-key.js";
import { buildApp } from "./app.js";
import type { ServiceContext, ServiceOptions } from "./context.js";
import { openServiceDb } from "./db/service-db.js";
import type { SubmissionQueue } from "./queue-port.js";
import { CONFIG_KEY_ENV, parseConfigKey, type ConfigKey } from "./settings/cipher.js";

export interface StartOptions extends ServiceOptions {
  db?: string;
  /** HOST:PORT; port 0 picks a free port. */
  listen: string;
  queue: SubmissionQueue;
  env?: NodeJS.ProcessEnv;
  tmpDir?: string;
  home?: string;
  log?: (line: string) => void;
}

export interface RunningService {
  url: string;
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** Opens the store and the service tables, loads the signing key and config key, listens. */
export async function startService(o: StartOptions): Promise<RunningService> {
  const env = o.env ?? process.env;
  const { host, port } = parseListen(o.listen);
  const signer = await configuredSigner(env);
  const configKey: ConfigKey | undefined = env[CONFIG_KEY_ENV] ? parseConfigKey(env[CONFIG_KEY_ENV]) : undefined;
  const { store } = await openStore({ db: o.db, home: o.home, processEnv: env, actor: "skillsign-serve" });
  const db = await openServiceDb(o.db);
  const ctx: ServiceContext = { db, store, queue: o.queue, signer, configKey, tmpDir: o.tmpDir, home: o.home, log: o.log ?? ((l) => process.stderr.write(`${l}\n`)) };
  const app = await buildApp(ctx, o);
  await app.listen({ host, port });
  const addr = app.server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${actual}`,
    app,
    store,
    close: async () => {
      await app.close();
      await db.close();
      await store.close();
    },
  };
}

export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UsageError("USAGE_ERROR", `--listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got ${JSON.stringify(text)})`);
  return { host: m[1] ?? m[2]!, port };
}
