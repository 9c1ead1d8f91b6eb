import { app } from "./app";
import type { Env } from "./env";
import { runPendingCheckpointPurges } from "./apps/purge";
import { runPendingPurges } from "./streams/purge";
import { runAutoScale } from "./streams/auto-scale";
import { runPendingRoutingPushes } from "./streams/scale";

export { ClientGuard } from "./auth/client-guard";
export { PartitionLog } from "./partition/partition-log";

export default {
  fetch: app.fetch,
  /**
   * Every minute: finish interrupted work (erasing deleted streams' logs and apps' checkpoints,
   * telling partitions of a scaling), then auto-scale.
   */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(
      (async () => {
        const chores = await Promise.allSettled([runPendingPurges(env), runPendingCheckpointPurges(env), runPendingRoutingPushes(env)]);
        for (const chore of chores) if (chore.status === "rejected") console.error("scheduled work failed", chore.reason);
        await runAutoScale(env, controller.scheduledTime);
      })(),
    );
  },
} satisfies ExportedHandler<Env>;
