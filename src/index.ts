import { app } from "./app";
import type { Env } from "./env";
import { runPendingPurges } from "./streams/purge";

export { PartitionLog } from "./partition/partition-log";

export default {
  fetch: app.fetch,
  /** Every minute: finish interrupted work (erasing deleted streams' partition logs). */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runPendingPurges(env));
  },
} satisfies ExportedHandler<Env>;
