/**
 * Calling the DIS API from Node: signed with AK/SK (or a token), JSON in and out, a refusal
 * thrown with its `DIS.xxxx` code. The command line's client; the scripts' too where it fits.
 */
import WebSocket from "ws";
import { signedHeaders, type AccessKeys } from "./sign";

export interface Connection {
  endpoint: string;
  projectId: string;
  keys?: AccessKeys;
  token?: string;
}

/** The service refused the call: its HTTP status and DIS error. */
export class DisRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | undefined>;

export class DisApi {
  constructor(readonly connection: Connection) {}

  /** `path` under `/v2/{project_id}` unless it starts with `/v3/` or another version. */
  url(path: string, query: Query = {}): URL {
    const full = /^\/v\d\//.test(path) ? path.replace("{project_id}", this.connection.projectId) : `/v2/${this.connection.projectId}${path}`;
    const url = new URL(full, this.connection.endpoint);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  private headersFor(url: URL, method: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
    if (this.connection.token) return { "content-type": "application/json", "x-auth-token": this.connection.token, ...extra };
    if (!this.connection.keys) throw new Error("No credentials: set an access key (dis configure, DIS_AK/DIS_SK) or a token (DIS_TOKEN).");
    return signedHeaders(this.connection.keys, url, method, body, "application/json", extra);
  }

  /** One call; its JSON answer (null when it has none). */
  async call<T = any>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    const url = this.url(path, options.query);
    const body = options.body === undefined ? "" : JSON.stringify(options.body);
    const init = { method, headers: this.headersFor(url, method, body), body: method === "GET" || method === "DELETE" ? undefined : body };
    const response = await fetch(url, init).catch((error: unknown) => {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new Error(`Cannot reach ${this.connection.endpoint}: ${cause}`);
    });
    const text = await response.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const code = json?.error_code ?? `HTTP ${response.status}`;
      throw new DisRefusal(response.status, code, json?.error_msg ?? (text || response.statusText));
    }
    return json as T;
  }

  /** A WebSocket to `path` (the subscribe upgrade), signed as any request. */
  socket(path: string, query: Query, protocol: string): WebSocket {
    const url = this.url(path, query);
    const headers = this.headersFor(url, "GET", "");
    const wsUrl = new URL(url);
    wsUrl.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return new WebSocket(wsUrl, [protocol], { headers });
  }
}
