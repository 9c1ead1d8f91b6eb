/**
 * The coordinator protocol's bodies as the DIS Kafka adapter sends them: its Java field names,
 * as they are (camelCase). The path names the app and the client; the body's `groupId`,
 * `clientId` (on sync and heartbeat) and `projectId` are ignored.
 */
import { z } from "zod";

/** Client ids: the adapter's default is `consumer-<uuid>`; `client.id` may be any such token. */
export const clientId = z.string().regex(/^[A-Za-z0-9._~:@-]{1,256}$/, "must be 1-256 letters, digits or ._~:@-");

/** The rebalance timeout a member gives (the adapter's default 20 s) also bounds how long it may go unheard. */
export const REBALANCE_TIMEOUT_MS = { min: 1000, max: 600_000, fallback: 20_000 } as const;

const streamNames = z.array(z.string().min(1).max(200)).max(100).nullish();

export const joinBody = z.object({
  clientId,
  interestedStream: streamNames,
  interestedStreamIdList: streamNames,
  streamPattern: z.string().min(1).max(1000).nullish(),
  accelerateAssignEnabled: z.boolean().nullish(),
  rebalanceTimeoutMs: z
    .number()
    .int()
    .min(REBALANCE_TIMEOUT_MS.min, `must be at least ${REBALANCE_TIMEOUT_MS.min}`)
    .max(REBALANCE_TIMEOUT_MS.max, `must be at most ${REBALANCE_TIMEOUT_MS.max}`)
    .nullish(),
});

/** Sync and heartbeat: the generation the member knows (-1 before its first sync). */
export const generationBody = z.object({ generation: z.number().int().min(-1).nullish() });
