import type { Env } from "../env";

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
  };
}
