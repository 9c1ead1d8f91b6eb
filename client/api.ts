/**
 * Calling the DIS API from Node: signed with AK/SK (or a token), JSON in and out, a refusal
 * thrown with its `DIS.xxxx` code. The command line's client; the scripts' too where it fits.
 */
import WebSocket from "ws";
import { apiUrl, callApi, type Method, type Query } from "./call";
import { signedHeaders, type AccessKeys } from "./sign";

export { DisRefusal, type Query } from "./call";

export interface Connection {
  endpoint: string;
  projectId: string;
  keys?: AccessKeys;
  token?: string;
}

export class DisApi {
  constructor(readonly connection: Connection) {}

  /** `path` under `/v2/{project_id}` unless it starts with `/v3/` or another version. */
  url(path: string, query: Query = {}): URL {
    return apiUrl(this.connection.endpoint, this.connection.projectId, path, query);
  }

  private headersFor(url: URL, method: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
    if (this.connection.token) return { "content-type": "application/json", "x-auth-token": this.connection.token, ...extra };
    if (!this.connection.keys) throw new Error("No credentials: set an access key (dis configure, DIS_AK/DIS_SK) or a token (DIS_TOKEN).");
    return signedHeaders(this.connection.keys, url, method, body, "application/json", extra);
  }

  /** One call; its JSON answer (null when it has none). */
  async call<T = any>(method: Method, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    const url = this.url(path, options.query);
    const body = options.body === undefined ? "" : JSON.stringify(options.body);
    return callApi<T>(url, { method, headers: this.headersFor(url, method, body), body: method === "GET" || method === "DELETE" ? undefined : body });
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
