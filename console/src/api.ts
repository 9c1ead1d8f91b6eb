/** The console's calls: ordinary DIS API calls with the session's token, made by the same call module as the `dis` command (client/call.ts). */
import { apiUrl, callApi, type Method, type Query } from "../../client/call";
import type { Session } from "./session";

export { DisRefusal } from "../../client/call";

export class ConsoleApi {
  constructor(readonly session: Session) {}

  url(path: string, query: Query = {}): URL {
    return apiUrl(location.origin, this.session.projectId, path, query);
  }

  call<T = any>(method: Method, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return callApi<T>(this.url(path, options.query), { method, headers: { "content-type": "application/json", "x-auth-token": this.session.token }, body });
  }

  /** A push subscription to a partition (`/records/subscribe`), the token offered as a subprotocol as browsers must. */
  subscribe(query: Query): WebSocket {
    const url = this.url("/records/subscribe", query);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return new WebSocket(url, ["dis-records", `dis-token.${this.session.token}`]);
  }
}
