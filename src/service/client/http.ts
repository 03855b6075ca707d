import { UsageError, errorMessage } from "../../errors.js";

export const TOKEN_ENV = "SKILLSIGN_TOKEN";

/** A thin client for the service's JSON API; every refusal becomes a usage error with the server's own message. */
export class ApiClient {
  readonly base: string;
  constructor(
    server: string,
    private readonly token: string,
  ) {
    let u: URL;
    try {
      u = new URL(server);
    } catch {
      throw new UsageError("USAGE_ERROR", `--server must be a URL such as http://127.0.0.1:8080 (got ${JSON.stringify(server)})`);
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new UsageError("USAGE_ERROR", "--server must be an http:// or https:// URL");
    this.base = u.toString().replace(/\/+$/, "");
  }

  static fromFlags(server: string, token: string | undefined, env: NodeJS.ProcessEnv = process.env): ApiClient {
    const t = token?.trim() || env[TOKEN_ENV]?.trim();
    if (!t) throw new UsageError("USAGE_ERROR", `--server needs an API token (--token TOKEN, or the ${TOKEN_ENV} variable; see skillsign tokens create)`);
    return new ApiClient(server, t);
  }

  async request<T>(method: string, path: string, body?: { json?: unknown; gzip?: Buffer }): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    let payload: BodyInit | undefined;
    if (body?.gzip) [headers["content-type"], payload] = ["application/gzip", new Uint8Array(body.gzip)];
    else if (body?.json !== undefined) [headers["content-type"], payload] = ["application/json", JSON.stringify(body.json)];
    let res: Response;
    try {
      res = await fetch(this.base + path, { method, headers, body: payload });
    } catch (err) {
      throw new UsageError("USAGE_ERROR", `cannot reach ${this.base}: ${errorMessage((err as { cause?: unknown }).cause ?? err)}`, err);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UsageError("USAGE_ERROR", `${method} ${path}: HTTP ${res.status} with a non-JSON answer`);
    }
    if (!res.ok) {
      const e = (parsed as { error?: { code?: string; message?: string } }).error;
      throw new UsageError("USAGE_ERROR", `${method} ${path}: HTTP ${res.status} ${e?.code ?? ""}: ${e?.message ?? text.slice(0, 200)}`);
    }
    return parsed as T;
  }
}
