import { app } from "./app";
import type { Env } from "./env";
import { runPendingCheckpointPurges } from "./apps/purge";
import { runPendingPurges } from "./streams/purge";

export { ClientGuard } from "./auth/client-guard";
export { PartitionLog } from "./partition/partition-log";

export default {
  fetch: app.fetch,
  /** Every minute: finish interrupted work (erasing deleted streams' logs and deleted apps' checkpoints). */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(Promise.all([runPendingPurges(env), runPendingCheckpointPurges(env)]));
  },
} satisfies ExportedHandler<Env>;
