import type { Env } from "../env";
import type { DisError } from "../errors/dis-error";

/** Who made the request, once authenticated, and the project of its path. */
export interface Caller {
  userId: string;
  domainId: string;
  projectId: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    caller: Caller;
    /** The request body exactly as received (signatures hash these bytes). */
    rawBody: Uint8Array;
    /** The body decompressed (the same bytes when it was sent uncompressed). */
    body: Uint8Array;
    /** When the request arrived (epoch ms), for latency metrics. */
    receivedAt: number;
    /** This request's id, answered in X-Request-Id and named in its log line. */
    requestId: string;
    /** The DIS error the request was answered with, for its log line. */
    failure: DisError;
    /** An error nobody expected (answered DIS.5000), whose stack the log line carries. */
    unexpected: unknown;
  };
}
